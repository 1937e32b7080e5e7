"""The Linux desktop files: a menu entry, and session files and decks known by their content."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from explorer.resources import resources_dir

LINUX = resources_dir() / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / "explorer.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_opens_files_with_explorer():
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Exec"] == "explorer %f"
    assert entry["Terminal"] == "false" and entry["Icon"] == "explorer"
    mime = ET.parse(LINUX / "explorer-mime.xml").getroot()
    types = {t.get("type") for t in mime.iter(f"{MIME_NS}mime-type")}
    assert set(filter(None, entry["MimeType"].split(";"))) == types
    for kind in mime.iter(f"{MIME_NS}mime-type"):
        assert kind.find(f"{MIME_NS}sub-class-of").get("type") == "application/json"


def test_install_registers_the_entry_and_the_types(tmp_path):
    exe = tmp_path / "bin dir" / "explorer"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(["bash", str(LINUX / "install-desktop.sh"), str(exe)], env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    installed = (tmp_path / "data" / "applications" / "explorer.desktop").read_text()
    assert f'Exec="{exe}" %f' in installed
    assert (tmp_path / "data" / "mime" / "packages" / "explorer.xml").exists()
    assert (tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "explorer.svg").exists()


NO_MIME_TOOLS = shutil.which("update-mime-database") is None and os.environ.get("CI") != "true"


@pytest.mark.skipif(NO_MIME_TOOLS, reason="no shared-mime-info (scripts/test.sh installs it)")
def test_the_installed_types_recognise_sessions_and_decks_by_content(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run(["bash", str(LINUX / "install-desktop.sh"), sys.executable], env=env,
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    # without an extension only the content decides (Qt lets *.json win over content; GIO,
    # which GNOME's file manager uses, prefers the content's more specific subtype)
    session, deck = tmp_path / "session", tmp_path / "deck"
    shutil.copy(resources_dir() / "presets" / "depth" / "01-sigmoid-depth-20-vanishes.json",
                session)  # fmt: skip
    shutil.copy(resources_dir() / "decks" / "course.json", deck)
    code = ("import sys\nfrom PySide6.QtCore import QCoreApplication, QMimeDatabase\n"
            "app = QCoreApplication([])\n"
            "print(*(QMimeDatabase().mimeTypeForFile(p).name()\n"
            "        for p in sys.argv[1:]))")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code, str(session), str(deck)], env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.stdout.split() == [
        "application/x-explorer-session",
        "application/x-explorer-deck",
    ]

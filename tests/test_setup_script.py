"""The set-up script behind README's two commands, in the cases a fresh machine meets."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parents[1] / "scripts" / "_setup.sh"

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None, reason="the library check is for Debian/Ubuntu"
)


def run_setup(snippet: str, tmp_path: Path) -> subprocess.CompletedProcess:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    # a user without root and without passwordless sudo
    (fake_bin / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake_bin / "sudo").write_text("#!/bin/sh\nexit 1\n")
    for tool in fake_bin.iterdir():
        tool.chmod(0o755)
    script = f"export PATH={fake_bin}:$PATH; source {SETUP}; {snippet}"
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)


def test_without_root_a_missing_library_stops_with_the_apt_line(tmp_path):
    result = run_setup("install_system_packages libc6 explorer-no-such-package", tmp_path)
    assert result.returncode == 1
    assert "sudo apt-get install -y explorer-no-such-package" in result.stderr
    assert "libc6" not in result.stderr.split("apt-get install")[1]  # installed ones are not named


def test_nothing_missing_needs_no_root(tmp_path):
    result = run_setup("install_system_packages libc6 && echo fine", tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "fine"

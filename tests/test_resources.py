"""The resource resolver finds assets in a checkout, an installed wheel and a frozen bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from explorer import resources

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.delenv("EXPLORER_RESOURCES", raising=False)
    resources.resources_dir.cache_clear()
    yield
    resources.resources_dir.cache_clear()


def test_source_checkout_uses_the_top_level_folder():
    assert resources.resources_dir() == REPO / "resources"
    icon = resources.resource_path("icons", "explorer.svg")
    assert icon.read_text().startswith("<svg")


def test_missing_asset_names_itself():
    with pytest.raises(FileNotFoundError, match=r"icons/nope\.svg"):
        resources.resource_path("icons", "nope.svg")


def test_environment_override_wins(tmp_path, monkeypatch):
    (tmp_path / "icons").mkdir()
    monkeypatch.setenv("EXPLORER_RESOURCES", str(tmp_path))
    assert resources.resources_dir() == tmp_path


def test_frozen_bundle_layout(tmp_path, monkeypatch):
    bundled = tmp_path / "explorer" / "_resources"
    (bundled / "icons").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == bundled


def test_installed_wheel_carries_the_resources(tmp_path):
    # offline: no index, and the setuptools of this environment (the test extra has it)
    # instead of an isolated build environment downloaded for the build
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(tmp_path / "wheel"), str(REPO)],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_FIND_LINKS": "", "PIP_CONFIG_FILE": os.devnull},
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "wheel").glob("explorer-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    for asset in (REPO / "resources").rglob("*"):
        if asset.is_file():
            rel = asset.relative_to(REPO / "resources")
            assert (site / "explorer" / "_resources" / rel).is_file(), f"{rel} missing from wheel"
    code = "from explorer.resources import resources_dir; print(resources_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(site), "PATH": ""},
    )
    assert Path(out.stdout.strip()) == site / "explorer" / "_resources"

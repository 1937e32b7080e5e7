"""CI runs every PyTorch cross-check: torch is installed there, and a missing one fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def torch_pin() -> str:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    (requirement,) = extras["torch"]
    name, _, version = requirement.partition("==")
    assert name == "torch" and version, "pin torch exactly: a range can pull a CUDA build"
    return version


def test_the_installed_torch_is_the_pinned_build():
    torch = pytest.importorskip("torch")  # under CI a skip here fails (tests/conftest.py)
    assert torch.__version__.split("+")[0] == torch_pin()
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        # CI installs the CPU wheel (the CUDA build is several GB more for nothing)
        assert torch.version.cuda is None, torch.__version__


def test_scripts_test_sh_installs_the_torch_extra():
    script = (REPO / "scripts" / "test.sh").read_text()
    assert 'extras+=",torch"' in script


MISSING_TORCH_TEST = """
import sys

import pytest


def test_cross_check(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    pytest.importorskip("torch")
"""


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 failed"), ("", "1 skipped")])
def test_a_missing_torch_fails_under_ci_and_skips_elsewhere(tmp_path, ci, outcome):
    shutil.copy(REPO / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_cross_check.py").write_text(MISSING_TORCH_TEST)
    env = {**os.environ, "CI": ci}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:qt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert outcome in result.stdout, result.stdout + result.stderr
    if ci:
        assert "must run: scripts/test.sh installs torch" in result.stdout

"""The command line, run as a user would: in a subprocess (one QApplication per process)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

from explorer import __version__
from explorer.__main__ import LAB_NAMES


def run_explorer(*args, tmp_path, timeout=60):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "EXPLORER_SETTINGS": str(tmp_path / "cli-settings.ini"),
    }
    return subprocess.run(
        [sys.executable, "-m", "explorer", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_version(tmp_path):
    result = run_explorer("--version", tmp_path=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"explorer {__version__}"


def test_help_lists_every_lab(tmp_path):
    from explorer.ui.labs import lab_keys

    assert list(LAB_NAMES) == lab_keys()
    result = run_explorer("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for name in LAB_NAMES:
        assert name in result.stdout


def test_unknown_lab_is_refused_with_the_choices(tmp_path):
    result = run_explorer("--lab", "nonsense", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "approximation" in result.stderr


@pytest.mark.parametrize("lab", [None, "activations"])
def test_screenshot_writes_a_png_and_exits_zero(tmp_path, lab):
    out = tmp_path / "shot.png"
    args = ["--screenshot", str(out)] + (["--lab", lab] if lab else [])
    result = run_explorer(*args, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    width, height = png_size(out)
    assert width >= 800 and height >= 500
    assert out.stat().st_size > 5000  # a rendered window, not an empty image


def test_self_test_walks_every_lab(tmp_path):
    result = run_explorer("--self-test", tmp_path=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    for name in LAB_NAMES:
        assert f"self-test: {name}: ok" in result.stdout

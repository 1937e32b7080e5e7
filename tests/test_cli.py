"""The command line, run as a user would: in a subprocess (one QApplication per process)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

from explorer import __version__
from explorer.__main__ import LAB_NAMES
from explorer.resources import resources_dir

RESOURCES = resources_dir()


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


def test_help_and_version_start_neither_qt_nor_numpy():
    """The lab names come from the registry, which imports no lab: --help stays instant."""
    code = (
        "import sys\n"
        "from explorer.__main__ import build_parser\n"
        "build_parser()\n"
        "print(sorted({name.split('.')[0] for name in sys.modules}"
        " & {'PySide6', 'numpy', 'pyqtgraph'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_unknown_lab_is_refused_with_the_choices(tmp_path):
    result = run_explorer("--lab", "nonsense", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "approximation" in result.stderr


def _write_settings(tmp_path, text: str) -> bytes:
    (tmp_path / "cli-settings.ini").write_text(text)
    return (tmp_path / "cli-settings.ini").read_bytes()


@pytest.mark.parametrize("lab", [None, "activations"])
def test_screenshot_writes_a_png_of_the_lab_and_leaves_the_settings_alone(tmp_path, lab):
    before = _write_settings(tmp_path, "[lab]\nlast=depth\n")  # the user was last in the depth lab
    out = tmp_path / "shot.png"
    args = ["--screenshot", str(out)] + (["--lab", lab] if lab else [])
    result = run_explorer(*args, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"({lab or 'depth'} lab, 1400×860)" in result.stdout  # the lab asked for, or the last
    width, height = png_size(out)
    assert width >= 800 and height >= 500
    assert out.stat().st_size > 5000  # a rendered window, not an empty image
    assert (tmp_path / "cli-settings.ini").read_bytes() == before


def test_screenshots_of_two_labs_differ(tmp_path):
    shots = []
    for lab in ("approximation", "activations"):
        shots.append(tmp_path / f"{lab}.png")
        result = run_explorer("--screenshot", str(shots[-1]), "--lab", lab, tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
    assert shots[0].read_bytes() != shots[1].read_bytes()


def test_self_test_walks_every_lab(tmp_path):
    before = _write_settings(tmp_path, "[view]\nscale=150\n")
    result = run_explorer("--self-test", tmp_path=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli-settings.ini").read_bytes() == before
    for name in LAB_NAMES:
        assert f"self-test: {name}: ok" in result.stdout


@pytest.mark.parametrize(("cores", "threads_off"), [(1, True), (2, True), (4, False), (16, False)])
def test_environment_keeps_qt_fill_threads_off_on_two_cores(monkeypatch, cores, threads_off):
    from explorer.app import configure_environment

    for var in ("QT_NO_GUI_THREADPOOL", "OPENBLAS_NUM_THREADS", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    configure_environment(offscreen=False, cpu_count=cores)
    assert (os.environ.get("QT_NO_GUI_THREADPOOL") == "1") is threads_off
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and "QT_QPA_PLATFORM" not in os.environ


def test_environment_leaves_what_the_user_set(monkeypatch):
    from explorer.app import configure_environment

    monkeypatch.setenv("QT_NO_GUI_THREADPOOL", "0")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    configure_environment(offscreen=True, cpu_count=2)
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "0" and os.environ["OPENBLAS_NUM_THREADS"] == "2"


HEAP_OR_MAPPED = """
import ctypes, sys

import numpy as np

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "configured":
    from explorer.app import configure_environment
    configure_environment(offscreen=True)
np.ones(4_000_000)  # 32 MB made and freed at once: glibc's default threshold climbs to it
before = libc.mallinfo2().hblkhd
kept = np.ones(1_000_000)  # 8 MB
print("mapped" if libc.mallinfo2().hblkhd - before >= kept.nbytes else "heap")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's malloc")
@pytest.mark.parametrize(("how", "where"), [("configured", "mapped"), ("default", "heap")])
def test_large_arrays_keep_their_own_mapping_after_a_larger_one_is_freed(tmp_path, how, where):
    """The app fixes glibc's mmap threshold: a large array freed is returned to the system, not
    left in a heap that only grows (the depth lab's weights; benchmarks/random_walk.py)."""
    env = {key: value for key, value in os.environ.items() if key != "MALLOC_MMAP_THRESHOLD_"}
    result = subprocess.run(
        [sys.executable, "-c", HEAP_OR_MAPPED, how], capture_output=True, text=True, env=env,
        timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == where


def test_a_session_file_opens_its_lab_for_a_screenshot(tmp_path):
    preset = str(RESOURCES / "presets" / "depth" / "01-sigmoid-depth-20-vanishes.json")
    out = tmp_path / "shot.png"
    result = run_explorer(preset, "--screenshot", str(out), tmp_path=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "(depth lab" in result.stdout and png_size(out) == (1400, 860)


def test_a_deck_opens_on_its_first_scene_for_a_screenshot(tmp_path):
    out = tmp_path / "deck.png"
    deck = str(RESOURCES / "decks" / "course.json")
    result = run_explorer("--session", deck, "--screenshot", str(out), tmp_path=tmp_path,
                          timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "(approximation lab" in result.stdout and out.exists()


def test_a_broken_file_on_the_command_line_is_refused_with_its_reason(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"explorer": "0.1.0", "lab": "depth", "config": {"depth": "deep"}}')
    out = tmp_path / "never.png"
    result = run_explorer(str(broken), "--screenshot", str(out), tmp_path=tmp_path, timeout=120)
    assert result.returncode == 1
    assert "broken.json was not opened" in result.stderr and "depth" in result.stderr
    assert not out.exists()


def test_every_lab_has_its_own_key_and_title():
    from explorer.ui.labs import LABS

    assert len({lab.key for lab in LABS}) == len({lab.title for lab in LABS}) == len(LABS) == 6

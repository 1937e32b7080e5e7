"""Recordings: real files decoded back, frame by frame; the window and the command line agree."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from explorer.resources import resources_dir
from explorer.state.sweep import Sweep
from explorer.ui.recording.recorder import Recorder
from explorer.ui.recording.writers import check_target, mp4_available, write_recording

PRESET = resources_dir() / "presets" / "depth" / "01-sigmoid-depth-20-vanishes.json"
SIZE = (960, 720)


def frames_of(path) -> list[np.ndarray]:
    with Image.open(path) as image:
        frames = []
        for k in range(getattr(image, "n_frames", 1)):
            image.seek(k)
            frames.append(np.asarray(image.convert("RGB")))
    return frames


def durations_of(path) -> list[int]:
    """How long each stored frame shows, in ms (identical neighbours are stored once)."""
    with Image.open(path) as image:
        shown = []
        for k in range(image.n_frames):
            image.seek(k)
            shown.append(image.info["duration"])
    return shown


@pytest.fixture
def depth_window(window):
    assert window.load_session_file(PRESET)
    return window


def test_a_recorded_sweep_moves_the_slider_and_leaves_the_lab_as_it_was(depth_window, tmp_path):
    window = depth_window
    page = window.current_page
    before, size_before = page.session.config, page.size()
    shown = []
    path = Recorder(window, lambda done, total: shown.append((done, total))).record_sweep(
        tmp_path / "sweep.webp", Sweep("depth", 2, 6, seconds=1), fps=8, size=SIZE
    )
    assert shown[-1] == (9, 9) and len(shown) == 9  # 1 s at 8 fps, both ends
    frames = frames_of(path)
    assert all(f.shape == (SIZE[1], SIZE[0], 3) for f in frames)
    assert 5 <= len(frames) <= 9  # depths 2…6; WebP merges identical neighbours
    assert page.session.config == before and page.size() == size_before


def test_the_window_and_the_command_line_record_the_same_frames(depth_window, tmp_path):
    window = depth_window
    sweep = Sweep("depth", 3, 5, seconds=1)  # eased, as --sweep depth:3:5:1 is
    window.resize(1700, 1000)  # a window's history does not reach the recording
    mine = Recorder(window).record_sweep(tmp_path / "window.gif", sweep, fps=4, size=SIZE)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "EXPLORER_SETTINGS": str(tmp_path / "cli.ini")}  # fmt: skip
    out = tmp_path / "cli.gif"
    result = subprocess.run(
        [sys.executable, "-m", "explorer", str(PRESET), "--record", str(out),
         "--sweep", "depth:3:5:1", "--fps", "4", "--size", "960x720"],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout and "960×720" in result.stdout
    assert durations_of(mine) == durations_of(out)
    ours, theirs = frames_of(mine), frames_of(out)
    assert len(ours) == len(theirs) >= 3
    for a, b in zip(ours, theirs, strict=True):
        assert np.array_equal(a, b)
    assert not np.array_equal(ours[0], ours[-1])  # the sweep changed the picture


def test_a_recorded_training_run_takes_its_steps_frame_by_frame(depth_window, tmp_path):
    page = depth_window.current_page
    recorder = Recorder(depth_window)
    path = recorder.record_training(tmp_path / "train.gif", seconds=1, steps_per_frame=3, fps=5,
                                    size=SIZE)  # fmt: skip
    assert recorder.steps_taken == 15  # 5 frames after the first, 3 steps each
    assert page.training_steps() == 0  # the lab on screen did not train
    frames = frames_of(path)
    assert len(frames) >= 2 and not np.array_equal(frames[0], frames[-1])


def test_a_size_too_small_for_the_lab_is_refused_with_the_size_it_needs(depth_window, tmp_path):
    with pytest.raises(ValueError, match=r"needs at least \d+×\d+ pixels"):
        Recorder(depth_window).record_sweep(tmp_path / "small.gif", Sweep("depth", 2, 4, 1),
                                            size=(320, 200))  # fmt: skip
    assert not (tmp_path / "small.gif").exists()


def test_a_lab_that_does_not_train_cannot_record_training(window, tmp_path):
    window.select_lab("activations")
    with pytest.raises(ValueError, match="does not train"):
        Recorder(window).record_training(tmp_path / "x.gif", 1)
    assert not (tmp_path / "x.gif").exists()


def test_a_cancelled_recording_leaves_no_file_and_keeps_the_old_one(depth_window, tmp_path):
    folder = tmp_path / "recordings"
    folder.mkdir()
    target = folder / "keep.gif"
    target.write_bytes(b"precious")

    def cancel(done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Recorder(depth_window, cancel).record_sweep(target, Sweep("depth", 2, 9, 1), fps=10,
                                                    size=SIZE)  # fmt: skip
    assert target.read_bytes() == b"precious"
    assert [p.name for p in folder.iterdir()] == ["keep.gif"]


@pytest.mark.parametrize(
    ("name", "reason"), [("out.avi", "is .gif, .webp or .mp4"), ("no/such/dir/o.gif", "does not")]
)
def test_a_target_explorer_cannot_write_is_refused(tmp_path, name, reason):
    with pytest.raises(ValueError, match=reason):
        check_target(tmp_path / name)


def test_mp4_says_what_it_needs_without_pyav(tmp_path, monkeypatch):
    monkeypatch.setattr("explorer.ui.recording.writers.mp4_available", lambda: False)
    with pytest.raises(ValueError, match=r"explorer\[video\]"):
        check_target(tmp_path / "lecture.mp4")


@pytest.mark.skipif(not mp4_available() and os.environ.get("CI") != "true",
                    reason="PyAV is not installed (the test command installs it)")  # fmt: skip
def test_mp4_frames_come_back_at_the_frame_rate(tmp_path):
    import av

    rng = np.random.default_rng(0)
    frames = [np.full((120, 161, 3), 40 * k, np.uint8) for k in range(6)]  # an odd width
    frames[0] = rng.integers(0, 255, (120, 161, 3), dtype=np.uint8)
    path = write_recording(tmp_path / "clip.mp4", iter(frames), fps=12)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        assert stream.average_rate == 12
    assert len(decoded) == 6 and decoded[0].shape == (120, 160, 3)
    assert abs(int(decoded[3].mean()) - 120) <= 3  # the grey levels survive the encoding

"""Sweeps on real sliders, driven by a fake clock: one undo step, and a touch stops them."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from explorer.state.sweep import Sweep
from explorer.ui.lecture.sweep_dialog import SweepDialog
from explorer.ui.lecture.sweeper import Sweeper


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def depth(window):
    window.select_lab("depth")
    lecture = window.lecture
    clock = FakeClock()
    lecture.sweeper.clock = clock
    yield window.current_page, lecture, clock
    lecture.sweeper.stop()


def test_a_sweep_moves_the_slider_and_the_config_with_it(depth):
    page, lecture, clock = depth
    slider = lecture.find_slider("depth")
    assert slider is not None and slider.bound_session is page.session
    assert lecture.start_sweep(slider, Sweep("depth", 2, 30, seconds=10, easing="linear"))
    assert page.session.config.depth == 2 and lecture.sweeper.running
    seen = []
    for _ in range(3):
        clock.now += 2.5
        lecture.sweeper.tick()
        seen.append(page.session.config.depth)
        assert slider.value() == page.session.config.depth
    assert seen == [9, 16, 23]
    clock.now += 2.5
    lecture.sweeper.tick()
    assert page.session.config.depth == 30 and not lecture.sweeper.running


def test_a_whole_sweep_is_one_undo_step_however_slow_the_frames(depth):
    page, lecture, clock = depth
    page.session._clock = clock  # the session times its undo steps by the same clock
    before = page.session.config.depth
    lecture.start_sweep(lecture.find_slider("depth"), Sweep("depth", 3, 12, 30, "linear"))
    for _ in range(10):
        clock.now += 3.0  # slower than the session's 0.8 s coalescing, on purpose
        lecture.sweeper.tick()
    assert page.session.config.depth == 12
    assert page.undo() and page.session.config.depth == before


def test_a_log_slider_sweeps_evenly_in_log_scale(depth):
    page, lecture, clock = depth
    slider = lecture.find_slider("learning_rate")
    assert slider.log
    lecture.start_sweep(slider, Sweep("learning_rate", 1e-3, 1e-1, seconds=2, easing="linear"))
    clock.now += 1.0
    lecture.sweeper.tick()
    assert page.session.config.learning_rate == pytest.approx(1e-2, rel=0.02)


def test_a_touch_by_the_lecturer_stops_the_sweep(depth, qtbot):
    page, lecture, clock = depth
    lecture.start_sweep(lecture.find_slider("depth"), Sweep("depth", 2, 30, 10, repeat="loop"))
    clock.now += 1
    lecture.sweeper.tick()
    reached = page.session.config.depth
    qtbot.mouseClick(page.notes, Qt.MouseButton.LeftButton)
    assert not lecture.sweeper.running
    clock.now += 3
    lecture.sweeper.tick()
    assert page.session.config.depth == reached


def test_a_sweep_outside_the_sliders_range_is_refused_with_a_message(depth):
    page, lecture, _ = depth
    before = page.session.config
    assert not lecture.start_sweep(lecture.find_slider("depth"), Sweep("depth", 2, 10_000))
    assert "outside the slider's range" in lecture.window.statusBar().currentMessage()
    assert page.session.config == before and not lecture.sweeper.running


def test_the_dialog_offers_the_sliders_range_and_gives_the_sweep(depth, monkeypatch):
    _, lecture, _ = depth
    slider = lecture.find_slider("depth")
    dialog = SweepDialog(slider)
    assert (dialog.start.value(), dialog.end.value()) == (slider.minimum, slider.maximum)
    dialog.end.setValue(12)
    dialog.repeat.setCurrentIndex(dialog.repeat.findData("bounce"))
    sweep = dialog.sweep()
    assert (sweep.field, sweep.end, sweep.repeat, sweep.easing) == ("depth", 12, "bounce", "ease")
    monkeypatch.setattr(SweepDialog, "exec", lambda self: SweepDialog.DialogCode.Accepted)
    lecture.window.sweep_slider(slider)  # what the slider's context menu calls
    assert lecture.sweeper.running and lecture.sweeper.sweep.field == "depth"


def test_a_scene_with_a_sweep_starts_it_and_the_next_scene_stops_it(window, tmp_path):
    deck = {"deck": "Sweeps", "scenes": [
        {"title": "Deeper and deeper", "lab": "depth", "preset": "01-sigmoid-depth-20-vanishes",
         "sweep": {"field": "depth", "start": 2, "end": 40, "seconds": 12}},
        {"title": "Still", "lab": "activations", "preset": "01-sigmoid-vs-tanh"},
    ]}  # fmt: skip
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(deck), encoding="utf-8")
    lecture = window.lecture
    lecture.sweeper.clock = FakeClock()
    assert lecture.open_deck(path)
    assert lecture.sweeper.running and lecture.sweeper.sweep.end == 40
    assert window.current_page.session.config.depth == 2
    lecture.player.next()
    assert not lecture.sweeper.running


def test_a_sweeper_without_a_running_sweep_does_nothing(app):
    sweeper = Sweeper()
    sweeper.tick()
    sweeper.stop()
    assert not sweeper.running

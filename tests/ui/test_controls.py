"""Control widgets round-trip with a real session; the scheduler coalesces bursts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from explorer.state.session import LabSession
from explorer.ui.controls import ChoiceBox, Toggle, ValueSlider, bind
from explorer.ui.scheduler import FrameScheduler


@dataclass(frozen=True)
class Config:
    rate: float = 0.01
    count: int = 4
    kind: str = "a"
    on: bool = False

    def validate(self) -> None:
        if self.count == 13:
            raise ValueError("13 is unlucky")


class Session(LabSession[Config, None]):
    def compute(self, config):
        return None


def test_log_slider_round_trip(qtbot):
    session = Session(Config())
    slider = ValueSlider("Learning rate", 1e-4, 1.0, 0.01, log=True, decimals=5)
    qtbot.addWidget(slider)
    bind(slider, session, "rate")
    slider.slider.setValue(slider.STEPS)  # widget -> state
    assert session.config.rate == pytest.approx(1.0)
    slider.slider.setValue(slider.STEPS // 2)  # half way in log space is 10^-2
    assert session.config.rate == pytest.approx(1e-2, rel=1e-3)
    session.update(rate=1e-3)  # state -> widget
    assert slider.value() == pytest.approx(1e-3)
    assert slider.slider.value() == round(slider.STEPS / 4)


def test_setting_a_widget_from_state_does_not_echo(qtbot):
    session = Session(Config())
    slider = ValueSlider("Count", 1, 20, 4, integer=True)
    qtbot.addWidget(slider)
    bind(slider, session, "count")
    emitted = []
    slider.valueChanged.connect(emitted.append)
    session.update(count=9)
    assert slider.value() == 9 and emitted == []
    slider.spin.setValue(11)  # typing a number is a change like any other
    assert session.config.count == 11 and emitted == [11]


def test_an_invalid_value_is_put_back_and_reported(qtbot):
    session = Session(Config())
    slider = ValueSlider("Count", 1, 20, 4, integer=True)
    qtbot.addWidget(slider)
    errors = []
    bind(slider, session, "count", on_error=errors.append)
    slider.slider.setValue(13)
    assert session.config.count == 4 and slider.value() == 4
    assert errors == ["13 is unlucky"]


def test_choice_and_toggle_round_trip(qtbot):
    session = Session(Config())
    choice = ChoiceBox([("a", "Alpha"), ("b", "Beta")], "a")
    toggle = Toggle("On", False)
    qtbot.addWidget(choice)
    qtbot.addWidget(toggle)
    bind(choice, session, "kind")
    bind(toggle, session, "on")
    choice.setCurrentIndex(1)
    toggle.click()
    assert (session.config.kind, session.config.on) == ("b", True)
    session.undo()
    session.undo()
    assert (choice.value(), toggle.value()) == ("a", False)
    with pytest.raises(ValueError):
        choice.setValue("zzz")


def test_scheduler_runs_one_redraw_for_a_burst(qtbot):
    calls = []
    scheduler = FrameScheduler(lambda: calls.append(1), interval_ms=16)
    for _ in range(100):
        scheduler.request()
    assert scheduler.pending and calls == []
    qtbot.waitUntil(lambda: calls == [1], timeout=30_000)
    scheduler.request()
    scheduler.flush()
    assert calls == [1, 1] and not scheduler.pending

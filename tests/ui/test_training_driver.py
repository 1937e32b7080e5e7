"""The shared training driver, ticked by hand (no wall clock): play/pause, steps and budget
per tick, one step, the step counter, and a self-stop that pauses and says why; then the
same interface in the three places that train."""

from __future__ import annotations

import pytest

from explorer.ui.training_driver import MAX_STEPS_PER_TICK, TrainingDriver

BUDGET_STEPS = 3  # how many steps the fake trainee fits in a time budget


class FakeTrainee:
    """Counts steps; "diverges" at ``diverge_at``; a budget always ends after 3 steps."""

    def __init__(self, diverge_at: int | None = None) -> None:
        self.calls: list[tuple[int, float | None]] = []
        self.training_steps = 0
        self.diverge_at = diverge_at

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        self.calls.append((max_steps, budget_s))
        taken = 0
        while taken < max_steps and self.stop_reason() is None:
            self.training_steps += 1
            taken += 1
            if budget_s is not None and taken == BUDGET_STEPS:
                break
        return taken

    def stop_reason(self) -> str | None:
        if self.diverge_at is not None and self.training_steps >= self.diverge_at:
            return f"diverged at step {self.training_steps}"
        return None


@pytest.fixture
def make_driver(app, qtbot):
    def make(trainee, steps_per_tick=lambda: None):
        driver = TrainingDriver(trainee, 0.005, steps_per_tick)
        events = []
        driver.stepped.connect(lambda: events.append("stepped"))
        driver.playingChanged.connect(lambda playing: events.append(("playing", playing)))
        driver.stopped.connect(lambda reason: events.append(("stopped", reason)))
        return driver, events

    return make


def tick(driver, times: int = 1) -> None:
    for _ in range(times):
        driver.timer.timeout.emit()


def test_play_runs_the_timer_and_each_tick_trains_within_the_budget(make_driver):
    trainee = FakeTrainee()
    driver, events = make_driver(trainee, lambda: 2)
    assert driver.set_playing(True) and driver.is_playing() and driver.timer.isActive()
    tick(driver, 3)
    assert trainee.calls == [(2, 0.005)] * 3
    assert driver.training_steps() == 6
    assert driver.set_playing(False) is False and not driver.timer.isActive()
    assert events == [("playing", True), "stepped", "stepped", "stepped", ("playing", False)]


def test_without_a_step_count_the_budget_ends_each_tick(make_driver):
    trainee = FakeTrainee()
    driver, _ = make_driver(trainee)
    driver.set_playing(True)
    tick(driver, 2)
    assert trainee.calls == [(MAX_STEPS_PER_TICK, 0.005)] * 2
    assert driver.training_steps() == 2 * BUDGET_STEPS


def test_play_twice_and_pause_twice_signal_once(make_driver):
    driver, events = make_driver(FakeTrainee())
    driver.set_playing(True)
    driver.set_playing(True)
    driver.set_playing(False)
    driver.set_playing(False)
    assert events == [("playing", True), ("playing", False)]


def test_one_step_trains_exactly_one_without_a_budget(make_driver):
    trainee = FakeTrainee()
    driver, events = make_driver(trainee)
    driver.step_once()
    assert trainee.calls == [(1, None)] and driver.training_steps() == 1
    assert events == ["stepped"] and not driver.is_playing()


def test_a_divergence_pauses_says_why_once_and_refuses_play(make_driver):
    trainee = FakeTrainee(diverge_at=5)
    driver, events = make_driver(trainee)
    driver.set_playing(True)
    tick(driver, 2)  # 3 steps, then 2 more and the run stops
    assert not driver.is_playing() and not driver.timer.isActive()
    reason = "diverged at step 5"
    assert events == [("playing", True), "stepped", ("playing", False), ("stopped", reason),
                      "stepped"]  # fmt: skip
    assert driver.stop_reason() == reason
    assert driver.set_playing(True) is False and not driver.is_playing()
    driver.step_once()  # a step of a stopped run changes nothing and says nothing new
    assert driver.training_steps() == 5 and events[-1] == "stepped"
    assert events.count(("stopped", reason)) == 1


def test_a_single_step_that_diverges_says_why_without_a_pause(make_driver):
    driver, events = make_driver(FakeTrainee(diverge_at=1))
    driver.step_once()
    assert events == [("stopped", "diverged at step 1"), "stepped"]


def test_the_xor_tab_trains_speed_steps_per_tick_and_counts_them(app, qtbot):
    from explorer.ui.labs.approximation.xor_panel import XorPanel

    panel = XorPanel()
    qtbot.addWidget(panel)
    panel.session.update(speed=1)
    panel.train_button.click()
    assert isinstance(panel.driver, TrainingDriver) and panel.driver.is_playing()
    tick(panel.driver, 4)
    assert panel.training_steps() == panel.session.steps == 4
    assert "Step <b>4</b>" in panel.numbers.text()
    panel.train_button.click()
    assert not panel.driver.timer.isActive() and "Train" in panel.train_button.text()


def test_the_fit_tab_trains_on_the_shared_driver(app, qtbot):
    from explorer.ui.labs.approximation import ApproximationLab

    page = ApproximationLab()
    qtbot.addWidget(page)
    page.session.update(mode="fit", speed="slow")  # one step per tick
    page.set_playing(True)
    driver = page.build_fit.driver
    assert isinstance(driver, TrainingDriver) and driver.is_playing()
    tick(driver, 5)
    assert page.training_steps() == 5
    page.flush()
    assert "step 5" in page.status_text()
    page.set_playing(False)
    assert not driver.timer.isActive() and page.fit_panel.play_button.text() == "Train"


def test_the_depth_driver_shares_the_interface_and_says_why_it_stopped(app, qtbot):
    from explorer.ui.labs.depth import DepthLab

    page = DepthLab()
    qtbot.addWidget(page)
    assert isinstance(page.driver, TrainingDriver)
    reasons = []
    page.driver.stopped.connect(reasons.append)
    page.session.update(depth=20, width=32, activation="relu", init="kaiming_normal",
                        learning_rate=1.0)  # fmt: skip
    page.set_playing(True)
    qtbot.waitUntil(lambda: not page.is_playing(), timeout=30_000)
    page.driver.wait()
    assert reasons == [page.session.train_view.diagnosis.title]
    assert page.driver.stop_reason() == reasons[0]
    assert page.driver.training_steps() == page.training_steps() > 0

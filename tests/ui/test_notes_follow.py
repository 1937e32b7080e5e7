"""The notes describe what is on screen: "What you are seeing", the status line, the titles
and the card follow every change of the settings within the notes' throttle period, while
training runs too.

The sequences are a lecturer's, in the real window: a preset, then Space at once; undo, reset
or a session file opened during training; a control dragged in a lab that does not train.
The test drives time: a frame moves the throttle's clock by ``FRAME_S``, ticks the lab's
training timer (and waits for a step on the worker thread), then runs the redraws the frame
asked for. No event loop runs meanwhile, so no timer fires by itself and nothing depends on
how fast the machine is; training redraws every frame, as it does on screen. Only where the
screen is at rest (a config set up before training, the end of a drag) does a test wait, with
``qtbot.waitUntil``, for the text the throttle's own timer shows.
"""

from __future__ import annotations

import math
import re
import time

import pytest

from explorer.core import activations, optimizers
from explorer.state.activations.config import ActivationsConfig
from explorer.state.approximation.network import DEFAULT_NEURONS, resized
from explorer.state.approximation.session import ApproximationConfig
from explorer.state.approximation.xor import XorConfig
from explorer.state.depth.config import DepthConfig
from explorer.state.presets import list_presets
from explorer.state.serialize import save_session
from explorer.text_format import subscript
from explorer.ui.labs.activations import texts as activations_texts
from explorer.ui.labs.approximation import xor_texts
from explorer.ui.labs.depth import texts as depth_texts
from explorer.ui.live_text import INTERVAL_S, LiveText
from explorer.ui.scheduler import FrameScheduler
from explorer.ui.training_driver import TrainingDriver

FRAME_S = 1 / 30  # a training frame (the depth lab redraws at most 30 times a second)
#: enough frames for the throttle's period to pass, and one more to show the text it held
THROTTLE_FRAMES = math.ceil(INTERVAL_S / FRAME_S) + 1


class Clock:
    """The throttles' clock, moved by the test one frame at a time."""

    def __init__(self) -> None:
        self.now = time.perf_counter() + 3600.0  # past anything the real clock stamped

    def __call__(self) -> float:
        return self.now


# --- driving the window --------------------------------------------------------------------------
def open_lab(window, key: str, clock: Clock):
    window.select_lab(key)
    page = window.current_page
    page.flush()
    for box in page.findChildren(LiveText):  # the notes' two parts, a card
        box.clock = clock
    return page


def frames(page, clock: Clock, count: int = THROTTLE_FRAMES) -> None:
    """``count`` frames: training ticks (if it plays), then the redraws they asked for."""
    for _ in range(count):
        clock.now += FRAME_S
        for driver in page.findChildren(TrainingDriver):
            if driver.is_playing():
                driver.timer.timeout.emit()
            wait = getattr(driver, "wait", None)  # a step on the worker thread comes back
            if wait is not None:
                wait()
        for _ in range(3):  # a training frame asks for the page's redraw
            for scheduler in page.findChildren(FrameScheduler):
                scheduler.flush()


def space(window) -> None:
    window.play_action.trigger()


def status(window) -> str:
    return window.statusBar().currentMessage()


def preset(lab: str, name_part: str):
    (found,) = [p.path for p in list_presets(lab) if name_part in p.path.name]
    return found


def saved(tmp_path, page, config, **parts):
    """A session file of ``page``'s lab saved from ``config`` (another config than on screen)."""
    return save_session(tmp_path / f"{page.key}.json", page.key, config, parts=parts or None)


def assert_shows(shown: str, now: list[str], before: list[str]) -> None:
    """``shown`` says every phrase of the config on screen and none that only the previous
    config's text says."""
    missing = [phrase for phrase in now if phrase not in shown]
    stale = [phrase for phrase in before if phrase not in now and phrase in shown]
    assert not missing and not stale, f"missing {missing}, stale {stale} in: {shown}"


# --- depth ---------------------------------------------------------------------------------------
ACTIVATION_PHRASE = {
    "sigmoid": "σ′(u) = σ(u)(1 − σ(u)) ≤ 0.25",
    "relu": "ReLU′ is 1 where the unit is on",
    "tanh": "|Tanh′| ≤",
}


def depth_notes(config: DepthConfig) -> list[str]:
    phrases = [
        f"passed through {config.depth - 1} factors",
        f"‖∂L/∂W₁‖ / ‖∂L/∂W{subscript(config.depth)}‖",
        ACTIVATION_PHRASE[config.activation],
    ]
    if config.norm != "none":
        phrases.append("normalization rescales")
    return phrases


def depth_status(config: DepthConfig) -> list[str]:
    return [f"depth {config.depth} × width {config.width}, {config.activation}, {config.init} · "]


def assert_depth_shows(window, page, before: DepthConfig) -> None:
    config = page.session.config
    assert_shows(page.notes.text(), depth_notes(config), depth_notes(before))
    assert page.notes.text() == depth_texts.notes_html(page.session.snapshot())  # its numbers
    assert_shows(status(window), depth_status(config), depth_status(before))
    assert status(window) == depth_texts.status_text(page.session.snapshot())


RELU_8 = DepthConfig(depth=8, activation="relu", init="kaiming_normal")


def depth_at_rest(page, config: DepthConfig, qtbot) -> None:
    """``config`` on screen, explained: the lecturer set it up and paused to talk."""
    page.session.replace_config(config)
    expected = depth_texts.notes_html(page.session.snapshot())
    qtbot.waitUntil(lambda: page.notes.text() == expected)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def depth(window, clock):
    page = open_lab(window, "depth", clock)
    yield page
    page.set_playing(False)
    page.driver.wait()


def train(window, page, clock, count: int = 4) -> int:
    """Space, then ``count`` frames of training; returns the step reached."""
    space(window)
    frames(page, clock, count)
    assert page.is_playing() and page.training_steps() > 0
    return page.training_steps()


def test_depth_a_preset_chosen_after_training_and_played_at_once(window, depth, clock, qtbot):
    depth_at_rest(depth, RELU_8, qtbot)
    train(window, depth, clock)
    assert_depth_shows(window, depth, DepthConfig())
    space(window)  # pause
    frames(depth, clock, 2)
    window.load_session_file(preset("depth", "batchnorm-rescues-sigmoid"))
    space(window)  # at once
    frames(depth, clock)
    assert depth.is_playing() and depth.training_steps() > 0
    assert depth.session.config.norm == "batchnorm" and depth.session.config.depth == 20
    assert_depth_shows(window, depth, RELU_8)


def test_depth_undo_during_training(window, depth, clock, qtbot):
    depth_at_rest(depth, RELU_8, qtbot)
    depth.session.update(depth=16, activation="tanh", init="xavier_normal")
    changed = depth.session.config
    train(window, depth, clock)
    assert_depth_shows(window, depth, RELU_8)
    window.undo_action.trigger()
    frames(depth, clock)
    assert depth.is_playing() and depth.session.config == RELU_8
    assert_depth_shows(window, depth, changed)


def test_depth_reset_during_training(window, depth, clock, qtbot):
    depth_at_rest(depth, RELU_8, qtbot)
    train(window, depth, clock)
    window.reset_action.trigger()
    frames(depth, clock)
    assert depth.is_playing() and depth.session.config == DepthConfig()
    assert_depth_shows(window, depth, RELU_8)


def test_depth_session_file_opened_during_training(window, depth, clock, qtbot, tmp_path):
    other = DepthConfig(depth=5, width=16, activation="tanh", init="xavier_normal")
    path = saved(tmp_path, depth, other)
    depth_at_rest(depth, RELU_8, qtbot)
    train(window, depth, clock)
    depth.load_from(path)
    frames(depth, clock)
    assert depth.is_playing() and depth.session.config == other
    assert_depth_shows(window, depth, RELU_8)


def drag(page, clock: Clock, slider, values: range) -> None:
    """Move ``slider`` one value a frame, as a lecturer's drag that never pauses."""
    for value in values:
        slider.setValue(value)
        frames(page, clock, 1)


def test_depth_notes_follow_a_drag_that_never_pauses(window, depth, clock, qtbot):
    # not training: the depth slider moves a step every frame for longer than the throttle
    start = depth.session.config
    values = range(12, 12 + 3 * THROTTLE_FRAMES)
    drag(depth, clock, depth.network_panel.depth_slider.slider, values)
    assert depth.session.config.depth == values[-1]
    (factors,) = re.findall(r"passed through (\d+) factors", depth.notes.text())
    assert int(factors) + 1 in values[-THROTTLE_FRAMES:]  # a depth of the last throttle period
    assert_shows(status(window), depth_status(depth.session.config), depth_status(start))
    # the drag stopped: the throttle shows its last text when its period is over
    qtbot.waitUntil(lambda: depth_notes(depth.session.config)[0] in depth.notes.text())
    assert_depth_shows(window, depth, start)


# --- approximation: build and fit ----------------------------------------------------------------
def approximation_notes(config: ApproximationConfig) -> list[str]:
    n = config.n_hidden
    name = optimizers.optimizer_class(config.optimizer).display_name
    return [f"all {3 * n + 1} numbers", f"{name} (learning rate {config.learning_rate:g})",
            f"With N = {n}:"]  # fmt: skip


def approximation_status(config: ApproximationConfig) -> list[str]:
    name = optimizers.optimizer_class(config.optimizer).display_name
    return [f"Training · N = {config.n_hidden} · ", f"{name}, lr {config.learning_rate:g} · "]


def assert_approximation_shows(window, page, before: ApproximationConfig) -> None:
    config = page.session.config
    assert config.mode == "fit" and page.is_playing()
    assert_shows(page.notes.text(), approximation_notes(config), approximation_notes(before))
    assert status(window) == page.status_text()
    if page.status_text() == page.live_status():  # no one-off message in front of it
        assert_shows(status(window), approximation_status(config), approximation_status(before))


def fit_config(n: int, **changes) -> ApproximationConfig:
    neurons = resized(DEFAULT_NEURONS, n, -math.pi, math.pi)
    changes = {"mode": "fit", "neurons": neurons, "speed": "medium", **changes}
    return ApproximationConfig(**changes)


SGD_3 = fit_config(3, optimizer="sgd", learning_rate=0.05)


@pytest.fixture
def approximation(window, clock):
    page = open_lab(window, "approximation", clock)
    yield page
    page.set_playing(False)


def test_approximation_a_preset_chosen_after_training_and_played_at_once(
    window, approximation, clock
):
    approximation.session.replace_config(SGD_3)
    train(window, approximation, clock)
    assert_approximation_shows(window, approximation, ApproximationConfig())
    space(window)
    frames(approximation, clock, 2)
    window.load_session_file(preset("approximation", "fit-sin3x"))
    space(window)
    frames(approximation, clock)
    assert approximation.session.config.n_hidden == 8
    assert_approximation_shows(window, approximation, SGD_3)


def test_approximation_undo_during_training(window, approximation, clock):
    approximation.session.replace_config(SGD_3)
    frames(approximation, clock, 2)
    approximation.network_panel.n_slider.slider.setValue(12)
    approximation.session.update(optimizer="rmsprop", learning_rate=0.002)
    changed = approximation.session.config
    train(window, approximation, clock)
    assert_approximation_shows(window, approximation, SGD_3)
    window.undo_action.trigger()  # the optimizer and learning rate
    window.undo_action.trigger()  # N
    frames(approximation, clock)
    assert approximation.session.config == SGD_3
    assert_approximation_shows(window, approximation, changed)


def notes_step(page) -> int:
    """The step the notes' live numbers quote."""
    (step,) = re.findall(r"Step ([\d,]+)\.", page.notes.text())
    return int(step.replace(",", ""))


def test_approximation_reset_during_training_restarts_the_run_the_notes_count(
    window, approximation, clock
):
    approximation.session.replace_config(SGD_3)
    before = train(window, approximation, clock, count=4 * THROTTLE_FRAMES)
    assert 0 < notes_step(approximation) <= before
    window.reset_action.trigger()  # R while training: the same settings, from step 0
    frames(approximation, clock)
    steps = approximation.training_steps()
    assert 0 < steps < before and approximation.session.config == SGD_3
    assert notes_step(approximation) <= steps  # the new run's, not the old one's
    assert status(window) == approximation.status_text() != approximation.live_status()
    assert "Training restarted" in status(window)
    assert_approximation_shows(window, approximation, ApproximationConfig())


def test_approximation_session_file_opened_during_training(window, approximation, clock, tmp_path):
    other = fit_config(7, optimizer="adam", learning_rate=0.003)
    path = saved(tmp_path, approximation, other, xor=XorConfig())
    approximation.session.replace_config(SGD_3)
    train(window, approximation, clock)
    approximation.load_from(path)
    frames(approximation, clock)
    assert approximation.session.config == other
    assert_approximation_shows(window, approximation, SGD_3)


# --- approximation: the XOR tab (its titles and the status line) ----------------------------------
def xor_shown(window, page) -> str:
    panel = page.xor_panel
    titles = [view.plot_item.titleLabel.text for view in (panel.linear_view, panel.hidden_view)]
    return " | ".join([*titles, panel.numbers.text(), status(window)])


def xor_words(config: XorConfig) -> list[str]:
    """The status line's and the hidden-layer map title's words for ``config``."""
    name = activations.get(config.activation).display_name
    return [f"({config.hidden_units} {config.activation} units)",
            f"{config.hidden_units} {name} units · "]  # fmt: skip


def assert_xor_shows(window, page, before: XorConfig) -> None:
    snapshot = page.xor_panel.session.snapshot()
    shown = xor_shown(window, page)
    assert_shows(shown, xor_words(snapshot.config), xor_words(before))
    assert status(window) == xor_texts.status_text(snapshot)
    assert page.xor_panel.numbers.text() == xor_texts.numbers_html(snapshot)


@pytest.fixture
def xor(approximation, clock):
    approximation.session.update(mode="xor")
    frames(approximation, clock, 1)
    return approximation


XOR_8 = XorConfig(hidden_units=8, activation="relu")


def test_xor_a_preset_chosen_during_training_and_played_at_once(window, xor, clock):
    xor.xor_panel.session.replace_config(XOR_8)
    train(window, xor, clock)
    assert_xor_shows(window, xor, XorConfig())
    window.load_session_file(preset("approximation", "fit-sin3x"))  # to the fit tab
    space(window)
    frames(xor, clock)
    assert xor.session.config.mode == "fit" and xor.session.config.n_hidden == 8
    assert_approximation_shows(window, xor, ApproximationConfig())


def test_xor_undo_during_training(window, xor, clock):
    xor.xor_panel.session.replace_config(XOR_8)
    frames(xor, clock, 2)
    xor.xor_panel.hidden_slider.slider.setValue(3)
    xor.xor_panel.session.update(activation="sigmoid")
    changed = xor.xor_panel.session.config
    train(window, xor, clock)
    assert_xor_shows(window, xor, XOR_8)
    window.undo_action.trigger()
    window.undo_action.trigger()
    frames(xor, clock)
    assert xor.is_playing() and xor.xor_panel.session.config == XOR_8
    assert_xor_shows(window, xor, changed)


def test_xor_reset_during_training(window, xor, clock):
    xor.xor_panel.session.replace_config(XOR_8)
    before = train(window, xor, clock)
    window.reset_action.trigger()  # both models back to their initial weights, paused
    frames(xor, clock)
    assert not xor.is_playing() and xor.training_steps() == 0 < before
    assert "after 0 steps" in status(window) and "Step <b>0</b>" in xor.xor_panel.numbers.text()
    assert_xor_shows(window, xor, XOR_8)


def test_xor_session_file_opened_during_training(window, xor, clock, tmp_path):
    other = XorConfig(hidden_units=2, activation="sigmoid", seed=3)
    path = saved(tmp_path, xor, ApproximationConfig(mode="xor"), xor=other)
    xor.xor_panel.session.replace_config(XOR_8)
    train(window, xor, clock)
    xor.load_from(path)
    frames(xor, clock)
    assert xor.is_playing() and xor.xor_panel.session.config == other
    assert_xor_shows(window, xor, XOR_8)


# --- activations (no training): a control change -------------------------------------------------
def activations_words(config: ActivationsConfig) -> list[str]:
    name = activations_texts.short_name(activations.get(config.selected).display_name)
    layers = f"after {config.depth} layer{'s' if config.depth > 1 else ''} "
    return [f"<b>Now — {name}:</b>", layers, f"selected: {name} · "]


def assert_activations_show(window, page, before: ActivationsConfig) -> None:
    config = page.session.config
    shown = page.notes.text() + " | " + status(window)
    assert_shows(shown, activations_words(config), activations_words(before))
    snapshot = page.session.snapshot()
    assert page.notes.text() == activations_texts.notes_html(snapshot).replace("<!--live-->", "")
    assert status(window) == activations_texts.status_text(snapshot)
    card = page.card.text()
    assert snapshot.selected.display_name in card and f"Chain, L = {config.depth}" in card


@pytest.fixture
def activations_lab(window, clock):
    return open_lab(window, "activations", clock)


def test_activations_a_control_dragged_without_a_pause(window, activations_lab, clock, qtbot):
    page = activations_lab
    start = page.session.config
    page.session.select("relu")  # a click in the list
    values = range(2, 2 + 3 * THROTTLE_FRAMES)
    drag(page, clock, page.depth_slider.slider, values)  # depth L, a step every frame
    assert page.session.config.depth == values[-1] and page.session.config.selected == "relu"
    (layers,) = re.findall(r"after (\d+) layers", page.notes.text())
    assert int(layers) in values[-THROTTLE_FRAMES:]  # a depth of the last throttle period
    assert_shows(page.notes.text(), activations_words(page.session.config)[:1],
                 activations_words(start)[:1])  # fmt: skip
    # the drag stopped: the throttle shows its last text when its period is over
    qtbot.waitUntil(lambda: f"after {values[-1]} layers" in page.notes.text())
    assert_activations_show(window, page, start)


def test_activations_a_preset_then_undo(window, activations_lab, clock):
    page = activations_lab
    start = page.session.config
    window.load_session_file(preset("activations", "relu-family"))
    frames(page, clock)
    loaded = page.session.config
    assert loaded.selected == "leaky_relu"
    assert_activations_show(window, page, start)
    page.session.update(depth=3)
    window.undo_action.trigger()
    window.undo_action.trigger()
    frames(page, clock)
    assert page.session.config == start
    assert_activations_show(window, page, loaded)

"""The XOR panel as a widget: plots equal the models' numbers, controls round-trip, the timer
trains and pauses, a blow-up pauses with a message, scaling restyles."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core import datasets
from explorer.state.approximation.xor import GRID, XorConfig, contour_segments
from explorer.ui import theme
from explorer.ui.labs.approximation.xor_panel import XorPanel


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@pytest.fixture
def panel(app, qtbot):
    widget = XorPanel()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    yield widget
    widget.set_playing(False)


def grid_of(panel):
    snap = panel.session.snapshot()
    return datasets.grid((snap.xs[0], snap.xs[-1]), (snap.ys[0], snap.ys[-1]), GRID)


def test_heat_maps_show_each_models_probability_on_the_grid(panel):
    for _ in range(30):
        panel.step_once()
    grid = grid_of(panel)
    for view, model in ((panel.linear_view, panel.session.linear),
                        (panel.hidden_view, panel.session.hidden)):  # fmt: skip
        expected = sigmoid(model.predict(grid)[:, 0]).reshape(GRID, GRID)
        np.testing.assert_allclose(view.image.image, expected, rtol=1e-12, atol=1e-15)
        snap = panel.session.snapshot()
        segments = contour_segments(expected, snap.xs, snap.ys)
        x, y = view.boundary.getData()
        if len(segments) == 0:  # the line p = ½ may lie outside the plot early on
            assert x is None or len(x) == 0
        else:
            np.testing.assert_allclose(np.column_stack([x, y]), segments)
    assert len(panel.hidden_view.boundary.getData()[0]) > 0


def test_image_covers_the_data_range_pixel_centred(panel):
    snap = panel.session.snapshot()
    rect = panel.hidden_view.image.mapRectToParent(panel.hidden_view.image.boundingRect())
    step = snap.xs[1] - snap.xs[0]
    assert rect.left() == pytest.approx(snap.xs[0] - step / 2)
    assert rect.right() == pytest.approx(snap.xs[-1] + step / 2)
    assert rect.top() == pytest.approx(snap.ys[0] - step / 2)


def test_points_are_the_data_by_class_with_distinct_markers(panel):
    snap = panel.session.snapshot()
    symbols = set()
    for label, item in enumerate(panel.hidden_view.markers):
        x, y = item.getData()
        np.testing.assert_array_equal(np.column_stack([x, y]), snap.X[snap.y == label])
        symbols.add(item.opts["symbol"])
    assert len(symbols) == 2


def test_loss_curves_are_the_histories_and_titles_carry_accuracy(panel):
    for _ in range(12):
        panel.step_once()
    snap = panel.session.snapshot()
    for item, view in ((panel.loss_view.linear, snap.linear),
                       (panel.loss_view.hidden, snap.hidden)):  # fmt: skip
        x, y = item.getData()
        np.testing.assert_array_equal(x, np.arange(12))
        np.testing.assert_allclose(y, np.log10(view.losses))  # a log axis stores log10
    assert f"{100 * snap.linear.accuracy:.0f} %" in panel.linear_view.plot_item.titleLabel.text
    assert "Step <b>12</b>" in panel.numbers.text()


def test_hidden_units_control_rebuilds_the_net_both_ways(panel):
    panel.hidden_slider.spin.setValue(8)  # as if typed: emits valueChanged
    assert panel.session.config.hidden_units == 8
    assert list(panel.session.hidden.sizes) == [2, 8, 1]
    panel.session.update(hidden_units=3)
    assert panel.hidden_slider.value() == 3
    assert list(panel.session.hidden.sizes) == [2, 3, 1]
    panel.session.undo()  # the two quick changes are one undo step: back to the default
    assert panel.hidden_slider.value() == 4
    assert list(panel.session.hidden.sizes) == [2, 4, 1]


def test_activation_and_learning_rate_controls_reach_the_config(panel):
    panel.activation_box.setCurrentIndex(panel.activation_box.findData("relu"))
    assert panel.session.config.activation == "relu"
    assert panel.session.hidden.activation.name == "relu"
    panel.lr_slider.spin.setValue(0.05)
    assert panel.session.config.learning_rate == pytest.approx(0.05)
    panel.session.update(learning_rate=0.002)
    assert panel.lr_slider.value() == pytest.approx(0.002)


def test_reset_restores_the_initial_weights_and_first_loss(panel):
    initial = panel.session.hidden.flat_params.copy()
    panel.step_once()
    first = panel.session.snapshot().hidden.losses[0]
    for _ in range(20):
        panel.step_once()
    panel.reset_button.click()
    assert panel.session.steps == 0 and not panel.is_playing()
    np.testing.assert_array_equal(panel.session.hidden.flat_params, initial)
    panel.step_once()
    assert panel.session.snapshot().hidden.losses[0] == first


def test_train_button_runs_the_timer_and_pause_stops_it(panel, qtbot):
    playing = []
    panel.playing_changed.connect(playing.append)
    panel.train_button.click()
    assert panel.is_playing() and panel.driver.timer.isActive()
    assert "Pause" in panel.train_button.text()
    qtbot.waitUntil(lambda: panel.session.steps >= 10, timeout=30_000)
    panel.train_button.click()
    assert not panel.driver.timer.isActive() and "Train" in panel.train_button.text()
    steps = panel.session.steps
    qtbot.wait(60)
    assert panel.session.steps == steps
    assert playing == [True, False]


def test_training_reaches_the_claim_and_reports_it(panel, qtbot):
    panel.session.update(noise=0.0, speed=50)
    statuses = []
    panel.status_changed.connect(statuses.append)
    panel.set_playing(True)
    qtbot.waitUntil(lambda: panel.session.steps >= 400, timeout=30_000)
    panel.set_playing(False)
    snap = panel.session.snapshot()
    assert snap.linear.accuracy <= 0.75 and snap.hidden.accuracy >= 0.95
    assert statuses and statuses[-1] == panel.status_text()
    assert panel.status_text().startswith(f"linear: {100 * snap.linear.accuracy:.0f} % accuracy")
    assert "hidden layer (4 tanh units)" in panel.status_text()


def test_blow_up_pauses_with_a_message_instead_of_raising(panel, qtbot):
    panel.show()
    panel.session._hidden.optimizer.set_hyper(lr=1e308)  # what no slider allows
    panel.set_playing(True)
    qtbot.waitUntil(lambda: not panel.is_playing(), timeout=30_000)
    assert panel.message_label.isVisible()
    assert "diverged" in panel.message_label.text()
    panel.set_playing(True)  # refused until Reset
    assert not panel.is_playing()
    panel.reset()
    assert not panel.message_label.isVisible()


def test_hiding_the_panel_pauses_training(panel, qtbot):
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_playing(True)
    panel.hide()
    assert not panel.is_playing()


def test_config_change_redraws_within_a_frame(panel, qtbot):
    panel.session.update(points=60)
    qtbot.waitUntil(lambda: not panel.scheduler.pending, timeout=30_000)
    x, _ = panel.hidden_view.markers[0].getData()
    y1, _ = panel.hidden_view.markers[1].getData()
    assert len(x) + len(y1) == 60


def test_apply_scale_restyles_the_plots(panel):
    width = panel.hidden_view.boundary.opts["pen"].widthF()
    size = panel.hidden_view.markers[0].opts["symbolSize"]
    try:
        theme.Scale.set_percent(200)
        panel.apply_scale()
        assert panel.hidden_view.boundary.opts["pen"].widthF() == pytest.approx(2 * width)
        assert panel.hidden_view.markers[0].opts["symbolSize"] > size
        assert panel.loss_view.chance.pen.widthF() == pytest.approx(2 * theme.THIN_LINE_WIDTH)
        panel.scheduler.flush()  # the redraw at the new scale must not raise
    finally:
        theme.Scale.set_percent(100)
        panel.apply_scale()


def test_session_is_a_lab_session_with_defaults(panel):
    assert panel.session.config == XorConfig()
    panel.session.update(seed=5)
    assert panel.session.undo() and panel.session.config.seed == 0

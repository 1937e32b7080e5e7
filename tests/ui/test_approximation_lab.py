"""The universal-approximation lab with real widgets: what its plots draw for build, greedy,
targets, fit and error vs N, checked against the state."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from explorer.core import activations
from explorer.state.approximation.network import MAX_NEURONS
from explorer.state.approximation.session import ApproximationConfig, ApproximationSession


@pytest.fixture
def page(approximation_page):
    return approximation_page


def expected_curves(config: ApproximationConfig, x: np.ndarray):
    act = activations.get(config.activation)
    parts = [v * act.forward(w * x + b) for w, b, v in config.neurons]
    return parts, sum(parts) + config.output_bias


def drawn(item) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


def neuron_lines(page) -> list[tuple[np.ndarray, np.ndarray]]:
    """(x, y) of every neuron's line on show, neuron 1 first."""
    return page.area.function_view.neuron_lines()


def visible_groups(page) -> list:
    """The items that draw the neuron lines (one per colour) on show."""
    return [item for item in page.area.function_view.neuron_groups if item.isVisible()]


def test_moving_a_build_slider_redraws_that_neuron_and_the_sum(page):
    view = page.area.function_view
    before = [y.copy() for _x, y in neuron_lines(page)]
    row = page.neuron_list.rows[1]
    row.sliders["w"].spin.setValue(-3.5)  # a user typing into w₂
    row.sliders["b"].slider.setValue(700)  # and dragging b₂
    page.flush()
    config = page.session.config
    assert config.neurons[1][0] == -3.5
    assert config.neurons[1][1] == pytest.approx(row.sliders["b"].value())
    x, y = neuron_lines(page)[1]
    parts, total = expected_curves(config, x)
    np.testing.assert_allclose(y, parts[1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(drawn(view.sum_item)[1], total, rtol=1e-12, atol=1e-12)
    for index in (0, 2):  # the other neurons are untouched
        np.testing.assert_array_equal(neuron_lines(page)[index][1], before[index])
    page.flush()  # the notes follow at up to 8 updates per second
    assert "−3.5x" in page.notes.text()  # the live formula follows the sliders


def test_a_noise_drag_refeeds_only_the_points_and_keeps_the_lines_as_pixels(page):
    from PySide6.QtWidgets import QGraphicsItem

    view = page.area.function_view
    page.target_panel.noise_slider.spin.setValue(0.1)
    page.flush()
    lines = [view.sum_item, view.clean_item, *visible_groups(page)]
    fed = []
    for item in lines:
        item.setData = lambda *a, _item=item, _set=item.setData, **k: (
            fed.append(_item),
            _set(*a, **k),
        )
    page.target_panel.noise_slider.spin.setValue(0.2)
    page.flush()
    assert fed == []  # the noise moves the samples only
    np.testing.assert_array_equal(drawn(view.points_item)[1], page.session.snapshot().data.y)
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert all(item.curve.cacheMode() == cached for item in lines)
    page.neuron_list.rows[0].sliders["w"].spin.setValue(3.0)  # w₁ moves neuron 1 and the sum
    page.flush()
    assert fed == [view.sum_item, view.neuron_groups[0]]  # neuron 1's colour only
    assert view.neuron_groups[0].curve.cacheMode() != cached
    assert view.neuron_groups[1].curve.cacheMode() == cached


def test_main_control_is_w1_and_moves_the_first_curve(page):
    control = page.main_control()
    assert control is page.neuron_list.rows[0].w_slider
    control.spin.setValue(7.25)
    page.flush()
    x, y = neuron_lines(page)[0]
    np.testing.assert_allclose(y, expected_curves(page.session.config, x)[0][0])


def test_add_and_remove_neurons_change_the_curves_and_the_config(page, qtbot):
    start = page.session.config.neurons
    qtbot.mouseClick(page.neuron_list.add_button, Qt.MouseButton.LeftButton)
    page.flush()
    assert len(page.session.config.neurons) == len(start) + 1
    assert len(neuron_lines(page)) == len(start) + 1
    assert page.network_panel.n_slider.value() == len(start) + 1
    qtbot.mouseClick(page.neuron_list.rows[1].remove_button, Qt.MouseButton.LeftButton)
    page.flush()
    neurons = page.session.config.neurons
    assert neurons[0] == start[0] and neurons[1] == start[2]  # neuron 2 is gone
    assert len(neuron_lines(page)) == len(start)
    assert page.neuron_list.rows[1].sliders["b"].value() == pytest.approx(start[2][1])
    for _ in range(len(neurons) - 1):
        page.session.remove_neuron(0)
    # rows follow quick changes of N a few times a second
    qtbot.waitUntil(lambda: page.neuron_list.rows[1].isHidden(), timeout=30_000)
    assert not page.neuron_list.rows[0].remove_button.isEnabled()  # one neuron must stay


def test_a_row_that_outlives_its_neuron_ignores_its_sliders(page):
    """Rows follow an N drag a few times a second; a row whose neuron N just took away raised
    IndexError when touched (found by benchmarks/random_walk.py)."""
    rows = page.neuron_list.rows
    assert len(page.session.config.neurons) >= 3
    page.neuron_list._synced_at = float("inf")  # the rows were just synced: they wait
    page.network_panel.n_slider.spin.setValue(1)
    one = page.session.config.neurons
    assert len(one) == 1 and not rows[2].isHidden()  # still on screen
    rows[2].sliders["w"].slider.setValue(rows[2].sliders["w"].slider.maximum())
    rows[1].remove_button.click()
    assert page.session.config.neurons == one
    assert rows[1].isHidden() and rows[2].isHidden()  # touching one brought the rows up to date


def test_greedy_next_lowers_the_error(page, qtbot):
    before = page.session.snapshot().mse
    n = page.session.config.n_hidden
    for _ in range(2):  # a press may search in slices on a busy machine: each waits for it
        qtbot.mouseClick(page.neuron_list.greedy_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.neuron_list.greedy.running)
    page.flush()
    after = page.session.snapshot().mse
    assert page.session.config.n_hidden == n + 2
    assert after < 0.8 * before
    assert f"MSE {after:.3g}" in page.status_text()


def test_a_heavy_greedy_search_runs_in_slices_and_says_so(page, qtbot, monkeypatch):
    """2 000 points with GELU: ~1.4 M activations. The press starts slices (one unit of work
    each here), the button and the status line say it searches, and the neuron appears when
    the search ends: the same one the session finds in one go."""
    from explorer.ui.labs.approximation import greedy_runner

    monkeypatch.setattr(greedy_runner, "FIRST_BUDGET_S", 0.0)
    monkeypatch.setattr(greedy_runner, "TICK_BUDGET_S", 0.0)
    page.session.update(n_points=2000, activation="gelu")
    page.flush()
    config, button, runner = (
        page.session.config,
        page.neuron_list.greedy_button,
        page.neuron_list.greedy,
    )
    button.click()
    assert runner.running and page.busy()
    assert page.session.config == config  # nothing appended yet
    assert not button.isEnabled() and button.text() == "Searching…"
    qtbot.waitUntil(lambda: "Greedy next: scoring" in page.status_text())
    assert "candidate steps" in page.status_text() and "% done" in page.status_text()
    ticks_seen = []
    runner.changed.connect(lambda: ticks_seen.append(runner.progress()[0]))
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    assert len(ticks_seen) > 3  # it really came in pieces
    reference = ApproximationSession(config)
    reference.greedy_next()
    assert page.session.config == reference.config
    page.flush()
    assert button.isEnabled() and button.text() == "Greedy next"
    assert "scoring" not in page.status_text() and not page.busy()


def test_a_greedy_search_goes_on_through_weight_changes_and_stops_for_new_data(
    page, qtbot, monkeypatch
):
    from explorer.ui.labs.approximation import greedy_runner

    monkeypatch.setattr(greedy_runner, "FIRST_BUDGET_S", 0.0)
    monkeypatch.setattr(greedy_runner, "TICK_BUDGET_S", 0.0)
    page.session.update(n_points=2000)
    runner = page.neuron_list.greedy
    page.neuron_list.greedy_button.click()
    assert runner.running
    page.session.set_neuron(0, v=0.5)  # the search reads the network only at its end
    assert runner.running
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    assert page.session.config.n_hidden == 4 and page.session.config.neurons[0][2] == 0.5
    page.neuron_list.greedy_button.click()  # the same data: the kept candidates, at once
    assert not runner.running and page.session.config.n_hidden == 5
    page.session.update(n_points=1500)
    page.neuron_list.greedy_button.click()
    assert runner.running
    page.session.update(activation="tanh")
    assert not runner.running and page.session.config.n_hidden == 5
    assert "Greedy next stopped" in page.neuron_list.error_label.text()


def test_rows_for_a_big_n_appear_in_batches_and_are_built_ahead(page, qtbot):
    from explorer.ui.labs.approximation.neuron_list import ROW_BATCH

    rows = page.neuron_list.rows
    qtbot.waitUntil(lambda: len(rows) == MAX_NEURONS, timeout=30_000)  # built while idle
    assert all(row.isHidden() for row in rows[3:])
    page.neuron_list._synced_at = -1e9  # not in the middle of an N drag
    page.network_panel.n_slider.spin.setValue(MAX_NEURONS)
    assert page.neuron_list.shown_rows() == 3 + ROW_BATCH  # this frame shows a few
    qtbot.waitUntil(lambda: page.neuron_list.shown_rows() == MAX_NEURONS, timeout=30_000)
    for row, neuron in zip(rows, page.session.config.neurons, strict=True):
        assert tuple(row.sliders[f].value() for f in "wbv") == pytest.approx(neuron, abs=0.01)
    page.flush()
    assert len(neuron_lines(page)) == MAX_NEURONS


@pytest.mark.parametrize(
    ("text", "fragment"), [("sin(3*x", "column"), ("__import__('os')", "__import__")]
)
def test_a_bad_formula_shows_inline_and_keeps_the_old_target(page, qtbot, text, fragment):
    panel = page.target_panel
    old_y = drawn(page.area.function_view.points_item)[1].copy()
    panel.expression_edit.setText(text)
    qtbot.keyClick(panel.expression_edit, Qt.Key.Key_Return)
    page.flush()
    assert panel.expression_error.isVisibleTo(page)
    assert fragment in panel.expression_error.text()
    assert page.session.config.target == "sin"
    np.testing.assert_array_equal(drawn(page.area.function_view.points_item)[1], old_y)
    panel.expression_edit.setText("sin(3*x)")
    qtbot.keyClick(panel.expression_edit, Qt.Key.Key_Return)
    page.flush()
    assert not panel.expression_error.isVisibleTo(page)
    assert page.session.config.target == "custom"
    assert panel.target_box.value() == "custom"
    x, y = drawn(page.area.function_view.points_item)
    np.testing.assert_allclose(y, np.sin(3 * x))


def test_a_formula_is_applied_after_a_typing_pause(page, qtbot):
    qtbot.keyClicks(page.target_panel.expression_edit, " + 0")
    qtbot.waitUntil(lambda: page.session.config.target == "custom", timeout=30_000)
    assert page.session.config.expression.endswith("+ 0")


def test_choosing_a_named_target_sets_its_range(page):
    page.target_panel.target_box.setCurrentIndex(page.target_panel.target_box.findData("runge"))
    page.flush()
    config = page.session.config
    assert (config.target, config.x_min, config.x_max) == ("runge", -1.0, 1.0)
    assert page.target_panel.x_min_slider.value() == -1.0
    x, y = drawn(page.area.function_view.points_item)
    np.testing.assert_allclose(y, 1 / (1 + 25 * x**2))


def test_fit_mode_training_lowers_the_loss(page):
    page.area.tabs.setCurrentIndex(1)
    assert page.session.config.mode == "fit"
    for _ in range(200):
        page.step_once()
    page.flush()
    snapshot = page.session.snapshot()
    assert page.training_steps() == 200
    assert snapshot.loss_values[-1] < 0.3 * snapshot.loss_values[0]
    steps, log_losses = drawn(page.area.loss_view.loss_item)  # a log-y plot returns log10
    assert steps[-1] == 200 and 10 ** log_losses[-1] == pytest.approx(snapshot.loss_values[-1])
    x, y = drawn(page.area.function_view.sum_item)  # the sum is the trained network's output
    net = page.session.fit_run().net
    np.testing.assert_allclose(y, net.predict(x[:, None])[:, 0], rtol=1e-10, atol=1e-12)


def test_the_neuron_curves_move_as_the_network_trains(page):
    page.area.tabs.setCurrentIndex(1)
    page.step_once()
    page.flush()
    view = page.area.function_view
    first = [y.copy() for _x, y in neuron_lines(page)]
    for _ in range(100):
        page.step_once()
    page.flush()
    net = page.session.fit_run().net
    w1, b1, w2 = (np.asarray(p, dtype=float) for p in net.params[:3])  # (1, N), (N,), (N, 1)
    act = activations.get(page.session.config.activation)
    lines = neuron_lines(page)
    assert len(lines) == page.session.config.n_hidden
    for i, (x, y) in enumerate(lines):  # each thin line is vᵢ·σ(wᵢx + bᵢ) of the trained net
        expected = w2.reshape(-1)[i] * act.forward(w1.reshape(-1)[i] * x + b1[i])
        np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-9)
        assert not np.allclose(y, first[i])  # and it moved while training
    assert view.sum_item.isVisible()


def test_the_step_activation_builds_towers(page):
    box = page.network_panel.activation_box
    box.setCurrentIndex(box.findData("step"))  # as a user picks it
    page.flush()
    assert page.session.config.activation == "step"
    _x, y = drawn(page.area.function_view.sum_item)
    levels = np.unique(np.round(y, 9))
    assert len(levels) <= len(page.session.config.neurons) + 1  # flat steps, no slopes
    jumps = np.flatnonzero(np.abs(np.diff(y)) > 1e-9)
    assert 1 <= len(jumps) <= len(page.session.config.neurons)  # one jump per neuron at most
    page.flush()
    assert "tower" in page.notes.text().lower()


def test_playing_trains_on_the_timer_and_copy_moves_weights_to_build(page, qtbot):
    page.session.update(mode="fit")
    page.set_playing(True)
    assert page.is_playing()
    qtbot.waitUntil(lambda: page.training_steps() > 100, timeout=30_000)
    page.set_playing(False)
    page.flush()
    fitted = page.session.snapshot()
    qtbot.mouseClick(page.fit_panel.copy_button, Qt.MouseButton.LeftButton)
    config = page.session.config
    assert config.mode == "build"
    np.testing.assert_allclose(np.array(config.neurons), np.array(fitted.neurons), atol=1e-4)
    assert config.output_bias == pytest.approx(fitted.output_bias, abs=1e-4)


def test_least_squares_error_falls_from_2_to_32_neurons(page):
    page.session.update(mode="fit", fitter="lstsq")
    errors = {}
    for n in (2, 32):
        page.network_panel.n_slider.spin.setValue(n)
        page.flush()
        errors[n] = page.session.snapshot().mse
        assert len(neuron_lines(page)) == n
    assert errors[32] < 1e-3 * errors[2]
    assert page.area.side_stack.currentWidget() is page.area.residual_view


def test_error_vs_n_waits_until_a_drag_rests(page, qtbot):
    runner = page.runner
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    ticks = runner.ticks
    runner.quiet.setInterval(10**7)  # the input rests when this test says so, not the clock
    for k in range(12):  # a drag: a new noise level every frame
        runner.quiet.stop()
        page.target_panel.noise_slider.spin.setValue(0.01 * (k + 1))  # as a drag sets it
        assert runner.quiet.isActive()  # every change waits for the input to rest again
        assert not runner.timer.isActive()
        page.flush()
        qtbot.wait(1)  # a frame's events
    assert runner.ticks == ticks  # no slice ran mid-drag: each would have been thrown away
    assert runner.running and runner.job.computed == 0  # about to start
    runner.quiet.start(0)  # the input rests
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    assert runner.job.done and runner.ticks > ticks
    _n, log_errors = drawn(page.area.error_view.curve_item)
    np.testing.assert_allclose(10**log_errors, page.session.error_vs_n().run_to_end(), rtol=1e-9)


def test_error_vs_n_fills_in_without_blocking(page, qtbot):
    runner = page.runner
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    seen_while_running = []
    other_timer = QTimer(interval=1)
    other_timer.timeout.connect(lambda: seen_while_running.append(runner.job.computed))
    other_timer.start()
    page.session.update(n_points=2000, activation="tanh")  # restarts it, and makes it slower
    assert runner.running and runner.job.computed == 0
    qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
    other_timer.stop()
    assert runner.ticks >= 3
    assert any(0 < k < 64 for k in seen_while_running), "the event loop ran mid-computation"
    n, log_errors = drawn(page.area.error_view.curve_item)
    assert list(n) == list(range(1, 65))
    expected = page.session.error_vs_n().run_to_end()
    np.testing.assert_allclose(10**log_errors, expected, rtol=1e-9)
    page.network_panel.n_slider.spin.setValue(12)  # N only moves the marker
    page.flush()
    assert not runner.running
    assert page.area.error_view.n_line.value() == 12
    assert drawn(page.area.error_view.marker_item)[0][0] == 12


def test_a_diverging_run_pauses_and_says_why(page, qtbot):
    page.session.update(mode="fit", optimizer="sgd", learning_rate=10.0)
    page.set_playing(True)
    qtbot.waitUntil(lambda: not page.is_playing(), timeout=30_000)
    page.flush()
    status = page.status_text()
    assert "became" in status and "learning rate 10" in status and "too high" in status
    page.flush()
    assert "too high" in page.notes.text()
    assert page.fit_panel.message_label.isVisibleTo(page)
    assert np.isfinite(drawn(page.area.function_view.sum_item)[1]).all()
    page.set_playing(True)  # refuses to go on, says why again
    assert not page.is_playing()
    page.fit_panel.lr_slider.spin.setValue(0.01)
    page.reset()  # R restarts the run
    assert page.training_steps() == 0
    page.step_once()
    assert page.training_steps() == 1 and page.session.snapshot().diverged is None


def test_undo_after_a_drag_restores_it(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    start = page.session.config
    slider = page.neuron_list.rows[0].sliders["v"]
    for position in range(400, 800, 40):  # one drag: many changes, one undo step
        slider.slider.setValue(position)
    assert page.session.config != start
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    page.flush()
    assert page.session.config == start
    assert slider.value() == pytest.approx(start.neurons[0][2])
    x, y = neuron_lines(page)[0]
    np.testing.assert_allclose(y, expected_curves(start, x)[0][0])


@pytest.mark.slow
def test_soak_many_slider_moves(page, soak):
    sliders = [page.neuron_list.rows[i].sliders[f].slider for i in range(3) for f in "wbv"]
    sliders += [page.neuron_list.bias_slider.slider, page.target_panel.noise_slider.slider]
    soak(
        page, sliders, moves=5000, baseline=1000, switch_every=1
    )  # an unbounded curve cache: +4000 entries
    page.flush()
    x, y = drawn(page.area.function_view.sum_item)
    np.testing.assert_allclose(y, expected_curves(page.session.config, x)[1], atol=1e-12)


def test_the_residual_plot_draws_its_zero_line_across_the_middle(page, ink, qtbot):
    from explorer.ui.labs.approximation.palette import GUIDE_COLOUR

    view = page.area.residual_view
    qtbot.wait(1)
    grey = ink(view, GUIDE_COLOUR)
    box = view.plot_item.getViewBox().sceneBoundingRect()
    full_rows = np.nonzero(grey.sum(axis=1) > 0.6 * box.width())[0]  # rows grey most of the way
    middle = box.top() + box.height() / 2  # the y-range is symmetric about 0
    assert full_rows.size and np.all(np.abs(full_rows - middle) <= 2)


def test_a_target_with_a_less_than_sign_keeps_its_whole_title(page):
    page.session.update(target="step")
    page.flush()
    title = page.area.function_view.plot_item.titleLabel
    shown = title.item.toPlainText()
    assert "0 for x < 0, 1 for x ≥ 0" in shown and shown.endswith("and the network ŷ(x)")


def test_the_error_vs_n_axis_labels_whole_decades_only(page, qtbot):
    page.session.update(target="step")
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    page.flush()
    axis = page.area.error_view.plot_item.getAxis("left")
    low, high = page.area.error_view._decades
    labels = [text for value, text in axis._tickLevels[0]]
    assert labels == [f"{10.0**d:g}" for d in range(int(low), int(high) + 1)]
    assert all(text == "" for _, text in axis._tickLevels[1])


def test_twenty_neurons_are_drawn_by_six_gapped_lines_in_their_colours(page):
    """One item per colour: neuron i is a piece of group i mod 6, in neuron i's colour (as its
    row's swatch), and each piece is exactly vᵢ·σ(wᵢx + bᵢ)."""
    from explorer.ui.labs.approximation.palette import neuron_colour

    page.session.update(mode="fit", fitter="lstsq")
    page.network_panel.n_slider.spin.setValue(20)
    page.flush()
    view = page.area.function_view
    snapshot = page.session.snapshot()
    lines = neuron_lines(page)
    assert len(lines) == 20 and len(visible_groups(page)) == len(view.neuron_groups) == 6
    act = activations.get(snapshot.config.activation)
    for i, (x, y) in enumerate(lines):
        w, b, v = snapshot.neurons[i]
        np.testing.assert_allclose(y, v * act.forward(w * x + b), rtol=1e-9, atol=1e-12)
        group = view.neuron_groups[i % 6]
        assert group.opts["pen"].color() == neuron_colour(i)
    _x, y = drawn(view.neuron_groups[0])
    assert np.isnan(y).sum() == 4  # neurons 1, 7, 13, 19: a gap after each
    page.network_panel.n_slider.spin.setValue(2)
    page.flush()
    assert len(neuron_lines(page)) == 2 and len(visible_groups(page)) == 2

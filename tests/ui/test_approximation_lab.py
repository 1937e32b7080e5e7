"""The universal-approximation lab with real widgets: build, greedy, targets, fit, error vs N."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from explorer.core import activations
from explorer.state.approximation.session import ApproximationConfig
from explorer.ui.labs.approximation import ApproximationLab


@pytest.fixture
def page(app, qtbot):
    lab = ApproximationLab()
    qtbot.addWidget(lab)
    lab.resize(1200, 800)
    lab.show()
    lab.flush()
    yield lab
    lab.set_playing(False)


def expected_curves(config: ApproximationConfig, x: np.ndarray):
    act = activations.get(config.activation)
    parts = [v * act.forward(w * x + b) for w, b, v in config.neurons]
    return parts, sum(parts) + config.output_bias


def drawn(item) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


def visible_neuron_items(page) -> list:
    return [item for item in page.area.function_view.neuron_items if item.isVisible()]


def test_moving_a_build_slider_redraws_that_neuron_and_the_sum(page):
    view = page.area.function_view
    before = [drawn(item)[1].copy() for item in view.neuron_items]
    row = page.neuron_list.rows[1]
    row.sliders["w"].spin.setValue(-3.5)  # a user typing into w₂
    row.sliders["b"].slider.setValue(700)  # and dragging b₂
    page.flush()
    config = page.session.config
    assert config.neurons[1][0] == -3.5
    assert config.neurons[1][1] == pytest.approx(row.sliders["b"].value())
    x, y = drawn(view.neuron_items[1])
    parts, total = expected_curves(config, x)
    np.testing.assert_allclose(y, parts[1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(drawn(view.sum_item)[1], total, rtol=1e-12, atol=1e-12)
    for index in (0, 2):  # the other neurons are untouched
        np.testing.assert_array_equal(drawn(view.neuron_items[index])[1], before[index])
    page.flush()  # the notes follow at up to 8 updates per second
    assert "−3.5x" in page.notes.text()  # the live formula follows the sliders


def test_a_noise_drag_refeeds_only_the_points_and_keeps_the_lines_as_pixels(page):
    from PySide6.QtWidgets import QGraphicsItem

    view = page.area.function_view
    page.target_panel.noise_slider.spin.setValue(0.1)
    page.flush()
    lines = [view.sum_item, view.clean_item, *visible_neuron_items(page)]
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
    assert fed == [view.sum_item, view.neuron_items[0]]
    assert view.neuron_items[0].curve.cacheMode() != cached
    assert view.neuron_items[1].curve.cacheMode() == cached


def test_main_control_is_w1_and_moves_the_first_curve(page):
    control = page.main_control()
    assert control is page.neuron_list.rows[0].w_slider
    control.spin.setValue(7.25)
    page.flush()
    x, y = drawn(page.area.function_view.neuron_items[0])
    np.testing.assert_allclose(y, expected_curves(page.session.config, x)[0][0])


def test_add_and_remove_neurons_change_the_curves_and_the_config(page, qtbot):
    start = page.session.config.neurons
    qtbot.mouseClick(page.neuron_list.add_button, Qt.MouseButton.LeftButton)
    page.flush()
    assert len(page.session.config.neurons) == len(start) + 1
    assert len(visible_neuron_items(page)) == len(start) + 1
    assert page.network_panel.n_slider.value() == len(start) + 1
    qtbot.mouseClick(page.neuron_list.rows[1].remove_button, Qt.MouseButton.LeftButton)
    page.flush()
    neurons = page.session.config.neurons
    assert neurons[0] == start[0] and neurons[1] == start[2]  # neuron 2 is gone
    assert len(visible_neuron_items(page)) == len(start)
    assert page.neuron_list.rows[1].sliders["b"].value() == pytest.approx(start[2][1])
    for _ in range(len(neurons) - 1):
        page.session.remove_neuron(0)
    # rows follow quick changes of N a few times a second
    qtbot.waitUntil(lambda: page.neuron_list.rows[1].isHidden(), timeout=2000)
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
    qtbot.mouseClick(page.neuron_list.greedy_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.neuron_list.greedy_button, Qt.MouseButton.LeftButton)
    page.flush()
    after = page.session.snapshot().mse
    assert page.session.config.n_hidden == n + 2
    assert after < 0.8 * before
    assert f"MSE {after:.3g}" in page.status_text()


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
    qtbot.waitUntil(lambda: page.session.config.target == "custom", timeout=3000)
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
    first = [drawn(item)[1].copy() for item in visible_neuron_items(page)]
    for _ in range(100):
        page.step_once()
    page.flush()
    net = page.session.fit_run().net
    w1, b1, w2 = (np.asarray(p, dtype=float) for p in net.params[:3])  # (1, N), (N,), (N, 1)
    act = activations.get(page.session.config.activation)
    items = visible_neuron_items(page)
    assert len(items) == page.session.config.n_hidden
    for i, item in enumerate(items):  # each thin line is vᵢ·σ(wᵢx + bᵢ) of the trained net
        x, y = drawn(item)
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
    qtbot.waitUntil(lambda: page.training_steps() > 100, timeout=5000)
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
        assert len(visible_neuron_items(page)) == n
    assert errors[32] < 1e-3 * errors[2]
    assert page.area.side_stack.currentWidget() is page.area.residual_view


def test_error_vs_n_waits_until_a_drag_rests(page, qtbot):
    runner = page.runner
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)
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
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)
    assert runner.job.done and runner.ticks > ticks
    _n, log_errors = drawn(page.area.error_view.curve_item)
    np.testing.assert_allclose(10**log_errors, page.session.error_vs_n().run_to_end(), rtol=1e-9)


def test_error_vs_n_fills_in_without_blocking(page, qtbot):
    runner = page.runner
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    seen_while_running = []
    other_timer = QTimer(interval=1)
    other_timer.timeout.connect(lambda: seen_while_running.append(runner.job.computed))
    other_timer.start()
    page.session.update(n_points=2000, activation="tanh")  # restarts it, and makes it slower
    assert runner.running and runner.job.computed == 0
    qtbot.waitUntil(lambda: not runner.running, timeout=10000)
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
    qtbot.waitUntil(lambda: not page.is_playing(), timeout=5000)
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


def test_shortcuts_act_on_this_lab(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.session.update(mode="fit")
    window.navigator.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert page.is_playing() and window.play_action.text() == "&Pause"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not page.is_playing()
    steps = page.training_steps()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert page.training_steps() == steps + 1
    qtbot.keyClick(window, Qt.Key.Key_R)  # a run in progress: restart it
    assert page.training_steps() == 0 and page.session.config.mode == "fit"
    page.session.update(learning_rate=0.5)
    qtbot.keyClick(window, Qt.Key.Key_R)  # nothing to restart: every setting back
    assert page.session.config == ApproximationConfig(mode="fit")


def test_the_xor_view_has_its_own_training(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.area.tabs.setCurrentIndex(2)
    assert page.area.stack.currentWidget() is page.xor_panel
    assert not page.controls_area.isVisibleTo(page)
    window.navigator.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert page.xor_panel.is_playing() and page.is_playing()
    page.area.tabs.setCurrentIndex(0)  # leaving the tab pauses it
    assert not page.xor_panel.is_playing()
    assert page.controls_area.isVisibleTo(page)


def test_to_and_from_the_xor_tab_each_plot_is_laid_out_once(window, qtbot):
    """Hiding the controls, the notes and the other page one after another laid every plot on
    screen out three times per switch (35–45 ms of a tab switch, benchmarks/random_walk.py)."""
    from pyqtgraph import GraphicsView
    from PySide6.QtCore import QEvent, QObject

    window.select_lab("approximation")
    page = window.current_page
    page.flush()
    resized: dict[QObject, int] = {}

    class Count(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Resize:
                resized[watched] = resized.get(watched, 0) + 1
            return False

    count = Count()
    views = page.findChildren(GraphicsView)
    for view in views:
        view.installEventFilter(count)
    widgets = {view: view.isWidgetType() for view in views}  # the plots exist once
    for tab in (2, 0, 2, 1, 2, 0):
        resized.clear()
        page.area.tabs.setCurrentIndex(tab)
        page.flush()
        qtbot.wait(1)
        assert max(resized.values(), default=0) <= 1, (tab, resized)  # was 3 or 4 per plot
    assert set(page.findChildren(GraphicsView)) == set(widgets)


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
    x, y = drawn(page.area.function_view.neuron_items[0])
    np.testing.assert_allclose(y, expected_curves(start, x)[0][0])


def test_save_and_load_round_trip(page, tmp_path):
    session = page.session
    session.set_expression("abs(x) - 1")
    session.update(n_points=77, noise=0.2, seed=5, activation="tanh", output_bias=0.5)
    session.set_neuron(1, w=-2.5, b=1.25, v=0.75)
    session.update(mode="fit", fitter="lstsq", learning_rate=0.003, speed="slow")
    saved = session.config
    path = page.save_to(tmp_path / "approximation.json")
    page.reset()
    assert session.config != saved
    page.load_from(path)
    page.flush()
    assert session.config == saved
    assert page.target_panel.expression_edit.text() == "abs(x) - 1"
    assert page.target_panel.points_slider.value() == 77
    assert page.fit_panel.fitter_box.value() == "lstsq"
    assert page.area.tabs.currentIndex() == 1


def test_presets_load_every_control(window, qtbot):
    from explorer.state.presets import list_presets
    from explorer.state.serialize import load_session

    presets = list_presets("approximation")
    assert 3 <= len(presets) <= 5
    page = window.pages[0]
    for preset in presets:
        assert window.load_session_file(preset.path), preset.title
        page.flush()
        config = page.session.config
        assert config == load_session(preset.path, "approximation", ApproximationConfig)
        panel, network, fit = page.target_panel, page.network_panel, page.fit_panel
        assert panel.target_box.value() == config.target
        assert (panel.x_min_slider.value(), panel.x_max_slider.value()) == pytest.approx(
            (config.x_min, config.x_max), abs=0.01
        )
        assert network.n_slider.value() == config.n_hidden
        assert network.activation_box.value() == config.activation
        assert fit.fitter_box.value() == config.fitter and fit.speed_box.value() == config.speed
        assert page.area.tabs.currentIndex() == ("build", "fit", "xor").index(config.mode)
        if config.mode == "build":
            rows, n = page.neuron_list.rows, config.n_hidden
            qtbot.waitUntil(lambda rows=rows, n=n: sum(not r.isHidden() for r in rows) == n)
            for row, neuron in zip(rows, config.neurons, strict=False):
                values = tuple(row.sliders[f].value() for f in "wbv")
                assert values == pytest.approx(neuron, abs=0.01)


def test_export_svg_contains_the_curves(window, tmp_path):
    window.select_lab("approximation")
    page = window.current_page
    page.flush()
    svg = window.export_to(tmp_path / "approximation.svg").read_text()
    assert svg.count("<polyline") > 20  # curves stay vectors
    from explorer.ui.labs.approximation.palette import NEURON_COLOURS

    for colour in NEURON_COLOURS[:3]:  # each neuron's curve is a stroked path in its colour
        assert f'stroke="{colour.lower()}"' in svg


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


def test_session_file_keeps_the_xor_tab_settings(page, tmp_path):
    page.session.update(noise=0.2)
    page.xor_panel.session.update(hidden_units=9, activation="relu")
    path = page.save_to(tmp_path / "lesson.json")
    page.session.update(noise=0.0)
    page.xor_panel.session.update(hidden_units=3, activation="tanh")
    page.load_from(path)
    assert page.session.config.noise == 0.2
    xor = page.xor_panel.session.config
    assert (xor.hidden_units, xor.activation) == (9, "relu")
    assert page.xor_panel.hidden_slider.value() == 9  # the control follows the loaded state


def test_a_broken_xor_part_is_refused_and_changes_nothing(page, tmp_path):
    import json

    from explorer.state.serialize import SessionFileError

    path = page.save_to(tmp_path / "lesson.json")
    document = json.loads(path.read_text())
    document["config"]["noise"] = 0.3
    document["xor"]["hidden_units"] = "many"
    path.write_text(json.dumps(document))
    before = (page.session.config, page.xor_panel.session.config)
    with pytest.raises(SessionFileError, match=r"xor\.hidden_units"):
        page.load_from(path)
    assert (page.session.config, page.xor_panel.session.config) == before


def test_ctrl_z_never_just_switches_the_tab_back(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.area.tabs.setCurrentIndex(1)  # Fit, by the tab bar
    assert page.session.config.mode == "fit"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    page.flush()
    assert page.session.config.mode == "fit" and page.area.tabs.currentIndex() == 1


def test_undo_on_the_xor_tab_undoes_the_xor_change(page):
    page.session.update(mode="xor")
    page.xor_panel.session.update(hidden_units=7)
    assert page.undo()
    assert page.xor_panel.session.config.hidden_units == 4
    assert page.session.config.mode == "xor"  # the tab stays
    assert page.redo() and page.xor_panel.session.config.hidden_units == 7


def test_the_residual_plot_draws_its_zero_line_across_the_middle(page, ink, qtbot):
    from explorer.ui.labs.approximation.palette import GUIDE_COLOUR

    view = page.area.residual_view
    qtbot.wait(1)
    grey = ink(view, GUIDE_COLOUR)
    box = view.plot_item.getViewBox().sceneBoundingRect()
    full_rows = np.nonzero(grey.sum(axis=1) > 0.6 * box.width())[0]  # rows grey most of the way
    middle = box.top() + box.height() / 2  # the y-range is symmetric about 0
    assert full_rows.size and np.all(np.abs(full_rows - middle) <= 2)

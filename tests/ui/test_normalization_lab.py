"""The Normalization lab with real widgets: mouse clicks on the heat map, controls ↔ config,
the formula's numbers, tabs, training the four variants, presets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.state.normalization.config import NormalizationConfig
from explorer.state.presets import list_presets
from explorer.text_format import number
from explorer.ui.labs.normalization import NormalizationLab


@pytest.fixture
def lab(show_page) -> NormalizationLab:
    page = show_page(NormalizationLab(), (1300, 820))
    yield page
    page.set_playing(False)


def click_cell(qtbot, lab: NormalizationLab, row: int, column: int) -> None:
    """A left click with the mouse at the centre of a cell of the heat map."""
    cell_map = lab.axis_tab.cell_map
    point = cell_map.mapFromScene(cell_map.scene_pos_of(row, column))
    qtbot.mouseClick(cell_map.viewport(), Qt.MouseButton.LeftButton, pos=point)
    lab.flush()


def choose(box, key: str) -> None:
    box.setCurrentIndex(box.findData(key))


def test_a_mouse_click_on_a_cell_selects_it_and_shows_its_groups_numbers(lab, qtbot):
    click_cell(qtbot, lab, 5, 9)
    config = lab.session.config
    assert (config.row, config.column) == (5, 9)
    view = lab.session.snapshot().axis
    column = view.z[:, 9]  # BatchNorm: the cell's column
    assert view.mean == pytest.approx(column.mean(), rel=1e-12)
    formula = lab.axis_tab.formula.text()
    for value in (view.mean, view.std, view.value, view.normalized):
        assert number(value) in formula
    assert "feature j over the 16 samples (a column)" in formula
    assert f"ẑ {number(view.normalized)}" in lab.status_text()
    cell_map = lab.axis_tab.cell_map
    assert cell_map.outlined(cell_map.group_line) == (9, 10, 0, 16)  # the whole column outlined
    assert cell_map.outlined(cell_map.cell_line) == (9, 10, 5, 6)
    assert lab.undo() and (lab.session.config.row, lab.session.config.column) == (0, 0)


def test_a_click_outside_the_cells_changes_nothing(lab, qtbot):
    cell_map = lab.axis_tab.cell_map
    corner = cell_map.plot_item.vb.sceneBoundingRect().topLeft()
    outside = cell_map.mapFromScene(corner) - type(cell_map.mapFromScene(corner))(30, 10)
    qtbot.mouseClick(cell_map.viewport(), Qt.MouseButton.LeftButton, pos=outside)
    assert lab.session.config == NormalizationConfig()


@pytest.mark.parametrize("norm, outline", [("layernorm", (0, 16, 2, 3)),
                                           ("rmsnorm", (0, 16, 2, 3)),
                                           ("groupnorm", (4, 8, 2, 3))])  # fmt: skip
def test_choosing_a_norm_outlines_its_group(lab, qtbot, norm, outline):
    click_cell(qtbot, lab, 2, 6)
    choose(lab.axis_panel.norm_box, norm)
    lab.flush()
    assert lab.session.config.norm == norm
    cell_map = lab.axis_tab.cell_map
    assert cell_map.outlined(cell_map.group_line) == outline
    view = lab.session.snapshot().axis
    x0, x1, y0, y1 = cell_map.fade_hole  # everything but the group is faded
    assert (x1 - x0) * (y1 - y0) == view.count and cell_map.fade_hole == outline
    lab.session.update(norm="batchnorm")
    assert lab.axis_panel.norm_box.value() == "batchnorm"


def test_histograms_show_the_batch_and_the_group(lab):
    view = lab.session.snapshot().axis
    before, after = lab.axis_tab.before, lab.axis_tab.after
    assert np.array_equal(before.every.opts["height"], view.all_before)
    assert np.array_equal(before.group.opts["height"], view.group_before)
    assert np.array_equal(after.group.opts["height"], view.group_after)
    assert before.marker_x(before.mean_line) == pytest.approx(view.mean)
    assert before.marker_x(before.spread_line) == pytest.approx(view.mean - view.std)
    assert before.marker_x(before.spread_high) == pytest.approx(view.mean + view.std)
    assert after.marker_x(after.value_line) == pytest.approx(view.normalized)


def test_sliders_and_config_round_trip(lab):
    lab.axis_panel.layer_slider.slider.setValue(7)
    lab.axis_panel.batch_slider.slider.setValue(24)
    lab.network_panel.width_slider.slider.setValue(32)
    lab.flush()
    config = lab.session.config
    assert (config.layer, config.batch, config.width) == (7, 24, 32)
    assert lab.session.snapshot().axis.z.shape == (24, 32)
    assert lab.axis_tab.cell_map.image.image.shape == (24, 32)
    lab.session.replace_config(NormalizationConfig(depth=4, layer=2, groups=8))
    assert lab.network_panel.depth_slider.value() == 4
    assert lab.axis_panel.layer_slider.value() == 2
    assert lab.axis_panel.groups_slider.value() == 8


def test_tabs_follow_the_config_and_are_no_undo_step(lab):
    lab.tabs.setCurrentIndex(1)
    assert lab.session.config.tab == "layers"
    assert not lab.session.can_undo
    lab.session.update(tab="axis")
    assert lab.tabs.currentIndex() == 0


def test_play_trains_the_four_variants_and_draws_them(lab, qtbot):
    lab.training_panel.play_button.click()
    assert lab.is_playing() and lab.session.config.tab == "layers"
    qtbot.waitUntil(lambda: lab.training_steps() >= 20, timeout=20_000)
    lab.training_panel.play_button.click()
    assert not lab.is_playing()
    lab.flush()
    steps = lab.training_steps()
    view = lab.session.snapshot().variants
    assert view.step == steps
    for curve, losses in zip(lab.layers_tab.loss_view.curves, view.losses, strict=True):
        assert np.allclose(10 ** curve.getData()[1], losses)  # a log axis holds log10
    _x, y = lab.layers_tab.gradient_view.lines[1].getData()
    assert np.allclose(10**y, view.grad_norms[1])
    assert f"step {steps}" in lab.status_text()
    lab.training_panel.step_button.click()
    assert lab.training_steps() == steps + 1
    lab.training_panel.restart_button.click()
    assert lab.training_steps() == 0


def test_scale_restyles_without_error(lab):
    from explorer.ui import theme

    theme.Scale.set_percent(200)
    try:
        lab.apply_scale()
        lab.flush()
    finally:
        theme.Scale.set_percent(100)
        lab.apply_scale()


def test_every_preset_loads_and_draws(lab):
    presets = list_presets("normalization")
    assert len(presets) >= 5
    for preset in presets:
        lab.load_from(preset.path)
        lab.flush()
        lab.session.config.validate()


def test_batch_size_one_on_the_breaks_tab_shows_torchs_message(lab):
    lab.tabs.setCurrentIndex(2)
    assert lab.session.config.tab == "breaks"
    lab.breaks_panel.batch_slider.slider.setValue(1)
    lab.flush()
    assert lab.session.config.noise_batch == 1
    refusal = lab.breaks_tab.refusal
    assert refusal.isVisible()
    assert "Expected more than 1 value per channel when training" in refusal.text()
    assert "torch.Size([1, 16])" in refusal.text()
    lab.training_panel.play_button.click()
    assert not lab.is_playing()  # the run refuses to train
    lab.breaks_panel.batch_slider.slider.setValue(8)
    lab.flush()
    assert not refusal.isVisible()
    noise = lab.session.snapshot().noise
    _x, y = lab.breaks_tab.mu_view.trace.getData()
    np.testing.assert_array_equal(y, noise.batch_mu)
    _x, y = lab.breaks_tab.sweep_view.current.getData()
    assert 10 ** y[0] == pytest.approx(noise.measured[list(noise.sizes).index(8)])


def test_play_on_the_breaks_tab_trains_the_batchnorm_net(lab, qtbot):
    lab.session.update(tab="breaks")
    lab.breaks_panel.momentum_slider.spin.setValue(0.9)
    assert lab.session.config.momentum == pytest.approx(0.9)
    lab.training_panel.play_button.click()
    assert lab.is_playing() and lab.gap_driver.is_playing() and not lab.driver.is_playing()
    qtbot.waitUntil(lambda: lab.training_steps() >= 2 * 10, timeout=20_000)
    lab.tabs.setCurrentIndex(1)  # another tab: the run on the breaks tab pauses
    assert not lab.gap_driver.is_playing()
    lab.session.update(tab="breaks")
    lab.flush()
    gap = lab.session.snapshot().gap
    assert gap.step == lab.training_steps() >= 20
    assert all(n.momentum == pytest.approx(0.9) for n in lab.session.gap.run.net.norms)
    _x, y = lab.breaks_tab.running_view.running.getData()
    np.testing.assert_array_equal(y, gap.running_mean)
    _x, y = lab.breaks_tab.accuracy_view.eval_line.getData()
    np.testing.assert_array_equal(y, gap.eval_accuracy)
    assert f"step {gap.step}" in lab.status_text()
    lab.step_once()
    assert lab.training_steps() == gap.step + 1
    assert lab.session.training_steps == 0  # the four variants did not train


def test_the_layer_slider_ends_at_the_depth(lab):
    lab.network_panel.depth_slider.slider.setValue(5)
    slider = lab.axis_panel.layer_slider
    assert slider.slider.maximum() == slider.spin.maximum() == 5
    slider.slider.setValue(5)
    assert lab.session.config.layer == 5
    lab.network_panel.depth_slider.slider.setValue(4)  # the layer follows the depth down
    assert lab.session.config.layer == 4 and slider.value() == 4


def test_the_sweep_fills_in_only_while_its_tab_is_shown(lab, qtbot):
    lab.session.replace_config(NormalizationConfig(depth=2, width=4, train_batch=8))
    lab.flush()
    assert not lab.sweep_runner.running and not lab.busy()  # the "Which axis" tab is on screen
    lab.tabs.setCurrentIndex(1)
    assert lab.sweep_runner.running and lab.busy()  # a screenshot would wait for the sweep
    qtbot.waitUntil(lambda: lab.session.sweep.done >= 8, timeout=30_000)
    lab.tabs.setCurrentIndex(0)
    assert not lab.sweep_runner.running and not lab.busy()
    done = lab.session.sweep.done
    qtbot.wait(50)
    assert lab.session.sweep.done == done
    lab.tabs.setCurrentIndex(1)
    lab.flush()
    sweep = lab.session.snapshot().sweep
    x, y = lab.layers_tab.sweep_view.marks[1].getData()
    finite = np.isfinite(sweep.final[1])
    np.testing.assert_allclose(10**x, sweep.lrs[finite])
    np.testing.assert_allclose(10**y, np.maximum(sweep.final[1][finite], 1e-3))
    assert "Learning rates." in lab.notes.text()


def test_the_sweep_is_busy_until_it_is_complete_and_slows_down_while_training(lab, qtbot):
    from explorer.ui.labs.normalization.sweep_runner import TICK_MS, TRAINING_TICK_MS

    lab.session.replace_config(NormalizationConfig(depth=2, width=4, train_batch=8, tab="layers"))
    lab.flush()
    assert lab.busy()
    lab.set_playing(True)
    assert lab.sweep_runner.timer.interval() == TRAINING_TICK_MS
    lab.set_playing(False)
    assert lab.sweep_runner.timer.interval() == TICK_MS
    qtbot.waitUntil(lambda: not lab.busy(), timeout=60_000)
    assert lab.session.sweep.finished and not lab.sweep_runner.running


def test_the_input_scale_tab_draws_both_problems(lab):
    lab.tabs.setCurrentIndex(3)
    assert lab.session.config.tab == "inputs"
    lab.inputs_panel.scale_slider.spin.setValue(10.0)
    lab.inputs_panel.lr_slider.spin.setValue(0.005)
    lab.flush()
    config = lab.session.config
    assert (config.input_scale, config.input_lr) == (10.0, 0.005)
    view = lab.session.snapshot().inputs
    x, _y = lab.inputs_tab.raw_view.path.getData()
    np.testing.assert_array_equal(x[np.isfinite(x)], view.raw.path[:, 0])
    assert f"κ = {number(view.raw.kappa)}" in lab.inputs_tab.raw_view._title
    assert f"κ = {number(view.standardized.kappa)}" in lab.inputs_tab.standard_view._title
    lab.notes.flush()  # the live numbers follow at most eight times a second
    assert f"κ = λ_max/λ_min = <b>{number(view.raw.kappa)}</b>" in lab.notes.live.text()
    assert "Input scale." in lab.notes.body.text()  # the argument, laid out apart
    lab.session.update(input_scale=2.0)
    assert lab.inputs_panel.scale_slider.value() == 2.0


@pytest.mark.parametrize("standardized", [False, True])
def test_the_input_scale_surface_opens_in_the_optimizers_lab(window, qtbot, standardized):
    from explorer.state.normalization.surface_link import optimizers_config

    window.select_lab("normalization")
    lab = window.current_page
    lab.session.update(tab="inputs", input_scale=5.0, input_lr=0.03)
    panel = lab.inputs_panel
    button = panel.open_standardized_button if standardized else panel.open_raw_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    optimizers = window.current_page
    assert optimizers.key == "optimizers"
    expected = optimizers_config(5.0, 0.03, lab.session.config.seed, standardized)
    assert optimizers.session.config == expected
    assert optimizers.session.config.hyper_for("sgd")["lr"] == pytest.approx(0.03)
    assert optimizers.undo() and optimizers.session.config.surface != "custom"


def test_a_bare_page_says_the_optimizers_lab_needs_the_window(lab, qtbot):
    with qtbot.waitSignal(lab.status_changed) as shown:
        assert not lab.open_in_optimizers(False)
    assert shown.args == ["The Optimizers lab opens from the app's window only"]

"""The Depth & gradients lab with real widgets: controls → bars and strips (equal to the
core's layer_stats), training, divergence banner, A/B compare, presets."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from explorer.core import losses
from explorer.core.mlp import MLP
from explorer.state.depth.config import DepthConfig, losses_for
from explorer.state.depth.data import make_task_data
from explorer.state.presets import list_presets
from explorer.state.serialize import save_session
from explorer.ui import theme
from explorer.ui.labs.depth import DepthLab
from explorer.ui.labs.depth.strips_plot import strip_lookup_table


@pytest.fixture
def lab(depth_page) -> DepthLab:
    return depth_page


@pytest.fixture
def window_lab(window) -> DepthLab:
    window.select_lab("depth")
    page = window.current_page
    assert isinstance(page, DepthLab)
    page.flush()
    return page


def drag(control, value) -> None:
    """Move a ValueSlider's slider (integer) or type into its box, as a user does."""
    if control.integer:
        control.slider.setValue(int(value))
    else:
        control.spin.setValue(value)


def choose(box, key: str) -> None:
    box.setCurrentIndex(box.findData(key))


def core_stats(config: DepthConfig) -> list[dict]:
    """The core's layer_stats() of one forward/backward of the probe batch, untrained net."""
    data = make_task_data(config)
    net = MLP(config.sizes, config.activation, init=config.init, norm=config.norm_or_none,
              residual=config.residual, seed=config.seed)  # fmt: skip
    for linear in net.linears:
        linear.W *= config.gain
    _value, grad = losses.get(config.loss).value_and_gradient(
        net.forward(data.probe_x()), data.probe_target()
    )
    net.backward(grad)
    return net.layer_stats()


def bar_values(lab: DepthLab) -> np.ndarray:
    opts = lab.gradient_view.bars.opts
    return 10.0 ** (np.asarray(opts["y0"]) + np.asarray(opts["height"]))


def set_network(lab, depth, width, activation, init) -> None:
    panel = lab.network_panel
    drag(panel.depth_slider, depth)
    drag(panel.width_slider, width)
    choose(panel.activation_box, activation)
    choose(panel.init_box, init)
    lab.flush()


def test_bars_equal_the_core_layer_stats_for_the_controls(lab):
    panel = lab.network_panel
    set_network(lab, 7, 24, "tanh", "kaiming_uniform")
    drag(panel.gain_slider, 1.5)
    choose(panel.norm_box, "layernorm")
    panel.residual_toggle.click()
    lab.flush()
    config = lab.session.config
    assert (config.depth, config.width, config.activation, config.init) == (
        7, 24, "tanh", "kaiming_uniform")  # fmt: skip
    assert config.gain == 1.5 and config.norm == "layernorm" and config.residual
    expected = [layer["grad_norm"] for layer in core_stats(config)]
    np.testing.assert_allclose(bar_values(lab), expected, rtol=1e-9)
    assert list(lab.gradient_view.bars.opts["x"]) == list(range(1, 8))
    assert "used: 2.5" in panel.gain_label.text()  # 5/3 for tanh × 1.5


def test_sigmoid_at_depth_20_vanishes_relu_kaiming_does_not(lab):
    set_network(lab, 20, 32, "sigmoid", "xavier_uniform")
    bars = bar_values(lab)
    assert bars[0] / bars[-1] < 1e-4
    assert lab.session.snapshot().probe.ratio() < 1e-4
    title_ratio = f"{lab.session.snapshot().probe.ratio():.1e}".replace("-", "−")
    assert title_ratio in lab.gradient_view._title
    choose(lab.network_panel.activation_box, "relu")
    choose(lab.network_panel.init_box, "kaiming_normal")
    lab.flush()
    bars = bar_values(lab)
    assert 1e-3 < bars[0] / bars[-1] < 1e3
    assert len(bars) == 20


def test_activation_strips_fractions_and_band(lab):
    set_network(lab, 6, 16, "sigmoid", "normal")
    drag(lab.network_panel.gain_slider, 4.0)  # weights ~ N(0, 4²): sigmoid units saturate
    lab.flush()
    config = lab.session.config
    expected = core_stats(config)
    fractions = lab.layer_view.fractions
    np.testing.assert_allclose(fractions.saturated.opts["height"],
                               [100 * s["frac_saturated"] for s in expected])  # fmt: skip
    np.testing.assert_allclose(fractions.dead.opts["height"],
                               [100 * s["frac_dead"] for s in expected])  # fmt: skip
    assert max(s["frac_saturated"] for s in expected) > 0.05
    strips = lab.layer_view.strips
    np.testing.assert_allclose(strips.means.getData()[1],
                               np.clip([s["preact_mean"] for s in expected], strips._key[1],
                                       strips._key[2]))  # fmt: skip
    visible = strips.backdrop.bands()
    assert len(visible) == 2  # both tails of the sigmoid
    assert visible[0][1] == pytest.approx(-8.29, abs=0.01)
    choose(lab.network_panel.activation_box, "relu")
    lab.flush()
    visible = strips.backdrop.bands()
    assert len(visible) == 1 and visible[0][1] == 0.0
    choose(lab.layer_view.choice, "act")
    lab.flush()
    assert lab.session.config.layer_view == "act"
    assert strips.backdrop.bands() == ()
    assert lab.session.snapshot().strips.variable == "act"


def test_strip_pixels_are_pyqtgraphs_lookup_of_the_histograms(lab):
    set_network(lab, 6, 16, "sigmoid", "normal")
    lab.flush()
    strips = lab.layer_view.strips
    histogram = lab.session.snapshot().strips.image.T
    shown = strips.image.image
    assert shown.dtype == np.uint8 and shown.shape == (*histogram.shape, 4)
    # what an ImageItem makes of the square-rooted histogram with the lookup table itself
    reference = pg.ImageItem(axisOrder="row-major")
    reference.setLookupTable(strip_lookup_table())
    reference.setImage(np.sqrt(histogram), autoLevels=False, levels=(0.0, 1.0))
    reference.render()
    expected = reference.qimage.convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = np.frombuffer(expected.constBits(), np.uint8).reshape(*histogram.shape, 4)
    assert np.abs(shown.astype(int) - pixels).max() <= 1
    assert len({tuple(p) for p in shown.reshape(-1, 4)}) > 10  # a picture, not a flat fill


def test_percent_ticks_thin_out_on_a_short_fractions_plot(qtbot):
    from explorer.ui.labs.depth.fractions_plot import FractionsPlot

    plot = FractionsPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)

    def labels():
        return [text for _value, text in plot.plot_item.getAxis("left")._tickLevels[0]]

    qtbot.waitUntil(lambda: labels() == ["0", "50", "100"])
    theme.Scale.set_percent(250)
    try:
        plot.apply_scale()
        plot.resize(400, 160)  # its smallest: at 250 % three labels would touch
        qtbot.waitUntil(lambda: labels() == ["0", "100"])
        plot.resize(400, 500)
        qtbot.waitUntil(lambda: labels() == ["0", "50", "100"])
    finally:
        theme.Scale.set_percent(100)


def test_task_choice_restricts_the_losses(lab):
    panel = lab.task_panel
    choose(panel.task_box, "sin")
    lab.flush()
    items = [panel.loss_box.itemData(i) for i in range(panel.loss_box.count())]
    assert items == list(losses_for("regression"))
    assert lab.session.config.loss == "mse"
    assert lab.fit_view.mode == "1d"
    choose(panel.task_box, "gaussians")
    drag(panel.classes_slider, 4)
    lab.flush()
    assert panel.classes_slider.isVisibleTo(panel)
    assert lab.session.config.loss == "cross_entropy"
    assert [panel.loss_box.itemData(i) for i in range(panel.loss_box.count())] == ["cross_entropy"]
    assert lab.fit_view.mode == "2d"


def test_a_session_file_with_another_task_sets_its_losses_first(lab, tmp_path):
    config = DepthConfig(task="runge", loss="huber", activation="tanh", depth=3)
    lab.load_from(save_session(tmp_path / "runge.json", "depth", config))
    lab.flush()
    box = lab.task_panel.loss_box
    assert [box.itemData(i) for i in range(box.count())] == list(losses_for("regression"))
    assert box.value() == "huber" and lab.task_panel.task_box.value() == "runge"
    lab.undo()
    assert box.value() == "bce_with_logits"
    assert [box.itemData(i) for i in range(box.count())] == list(losses_for("binary"))


def test_optimizer_change_rebuilds_its_hyper_parameters(lab):
    panel = lab.training_panel
    choose(panel.optimizer_box, "adam")
    keys = list(panel.hyper_panel.controls)
    assert keys[:3] == ["betas[0]", "betas[1]", "eps"] and "amsgrad" in keys
    assert "momentum" not in keys
    drag(panel.hyper_panel.controls["betas[0]"], 0.5)
    panel.hyper_panel.controls["amsgrad"].click()
    assert lab.session.config.hyper == (("betas[0]", 0.5), ("amsgrad", 1.0))
    drag(panel.lr_slider, 0.003)
    assert lab.session.config.learning_rate == pytest.approx(0.003)
    lab.session.undo()
    lab.session.undo()
    assert panel.hyper_panel.controls["amsgrad"].value() is False


def test_invalid_setting_shows_a_message_and_changes_nothing(lab):
    choose(lab.network_panel.norm_box, "batchnorm")
    drag(lab.training_panel.batch_slider, 1)
    assert lab.session.config.batch_size == 0
    assert lab.error_label.isVisibleTo(lab.controls)
    assert "BatchNorm needs at least 2" in lab.error_label.text()
    assert lab.training_panel.batch_slider.value() == 0


def test_reset_restores_the_defaults_but_keeps_the_seed(lab):
    drag(lab.training_panel.seed_slider, 7)
    choose(lab.network_panel.activation_box, "relu")
    lab.training_panel.step_button.click()
    lab.reset()
    assert lab.session.config == DepthConfig(seed=7)
    assert lab.training_steps() == 0
    assert lab.network_panel.activation_box.value() == "sigmoid"
    lab.undo()
    assert lab.session.config.activation == "relu"


def test_a_depth_drag_is_one_undo_step(lab):
    for depth in range(11, 30):
        drag(lab.network_panel.depth_slider, depth)
    assert lab.session.config.depth == 29
    lab.undo()
    assert lab.session.config.depth == 10
    assert lab.network_panel.depth_slider.value() == 10


def test_training_lowers_the_loss_on_circles(lab, qtbot):
    set_network(lab, 4, 32, "relu", "kaiming_normal")
    lab.training_panel.play_button.click()
    assert lab.is_playing()
    # at 200 steps the loss is about 0.3 of its start: wait until it is clearly lower
    qtbot.waitUntil(lambda: lab.training_steps() >= 400, timeout=30_000)
    lab.training_panel.play_button.click()
    lab.driver.wait()
    assert not lab.is_playing()
    lab.flush()
    view = lab.session.train_view
    steps, values = lab.loss_view.loss_b.getOriginalDataset()
    np.testing.assert_array_equal(steps, view.steps)
    np.testing.assert_array_equal(values, view.loss)
    assert values[-1] < 0.3 * values[0]
    assert view.full_accuracy > 0.9
    assert lab.heatmap_view.image.image.shape == (4, min(view.step, 400))
    assert lab.fit_view.image.image is not None
    assert "accuracy" in lab.status_text()


def test_step_takes_one_step_and_shows_the_trained_net(lab):
    lab.training_panel.step_button.click()
    lab.driver.wait()
    lab.flush()
    view = lab.session.train_view
    assert view.step == 1
    _x, y = lab.gradient_view.now.getData()
    np.testing.assert_allclose(10.0**y, view.layers.grad_norm, rtol=1e-12)
    lab.training_panel.restart_button.click()
    assert lab.training_steps() == 0


def test_a_big_net_trains_on_the_worker_and_a_drag_meanwhile_restarts_it(lab, qtbot):
    lab.session.replace_config(DepthConfig(depth=48, width=128, batch_size=64, learning_rate=0.01))
    lab.set_playing(True)
    qtbot.waitUntil(lambda: lab.driver._job is not None, timeout=30_000)  # on the worker
    drag(lab.network_panel.depth_slider, 47)  # the UI thread is free while the step runs
    lab.flush()
    assert len(lab.gradient_view.bars.opts["x"]) == 47
    qtbot.waitUntil(lambda: lab.training_steps() >= 2, timeout=30_000)
    lab.set_playing(False)
    lab.driver.wait()
    assert lab.driver.worker_jobs > 0
    assert lab.session.runner.config.depth == 47  # the old run's result was dropped
    assert lab.session.train_view.layers.depth == 47


def test_a_nan_run_pauses_with_the_banner(lab, qtbot):
    set_network(lab, 20, 32, "relu", "kaiming_normal")
    drag(lab.training_panel.lr_slider, 1.0)
    lab.set_playing(True)
    qtbot.waitUntil(lambda: lab.banner.isVisible(), timeout=30_000)
    assert not lab.is_playing()
    diagnosis = lab.banner.diagnosis
    assert diagnosis.kind in ("nan", "exploded")
    assert "Likely cause" in lab.banner.cause.text()
    assert lab.banner.remedy_button.text().endswith("to 0.1")
    lab.banner.remedy_button.click()  # restart at lr 0.1 and train on: this one converges
    assert lab.session.config.learning_rate == pytest.approx(0.1)
    assert lab.is_playing()
    qtbot.waitUntil(lambda: lab.training_steps() >= 30, timeout=30_000)
    lab.set_playing(False)
    lab.driver.wait()
    assert not lab.banner.isVisible()
    assert lab.session.train_view.diagnosis is None


def test_ab_compare_overlays_bars_and_curves(lab, qtbot):
    set_network(lab, 6, 16, "sigmoid", "xavier_uniform")
    lab.set_playing(True)
    qtbot.waitUntil(lambda: lab.training_steps() >= 50, timeout=30_000)
    lab.set_playing(False)
    lab.driver.wait()
    lab.compare_panel.pin_button.click()
    pinned = lab.session.pinned
    choose(lab.network_panel.activation_box, "relu")
    choose(lab.network_panel.init_box, "kaiming_normal")
    lab.set_playing(True)
    qtbot.waitUntil(lambda: not lab.is_playing(), timeout=30_000)  # B stops at A's step
    lab.driver.wait()
    lab.flush()
    assert lab.training_steps() == pinned.step
    steps_a, loss_a = lab.loss_view.loss_a.getOriginalDataset()
    np.testing.assert_array_equal(loss_a, pinned.loss)
    steps_b, loss_b = lab.loss_view.loss_b.getOriginalDataset()
    assert steps_b[-1] == steps_a[-1] == pinned.step
    assert not np.array_equal(loss_a, loss_b)
    assert lab.gradient_view.pinned.isVisible()
    pinned_bars = lab.gradient_view.pinned.opts
    heights = 10.0 ** (np.asarray(pinned_bars["y0"]) + np.asarray(pinned_bars["height"]))
    np.testing.assert_allclose(heights, pinned.grad_norm, rtol=1e-9)
    text = lab.compare_panel.summary.text()
    assert "activation sigmoid → <b>relu</b>" in text
    lab.compare_panel.clear_button.click()
    lab.flush()
    assert not lab.gradient_view.pinned.isVisible()
    assert len(lab.loss_view.loss_a.getOriginalDataset()[0] or []) == 0


@pytest.mark.parametrize("preset", list_presets("depth"), ids=lambda p: p.path.stem)
def test_presets_load_every_control(lab, preset):
    lab.load_from(preset.path)
    lab.flush()
    c = lab.session.config
    network, task, training = lab.network_panel, lab.task_panel, lab.training_panel
    assert network.depth_slider.value() == c.depth
    assert network.width_slider.value() == c.width
    assert network.activation_box.value() == c.activation
    assert network.init_box.value() == c.init
    assert network.gain_slider.value() == pytest.approx(c.gain, rel=1e-3)
    assert network.norm_box.value() == c.norm
    assert network.residual_toggle.value() == c.residual
    assert task.task_box.value() == c.task
    assert task.points_slider.value() == c.points
    assert task.noise_slider.value() == pytest.approx(c.noise)
    assert task.classes_slider.value() == c.classes
    assert task.loss_box.value() == c.loss
    assert training.optimizer_box.value() == c.optimizer
    assert training.lr_slider.value() == pytest.approx(c.learning_rate, rel=1e-3)
    for key, control in training.hyper_panel.controls.items():
        assert control.value() == pytest.approx(c.hyper_value(key))
    assert training.batch_slider.value() == c.batch_size
    assert training.seed_slider.value() == c.seed
    assert lab.layer_view.choice.value() == c.layer_view


def test_presets_are_in_the_menu_and_load_from_it(window_lab, window):
    titles = [p.title for p in list_presets("depth")]
    actions = [
        a
        for a in window.presets_menu.actions()
        if a.text() == "Dead ReLUs from a high learning rate"
    ]
    assert [a.text() for a in window.presets_menu.actions()] == titles
    actions[0].trigger()
    assert window_lab.session.config.learning_rate == 1.0
    assert window_lab.network_panel.depth_slider.value() == 8
    for title in ("Sigmoid at depth 20 vanishes", "ReLU + He keeps gradients alive",
                  "Bad init explodes (normal, std 1, depth 20)",
                  "Dead ReLUs from a high learning rate",
                  "BatchNorm rescues a deep sigmoid net", "XOR needs a hidden layer"):  # fmt: skip
        assert title in titles


def test_large_scale_keeps_the_plots_inside_their_widgets(window_lab, window):
    lab = window_lab
    try:
        window.set_scale(200)
        lab.flush()
        for view in (lab.gradient_view, lab.loss_view, lab.heatmap_view, lab.fit_view):
            assert view.plot_item.geometry().width() <= view.width() + 1
    finally:
        window.set_scale(100)


def test_keyboard_space_plays_and_pauses(window_lab, window, qtbot):
    lab = window_lab
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert lab.is_playing()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not lab.is_playing()


def test_log_span_covers_the_values_in_whole_decades_snapped_at_both_ends():
    from explorer.ui.labs.depth.axes import log_span

    assert log_span(np.array([-3.2, -0.5])) == (-4, 0)  # ≤ 6 decades: every decade
    assert log_span(np.array([-9.5, -1.2])) == (-10, 0)  # ≤ 12: even decades at both ends
    assert log_span(np.array([-23.0, -1.5])) == (-25, 0)  # more: multiples of 5
    assert log_span(np.array([np.nan, -np.inf, -400.0])) == (-1, 1)  # nothing finite
    rng = np.random.default_rng(0)
    for _ in range(200):
        values = rng.uniform(-40, 3, rng.integers(1, 6))
        low, high = log_span(values)
        assert low <= values.min() and values.max() <= high and high - low >= 1


def test_depth_drag_rescales_the_heatmap_only_with_the_layer_slots(lab):
    from explorer.ui.labs.depth.axes import layer_slots

    view = lab.heatmap_view.plot_item.getViewBox()
    for depth in (3, 5, 9, 17, 2):
        drag(lab.network_panel.depth_slider, depth)
        lab.flush()
        assert view.viewRange()[1] == pytest.approx([0.5, layer_slots(depth) + 0.5])
    assert len({layer_slots(d) for d in (3, 5, 9, 17, 2)}) > 2  # the range did move


def test_heat_map_labels_its_steps_sparsely_at_a_large_scale_before_training(window_lab):
    window = window_lab.window()
    axis = window_lab.heatmap_view.plot_item.getAxis("bottom")
    window.set_scale(200)
    window_lab.flush()
    try:
        labels = [text for value, text in axis._tickLevels[0]]
        assert labels == ["0", "200", "400"]  # not 0, 100, 200, 300 crowding each other
    finally:
        window.set_scale(100)


@pytest.mark.parametrize(
    "values, options",
    [
        ([0.5, np.nan, 2.0], {}),
        ([np.inf, -np.inf, np.nan, 1.0], {}),
        ([np.inf, -np.inf, np.nan, 1.0], {"posinf": 1.0, "neginf": 0.0}),
        ([[0.1, 0.2], [0.3, 0.4]], {}),
    ],
)
def test_finite_is_nan_to_num(values, options):
    from explorer.ui.labs.depth.axes import finite

    expected = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0, **options)
    got = finite(values, **options)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)

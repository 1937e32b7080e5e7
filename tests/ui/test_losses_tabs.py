"""The loss-functions lab's margin, softmax and neuron tabs with real widgets: a logit dragged
with the mouse, sliders ↔ state, and what the plots hold."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from explorer.state.losses.config import LossesConfig
from explorer.state.losses.margin import DATA_EXTENT
from explorer.state.losses.training import GRID
from explorer.ui.labs.losses import LossesLab
from explorer.ui.labs.losses.contour import level_lines

MOUSE = runpy.run_path(str(Path(__file__).with_name("losses_mouse.py")))  # see test_losses_lab


@pytest.fixture
def lab(show_page) -> LossesLab:
    page = show_page(LossesLab(), (1300, 850))
    MOUSE["hold_fits"](page)  # the sliced fits advance when a test says so
    return page


def on_tab(lab, key: str):
    lab.session.update(tab=key)
    lab.flush()
    return lab.tabs[lab._index(key)]


# --- margin ----------------------------------------------------------------------------------


def test_margin_sliders_round_trip_and_the_rug_holds_the_margins(lab):
    tab = on_tab(lab, "margin")
    tab.panel.angle.setValue(0.0)
    tab.panel.angle.slider.setValue(tab.panel.angle.slider.value() + 100)  # a user's move
    assert lab.session.config.margin_angle == pytest.approx(tab.panel.angle.value())
    lab.session.update(margin_norm=2.5, margin_bias=0.5)
    assert tab.panel.norm.value() == 2.5 and tab.panel.bias.value() == 0.5
    lab.flush()
    view = lab.session.snapshot().margin
    x, _ = tab.loss_view.rugs[1.0].getData()
    np.testing.assert_allclose(np.sort(x), np.sort(np.clip(view.margins[view.y > 0], -4, 4)))
    assert "inside the margin" in lab.notes.text()


def test_margin_toggles_and_data_set(lab):
    tab = on_tab(lab, "margin")
    tab.panel.toggles.toggles["exponential"].setChecked(False)
    assert "exponential" not in lab.session.config.margin_losses
    tab.panel.data_set.setCurrentIndex(tab.panel.data_set.findData("moons"))
    assert lab.session.config.margin_set == "moons"
    lab.flush()
    assert not tab.loss_view.curves["exponential"].isVisible()
    hinge = tab.loss_view.curves["hinge"].getData()
    assert hinge[1][np.searchsorted(hinge[0], -1.0)] == pytest.approx(2.0)  # max(0, 1 − m)


# --- softmax ---------------------------------------------------------------------------------


def test_dragging_a_logit_handle_with_the_mouse_changes_that_logit(lab, qtbot):
    tab = on_tab(lab, "softmax")
    MOUSE["drag"](qtbot, tab.logits_view, (3.0, 0.1), (3.0, 5.0))
    logits = lab.session.config.softmax_logits
    assert logits[2] == pytest.approx(5.0, abs=0.1)
    assert logits[:2] == (2.0, 1.0) and logits[3] == -1.0
    lab.flush()
    p = lab.session.snapshot().softmax.probabilities
    assert p.argmax() == 2
    np.testing.assert_allclose(tab.probability_view.bars.opts["height"], p)
    assert lab.undo() and lab.session.config.softmax_logits == LossesConfig().softmax_logits


def test_classes_and_true_class_sliders(lab):
    tab = on_tab(lab, "softmax")
    tab.panel.classes.setValue(5)
    tab.panel.classes.valueChanged.emit(5.0)
    assert lab.session.config.classes == 5
    assert tab.panel.target.spin.maximum() == 5
    tab.panel.target.spin.setValue(5)
    assert lab.session.config.softmax_target == 4
    lab.session.set_classes(3)
    assert tab.panel.target.value() == 3 and tab.panel.target.spin.maximum() == 3
    lab.flush()
    assert len(tab.gradient_view.bars.opts["height"]) == 3


def test_temperature_smoothing_and_weight_reach_the_bars(lab):
    tab = on_tab(lab, "softmax")
    tab.panel.temperature.spin.setValue(2.0)
    tab.panel.smoothing.spin.setValue(0.2)
    tab.panel.weight.spin.setValue(3.0)  # the picked class starts as the true class, 1
    config = lab.session.config
    assert (config.softmax_temperature, config.softmax_smoothing, config.softmax_weights) == (
        2.0, 0.2, (3.0, 1.0, 1.0, 1.0))  # fmt: skip
    lab.flush()
    view = lab.session.snapshot().softmax
    np.testing.assert_allclose(tab.gradient_view.bars.opts["height"], view.gradient)
    _, q = tab.probability_view.targets.getData()
    np.testing.assert_allclose(q, [0.85, 0.05, 0.05, 0.05])
    assert "ε = 0.2" in lab.notes.text()


# --- the neuron ------------------------------------------------------------------------------


def test_neuron_curves_and_the_sigma_prime_title(lab):
    tab = on_tab(lab, "neuron")
    tab.panel.w.spin.setValue(0.0)
    tab.panel.b.spin.setValue(0.0)
    assert (lab.session.config.neuron_w, lab.session.config.neuron_b) == (0.0, 0.0)
    lab.flush()
    view = lab.session.snapshot().neuron
    assert view.mse.sigma_prime[0] == 0.25  # σ′(0)
    assert tab.gradient_view.caption_text == "MSE's factor σ′(z₀) = 0.25"
    _, y = tab.output_view.ce.getData()
    np.testing.assert_allclose(y, view.ce.outputs)
    tab.panel.steps.spin.setValue(50)
    lab.flush()
    assert tab.output_view.mse.getData()[0].size == 51


def test_a_refused_value_is_explained_and_rolled_back(lab):
    tab = on_tab(lab, "softmax")
    tab.panel.smoothing.spin.setValue(0.0)
    tab.panel.weight.spin.setValue(0.0)  # the true class's weight 0: 0/0
    assert lab.session.config.softmax_weights[0] == 1.0
    assert tab.panel.weight.value() == 1.0
    assert "0/0" in lab.error_label.message()


def test_training_under_each_loss_draws_boundaries_and_error_curves(lab):
    tab = on_tab(lab, "margin")
    assert not tab.training_view.curves["hinge"].isVisible()
    hinge = tab.boundaries.plots["hinge"]  # there before training, so ticking lays out nothing
    assert hinge.isVisibleTo(tab.plots) and hinge._title == "Hinge: not trained"
    tab.panel.trained.setChecked(True)
    assert lab.session.config.margin_trained
    lab.flush()  # the runs train between frames: first they are drawn at step 0, so titled
    assert lab.busy() and "training… 0 %" in lab.status_text()
    assert tab.boundaries.plots["hinge"]._title == "Hinge: training…"
    assert "so far" in lab.notes.text() and "wrong at the end" not in lab.notes.text()
    MOUSE["finish_fits"](lab)
    assert not lab.busy() and "training" not in lab.status_text()
    assert tab.boundaries.plots["hinge"]._title.endswith("wrong")
    runs = {run.name: run for run in lab.session.snapshot().margin.trained}
    _, errors = tab.training_view.curves["hinge"].getData()
    np.testing.assert_array_equal(errors, runs["hinge"].errors)
    x, y = tab.data_view.trained["soft_margin"].getData()
    run = runs["soft_margin"]
    np.testing.assert_allclose(run.w[0] * x + run.w[1] * y + run.b, 0.0, atol=1e-9)
    assert "Trained from w = 0" in lab.notes.text()
    assert tab.boundaries.plots["hinge"].isVisibleTo(tab.plots)
    assert tab.boundaries.plots["zero_one"].image.image is not None
    tab.panel.noise.spin.setValue(0.5)  # new data: the runs are dropped
    assert not tab.panel.trained.isChecked()


def test_the_small_mlp_classifier_and_its_runs_side_by_side(lab):
    tab = on_tab(lab, "margin")
    panel = tab.panel
    panel.data_set.setCurrentIndex(panel.data_set.findData("spirals"))
    panel.model.setCurrentIndex(panel.model.findData("mlp"))
    assert (lab.session.config.margin_set, lab.session.config.margin_model) == ("spirals", "mlp")
    assert not panel.angle.isEnabled() and not panel.bias.isEnabled()
    lab.flush()
    assert "training…" in tab.data_view._title and "training under" in lab.notes.text()
    MOUSE["finish_fits"](lab)
    assert tab.data_view._title == "Data and the small MLP's s(x) (trained, logistic loss)"
    view = lab.session.snapshot().margin
    step = 2 * DATA_EXTENT / (GRID - 1)
    for item, level in zip(tab.data_view.iso, (0.0, 1.0, -1.0), strict=True):  # s = 0, ±1
        x, y = level_lines(view.mlp_run.scores, level, (-DATA_EXTENT, -DATA_EXTENT), step)
        np.testing.assert_array_equal(item.getData()[0], x)
        np.testing.assert_array_equal(item.getData()[1], y)
    assert (
        tab.data_view.boundary.getData()[0] is None or tab.data_view.boundary.getData()[0].size == 0
    )
    rug_x, _ = tab.loss_view.rugs[1.0].getData()
    np.testing.assert_allclose(np.sort(rug_x), np.sort(np.clip(view.margins[view.y > 0], -4, 4)))
    assert "Small MLP" in lab.notes.text()
    panel.trained.setChecked(True)
    MOUSE["finish_fits"](lab)
    runs = {run.name: run for run in lab.session.snapshot().margin.trained}
    strip = tab.boundaries
    assert strip.isVisibleTo(tab.plots) and set(runs) == set(lab.session.config.margin_losses)
    hinge = strip.plots["hinge"]
    x, _ = level_lines(runs["hinge"].scores, 0.0, (-DATA_EXTENT, -DATA_EXTENT), step)
    np.testing.assert_array_equal(hinge.boundary.getData()[0], x)
    assert hinge.image.image.shape == (*runs["hinge"].scores.shape, 3)
    _, values = tab.training_loss_view.curves["soft_margin"].getData()
    np.testing.assert_allclose(values, np.log10(runs["soft_margin"].losses))  # a log axis
    assert "Small MLPs trained from seed 0" in lab.notes.text()
    lab.session.set_checked("margin_losses", "hinge", False)
    lab.flush()
    assert not hinge.isVisibleTo(tab.plots)
    lab.session.update(margin_model="linear")
    assert panel.model.currentData() == "linear" and panel.angle.isEnabled()


def test_a_weight_for_every_class(lab):
    tab = on_tab(lab, "softmax")
    panel = tab.panel
    panel.weight_class.spin.setValue(3)
    assert panel.weight.value() == 1.0
    panel.weight.spin.setValue(2.5)
    assert lab.session.config.softmax_weights == (1.0, 1.0, 2.5, 1.0)
    panel.weight_class.spin.setValue(1)
    assert panel.weight.value() == 1.0  # the slider shows the picked class's weight
    lab.session.update(softmax_weights=(4.0, 1.0, 2.5, 1.0))
    assert panel.weight.value() == 4.0
    assert panel.weights_text.text() == "w = (4, 1, 2.5, 1)"
    lab.session.update(softmax_smoothing=0.1)
    lab.flush()
    view = lab.session.snapshot().softmax
    np.testing.assert_allclose(tab.gradient_view.bars.opts["height"], view.gradient)
    assert "class weights w = (4, 1, 2.5, 1)" in lab.notes.text()
    panel.classes.spin.setValue(3)
    assert panel.weight_class.maximum == 3
    assert lab.session.config.softmax_weights == (4.0, 1.0, 2.5)

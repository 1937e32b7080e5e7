"""The Activation lab with real widgets: checks, sliders, plots, undo, files, presets, export."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QMessageBox

from explorer.core import activations
from explorer.state.activations.config import ActivationsConfig
from explorer.state.activations.curves import POINTS, grid_span
from explorer.state.presets import list_presets
from explorer.ui import theme
from explorer.ui.labs.activations import ActivationsLab
from explorer.ui.labs.activations.palette import ACTIVATION_COLOURS


@pytest.fixture
def lab(activations_page) -> ActivationsLab:
    return activations_page


def visible_curves(view) -> list[str]:
    return [name for name, item in view.curves.items() if item.isVisible()]


def test_defaults_plot_sigmoid_tanh_relu_as_the_core_computes(lab):
    assert lab.checklist.checked_names() == ["sigmoid", "tanh", "relu"]
    assert visible_curves(lab.function_view) == ["sigmoid", "tanh", "relu"]
    assert visible_curves(lab.derivative_view) == ["sigmoid", "tanh", "relu"]
    for name in ("sigmoid", "tanh", "relu"):
        act = activations.get(name)
        x, y = lab.function_view.curves[name].getData()
        np.testing.assert_array_equal(y, act.forward(x))
        x, dy = lab.derivative_view.curves[name].getData()
        np.testing.assert_array_equal(dy, act.derivative(x))
    assert x[0] == -grid_span(lab.session.config.x_range) and len(x) == POINTS and 0.0 in x
    legend = [label.text for _sample, label in lab.function_view.legend.items]
    assert legend == ["Sigmoid (logistic)", "Tanh", "ReLU"]


def test_checking_and_unchecking_adds_and_removes_curves(lab):
    lab.checklist.set_checked("gelu", True)
    lab.checklist.set_checked("tanh", False)
    lab.flush()
    assert lab.session.config.checked == ("sigmoid", "relu", "gelu")
    assert visible_curves(lab.function_view) == ["sigmoid", "relu", "gelu"]
    assert visible_curves(lab.derivative_view) == ["sigmoid", "relu", "gelu"]
    x, y = lab.function_view.curves["gelu"].getData()
    np.testing.assert_array_equal(y, activations.get("gelu").forward(x))
    assert len(lab.function_view.curves["tanh"].getData()[0] or []) == 0
    assert len(lab.chain_view.curves["tanh"].getOriginalDataset()[0] or []) == 0
    legend = [label.text for _sample, label in lab.function_view.legend.items]
    assert legend == ["Sigmoid (logistic)", "ReLU", "GELU"]
    assert lab.status_text().startswith("3 activations")


def test_colours_belong_to_the_registry_index(lab):
    lab.checklist.set_checked("gelu", True)
    lab.flush()
    gelu_pen = lab.function_view.curves["gelu"].opts["pen"].color().name()
    lab.checklist.set_checked("sigmoid", False)
    lab.flush()
    assert lab.function_view.curves["gelu"].opts["pen"].color().name() == gelu_pen
    assert lab.derivative_view.curves["gelu"].opts["pen"].color().name() == gelu_pen


def test_parameter_slider_changes_the_curve_to_exactly_the_core(lab):
    group = lab.parameters.groups["leaky_relu"]
    assert not group.isVisibleTo(lab.parameters)  # hidden until ticked
    lab.checklist.set_checked("leaky_relu", True)
    assert group.isVisibleTo(lab.parameters)
    slider = lab.parameters.controls[("leaky_relu", "negative_slope")]
    sigmoid_before = lab.function_view.curves["sigmoid"].getData()[1]
    slider.slider.setValue(slider.STEPS // 4)  # a quarter of 0 … 1
    assert lab.session.config.params_for("leaky_relu") == {"negative_slope": 0.25}
    lab.flush()
    act = activations.get("leaky_relu", negative_slope=0.25)
    x, y = lab.function_view.curves["leaky_relu"].getData()
    np.testing.assert_array_equal(y, act.forward(x))
    x, dy = lab.derivative_view.curves["leaky_relu"].getData()
    np.testing.assert_array_equal(dy, act.derivative(x))
    assert np.min(dy) == 0.25
    # the other curves were not re-fed
    assert lab.function_view.curves["sigmoid"].getData()[1] is sigmoid_before


def test_parameter_groups_title_in_the_curve_colour_over_plain_black_controls(lab, ink, qtbot):
    lab.checklist.set_checked("leaky_relu", True)
    qtbot.wait(1)
    group = lab.parameters.groups["leaky_relu"]
    control = lab.parameters.controls[("leaky_relu", "negative_slope")]
    colour = ACTIVATION_COLOURS[activations.names().index("leaky_relu")]
    title = ink(group, colour)
    assert title.sum() > 40  # the title is drawn in the curve's colour …
    assert title[: title.shape[0] // 3].sum() == title.sum()  # … and only the title
    assert group.font().bold() and not control.font().bold()
    assert control.label.palette().color(QPalette.ColorRole.WindowText) == QColor("black")
    # a style sheet would route each repaint of the slider through Qt's slow style-sheet style
    assert group.styleSheet() == control.styleSheet() == ""


def test_a_choice_parameter(lab):
    lab.checklist.set_checked("gelu", True)
    choice = lab.parameters.controls[("gelu", "approximate")]
    choice.setCurrentIndex(choice.findData("tanh"))
    lab.flush()
    x, y = lab.function_view.curves["gelu"].getData()
    np.testing.assert_array_equal(y, activations.get("gelu", approximate="tanh").forward(x))


def test_an_invalid_parameter_is_refused_with_a_message(lab):
    lab.checklist.set_checked("hardtanh", True)
    low = lab.parameters.controls[("hardtanh", "min_val")]
    # the sliders' ranges keep min_val < max_val, so send what a control would send; the
    # parameter's own range refuses it first
    lab.parameters.paramChanged.emit("hardtanh", "min_val", 2.0)
    assert lab.session.config.params_for("hardtanh") == {"min_val": -1.0, "max_val": 1.0}
    assert low.value() == -1.0
    assert lab.error_label.isVisibleTo(lab.controls)
    assert "hardtanh.min_val must be between −5 and −0.1, got 2" in lab.error_label.text()
    low.spin.setValue(-2.0)  # a valid change clears the message
    assert lab.session.config.params_for("hardtanh")["min_val"] == -2.0
    assert not lab.error_label.isVisibleTo(lab.controls)


def test_max_abs_derivative_marker_sits_at_sigmoids_quarter(lab):
    lab.flush()
    x, y = lab.derivative_view.peaks["sigmoid"].getData()
    assert (list(x), list(y)) == ([0.0], [0.25])
    assert lab.derivative_view.peak_label.textItem.toPlainText() == "max |f′| = 0.25"
    x, y = lab.derivative_view.peaks["tanh"].getData()
    assert (list(x), list(y)) == ([0.0], [1.0])
    lab.max_toggle.setChecked(False)
    lab.flush()
    assert len(lab.derivative_view.peaks["sigmoid"].getData()[0] or []) == 0


def test_saturation_shading_marks_where_the_derivative_is_tiny(lab):
    lab.flush()
    shown = list(lab.derivative_view.backdrop.bands())
    assert len(shown) == 2
    x = np.linspace(-8, 8, 4001)
    tiny = np.abs(activations.get("sigmoid").derivative(x)) < 0.0025
    for lo, hi in shown:  # inside each region f′ is tiny, just outside it is not
        inside = (x > lo + 0.05) & (x < hi - 0.05)
        assert tiny[inside].all()
    assert shown[0][0] <= -8.0 and shown[1][1] >= 8.0  # to the view's edges and beyond
    assert abs(shown[1][0] - 5.99) < 0.05
    lab.shade_toggle.setChecked(False)
    lab.flush()
    assert lab.derivative_view.backdrop.bands() == ()


def test_zero_line_and_zero_centred_annotation(lab):
    assert lab.function_view.backdrop.guides["y = 0"][:2] == ("y", 0.0)  # the horizontal axis
    assert lab.function_view.backdrop.guides["x = 0"][:2] == ("x", 0.0)
    assert list(lab.function_view.centre_marker.getData()[1]) == [0.5]
    assert "not zero-centred" in lab.function_view.caption.text
    lab.checklist.setCurrentRow(activations.names().index("tanh"))
    lab.flush()
    assert lab.session.config.selected == "tanh"
    assert "Tanh: zero-centred" in lab.function_view.caption.text


def test_chain_plot_is_the_power_of_max_derivative(lab):
    depths, chain = lab.chain_view.curves["sigmoid"].getOriginalDataset()
    np.testing.assert_array_equal(depths, np.arange(1, 31))
    np.testing.assert_allclose(chain, 0.25 ** np.arange(1, 31), rtol=1e-15)
    for name in ("tanh", "relu"):
        np.testing.assert_array_equal(lab.chain_view.curves[name].getOriginalDataset()[1], 1.0)
    assert lab.chain_view.plot_item.getAxis("bottom").labelText == "depth L (layers)"
    assert lab.chain_view.plot_item.ctrl.logYCheck.isChecked()


def test_depth_slider_moves_the_marker_and_the_notes(lab):
    lab.depth_slider.spin.setValue(20)
    lab.flush()
    assert lab.session.config.depth == 20
    assert lab.chain_view.depth_line.value() == 20
    x, y = lab.chain_view.markers["sigmoid"].getOriginalDataset()
    assert list(x) == [20] and y[0] == pytest.approx(0.25**20)
    assert "after 20 layers 9.1e−13" in lab.notes.text()


def test_notes_card_and_status_carry_live_numbers(lab, window):
    lab.flush()
    assert "max |f′| = 0.250 → after 10 layers 9.5e−07" in lab.notes.text()
    assert lab.status_text() == "3 activations · selected: Sigmoid · max|f′| 0.25"
    assert window.statusBar().currentMessage() == lab.status_text()
    card = lab.card.text()
    assert "Sigmoid (logistic)" in card and "0 to 1" in card and "<sup>−x</sup>" in card
    lab.checklist.setCurrentRow(activations.names().index("relu"))
    lab.flush()
    assert lab.status_text() == "3 activations · selected: ReLU · max|f′| 1"
    assert "ReLU" in lab.card.text() and "after 10 layers 1;" in lab.notes.text()


def test_x_range_slider_round_trip(lab):
    slider = lab.main_control()
    assert slider is lab.x_range_slider and slider.value() == 8.0
    slider.spin.setValue(12.0)
    assert lab.session.config.x_range == 12.0
    lab.flush()
    x, _ = lab.function_view.curves["tanh"].getData()
    assert (x[0], x[-1]) == (-grid_span(12.0), grid_span(12.0)) and grid_span(12.0) >= 12.0
    assert lab.function_view.viewRange()[0] == pytest.approx([-12.0, 12.0])
    assert lab.derivative_view.viewRange()[0] == pytest.approx([-12.0, 12.0])  # x-linked
    lab.session.update(x_range=3.0)
    assert slider.value() == 3.0


def test_an_x_range_drag_inside_one_grid_moves_the_view_but_refeeds_no_curve(lab, monkeypatch):
    fed = []
    for view in (lab.function_view, lab.derivative_view):
        for name, item in view.curves.items():
            original = item.setData
            monkeypatch.setattr(
                item, "setData", lambda *a, o=original, n=name: (fed.append(n), o(*a))
            )
    y_before = lab.function_view.viewRange()[1]
    for x_range in (7.0, 7.5, 6.6):  # all on the ±8 grid; ReLU's top snaps to 8 throughout
        lab.x_range_slider.spin.setValue(x_range)
        lab.flush()
        assert lab.function_view.viewRange()[0] == pytest.approx([-x_range, x_range])
        assert lab.derivative_view.viewRange()[0] == pytest.approx([-x_range, x_range])
        assert lab.function_view.viewRange()[1] == pytest.approx(y_before)
    assert fed == []
    lab.x_range_slider.spin.setValue(9.0)  # the ±10 grid: every shown curve gets new samples
    lab.flush()
    assert sorted(fed) == sorted(["sigmoid", "tanh", "relu"] * 2)
    x, y = lab.function_view.curves["relu"].getData()
    np.testing.assert_array_equal(y, np.maximum(x, 0.0))
    top = lab.function_view.viewRange()[1][1]
    assert top >= 10.0  # 9 snapped to 10, plus padding and the caption's band


def test_undo_restores_the_previous_check_state(lab, window):
    lab.checklist.set_checked("elu", True)
    lab.flush()
    assert "elu" in visible_curves(lab.function_view)
    window.undo_action.trigger()
    lab.flush()
    assert lab.session.config.checked == ("sigmoid", "tanh", "relu")
    assert lab.checklist.item_for("elu").checkState() == Qt.CheckState.Unchecked
    assert "elu" not in visible_curves(lab.function_view)
    window.redo_action.trigger()
    assert lab.checklist.item_for("elu").checkState() == Qt.CheckState.Checked


def test_save_and_load_session_through_the_window(lab, window, tmp_path):
    lab.checklist.set_checked("leaky_relu", True)
    lab.checklist.setCurrentRow(activations.names().index("leaky_relu"))
    lab.parameters.controls[("leaky_relu", "negative_slope")].spin.setValue(0.3)
    lab.x_range_slider.spin.setValue(5.0)
    saved = lab.session.config
    assert window.save_session_file(tmp_path / "act.json") is not None
    lab.reset()
    assert lab.session.config == ActivationsConfig()
    assert window.load_session_file(tmp_path / "act.json")
    assert lab.session.config == saved
    assert lab.checklist.checked_names() == ["sigmoid", "tanh", "relu", "leaky_relu"]
    assert lab.checklist.currentRow() == activations.names().index("leaky_relu")
    assert lab.parameters.controls[("leaky_relu", "negative_slope")].value() == 0.3
    assert lab.x_range_slider.value() == 5.0


def test_a_broken_session_file_changes_nothing(lab, window, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a))
    path = tmp_path / "bad.json"
    path.write_text('{"lab": "activations", "config": {"checked": ["sigmoid", "nope"]}}')
    assert not window.load_session_file(path)
    assert lab.session.config == ActivationsConfig() and warnings


@pytest.mark.parametrize("preset", list_presets("activations"), ids=lambda p: p.path.stem)
def test_presets_load_and_set_the_controls(lab, window, preset):
    assert window.load_session_file(preset.path)
    config = lab.session.config
    assert config != ActivationsConfig()
    assert lab.checklist.checked_names() == list(config.checked)
    assert lab.x_range_slider.value() == config.x_range
    for (name, param), control in lab.parameters.controls.items():
        assert control.value() == config.params_for(name)[param]
        assert control.parent().isVisibleTo(lab.parameters) == (name in config.checked)
    lab.flush()
    assert visible_curves(lab.function_view) == list(config.checked)


def test_the_relu_family_preset_sets_leaky_slope(lab, window):
    (preset,) = [p for p in list_presets("activations") if p.title == "The ReLU family"]
    window.load_session_file(preset.path)
    assert lab.parameters.controls[("leaky_relu", "negative_slope")].value() == 0.1
    assert len(list_presets("activations")) >= 3


def test_scale_200_applies_thicker_pens(lab, window):
    try:
        window.set_scale(200)
        lab.flush()
        tanh = lab.function_view.curves["tanh"].opts["pen"].widthF()
        sigmoid = lab.function_view.curves["sigmoid"].opts["pen"].widthF()  # selected: wider
        assert tanh == pytest.approx(theme.BASE_LINE_WIDTH * 2)
        assert sigmoid == pytest.approx(theme.BASE_LINE_WIDTH * 1.6 * 2)
        assert lab.chain_view.curves["relu"].opts["pen"].widthF() == pytest.approx(
            theme.BASE_LINE_WIDTH * 2
        )
        guide_pen = lab.function_view.backdrop.guides["y = 0"][2]
        assert guide_pen.widthF() == pytest.approx(theme.THIN_LINE_WIDTH * 2)
        # the plots keep their widget's width (a long title must not push them off screen)
        view = lab.derivative_view
        assert view.plot_item.geometry().width() <= view.width() + 1
    finally:
        window.set_scale(100)
    assert lab.function_view.curves["tanh"].opts["pen"].widthF() == theme.BASE_LINE_WIDTH


@pytest.mark.slow
def test_soak_5000_slider_moves(lab, window, soak):
    window.resize(1000, 700)  # a leak hunt, not a speed test: fewer pixels keep it under 30 s
    lab.checklist.set_checked("leaky_relu", True)
    lab.checklist.set_checked("gelu", True)
    slope = lab.parameters.controls[("leaky_relu", "negative_slope")]
    sliders = [lab.x_range_slider.slider, lab.depth_slider.slider, slope.slider]
    soak(lab, sliders, moves=5000, baseline=1000)
    config = lab.session.config
    x, y = lab.function_view.curves["leaky_relu"].getData()
    np.testing.assert_array_equal(
        y, activations.get("leaky_relu", **config.params_for("leaky_relu")).forward(x)
    )
    assert x[-1] == grid_span(config.x_range) >= config.x_range


def test_dragging_the_depth_line_sets_the_depth(lab):
    line = lab.chain_view.depth_line
    line.setValue(17.4)
    line.sigDragged.emit(line)  # what a mouse drag emits
    assert lab.session.config.depth == 17
    assert lab.depth_slider.value() == 17


def test_banded_range_leaves_room_for_captions():
    from explorer.ui.labs.activations.axis_ranges import banded_range

    lo, hi = banded_range(0.0, 1.0, view_px=200, bottom_px=50, pad=0.0)
    assert hi == pytest.approx(1.0)
    assert (0.0 - lo) / (hi - lo) == pytest.approx(50 / 200)  # the bottom quarter is free
    lo, hi = banded_range(0.0, 1.0, view_px=100, top_px=90, pad=0.0)
    assert (hi - 1.0) / (hi - lo) == pytest.approx(0.6)  # data keeps at least 40 %


def test_a_narrow_page_puts_the_plots_in_one_column_that_scrolls(lab, window):
    """At 250 % in a 1280-px window, two columns left f(x) 340 × 190 px for its legend and its
    caption: one column gives every plot the page's width, and the plots scroll."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from explorer.ui.labs.activations.plots_area import SIDE_BY_SIDE_PX

    area = lab.plots_area

    def at(view) -> QPoint:
        return view.mapTo(area, QPoint(0, 0))

    window.resize(1280, 720)
    lab.flush()
    QApplication.processEvents()
    assert not area.stacked  # 100 %: f over f′ beside the card and the chain plot
    assert at(lab.chain_view).x() > at(lab.function_view).x()
    try:
        window.set_scale(250)
        lab.flush()
        QApplication.processEvents()
        assert area.width() < SIDE_BY_SIDE_PX * 2.5 and area.stacked
        assert at(lab.chain_view).y() > at(lab.derivative_view).y() > at(lab.function_view).y()
        assert lab.chain_view.width() == pytest.approx(lab.function_view.width(), abs=2)
        inner = area.scroll.widget()
        assert inner.height() > area.scroll.viewport().height()  # it scrolls, not squeezes
        assert lab.export_target() is inner  # an export takes every plot, not the part in view
        # the caption takes two lines where one is wider than the plot
        caption = lab.function_view.caption
        room = lab.function_view.plot_item.getViewBox().width() - 16
        assert "not zero-centred,<br>f(0) = 0.5" in caption.text
        assert caption.item.boundingRect().width() <= room
    finally:
        window.set_scale(100)
    lab.flush()
    assert not area.stacked
    assert "not zero-centred, f(0) = 0.5" in lab.function_view.caption.text  # one line again

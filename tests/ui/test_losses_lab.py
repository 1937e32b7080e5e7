"""The loss-functions lab with real widgets: mouse drags on the data, controls ↔ state, tabs,
undo, what the plots hold."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.state.losses.config import DEFAULT_POINTS, OUTLIER, LossesConfig
from explorer.ui.labs.losses import LossesLab

# pytest's importlib mode puts no test folder on sys.path: the helpers are run by path
MOUSE = runpy.run_path(str(Path(__file__).with_name("losses_mouse.py")))
drag, widget_pos = MOUSE["drag"], MOUSE["widget_pos"]


@pytest.fixture
def lab(show_page) -> LossesLab:
    page = show_page(LossesLab(), (1300, 850))
    MOUSE["hold_fits"](page)  # the sliced fits advance when a test says so
    return page


def tab(lab):
    return lab.tabs[0]


def test_dragging_a_point_with_the_mouse_moves_it_and_refits_every_line(lab, qtbot):
    view = tab(lab).data_view
    x0, y0 = DEFAULT_POINTS[3]
    drag(qtbot, view, (x0, y0), (x0, -3.5))
    x, y = lab.session.config.reg_points[3]
    assert x == pytest.approx(x0, abs=0.05) and y == pytest.approx(-3.5, abs=0.05)
    assert lab.session.config.reg_selected == 3
    lab.flush()
    data = view.scatter.data
    assert data["y"][3] == pytest.approx(y)
    mse = lab.session.snapshot().regression.fit("mse")
    line_x, line_y = view.lines["mse"].getData()
    np.testing.assert_allclose(line_y, mse.slope * line_x + mse.intercept)
    assert lab.undo() and lab.session.config.reg_points == DEFAULT_POINTS  # one drag, one undo


def test_a_drag_off_the_points_moves_nothing(lab, qtbot):
    drag(qtbot, tab(lab).data_view, (0.0, 3.0), (1.0, -3.0))
    assert lab.session.config == LossesConfig()


def test_clicking_a_point_selects_it_and_the_markers_follow(lab, qtbot):
    view = tab(lab).data_view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=widget_pos(view, *DEFAULT_POINTS[0])
    )
    assert lab.session.config.reg_selected == 0
    lab.flush()
    fit = lab.session.snapshot().regression.fit("huber")
    mx, my = tab(lab).derivative_view.markers["huber"].getData()
    assert mx[0] == pytest.approx(fit.residuals[0]) and my[0] == pytest.approx(fit.pulls[0])


def test_add_outlier_button_and_the_pull_bars(lab, qtbot):
    panel = tab(lab).panel
    assert lab.session.config.reg_points[-1] == OUTLIER  # the start has one
    qtbot.mouseClick(panel.add_outlier, Qt.MouseButton.LeftButton)
    assert len(lab.session.config.reg_points) == 10
    assert lab.session.config.reg_selected == 9
    lab.flush()
    view = tab(lab).pulls_view
    heights = {name: view.heights(name) for name in lab.session.config.reg_losses}
    assert heights["mse"].size == 10
    assert abs(heights["mse"][-1]) > 3  # MSE pulls with 2r on the outlier
    assert abs(heights["huber"][-1]) == pytest.approx(1.0)  # Huber clips it at δ
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert lab.session.config.reg_points == DEFAULT_POINTS


def test_sliders_and_toggles_round_trip(lab):
    panel = tab(lab).panel
    panel.delta.setValue(0.5)
    panel.delta.slider.setValue(panel.delta.slider.value() + 100)
    assert lab.session.config.reg_delta == pytest.approx(panel.delta.value())
    lab.session.update(reg_beta=2.5)
    assert panel.beta.value() == 2.5
    panel.toggles.toggles["l1"].setChecked(False)
    assert lab.session.config.reg_losses == ("mse", "huber", "smooth_l1")
    lab.flush()
    assert not tab(lab).data_view.lines["l1"].isVisible()
    lab.session.undo()
    assert panel.toggles.toggles["l1"].isChecked()


def test_tabs_follow_the_config_and_are_not_undo_steps(lab):
    for i, key in enumerate(t.key for t in lab.tabs):
        lab.tab_widget.setCurrentIndex(i)
        assert lab.session.config.tab == key
        assert lab.stack.currentIndex() == i
    assert not lab.session.can_undo
    lab.session.update(tab="regression")
    assert lab.tab_widget.currentIndex() == 0


def test_notes_and_status_quote_the_fits(lab):
    lab.session.add_outlier()
    lab.flush()
    fit = lab.session.snapshot().regression.fit("mse")
    assert "Point 10" in lab.notes.text()
    assert f"{fit.slope:.2f}".replace("-", "−") in lab.status_text()


def test_a_drag_that_leaves_no_line_is_refused_with_a_reason(lab):
    lab.session.update(reg_points=((0.0, 0.0), (1.0, 1.0)), reg_selected=0)
    tab(lab).data_view.pointDragged.emit(0, 1.0, 2.0)  # onto the other point's x
    assert lab.session.config.reg_points == ((0.0, 0.0), (1.0, 1.0))
    assert "two different x" in lab.error_label.message()


def test_no_loss_ticked_draws_no_line_and_no_bar(lab):
    lab.session.update(reg_losses=())
    lab.flush()
    assert not any(line.isVisible() for line in tab(lab).data_view.lines.values())
    assert not tab(lab).pulls_view.bars.isVisible()
    assert "Tick a loss" in lab.notes.text()
    lab.session.undo()
    lab.flush()
    assert tab(lab).pulls_view.bars.isVisible()


def test_the_model_switch_fits_small_mlps_and_the_bars_follow_them(lab, qtbot):
    panel, view = tab(lab).panel, tab(lab).data_view
    panel.model.setCurrentIndex(panel.model.findData("mlp"))
    assert lab.session.config.reg_model == "mlp"
    lab.flush()  # the fits run between frames: first the seeded nets, titled so
    assert "fitting… 0 %" in view._title and lab.busy()
    assert "MLP (after 0 of 200 steps)" in lab.notes.text()
    MOUSE["finish_fits"](lab)
    assert "fitting" not in view._title and not lab.busy()
    snapshot = lab.session.snapshot().regression
    x, y = view.lines["mse"].getData()
    np.testing.assert_allclose(y, snapshot.fit("mse").model_y)
    assert x.size > 100  # a curve, not a line
    heights = tab(lab).pulls_view.heights("mse")
    np.testing.assert_allclose(heights, snapshot.fit("mse").pulls)
    assert "small MLP" in view._title and "Small MLP" in lab.notes.text()
    MOUSE["drag"](qtbot, view, DEFAULT_POINTS[-1], (2.7, 3.0))  # the outlier up, warm starts
    lab.flush()
    assert "approximate" in view._title and "(approximate)" in lab.notes.text()
    assert view.lines["mse"].opacity() < 1
    moved = lab.session.snapshot().regression.fit("mse").model_y
    assert moved[-1] > y[-1] + 1.0  # MSE's curve followed the point up
    MOUSE["finish_fits"](lab)
    assert "approximate" not in view._title and view.lines["mse"].opacity() == 1
    assert "(approximate)" not in lab.notes.text() and "approximate" not in lab.status_text()
    lab.session.update(reg_model="line")
    assert panel.model.currentData() == "line"
    lab.flush()
    assert view.lines["mse"].getData()[0].size == 2

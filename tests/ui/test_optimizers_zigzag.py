"""The Optimizers lab's "Sigmoid vs tanh" tab with real widgets: the tab switch, sliders ↔
config, the start drag, the plots holding the runs, words, sessions and CSV export."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from explorer.state.optimizers import zigzag
from explorer.state.optimizers.config import OptimizersConfig
from explorer.ui.data_export import export_plot_data, visible_plots
from explorer.ui.labs.optimizers import OptimizersLab
from explorer.ui.labs.optimizers.zigzag_tab import ZigzagTab
from explorer.ui.labs.optimizers.zigzag_texts import reached

MOUSE = runpy.run_path(str(Path(__file__).with_name("losses_mouse.py")))  # see test_losses_lab


@pytest.fixture
def lab(show_page) -> OptimizersLab:
    page = show_page(OptimizersLab(), (1300, 900))
    page.tab_widget.setCurrentIndex(1 + [t.key for t in page.tabs].index("zigzag"))
    page.flush()
    yield page
    page.set_playing(False)


def tab(lab) -> ZigzagTab:
    return next(t for t in lab.tabs if t.key == "zigzag")


def zig_view(lab) -> zigzag.ZigzagView:
    return lab.session.snapshot().view("zigzag")


def assert_segments_drawn(view, run) -> None:
    """Every update that moved w is one segment w_{t−1} → w_t in its quadrant's item."""
    for quadrant, item in view.segments.items():
        x, y = item.getData()
        steps = np.flatnonzero(run.quadrants == quadrant)
        if x is None:
            assert steps.size == 0
            continue
        ends = np.column_stack([x, y]).reshape(-1, 2, 2)
        np.testing.assert_array_equal(ends[:, 0], run.path[steps])
        np.testing.assert_array_equal(ends[:, 1], run.path[steps + 1])
    still = np.flatnonzero(run.quadrants == zigzag.STILL)
    np.testing.assert_array_equal(run.path[still], run.path[still + 1])  # no segment to draw


def test_the_tab_switch_shows_its_controls_plots_and_words(lab):
    assert lab.session.config.tab == "zigzag"
    t = tab(lab)
    assert lab.stack.currentWidget() is t.panel and t.panel.isVisible()
    assert lab.tab_widget.tabText(lab.tab_widget.currentIndex()) == "Sigmoid vs tanh"
    assert all(view.isVisible() for view in t.views())
    assert not lab.surface_view.isVisible()
    assert lab.main_control() is t.panel.lr
    assert "Why sigmoid zig-zags" in lab.notes.text()
    assert not lab.session.can_undo  # a tab is a view field
    lab.tab_widget.setCurrentIndex(0)
    lab.flush()
    assert lab.session.config.tab == "race" and lab.surface_view.isVisible()
    assert "Why sigmoid" not in lab.notes.text()


def test_the_plots_hold_both_runs_coloured_by_sign_pair(lab):
    view = zig_view(lab)
    t = tab(lab)
    for plot, run in ((t.sigmoid_view, view.run("sigmoid")), (t.tanh_view, view.run("tanh"))):
        assert_segments_drawn(plot, run)
        assert (plot.start.pos().x(), plot.start.pos().y()) == view.start
    mixed_x, _ = t.sigmoid_view.segments[zigzag.MIXED].getData()
    assert mixed_x is None or len(mixed_x) == 0
    assert len(t.tanh_view.segments[zigzag.MIXED].getData()[0]) > 0
    assert "mixed 0 %" in t.sigmoid_view.caption_text
    for run in view.runs:
        steps, loss = t.loss_view.curves[run.activation].getOriginalDataset()
        np.testing.assert_array_equal(steps, np.arange(len(run.loss)))
        np.testing.assert_allclose(loss, np.maximum(run.loss, t.loss_view.floor))
    hits, _ = t.loss_view.reached.getOriginalDataset()
    assert sorted(hits) == sorted(run.steps_to_target for run in view.runs)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [("lr", "zig_lr", 0.2), ("steps", "zig_steps", 350), ("batch", "zig_batch", 4),
     ("seed", "zig_seed", 12), ("w1", "zig_w1", 0.75), ("w2", "zig_w2", -2.0),
     ("offset", "zig_offset", 1.5), ("target", "zig_target", 1e-4)],
)  # fmt: skip
def test_slider_config_round_trip(lab, name, field, value):
    slider = getattr(tab(lab).panel, name)
    slider.valueChanged.emit(value)
    assert getattr(lab.session.config, field) == value
    lab.session.undo()
    assert getattr(lab.session.config, field) == getattr(OptimizersConfig(), field)
    assert slider.value() == pytest.approx(getattr(OptimizersConfig(), field))
    lab.session.update(**{field: value})
    assert slider.value() == pytest.approx(value)
    lab.flush()
    assert zig_view(lab).runs[0].steps == lab.session.config.zig_steps


def test_a_refused_value_is_named_and_the_slider_goes_back(lab):
    tab(lab).panel.lr.valueChanged.emit(0.0)  # typed below the range
    assert lab.session.config.zig_lr == OptimizersConfig().zig_lr
    assert "learning rate" in lab.error_label.message()


def test_dragging_the_start_on_a_contour_plot_moves_both_runs(lab, qtbot):
    t = tab(lab)
    MOUSE["drag"](qtbot, t.tanh_view, (-1.5, 1.5), (0.5, 2.5))
    c = lab.session.config
    assert abs(c.zig_w1 - 0.5) < 0.1 and abs(c.zig_w2 - 2.5) < 0.1
    lab.flush()
    for plot in (t.sigmoid_view, t.tanh_view):
        run = zig_view(lab).run(plot.activation)
        np.testing.assert_array_equal(run.path[0], (c.zig_w1, c.zig_w2))
        assert (plot.start.pos().x(), plot.start.pos().y()) == (c.zig_w1, c.zig_w2)
    lab.session.undo()  # the drag is one undo step
    assert (lab.session.config.zig_w1, lab.session.config.zig_w2) == (-1.5, 1.5)
    t.sigmoid_view.startDragged.emit(9.0, -9.0)  # beyond the range: held at its edge
    assert (lab.session.config.zig_w1, lab.session.config.zig_w2) == (3.0, -3.0)
    assert (t.tanh_view.start.pos().x(), t.tanh_view.start.pos().y()) == (3.0, -3.0)


def test_notes_and_status_describe_the_runs_on_screen(lab):
    view = zig_view(lab)
    sig, tanh = view.run("sigmoid"), view.run("tanh")
    notes, status = lab.notes.text(), lab.status_text()
    assert f"sigmoid in {sig.steps_to_target} steps" in status
    assert f"tanh in {tanh.steps_to_target} steps" in status
    assert "same-sign updates: sigmoid 100 %" in status
    assert f"sigmoid {reached(sig)}, tanh {reached(tanh)}" in notes
    assert "0 % mixed" in notes and "64 of sigmoid's 64 outputs" in notes
    assert "towards (+, −)" in notes and "staircases" in notes
    assert "a detour, not a failure" in notes
    lab.session.update(zig_steps=10, zig_batch=8)
    lab.flush()
    assert "sigmoid not reached in 10 steps" in lab.status_text()
    assert "With 8 examples per step" in lab.notes.text()
    lab.session.update(zig_offset=3.0)
    lab.flush()
    assert "Why tanh need not, and here does" in lab.notes.text()


def test_a_diverging_run_is_named_and_not_drawn_far_away(lab):
    lab.session.update(zig_lr=2.0, zig_batch=32, zig_steps=1000)
    lab.flush()
    assert "sigmoid diverged" in lab.notes.text()
    assert "a detour, not a failure" not in lab.notes.text()
    assert "not reached in" in lab.status_text()
    x, y = tab(lab).sigmoid_view.segments[zigzag.BOTH_PLUS].getData()
    drawn = np.abs(np.concatenate([x, y])) if x is not None else np.zeros(0)
    assert np.all(drawn <= 100)


def test_a_session_saved_on_the_tab_opens_on_it(lab, tmp_path, show_page):
    lab.session.update(zig_lr=0.3, zig_offset=-1.0, zig_w1=2.0)
    path = lab.save_to(tmp_path / "zig.json")
    other = show_page(OptimizersLab(), (1300, 900))
    other.load_from(path)
    other.flush()
    assert other.session.config == lab.session.config
    assert other.tab_widget.tabText(other.tab_widget.currentIndex()) == "Sigmoid vs tanh"
    assert tab(other).panel.w1.value() == 2.0
    assert other.status_text() == lab.status_text()


def test_the_preset_opens_the_tab(lab):
    lab.tab_widget.setCurrentIndex(0)
    preset = Path(__file__).parents[2] / "resources/presets/optimizers/08-sigmoid-zigzag.json"
    lab.load_from(preset)
    lab.flush()
    assert lab.session.config.tab == "zigzag" and tab(lab).sigmoid_view.isVisible()


def test_export_writes_a_csv_per_plot_of_the_tab(lab, tmp_path):
    written = export_plot_data(lab.export_target(), tmp_path, "optimizers")
    plots = visible_plots(lab.export_target())
    assert len(written) == len(plots) == 3
    names = [p.name for p in written]
    assert any("sigmoid-units" in n for n in names) and any("tanh-units" in n for n in names)
    loss_csv = next(p for p in written if "loss" in p.name).read_text(encoding="utf-8")
    header = loss_csv.splitlines()[0]
    assert header.startswith("series,step,L (MSE)")
    view = zig_view(lab)
    rows = [line.split(",") for line in loss_csv.splitlines()[1:]]
    sigmoid = [float(r[2]) for r in rows if r[0] == "sigmoid"]
    np.testing.assert_allclose(sigmoid, np.maximum(view.run("sigmoid").loss, 1e-12))
    tanh_csv = next(p for p in written if "tanh-units" in p.name).read_text(encoding="utf-8")
    assert "\nmixed," in tanh_csv and tanh_csv.startswith("series,w₁,w₂")


def test_space_and_step_on_this_tab_say_nothing_plays_and_leave_the_race_alone(window, qtbot):
    from PySide6.QtCore import Qt

    window.select_lab("optimizers")
    lab = window.current_page
    lab.session.update(tab="zigzag", step=0)
    lab.flush()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not lab.is_playing() and lab.session.config.step == 0
    assert "Nothing plays on the Sigmoid vs tanh tab" in lab.status_text()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert lab.session.config.step == 0 and lab.training_steps() == 0

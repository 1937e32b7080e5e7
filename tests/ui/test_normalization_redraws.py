"""The Normalization lab draws only what changed: a tab switch lays each plot out once, with
the new tab's notes already written; a slice of the sweep or a training step redraws only
the plots whose view is new (real widgets, real sessions)."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from explorer.state.normalization.config import NormalizationConfig
from explorer.ui.labs.normalization import NormalizationLab


@pytest.fixture
def lab(show_page) -> NormalizationLab:
    page = show_page(NormalizationLab(), (1300, 820))
    yield page
    page.set_playing(False)


class ResizeCounter(QObject):
    """Resize events per widget it watches."""

    def __init__(self, widgets) -> None:
        super().__init__()
        self.counts = {widget: 0 for widget in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize and obj in self.counts:
            self.counts[obj] += 1
        return False


def settle(lab: NormalizationLab) -> None:
    for _ in range(3):
        lab.flush()
        QApplication.processEvents()


class Calls:
    """Counts the calls of a method (and still calls it)."""

    def __init__(self, monkeypatch, owner, name: str) -> None:
        self.count = 0
        method = getattr(owner, name)

        def counted(*args, **kwargs):
            self.count += 1
            return method(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


@pytest.mark.parametrize("switch", ["tab bar", "step"])
def test_a_tab_switch_lays_each_plot_out_once_with_its_notes_written(lab, switch):
    lab.session.update(tab="layers")  # shown once, then left: its plots have a size
    settle(lab)
    lab.session.update(tab="axis")
    settle(lab)
    views = lab.layers_tab.findChildren(pg.GraphicsView)
    assert len(views) == 7
    counter = ResizeCounter(views)
    if switch == "tab bar":
        lab.tabs.setCurrentIndex(1)
    else:
        lab.step_once()  # Step shows what it trains
    # on screen at once, with the notes of this tab (not the heat map's)
    assert lab.tabs.stack.currentWidget() is lab.tab_scrolls[1]
    assert lab.tabs.currentIndex() == 1 and lab.session.config.tab == "layers"
    assert "Every layer." in lab.notes.text() and "Which axis." not in lab.notes.text()
    settle(lab)
    # each plot at most once (the tab bar's own switch laid them out three times: at the old
    # notes' height, then at the argument's and at the live numbers' new heights)
    assert max(counter.counts.values()) <= 1, counter.counts
    assert all(view.isVisible() for view in views)


def test_a_tab_chosen_by_the_config_shows_in_the_bar_without_a_second_change(lab):
    changes = []
    lab.tabs.currentChanged.connect(changes.append)
    lab.session.replace_config(NormalizationConfig(tab="breaks"))
    assert lab.tabs.currentIndex() == 2 and lab.tabs.stack.currentWidget() is lab.tab_scrolls[2]
    assert changes == []  # the config moved the bar: no second update of the session
    assert lab.tabs.tabText(2) == "When it breaks" and lab.tabs.count() == 4


def test_a_slice_of_the_sweep_redraws_the_sweep_and_a_step_the_variants(lab, monkeypatch):
    lab.session.replace_config(NormalizationConfig(depth=2, width=4, train_batch=8, tab="layers"))
    settle(lab)
    lab.sweep_runner.set_active(False)  # its slices run by hand below
    tab = lab.layers_tab
    losses = Calls(monkeypatch, tab.loss_view, "show_view")
    strips = Calls(monkeypatch, tab.strips[0], "show_view")
    sweeps = Calls(monkeypatch, tab.sweep_view, "show_sweep")
    done = lab.session.sweep.done
    while lab.session.sweep.done == done:  # every call takes a step: until a cell is done
        lab.session.advance_sweep(0.01)
    lab.sweep_runner.updated.emit()  # as after each of its slices
    lab.flush()
    assert (losses.count, strips.count, sweeps.count) == (0, 0, 1)
    assert tab._sweep_shown[0].done == lab.session.sweep.done  # the plot shows the new cells
    lab.step_once()
    lab.flush()
    assert (losses.count, strips.count, sweeps.count) == (1, 1, 1)
    x, _y = tab.loss_view.curves[0].getData()
    assert len(x) == 1  # the step is drawn
    lab.apply_scale()  # a new View scale draws everything again
    lab.flush()
    assert (losses.count, strips.count, sweeps.count) == (2, 2, 2)


def test_the_other_tabs_are_not_redrawn_by_a_step_that_leaves_them(lab, monkeypatch):
    lab.session.update(tab="breaks")
    settle(lab)
    noise = Calls(monkeypatch, lab.breaks_tab.mu_view, "show_noise")
    gap = Calls(monkeypatch, lab.breaks_tab.running_view, "show_gap")
    lab.step_once()  # the train/eval run steps; the batch noise of the untrained net stays
    lab.flush()
    assert (noise.count, gap.count) == (0, 1)
    lab.breaks_panel.batch_slider.spin.setValue(8)
    lab.flush()
    assert (noise.count, gap.count) == (1, 2)  # a new B: new noise, a new run at step 0
    assert lab.session.snapshot().gap.step == 0


def test_a_narrow_tab_puts_its_plots_in_more_rows_and_scrolls_them(lab):
    """At 250 % three plots in a row of a 660-px tab left a log axis's plot a 23-px view; a
    plot keeps its least width, the tab's rows grow, and so does the room the tab scrolls.
    (The bare page keeps its controls' size; the window would scale them too.)"""
    from explorer.ui import theme
    from explorer.ui.labs.normalization.plot_flow import least_width

    lab.session.update(tab="inputs")
    settle(lab)
    flow, scroll = lab.inputs_tab.flow, lab.tab_scrolls[3]
    assert (flow.columns, flow.rows) == (3, 1)  # 1300 px at 100 %
    wide = flow.plots[0].width()
    percent = round(theme.Scale.factor * 100)
    try:
        theme.Scale.set_percent(250)
        lab.apply_scale()
        lab.resize(1000, 820)  # the plots get about 700 px
        settle(lab)
        columns = flow.columns
        assert columns < 3 and flow.rows > 1
        assert all(plot.width() >= least_width() for plot in flow.plots)
        assert scroll.widget().minimumHeight() >= flow.rows * 400 * theme.Scale.factor
    finally:
        theme.Scale.set_percent(percent)
        lab.apply_scale()
        lab.resize(1300, 820)
    settle(lab)
    assert (flow.columns, flow.rows) == (3, 1) and flow.plots[0].width() == wide

"""The loss-functions lab's margin tab laid out for its room: φ's legend in the corner no curve
runs through, one column and rows of trained classifiers where the tab is narrow, captions
that fit their plot, and every tab scrolling instead of squeezing its plots."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.ui import theme
from explorer.ui.labs.losses import LossesLab
from explorer.ui.labs.losses.texts import NEURON, SOFTMAX
from explorer.ui.plot import PlotsScroll


@pytest.fixture
def lab(show_page):
    page = show_page(LossesLab(), (1300, 850))
    page.session.update(tab="margin")
    page.flush()
    yield page
    if theme.Scale.factor != 1.0:
        theme.Scale.set_percent(100)


def at_scale(lab, percent: int, size: tuple[int, int]) -> None:
    theme.Scale.set_percent(percent)
    lab.apply_scale()
    lab.resize(*size)
    for _ in range(3):
        QApplication.processEvents()
    lab.flush()
    for _ in range(3):
        QApplication.processEvents()


def margin(lab):
    return lab.tabs[lab._index("margin")]


def legend_box(plot):
    """The legend's rectangle in the view's data coordinates: (left, right, bottom, top)."""
    view = plot.plot_item.getViewBox()
    rect = plot.legend.sceneBoundingRect()
    a = view.mapSceneToView(QPointF(rect.left(), rect.top()))
    b = view.mapSceneToView(QPointF(rect.right(), rect.bottom()))
    return min(a.x(), b.x()), max(a.x(), b.x()), min(a.y(), b.y()), max(a.y(), b.y())


def points_under(plot, items, box) -> int:
    left, right, bottom, top = box
    count = 0
    for item in items:
        if not item.isVisible():
            continue
        x, y = item.getData()
        if x is None:
            continue
        count += int(np.sum((x > left) & (x < right) & (y > bottom) & (y < top)))
    return count


SIZES = [(100, (1300, 850)), (100, (1900, 1050)), (250, (1300, 850)), (250, (1900, 1050))]


@pytest.mark.parametrize(("percent", "size"), SIZES)
def test_the_loss_legend_covers_no_curve_and_no_dot(lab, percent, size):
    at_scale(lab, percent, size)
    plot = margin(lab).loss_view
    assert [label.text for _sample, label in plot.legend.items] == [
        "0-1", "Hinge", "Squared hinge", "Logistic (BCE)", "Exponential"]  # fmt: skip
    box = legend_box(plot)
    assert box[1] - box[0] > 0.5 and box[3] - box[2] > 0.5  # a legend is drawn
    assert points_under(plot, plot.curves.values(), box) == 0
    assert points_under(plot, plot.rugs.values(), box) == 0
    assert plot.rugs[1.0].getData()[0].size > 0  # the dots are drawn, just not under it


def test_the_classes_legend_is_the_data_plots(lab):
    names = [label.text for _sample, label in margin(lab).data_view.legend.items]
    assert names == ["y = +1", "y = −1"]


def test_a_narrow_tab_stands_its_plots_in_one_column_and_scrolls(lab):
    tab = margin(lab)
    plots = tab.plots
    assert plots.wide  # 100 % in 1300 px: φ beside the data
    grid = plots.grid
    assert grid.getItemPosition(grid.indexOf(tab.data_view))[:2] == (0, 1)
    assert tab.boundaries.rows == 1
    wide_min = plots.minimumHeight()
    at_scale(lab, 250, (1300, 850))
    assert not plots.wide
    assert grid.getItemPosition(grid.indexOf(tab.data_view))[:2] == (2, 0)
    # five trained classifiers in rows of about equal length (3 + 2, 2 + 2 + 1), row by row
    rows = tab.boundaries.rows
    assert rows > 1
    columns = -(-5 // rows)
    positions = [tab.boundaries.grid.getItemPosition(tab.boundaries.grid.indexOf(p))[:2]
                 for p in tab.boundaries.plots.values()]  # fmt: skip
    assert positions == [(i // columns, i % columns) for i in range(5)]
    assert plots.minimumHeight() > 2.5 * wide_min  # taller than the 2.5 × of the wide one
    assert tab.scroll.verticalScrollBar().maximum() > 0  # scrolls in 850 px
    at_scale(lab, 100, (1300, 850))
    assert plots.wide and plots.minimumHeight() == wide_min


def test_unticking_losses_closes_up_the_trained_classifiers(lab):
    at_scale(lab, 250, (1300, 850))
    tab = margin(lab)
    before = tab.plots.minimumHeight()
    lab.session.update(margin_losses=("hinge", "soft_margin"))
    lab.flush()
    assert tab.boundaries.rows == 1
    strip = tab.boundaries.grid
    assert strip.getItemPosition(strip.indexOf(tab.boundaries.plots["soft_margin"]))[:2] == (0, 1)
    assert not tab.boundaries.plots["exponential"].isVisible()
    assert tab.plots.minimumHeight() < before


def test_the_untrained_caption_fits_its_plot(lab):
    view = margin(lab).training_view
    for percent, size in ((100, (1300, 850)), (250, (1300, 850)), (100, (1900, 1050))):
        at_scale(lab, percent, size)
        text_width = view.caption.item.boundingRect().width()
        assert 0 < text_width <= view.plot_item.getViewBox().width()
        assert "Train under" in view.caption.text
    lab.session.update(margin_trained=True)
    lab.flush()
    assert view.caption.text.strip() == ""


def test_every_tab_scrolls_in_a_plots_scroll(lab):
    scrolls = [lab.tab_widget.widget(i) for i in range(lab.tab_widget.count())]
    assert all(isinstance(s, PlotsScroll) for s in scrolls)
    assert [s.widget() for s in scrolls] == [tab.plots for tab in lab.tabs]


def test_a_new_tab_shows_its_notes_at_once_and_lays_out_before_painting(lab):
    lab.session.update(tab="softmax")
    lab.flush()
    assert lab.notes.body.text() == SOFTMAX
    # a change right after the last: the notes' throttle would hold the new text back, and
    # its new height would lay out (and paint) the new tab's plots a second time
    lab.tab_widget.tabBar().setCurrentIndex(lab._index("neuron"))
    assert lab.session.config.tab == "neuron"
    assert lab.notes.body.text() == NEURON
    plots = lab.tabs[lab._index("neuron")].plots
    size = plots.size()
    QApplication.processEvents()
    assert plots.size() == size  # nothing left to lay out once the tab shows


def test_a_preset_is_put_on_screen_with_its_notes(lab, tmp_path):
    lab.session.update(tab="softmax")
    lab.flush()
    path = lab.save_to(tmp_path / "softmax.json")
    lab.session.update(tab="regression")
    lab.flush()
    lab.session.update(tab="neuron")  # within the notes' throttle of the last text
    lab.load_from(path)
    assert lab.tab_widget.currentIndex() == lab._index("softmax")
    assert lab.notes.body.text() == SOFTMAX


def test_a_scrolled_tab_exports_whole(window, tmp_path):
    window.resize(1280, 720)
    window.set_scale(250)
    try:
        window.select_lab("losses")
        page = window.current_page
        page.session.update(tab="margin")
        page.flush()
        scroll = page.tabs[page._index("margin")].scroll
        inner = scroll.widget()
        assert inner.height() > scroll.viewport().height()  # it scrolls here
        image = QImage(str(window.export_to(tmp_path / "plots.png")))
        assert (image.width(), image.height()) == (inner.width(), inner.height())
    finally:
        window.set_scale(100)

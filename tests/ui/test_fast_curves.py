"""Thick curves drawn as pixel-space segments look like pyqtgraph's paths, and fall back.

The plots here are built of the speed layer's classes in either mode (``fast=True``): each
test compares :class:`FastCurve` with pyqtgraph's own paint of the same curve."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from explorer.ui.plot.curve import FastCurve
from explorer.ui.plot.data_items import FastDataItem


@pytest.fixture
def plot(make_plot):
    return make_plot(400, 300, fast=True)


@pytest.fixture
def fast_calls(record_results):
    return record_results(FastCurve, "_draw_segments")


def test_a_thick_curve_takes_the_fast_path_and_looks_the_same(ink, plot, fast_calls):
    x = np.linspace(-8, 8, 241)
    curve = plot.line(None, "#D55E00")
    curve.setData(x, np.tanh(x))
    plot.setXRange(-8, 8, padding=0)
    fast = ink(plot, "#D55E00")
    assert True in fast_calls
    curve.curve.fast = False
    fast_calls.clear()
    path = ink(plot, "#D55E00")
    assert fast_calls == []  # pyqtgraph's own paint
    assert path.sum() > 300  # the curve is there
    overlap = (fast & path).sum() / path.sum()
    assert overlap > 0.85 and 0.9 < fast.sum() / path.sum() < 1.1  # as bold as the path


@pytest.mark.parametrize(
    "make",
    [
        lambda plot: plot.line(None, "#0072B2", dash=True),  # a dash pattern: one path
        lambda plot: plot.line(None, QColor(0, 114, 178, 120)),  # translucent: joints show
        lambda plot: plot.line(None, "#0072B2", width=1.0),  # thin: Qt's cosmetic stroker
    ],
)
def test_dashed_translucent_and_thin_curves_keep_pyqtgraphs_paint(plot, fast_calls, make):
    x = np.linspace(-1, 1, 50)
    make(plot).setData(x, x**2)
    plot.grab()
    assert fast_calls and not any(fast_calls)


def test_a_new_pen_or_longer_data_is_drawn_on_the_fast_path(ink, plot, fast_calls, qtbot):
    x = np.linspace(-8, 8, 41)
    curve = plot.line(None, "#D55E00")
    curve.setData(x, np.tanh(x))
    plot.setXRange(-8, 8, padding=0)
    orange = ink(plot, "#D55E00").sum()
    assert orange > 100 and fast_calls[-1] is True
    curve.setPen(pg.mkPen("#0072B2", width=3))  # a new colour replaces the old
    qtbot.wait(1)
    assert ink(plot, "#D55E00").sum() == 0 and ink(plot, "#0072B2").sum() > 100
    assert fast_calls[-1] is True
    curve.setPen(pg.mkPen("#0072B2", width=3, style=Qt.PenStyle.DashLine))
    fast_calls.clear()
    plot.grab()
    assert fast_calls == [False]  # a dashed pen after a solid one: pyqtgraph's paint again
    curve.setPen(pg.mkPen("#0072B2", width=3))
    long_x = np.linspace(-8, 8, 2001)  # more segments than the buffer held
    curve.setData(long_x, -np.tanh(long_x))
    fast_calls.clear()
    blue = ink(plot, "#0072B2")
    assert fast_calls and all(fast_calls)
    columns = np.nonzero(blue.any(axis=0))[0]
    left, right = columns.min() + 3, columns.max() - 3
    # −tanh: high at the left end, low at the right (the new data, not the old tanh)
    assert np.nonzero(blue[:, left])[0].mean() < np.nonzero(blue[:, right])[0].mean()


def test_gaps_keep_pyqtgraphs_paint(plot, fast_calls):
    x = np.linspace(-1, 1, 50)
    y = x**2
    y[20:25] = np.nan
    plot.line(None, "#0072B2").setData(x, y)
    plot.grab()
    assert fast_calls and not any(fast_calls)


def test_a_y_range_change_refeeds_a_curve_only_when_its_values_need_clipping(plot):
    curve = plot.line(None, "#0072B2")
    x = np.linspace(0, 1, 20)
    curve.setData(x, x)
    plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    plot.grab()
    fed = []
    set_data = curve.curve.setData
    curve.curve.setData = lambda *a, **k: fed.append(1) or set_data(*a, **k)
    plot.setYRange(-0.5, 2, padding=0)
    plot.grab()
    assert fed == []  # plain values: nothing to clip, the drawn curve stays
    huge = x * 1e12
    curve.setData(x, huge)
    fed.clear()
    plot.setYRange(0, 1, padding=0)  # the values now span 1e12 view heights
    plot.grab()
    assert fed  # pyqtgraph clips them, as before
    shown = curve.curve.getData()[1]
    assert shown.max() < 1e7 < huge.max()
    plot.setXRange(0, 0.5, padding=0)  # an x change goes pyqtgraph's way too
    plot.grab()
    assert curve.curve.getData()[1].max() < 1e7


def test_a_fast_data_item_is_pyqtgraphs_with_the_fast_children_swapped_in(plot, qtbot):
    item = FastDataItem(np.arange(5.0), np.arange(5.0) ** 2, pen="r", symbol="o", name="n")
    plain = pg.PlotDataItem(np.arange(5.0), np.arange(5.0) ** 2, pen="r", symbol="o", name="n")
    children = item.childItems()
    assert len(children) == 2 and {type(c).__name__ for c in children} == {
        "FastCurve",
        "FastScatter",
    }  # pyqtgraph's own were removed, not left behind
    assert item.curve.parentItem() is item and item.scatter.parentItem() is item
    assert item.opts == plain.opts  # the same options as pyqtgraph's constructor makes
    for ours, theirs in ((item.curve, plain.curve), (item.scatter, plain.scatter)):
        np.testing.assert_array_equal(ours.getData()[1], theirs.getData()[1])
    assert item.curve.opts["pen"] == plain.curve.opts["pen"]
    clicked = []
    item.sigClicked.connect(lambda *args: clicked.append(args))
    item.setCurveClickable(True)
    item.curve.sigClicked.emit(item.curve, None)  # the child's signals reach the item's
    assert clicked
    assert not item.curve.fast and FastDataItem(fast=True).curve.fast

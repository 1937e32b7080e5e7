"""Uniform round markers stamped from one disc look like pyqtgraph's symbols, and fall back."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QPainter, QPicture

from explorer.ui import fast_markers

COLOUR = "#CC79A7"


@pytest.fixture
def plot(make_plot):
    widget = make_plot(400, 300)
    widget.plot_item.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    return widget


@pytest.fixture
def fast_calls(record_results):
    return record_results(fast_markers, "_draw_points")


def test_markers_take_the_fast_path_and_look_the_same(ink, plot, fast_calls):
    rng = np.random.default_rng(1)
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(rng.uniform(1, 9, 40), rng.uniform(1, 9, 40))
    fast = ink(plot, COLOUR)
    assert fast_calls and all(fast_calls)
    fast_markers.set_fast(markers.scatter, False)
    fast_calls.clear()
    symbols = ink(plot, COLOUR)
    assert fast_calls == []  # pyqtgraph's own paint
    assert symbols.sum() > 40 * 30  # forty discs of ~64 px each, overlaps aside
    overlap = (fast & symbols).sum() / symbols.sum()
    assert overlap > 0.9 and 0.9 < fast.sum() / symbols.sum() < 1.1


def test_nan_points_are_left_out(ink, plot, fast_calls):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData([2.0, np.nan, 8.0], [2.0, 5.0, np.nan])
    assert 30 < ink(plot, COLOUR).sum() < 130  # one disc of diameter 9
    assert fast_calls and all(fast_calls)


@pytest.mark.parametrize(
    "restyle",
    [
        lambda item: item.scatter.setBrush([pg.mkBrush(COLOUR), pg.mkBrush("k")]),  # per point
        lambda item: item.setSymbol("s"),  # squares
        lambda item: item.setSymbolPen("k"),  # an outline
        lambda item: item.setSymbolBrush(QColor(204, 121, 167, 100)),  # translucent
    ],
)
def test_other_markers_keep_pyqtgraphs_paint(plot, fast_calls, restyle):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData([3.0, 6.0], [3.0, 6.0])
    restyle(markers)
    plot.grab()
    assert fast_calls and not any(fast_calls)


def test_a_picture_or_svg_painter_gets_pyqtgraphs_symbols(plot, fast_calls):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData([3.0, 6.0], [3.0, 6.0])
    picture = QPicture()
    painter = QPainter(picture)
    try:
        plot.scene().render(painter)
    finally:
        painter.end()
    assert fast_calls and not any(fast_calls)

"""Markers stamped from pyqtgraph's atlas look like pyqtgraph's symbols, and fall back; moved
points are written in place as pyqtgraph's setData would build them.

The plots here are built of the speed layer's classes in either mode (``fast=True``): each
test compares :class:`FastScatter` with pyqtgraph's own ``ScatterPlotItem``."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage, QPainter, QPicture

from explorer.ui.plot.kinds import PLAIN_KINDS
from explorer.ui.plot.scatter import FastScatter

COLOUR = "#CC79A7"


@pytest.fixture
def plot(make_plot):
    widget = make_plot(400, 300, fast=True)
    widget.plot_item.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    return widget


@pytest.fixture
def fast_calls(record_results):
    return record_results(FastScatter, "_draw_points")


def _pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4).copy()


def _assert_as_pyqtgraph_paints(plot, markers, fast_calls):
    """The fast path drew every repaint, and pyqtgraph's own paint gives the same pixels."""
    fast = _pixels(plot)
    assert fast_calls and all(fast_calls)
    markers.scatter.fast = False
    fast_calls.clear()
    own = _pixels(plot)
    assert fast_calls == []  # pyqtgraph's own paint
    different = np.abs(fast.astype(int) - own).max(axis=2) > 2
    assert different.sum() <= 4, f"{different.sum()} pixels differ"


def test_markers_take_the_fast_path_and_look_as_pyqtgraph_draws_them(ink, plot, fast_calls):
    rng = np.random.default_rng(1)
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(rng.uniform(1, 9, 40), rng.uniform(1, 9, 40))
    assert ink(plot, COLOUR).sum() > 40 * 30  # forty discs of ~64 px each, overlaps aside
    _assert_as_pyqtgraph_paints(plot, markers, fast_calls)


def test_nan_and_hidden_points_are_left_out(ink, plot, fast_calls):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData([2.0, np.nan, 8.0, 5.0], [2.0, 5.0, np.nan, 5.0])
    markers.scatter.points()[3].setVisible(False)
    assert 30 < ink(plot, COLOUR).sum() < 130  # one disc of diameter 9
    _assert_as_pyqtgraph_paints(plot, markers, fast_calls)


@pytest.mark.parametrize(
    "restyle",
    [
        lambda item: item.scatter.setBrush([pg.mkBrush(COLOUR), pg.mkBrush("k")] * 5),
        lambda item: item.setSymbol("d"),  # diamonds, as the error-vs-N marker
        lambda item: item.setSymbolPen("k", width=2),  # an outline
        lambda item: item.setSymbolBrush(QColor(204, 121, 167, 100)),  # translucent
        lambda item: item.scatter.setSize(np.arange(4, 14)),  # a size per point
    ],
)
def test_other_symbols_and_styles_look_as_pyqtgraph_draws_them(plot, fast_calls, restyle):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(np.arange(10.0) + 0.5, np.arange(10.0) % 4 + 3)
    restyle(markers)
    _assert_as_pyqtgraph_paints(plot, markers, fast_calls)


@pytest.mark.parametrize(
    "restyle",
    [
        lambda item: item.scatter.setPxMode(False),  # sizes in data units
        lambda item: item.scatter.opts.update(useCache=False),  # no atlas
        lambda item: item.scatter.setData(x=[3.0], y=[3.0], hoverable=True),  # hover styles
    ],
)
def test_scatters_without_pyqtgraphs_atlas_keep_its_paint(plot, fast_calls, restyle):
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


# --- new positions written in place ---------------------------------------------------------


def _as_pyqtgraph_would(plot, positions):
    """The same positions given to pyqtgraph's own scatter, styled as ``plot.points`` styles."""
    reference = PLAIN_KINDS.data_item(
        *positions, pen=None, symbol="o", symbolSize=9, symbolBrush=QColor(COLOUR), symbolPen=None
    )
    plot.plot_item.addItem(reference)
    assert type(reference.scatter) is pg.ScatterPlotItem
    return reference


def _assert_as_pyqtgraph_would(ink, plot, scatter, positions, columns) -> None:
    """``scatter``'s table, bounds and pixels are those of pyqtgraph's scatter given
    ``positions``."""
    item = _as_pyqtgraph_would(plot, positions)
    reference = item.scatter
    for column in columns:
        np.testing.assert_array_equal(scatter.data[column], reference.data[column])
    for axis in (0, 1):
        assert scatter.dataBounds(axis) == reference.dataBounds(axis)
    ours, theirs = scatter.boundingRect(), reference.boundingRect()
    for edge in ("left", "right", "top", "bottom"):
        assert getattr(ours, edge)() == pytest.approx(getattr(theirs, edge)(), rel=1e-9)
    # what is painted follows the new positions (stamped by both from the same atlas)
    item.setVisible(False)
    drawn = ink(plot, COLOUR)
    scatter.setVisible(False)
    item.setVisible(True)
    assert (drawn != ink(plot, COLOUR)).sum() <= 4


def test_moved_points_are_written_in_place_as_pyqtgraph_would_set_them(ink, plot):
    rng = np.random.default_rng(2)
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(rng.uniform(1, 9, 30), rng.uniform(1, 9, 30))
    table = markers.scatter.data
    plot.grab()
    moved = (rng.uniform(1, 9, 30), rng.uniform(1, 9, 30))
    markers.setData(*moved)
    scatter = markers.scatter
    assert scatter.data is table  # written over, not rebuilt
    _assert_as_pyqtgraph_would(ink, plot, scatter, moved, ("x", "y", "size", "visible"))


@pytest.mark.parametrize("count", [5, 30, 2000])
def test_a_new_number_of_points_repeats_one_row_as_pyqtgraph_would_build_them(
    ink, plot, monkeypatch, count
):
    rng = np.random.default_rng(3)
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(rng.uniform(1, 9, 30), rng.uniform(1, 9, 30))
    plot.grab()
    piece = markers.scatter.data["sourceRect"][0].copy()  # where pyqtgraph put the symbol
    looked_up = []
    add_points = pg.ScatterPlotItem.addPoints
    monkeypatch.setattr(
        pg.ScatterPlotItem, "addPoints", lambda *a, **k: looked_up.append(1) or add_points(*a, **k)
    )
    positions = (rng.uniform(1, 9, count), rng.uniform(1, 9, count))
    markers.setData(*positions)
    assert looked_up == []  # no per-spot atlas look-up in pyqtgraph
    monkeypatch.undo()
    scatter = markers.scatter
    assert len(scatter.data) == count
    # each scatter has an atlas of its own: the piece's place in it is the scatter's, its size
    # the symbol's
    assert (scatter.data["sourceRect"] == piece).all()
    columns = ("x", "y", "size", "visible", "hovered", "symbol", "pen", "brush", "data", "item")
    _assert_as_pyqtgraph_would(ink, plot, scatter, positions, columns)
    reference = plot.plot_item.items[-1].scatter
    for side in ("w", "h"):
        np.testing.assert_array_equal(
            scatter.data["sourceRect"][side], reference.data["sourceRect"][side]
        )


@pytest.mark.parametrize(
    "change",
    [
        lambda item: item.scatter.setData(x=[1.0, 2.0], y=[1.0, 2.0]),  # lists
        lambda item: item.setData(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])),  # 3 of 2
        lambda item: item.scatter.setData(x=np.ones(2), y=np.ones(2), brush=[COLOUR, "k"]),
        lambda item: item.scatter.setData(x=np.ones(2), y=np.ones(2), size=4),
        lambda item: item.scatter.setData(x=np.ones(2), y=np.ones(2), data=["a", "b"]),
        lambda item: item.scatter.setData(x=np.ones(2), y=np.ones(2), name="renamed"),
    ],
)
def test_anything_but_moved_points_rebuilds_the_table(plot, change):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(np.array([3.0, 6.0]), np.array([3.0, 6.0]))
    table = markers.scatter.data
    change(markers)
    assert markers.scatter.data is not table


def test_a_scatter_with_per_point_styles_is_rebuilt_and_loses_them_as_in_pyqtgraph(plot):
    markers = plot.points(None, COLOUR, size=9)
    markers.setData(np.array([3.0, 6.0]), np.array([3.0, 6.0]))
    markers.scatter.setBrush([pg.mkBrush("k"), pg.mkBrush("k")])
    table = markers.scatter.data
    markers.setData(np.array([4.0, 5.0]), np.array([4.0, 5.0]))
    assert markers.scatter.data is not table
    assert np.equal(markers.scatter.data["brush"], None).all()  # the item's own brush again

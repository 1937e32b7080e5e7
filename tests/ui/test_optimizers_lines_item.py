"""LinesItem: several lines by one item, drawn as pixel segments, gaps where values are NaN."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.ui.labs.optimizers.lines_item import LinesItem
from explorer.ui.plot import StyledPlot

PENS = {"red": pg.mkPen("#ff0000", width=3), "blue": pg.mkPen("#0000ff", width=3)}


def rendered(qtbot, lines: LinesItem) -> QImage:
    plot = StyledPlot("lines", "x", "y", legend=False)
    qtbot.addWidget(plot)
    plot.plot_item.addItem(lines)
    plot.plot_item.setXRange(0, 10, padding=0)
    plot.plot_item.setYRange(0, 10, padding=0)
    plot.resize(400, 400)
    plot.show()
    qtbot.waitExposed(plot)
    image = QImage(plot.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    plot.render(painter)
    painter.end()
    return plot, image


def colour_at(plot, image, x, y) -> str:
    """The pen colour found within a pixel of (x, y) (antialiasing shades a line's edge):
    "red", "blue" or "none"."""
    scene = plot.plot_item.vb.mapViewToScene(pg.Point(x, y))
    point = plot.mapFromScene(scene)
    for dy in (0, -1, 1):
        c = image.pixelColor(point.x(), point.y() + dy)
        if c.red() > 200 and c.green() < 60 and c.blue() < 60:
            return "red"
        if c.blue() > 200 and c.red() < 60 and c.green() < 60:
            return "blue"
    return "none"


def test_lines_are_drawn_in_their_pens_with_gaps(qtbot):
    lines = LinesItem(lambda key: PENS[key])
    lines.set_line("red", [1, 5, 9], [2, 2, 2])
    lines.set_line("blue", [1, 3, 5, 7, 9], [8, 8, np.nan, 8, 8])  # a gap from 3 to 7
    assert lines.keys() == ("red", "blue")
    assert lines.dataBounds(0) == (1.0, 9.0) and lines.dataBounds(1) == (2.0, 8.0)
    plot, image = rendered(qtbot, lines)
    assert colour_at(plot, image, 3, 2) == "red"
    assert colour_at(plot, image, 2, 8) == "blue"
    assert colour_at(plot, image, 8, 8) == "blue"
    assert colour_at(plot, image, 5, 8) == "none"  # the gap
    lines.set_order(("blue", "red"))
    assert lines.keys() == ("blue", "red")
    lines.clear_line("red")
    assert lines.keys() == ("blue",) and lines.line("red") is None
    assert lines.dataBounds(1) == (8.0, 8.0)


def test_points_within_one_pixel_still_reach_the_end(qtbot):
    lines = LinesItem(lambda key: PENS[key])
    x = np.concatenate([np.linspace(1, 5, 50), 5 + np.linspace(0, 1e-4, 200), [9]])
    lines.set_line("red", x, np.full(x.size, 5.0))
    plot, image = rendered(qtbot, lines)
    assert colour_at(plot, image, 3, 5) == "red"
    assert colour_at(plot, image, 8.5, 5) == "red"  # the last point, after the settled ones


def line_mask(image: QImage, rgb: str) -> np.ndarray:
    """Where ``image`` shows the pen colour ``rgb`` ("red" or "blue"), as a bool array."""
    pixels = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(pixels.constBits(), np.uint8).reshape(pixels.height(), -1, 4)
    b, g, r = raw[..., 0].astype(int), raw[..., 1].astype(int), raw[..., 2].astype(int)
    if rgb == "red":
        return (r > 200) & (g < 60) & (b < 60)
    return (b > 200) & (r < 60) & (g < 60)


def test_plain_mode_draws_pyqtgraphs_own_curves_where_the_fast_paint_draws(qtbot):
    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.normal(0, 0.3, size=(2, 300)), axis=1) + 5.0
    drawn = {}
    for fast in (True, False):
        lines = LinesItem(lambda key: PENS[key], fast=fast)
        lines.set_line("red", np.linspace(0.5, 9.5, 300), walk[0])
        lines.set_line("blue", [1, 3, 5, 7, 9], [8, 8, np.nan, 8, 8])
        lines.set_order(("blue", "red"))
        plot, image = rendered(qtbot, lines)
        drawn[fast] = {colour: line_mask(image, colour) for colour in PENS}
        children = [item for item in lines.childItems() if isinstance(item, pg.PlotCurveItem)]
        assert len(children) == (0 if fast else 2)
        if not fast:
            assert colour_at(plot, image, 5, 8) == "none"  # the library's gap too
            lines.clear_line("blue")
            assert len([i for i in lines.childItems() if isinstance(i, pg.PlotCurveItem)]) == 1
    for colour in PENS:
        fast, plain = drawn[True][colour], drawn[False][colour]
        assert plain.sum() > 300
        overlap = (fast & plain).sum() / (fast | plain).sum()
        # a line 12 px off overlaps nothing; antialiasing differs at the edges (~0.7 seen)
        assert overlap > 0.55, (colour, overlap)

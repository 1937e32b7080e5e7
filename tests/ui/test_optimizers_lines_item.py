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

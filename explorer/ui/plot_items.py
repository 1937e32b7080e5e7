"""Two cheap plot items that replace costly pyqtgraph defaults on plots redrawn every frame.

:class:`GridLines` draws a plot's grid as crisp one-pixel lines from one item behind the data.
pyqtgraph draws its grid from the axes, as alpha-blended lines inside each axis's picture, so an
axis's bounding box (and the pixel cache of its text) covers the whole plot, and every range
change re-renders all of it (measured: about 1.2 ms per plot per frame of an x-range drag).

:class:`Dot` is a single round marker drawn by Qt in C++. A one-point ``ScatterPlotItem`` costs
about 0.3 ms per repaint in Python bookkeeping, and a plot repaints its markers whenever anything
under them changes.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsObject

GRID_ALPHA = 64  # of black, for the major lines; level i gets 1/(i + 1) of it, as pyqtgraph's


class GridLines(QGraphicsObject):
    """Grid lines at the major and minor ticks of a plot's bottom and/or left axis.

    A child of the plot's ViewBox, under its data, painting in the ViewBox's pixel coordinates;
    it asks each axis for its tick values (``AxisItem.tickValues``, which knows log axes and
    ``maxTickLevel``), so the lines sit exactly under the axis's ticks.
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        self._view = plot_item.getViewBox()
        super().__init__(self._view)
        self._axes = {"bottom": plot_item.getAxis("bottom"), "left": plot_item.getAxis("left")}
        self._shown = {"bottom": True, "left": True}
        self.setZValue(-1e5)  # above the ViewBox's background (−1e6), below its data
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        self._view.sigRangeChanged.connect(self._changed)
        self._view.sigResized.connect(self._resized)

    def show_lines(self, x: bool, y: bool) -> None:
        """Vertical lines at the x ticks (``x``) and horizontal ones at the y ticks (``y``)."""
        self._shown = {"bottom": bool(x), "left": bool(y)}
        self.setVisible(x or y)
        self.update()

    def _changed(self, *_args) -> None:
        self.update()

    def _resized(self, *_args) -> None:
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        return self._view.boundingRect()

    def lines(self) -> list[tuple[QPen, list[QLineF]]]:
        """(pen, lines) per axis and tick level, in the ViewBox's pixel coordinates.

        As in pyqtgraph, a level's lines fade when they are dense (more than one per 20 px).
        """
        rect = self._view.boundingRect()
        width, height = rect.width(), rect.height()
        (x0, x1), (y0, y1) = self._view.viewRange()
        drawn = []
        for side, (lo, hi), length in (("bottom", (x0, x1), width), ("left", (y0, y1), height)):
            if not self._shown[side] or hi <= lo or length <= 0:
                continue
            for level, values in enumerate(tick_levels(self._axes[side], lo, hi, length)):
                density = min(max(0.05 * length / (len(values) + 1), 0.0), 1.0)
                alpha = round(GRID_ALPHA / (level + 1) * density)
                values = np.asarray(values, dtype=float)
                values = values[(values >= lo) & (values <= hi)]
                if alpha <= 0 or values.size == 0:
                    continue
                if side == "bottom":
                    pixels = np.floor((values - lo) / (hi - lo) * width) + 0.5
                    lines = [QLineF(p, 0.0, p, height) for p in pixels]
                else:
                    pixels = np.floor((hi - values) / (hi - lo) * height) + 0.5
                    lines = [QLineF(0.0, p, width, p) for p in pixels]
                drawn.append((QPen(QColor(0, 0, 0, alpha), 0), lines))  # cosmetic, one pixel
        return drawn

    def paint(self, painter, _option, _widget=None) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)  # crisp and fast
        for pen, lines in self.lines():
            painter.setPen(pen)
            painter.drawLines(lines)


def tick_levels(axis: pg.AxisItem, lo: float, hi: float, length: float) -> list[list[float]]:
    """The tick values an axis draws, per level: its fixed ticks (``setTicks``) if it has
    them, else what ``tickValues`` chooses (log axes and ``maxTickLevel`` included)."""
    fixed = axis._tickLevels  # pyqtgraph keeps setTicks() here, and tickValues() ignores it
    if fixed is not None:
        return [[value for value, _text in level] for level in fixed]
    return [list(values) for _spacing, values in axis.tickValues(lo, hi, length)]


class Dot(QGraphicsEllipseItem):
    """A round marker of a fixed size in pixels at one data point.

    Quacks like a one-point ``PlotDataItem`` where the labs and tests use one:
    ``setData([x], [y])`` (empty lists clear it) and ``getData()``.
    """

    def __init__(self, colour: QColor | str, size: float) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self._point: tuple[float, float] | None = None
        self._size = 0.0
        self.set_style(colour, size)

    def set_style(self, colour: QColor | str, size: float) -> None:
        self.setBrush(QBrush(QColor(colour)))
        self._size = float(size)
        self._apply()

    def setData(self, x, y) -> None:
        if len(x) == 0:
            self._point = None
        else:
            self._point = (float(x[0]), float(y[0]))
            self.setPos(*self._point)
        self._apply()

    def getData(self):
        if self._point is None:
            return None, None
        return np.array([self._point[0]]), np.array([self._point[1]])

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):
        """For the ViewBox's auto-range: the point itself."""
        if self._point is None:
            return None, None
        return self._point[axis], self._point[axis]

    def _apply(self) -> None:
        s = self._size if self._point is not None and all(map(math.isfinite, self._point)) else 0
        self.setRect(QRectF(-s / 2, -s / 2, s, s))

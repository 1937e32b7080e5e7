"""Cheap plot items that replace costly pyqtgraph defaults on plots redrawn every frame.

:class:`GridLines` draws a plot's grid as crisp one-pixel bars from one item behind the data.
pyqtgraph draws its grid from the axes, as alpha-blended lines inside each axis's picture, so an
axis's bounding box (and the pixel cache of its text) covers the whole plot, and every range
change re-renders all of it (measured: about 1.2 ms per plot per frame of an x-range drag).

:class:`Backdrop` shades x- or y-bands and draws guide lines; :class:`Dot` is a single round marker
drawn by Qt in C++; :class:`PixelText` is a TextItem whose text stays cached while the view
moves. A one-point ``ScatterPlotItem`` costs about 0.3 ms per repaint in Python
bookkeeping, and a plot repaints its markers whenever anything under them changes.

GridLines and PixelText lean on pyqtgraph's internals (an axis's tick settings, TextItem's
transform), so plain mode (:mod:`explorer.ui.plot.switch`) uses pyqtgraph's grid and
TextItem instead. Backdrop and Dot are Qt items that use only pyqtgraph's public view API,
and are drawn in both modes.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsObject

GRID_ALPHA = 64  # of black, for the major lines; level i gets 1/(i + 1) of it, as pyqtgraph's


class _InViewPixels(QGraphicsObject):
    """An item painted in its plot's ViewBox pixels, repainted when the view's range or size
    changes; ``z`` places it among the ViewBox's children (background −1e6, data at 0)."""

    def __init__(self, plot_item: pg.PlotItem, z: float) -> None:
        self._view = plot_item.getViewBox()
        super().__init__()
        # setParentItem hands the item to its parent; given to the constructor instead, the
        # parent left Python owning it too, and closing the plot freed it twice (a segfault)
        self.setParentItem(self._view)
        self.setZValue(z)
        self._view.sigRangeChanged.connect(self._changed)
        self._view.sigResized.connect(self._resized)

    def _changed(self, *_args) -> None:
        self.update()

    def _resized(self, *_args) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._view.boundingRect()


class GridLines(_InViewPixels):
    """Grid lines at the major and minor ticks of a plot's bottom and/or left axis.

    A child of the plot's ViewBox, under its data, painting in the ViewBox's pixel coordinates;
    it asks each axis for its tick values (``AxisItem.tickValues``, which knows log axes and
    ``maxTickLevel``), so the lines sit exactly under the axis's ticks.
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__(plot_item, z=-1e5)  # above the background, below everything else
        self._axes = {"bottom": plot_item.getAxis("bottom"), "left": plot_item.getAxis("left")}
        self._shown = {"bottom": True, "left": True}
        self._cache: dict[str, tuple] = {}  # side → (what it depends on, its bars)

    def show_lines(self, x: bool, y: bool) -> None:
        """Vertical lines at the x ticks (``x``) and horizontal ones at the y ticks (``y``)."""
        self._shown = {"bottom": bool(x), "left": bool(y)}
        self._cache.clear()
        self.setVisible(x or y)
        self.update()

    def bars(self) -> list[tuple[QColor, list[QRectF]]]:
        """(colour, one-pixel rectangles) per axis and tick level, in the ViewBox's pixels.

        As in pyqtgraph, a level's lines fade when they are dense (more than one per 20 px).
        Each direction is cached until its range or size changes: an x-range drag leaves the
        horizontal lines alone.
        """
        rect = self._view.boundingRect()
        width, height = rect.width(), rect.height()
        (x0, x1), (y0, y1) = self._view.viewRange()
        drawn = []
        for side, (lo, hi), length, across in (
            ("bottom", (x0, x1), width, height),
            ("left", (y0, y1), height, width),
        ):
            if not self._shown[side] or hi <= lo or length <= 0:
                continue
            axis = self._axes[side]
            key = (lo, hi, length, across, axis.geometry(), axis._tickLevels, axis._tickDensity,
                   axis.logMode)  # fmt: skip
            cached = self._cache.get(side)
            if cached is None or cached[0] != key:
                cached = self._cache[side] = (key, self._side_bars(side, lo, hi, length, across))
            drawn += cached[1]
        return drawn

    def _side_bars(self, side, lo, hi, length, across) -> list[tuple[QColor, list[QRectF]]]:
        drawn = []
        # ask with the length the axis itself uses (its own extent plus a pixel at each end):
        # the same ticks it labels, and its remembered answer
        axis = self._axes[side]
        extent = axis.geometry().width() if side == "bottom" else axis.geometry().height()
        axis_length = extent + 2 if extent > 0 else length
        for level, values in enumerate(tick_levels(axis, lo, hi, axis_length)):
            density = min(max(0.05 * axis_length / (len(values) + 1), 0.0), 1.0)
            alpha = GRID_ALPHA / (level + 1) * density / 255
            values = np.asarray(values, dtype=float)
            values = values[(values >= lo) & (values <= hi)]
            if alpha * 255 < 1 or values.size == 0:
                continue
            if side == "bottom":
                pixels = np.minimum(np.floor((values - lo) / (hi - lo) * length), length - 1)
                bars = [QRectF(p, 0.0, 1.0, across) for p in pixels]
            else:
                pixels = np.minimum(np.floor((hi - values) / (hi - lo) * length), length - 1)
                bars = [QRectF(0.0, p, across, 1.0) for p in pixels]
            drawn.append((self._shade(alpha), bars))
        return drawn

    def _shade(self, alpha: float) -> QColor:
        """Black at ``alpha`` over the plot's background, as an opaque colour.

        Qt fills opaque rectangles an order of magnitude faster than it blends translucent
        lines (measured: 0.07 ms against 1.3 ms for the 28 lines of a 500 × 300 plot).
        """
        background = pg.getConfigOption("background")
        if not isinstance(background, str | int | float | tuple):
            background = pg.mkColor(background).getRgb()  # a QColor: key it by value
        return _shade(alpha, background)

    def paint(self, painter, _option, _widget=None) -> None:
        # faintest first: the bars are opaque, so a faint minor line drawn later would cut
        # through a major one where they cross (or coincide)
        for colour, bars in sorted(self.bars(), key=lambda entry: -entry[0].lightness()):
            for bar in bars:
                painter.fillRect(bar, colour)


@functools.lru_cache(maxsize=256)
def _shade(alpha: float, background) -> QColor:
    """See :meth:`GridLines._shade` (remembered, as a few alphas recur on every repaint; the
    colour is shared, so nobody changes it)."""
    colour = pg.mkColor(background)
    if colour.alpha() < 255:
        return QColor(0, 0, 0, round(alpha * 255))
    return QColor(*(round(c * (1 - alpha)) for c in colour.getRgb()[:3]))


class Backdrop(_InViewPixels):
    """Shaded bands across the plot (x-bands over its full height, or y-bands over its full
    width) and guide lines (e.g. the axes x = 0, y = 0), painted in pixels under the data by
    one item.

    It replaces ``LinearRegionItem`` and ``InfiniteLine``, whose bounding boxes pyqtgraph
    recomputes in Python on every range change (measured: about 1 ms per step of a drag for
    two lines and two regions in two plots).
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        super().__init__(plot_item, z=-5e4)  # above the grid, below the data
        self._bands: tuple[tuple[float, float], ...] = ()
        self._band_axis = "x"
        self._band_colour = QColor(0, 0, 0, 0)
        self.guides: dict[str, tuple[str, float, QPen]] = {}  # name → (axis, value, pen)

    def set_bands(self, intervals, colour: QColor | str, axis: str = "x") -> None:
        """Shade x ∈ [a, b] (``axis`` "x") or y ∈ [a, b] (``axis`` "y") for each (a, b) of
        ``intervals``, in ``colour``."""
        bands = tuple((float(a), float(b)) for a, b in intervals)
        colour = QColor(colour)
        if (bands, axis, colour) != (self._bands, self._band_axis, self._band_colour):
            self._bands, self._band_axis, self._band_colour = bands, axis, colour
            self.update()

    def bands(self) -> tuple[tuple[float, float], ...]:
        return self._bands

    def set_guide(self, name: str, axis: str, value: float, pen: QPen) -> None:
        """A line at ``x = value`` (``axis`` "x") or ``y = value`` (``axis`` "y")."""
        self.guides[name] = (axis, float(value), QPen(pen))
        self.update()

    def paint(self, painter, _option, _widget=None) -> None:
        rect = self._view.boundingRect()
        width, height = rect.width(), rect.height()
        (x0, x1), (y0, y1) = self._view.viewRange()
        if x1 <= x0 or y1 <= y0:
            return

        def px(x):
            return (x - x0) / (x1 - x0) * width

        def py(y):
            return (y1 - y) / (y1 - y0) * height

        for a, b in self._bands:
            if self._band_axis == "x":
                left, right = max(px(a), 0.0), min(px(b), width)
                if right > left:
                    painter.fillRect(QRectF(left, 0.0, right - left, height), self._band_colour)
            else:
                top, bottom = max(py(b), 0.0), min(py(a), height)
                if bottom > top:
                    painter.fillRect(QRectF(0.0, top, width, bottom - top), self._band_colour)
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)  # axis-parallel: crisp
        for axis, value, pen in self.guides.values():
            painter.setPen(pen)
            if axis == "x" and x0 <= value <= x1:
                x = round(px(value)) + 0.5
                painter.drawLine(QPointF(x, 0.0), QPointF(x, height))
            elif axis == "y" and y0 <= value <= y1:
                y = round((y1 - value) / (y1 - y0) * height) + 0.5
                painter.drawLine(QPointF(0.0, y), QPointF(width, y))


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


class PixelText(pg.TextItem):
    """A ``TextItem`` (same anchor, colour and HTML) kept unscaled by Qt itself.

    pyqtgraph's TextItem undoes the view's scaling with a transform of its own, recomputed on
    every range change; the inverse is never exact, so a pixel cache of its text is dropped
    and the text laid out and drawn again on every frame of a drag (measured: ~3 % of an
    activation-lab x-range drag). ``ItemIgnoresTransformations`` gives the same pixel-sized
    text at the item's data position, and its cache survives moves. It does not rotate
    (``angle`` is ignored).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)

    def updateTransform(self, force: bool = False) -> None:
        """Nothing to undo: Qt keeps the item unscaled."""

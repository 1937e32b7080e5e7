"""Several polylines, each in its own pen, drawn by one item as pixel-space segments.

The race draws nine paths on the surface and nine curves on each of the two step plots, and
a start-point drag moves all of them every frame. As nine plot items each is asked for its
bounding rectangle several times per paint, recomputes its data bounds after every
``setData`` and goes through ``PlotDataItem``'s dataset machinery (measured: 30 ``setData``
calls and 35 curve paints per drag frame, ~20 ms of a 50 ms frame). One item holding the
arrays draws them all with one ``drawLines`` per line, the way the speed layer's
``FastCurve`` draws a thick curve (segments in pixels, see ``explorer/ui/plot/curve.py``).

Lines are drawn in the order they were set, with the pen ``pen_of(key)`` returns at paint
time (so a scale change, which replaces the plot's pens, needs no new data). NaN or inf
values break a line, as ``connect="finite"`` does. Where the painter does not paint pixels
(an SVG export) or a point lies beyond Qt's precise range, a line is drawn as a path in data
coordinates instead.

Points that add nothing one can see are left out (:func:`pixel_segments`: a point in the
pixel of the one before, a point within a tenth of a pixel of a straight run), and each
line's pixel segments are kept while its data and the view stay: a drag that moves one run
recomputes that line's only, and a second paint of the same frame none.

With the speed layer off (``EXPLORER_PLAIN_PLOTS=1``, see :mod:`explorer.ui.plot.switch`)
the item draws nothing itself: each line is a pyqtgraph ``PlotCurveItem`` child, drawn the
library's way.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen

from explorer.ui.plot import switch
from explorer.ui.plot.pixels import padded, pixel_transform

JOINT_BOLDNESS = 0.5  # px: overlapping segment joints look this much bolder (as FastCurve)
_MAX_PIXEL = 1e6  # beyond this Qt's rasterizer loses precision
#: px: a point this close to the chord between its neighbours adds nothing one can see (the
#: antialiased edge moves by a tenth of a pixel at most); see :func:`pixel_segments`. One
#: pass (at most every other point) halves a smooth curve's segments; a second saved less
#: paint than it cost, and its fewer joints (each a little bolder) began to show
STRAIGHT_PX = 0.1


class LinesItem(pg.GraphicsObject):
    """Lines by key: :meth:`set_line`, :meth:`clear_line`; pens from ``pen_of(key)``."""

    def __init__(self, pen_of: Callable[[str], QPen], fast: bool | None = None,
                 straight: bool = False) -> None:  # fmt: skip
        super().__init__()
        self._pen_of = pen_of
        self.straight = straight  # also leave out points on straight runs (curves by step)
        self.fast = switch.FAST if fast is None else fast
        self._curves: dict[str, pg.PlotCurveItem] = {}  # plain mode: the library's curves
        self._lines: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._bounds: tuple[float, float, float, float] | None = None  # x0, x1, y0, y1
        self._rect: QRectF | None = None
        self._kept: dict[str, tuple] = {}  # key → (pixel transform, its segments)
        self.thin = True  # False: every point drawn (a test compares the two)
        self._narrow: dict[int, tuple[QPen, QPen]] = {}  # id(pen) → (pen, narrower)

    # --- data ----------------------------------------------------------------------------------
    def set_line(self, key: str, x, y) -> None:
        self._lines[key] = (np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
        self._kept.pop(key, None)
        if not self.fast:
            curve = self._curves.get(key)
            if curve is None:
                curve = self._curves[key] = pg.PlotCurveItem(parent=self)
                curve.setPen(self._pen_of(key))
                self._stack_curves()
            curve.setData(*self._lines[key], connect="finite")
        self._changed()

    def clear_line(self, key: str) -> None:
        self._kept.pop(key, None)
        if self._lines.pop(key, None) is not None:
            curve = self._curves.pop(key, None)
            if curve is not None:
                curve.setParentItem(None)
                if curve.scene() is not None:
                    curve.scene().removeItem(curve)
            self._changed()

    def _stack_curves(self) -> None:
        for z, key in enumerate(self._lines):
            if key in self._curves:
                self._curves[key].setZValue(z)

    def line(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The arrays of line ``key`` as set (None: not drawn)."""
        return self._lines.get(key)

    def keys(self) -> tuple[str, ...]:
        """The lines drawn, in drawing order (the last on top)."""
        return tuple(self._lines)

    def set_order(self, keys: tuple[str, ...]) -> None:
        """Draw the lines in the order of ``keys`` (those not named keep theirs, first)."""
        if self.keys()[-len(keys) :] == keys or not keys:
            return
        rest = {k: v for k, v in self._lines.items() if k not in keys}
        self._lines = {**rest, **{k: self._lines[k] for k in keys if k in self._lines}}
        self._stack_curves()
        self.update()

    def restyle(self) -> None:
        """Draw again with the pens ``pen_of`` gives now (after a scale change)."""
        for key, curve in self._curves.items():
            curve.setPen(self._pen_of(key))
        self._changed()

    def _changed(self) -> None:
        self._bounds = None
        self._rect = None
        self.prepareGeometryChange()
        self.update()

    # --- geometry ------------------------------------------------------------------------------
    def _data_bounds(self) -> tuple[float, float, float, float] | None:
        if self._bounds is None:
            lows, highs = [], []
            for x, y in self._lines.values():
                finite = np.isfinite(x) & np.isfinite(y)
                if finite.any():
                    xs, ys = x[finite], y[finite]
                    lows.append((xs.min(), ys.min()))
                    highs.append((xs.max(), ys.max()))
            if not lows:
                return None
            (x0, y0), (x1, y1) = np.min(lows, axis=0), np.max(highs, axis=0)
            self._bounds = (float(x0), float(x1), float(y0), float(y1))
        return self._bounds

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        bounds = self._data_bounds()
        if bounds is None:
            return None, None
        return bounds[0:2] if ax == 0 else bounds[2:4]

    def viewTransformChanged(self) -> None:
        self._rect = None  # the pixel padding changes with the view; the data bounds do not
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        if self._rect is not None:
            return self._rect
        bounds = self._data_bounds()
        transform = self.deviceTransform_()  # pyqtgraph GraphicsItem: None before it is shown
        if bounds is None or transform is None or transform.m11() == 0 or transform.m22() == 0:
            return QRectF()
        widest = max((self._pen_of(key).widthF() for key in self._lines), default=1.0)
        pad = widest + 2.0  # px
        self._rect = padded(*bounds, pad / abs(transform.m11()), pad / abs(transform.m22()))
        return self._rect

    # --- paint ---------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option=None, widget=None) -> None:
        if not self.fast:
            return  # the curves, its children, paint themselves
        transform = pixel_transform(painter)
        for key, (x, y) in self._lines.items():
            if len(x) < 2:
                continue
            pen = self._pen_of(key)
            if transform is None or not self._draw_segments(painter, transform, key, pen):
                painter.setPen(pen)
                painter.drawPath(pg.arrayToQPath(x, y, connect="finite"))

    def _draw_segments(self, painter: QPainter, transform, key: str, pen: QPen) -> bool:
        segments = self._pixel_segments(transform, key)
        if segments is None:
            return False
        lines, pointer = segments
        if not len(lines):
            return True
        painter.save()
        try:
            painter.resetTransform()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(self._narrower(pen))
            painter.drawLines(pointer, len(lines))
        finally:
            painter.restore()
        return True

    def _pixel_segments(self, transform, key: str) -> tuple[np.ndarray, object] | None:
        """Line ``key``'s segments in pixels and Qt's pointer to them, kept while its data
        and the view do not change (a drag that moves one run redraws eight lines as they
        were, and a paint Qt asks for again redraws all nine); None beyond Qt's precise
        range."""
        where = (transform.m11(), transform.m22(), transform.dx(), transform.dy())
        kept = self._kept.get(key)
        if kept is not None and kept[0] == where:
            return kept[1]
        x, y = self._lines[key]
        with np.errstate(over="ignore", invalid="ignore"):  # a path flying off: inf, a gap
            px, py = x * where[0] + where[2], y * where[1] + where[3]
        segments = pixel_segments(px, py, self.thin, self.thin and self.straight)
        if segments is not None:
            lines = np.ascontiguousarray(segments)
            segments = (lines, shiboken6.wrapInstance(lines.ctypes.data, QLineF))
        self._kept[key] = (where, segments)
        return segments

    def _narrower(self, pen: QPen) -> QPen:
        kept = self._narrow.get(id(pen))
        if kept is not None and kept[0] is pen:
            return kept[1]
        narrower = QPen(pen)
        if pen.widthF() > 1.0 + JOINT_BOLDNESS:
            narrower.setWidthF(pen.widthF() - JOINT_BOLDNESS)
        if len(self._narrow) > 64:
            self._narrow.clear()
        self._narrow[id(pen)] = (pen, narrower)
        return narrower


def _straight_dropped(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points without every other one that lies within ``STRAIGHT_PX`` of the chord
    between its two neighbours (and between them along it): the neighbours stay, so each
    dropped point is that close to what is drawn. A non-finite value keeps its points."""
    pairs = (len(px) - 1) // 2  # candidates 1, 3, …, 2·pairs − 1; neighbours 0, 2, …, 2·pairs
    if pairs < 1:
        return px, py
    ax, ay = px[0 : 2 * pairs - 1 : 2], py[0 : 2 * pairs - 1 : 2]
    cx, cy = px[1 : 2 * pairs : 2] - ax, py[1 : 2 * pairs : 2] - ay
    bx, by = px[2 : 2 * pairs + 1 : 2] - ax, py[2 : 2 * pairs + 1 : 2] - ay
    chord = bx * bx + by * by
    along = cx * bx + cy * by
    across = cx * by - cy * bx
    drop = (across * across <= STRAIGHT_PX**2 * chord) & (along >= 0.0) & (along <= chord)
    drop &= chord > 0.0
    if not drop.any():
        return px, py
    keep = np.ones(len(px), dtype=bool)
    keep[1 : 2 * pairs : 2] = ~drop
    return px[keep], py[keep]


def pixel_segments(px: np.ndarray, py: np.ndarray, thin: bool = True,
                   straight: bool = False) -> np.ndarray | None:  # fmt: skip
    """The segments (count, 4: x0, y0, x1, y1) that draw the polyline through pixels
    (px, py), a non-finite point breaking it; None where a point lies beyond Qt's precise
    range.

    With ``thin``, a point in the same pixel as the one before (a path settling in a minimum
    takes hundreds of such steps) is not drawn: the line goes on from the last one kept.
    With ``straight``, points within ``STRAIGHT_PX`` of a straight run (a smooth curve, one
    pixel per step) are left out too (:func:`_straight_dropped`). Either changes only the
    antialiasing: a line with fewer joints, each drawn twice, is a shade less bold, which
    shows where a path runs along another (so the race's paths keep their straight runs).
    """
    with np.errstate(over="ignore", invalid="ignore"):  # a path flying off: inf, a gap
        if thin and len(px) > 2:
            cell = np.floor(px) + np.floor(py) * 1j
            moved = np.empty(len(px), dtype=bool)
            moved[0] = moved[-1] = True
            np.not_equal(cell[1:-1], cell[:-2], out=moved[1:-1])
            if not moved.all():
                px, py = px[moved], py[moved]
            if straight:
                px, py = _straight_dropped(px, py)
        ok = np.isfinite(px) & np.isfinite(py)
    keep = ok[:-1] & ok[1:]  # a segment with a non-finite end is a gap
    if keep.all():
        x0, y0, x1, y1 = px[:-1], py[:-1], px[1:], py[1:]
    else:
        x0, y0, x1, y1 = px[:-1][keep], py[:-1][keep], px[1:][keep], py[1:][keep]
    if len(x0) and not (np.abs(x0).max() < _MAX_PIXEL and np.abs(y0).max() < _MAX_PIXEL
                        and np.abs(x1).max() < _MAX_PIXEL
                        and np.abs(y1).max() < _MAX_PIXEL):  # fmt: skip
        return None
    return np.column_stack([x0, y0, x1, y1])

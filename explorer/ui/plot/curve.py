"""A curve that draws thick lines as pixel-space segments and keeps its data bounds.

Qt strokes a thick antialiased polyline as one outline polygon and fills that, about three
times slower than drawing the same line as separate segments; and its fast path for thick
segments only applies in pixel coordinates. pyqtgraph draws curves in data coordinates under
the view's transform. Measured for 241 points at 2.5 px: 0.38 ms as a path, 0.43 ms as
segments under a scaling transform, 0.13 ms as segments in pixels. A plot redrawn on every
step of a drag repaints all its curves, so this is most of what a frame costs.

A curve takes the segment path only when it opted in (``fast``, which
:meth:`explorer.ui.plot.styled.StyledPlot.line` sets), its pen is solid, opaque and wider
than 1.5 px, it is a plain connected line (no fill, steps or gaps), the view maps data to
pixels by scaling and shifting, and it is painted into pixels (an SVG keeps one path per
curve). Everything else is pyqtgraph's own paint. Segments overlap at their joints: with an
opaque pen that only makes the line a little bolder, which a slightly narrower pen undoes.

pyqtgraph also drops a curve's data bounds on every view change, and the next
``boundingRect`` recomputes nanmin/nanmax of x and y (~0.1 ms per curve and repaint in a
drag). They depend on the data, pens and fill level, which invalidate them when they change,
not on the view: only the pixel padding of the bounding rectangle does.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from explorer.ui.plot.pixels import SharedBuffer, padded, padding_in_data, pixel_transform

# Antialiased segments overlap at the joints, which makes a line look this much bolder (px):
# the fast path narrows its pen by as much (measured on a tanh curve, the pixels in the pen's
# colour then match pyqtgraph's rendering to 1 %)
JOINT_BOLDNESS = 0.5
_MAX_PIXEL = 1e6  # beyond this Qt's rasterizer loses precision: let pyqtgraph clip the path


class FastCurve(pg.PlotCurveItem):
    """A ``PlotCurveItem`` with the segment paint (opt-in) and bounds kept across views."""

    fast = False  # opted in per curve by the plot that owns it

    def __init__(self, *args, **kwargs) -> None:
        # before pyqtgraph's __init__, which already calls the overrides below
        self._narrow: tuple[tuple, QPen | None] | None = None  # (what it depends on, pen)
        self._lines = SharedBuffer(4, QLineF)
        super().__init__(*args, **kwargs)

    def paint(self, painter, option, widget=None) -> None:
        if self.fast and self._draw_segments(painter):
            return
        super().paint(painter, option, widget)

    def viewTransformChanged(self) -> None:
        self._boundingRect = None  # the pixel padding only; the data bounds stay
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        if self._boundingRect is not None:
            return self._boundingRect
        padding = padding_in_data(self)
        if padding is None:
            return super().boundingRect()  # rotated, sheared or not shown yet
        (x_min, x_max), (y_min, y_max) = self.dataBounds(ax=0), self.dataBounds(ax=1)
        if x_min is None or x_max is None or y_min is None or y_max is None:
            return QRectF()
        self._boundingRect = padded(x_min, x_max, y_min, y_max, *padding)
        return self._boundingRect

    def _draw_segments(self, painter: QPainter) -> bool:
        """Draw the curve as pixel-space segments; False (having drawn nothing) if it cannot."""
        x, y = self.xData, self.yData
        if x is None or len(x) < 2 or self._exportOpts is not False:
            return False
        pen = self._narrower_pen()
        if pen is None:
            return False
        transform = pixel_transform(painter)
        if transform is None:
            return False  # an SVG (or printer) keeps one path per curve
        count = len(x) - 1
        lines, pointer = self._lines.rows(count)
        sx, dx, sy, dy = transform.m11(), transform.dx(), transform.m22(), transform.dy()
        # (x₀ y₀ x₁ y₁) per segment, in pixels, written straight into the QLineF array Qt reads
        np.multiply(x[:-1], sx, out=lines[:, 0])
        np.multiply(y[:-1], sy, out=lines[:, 1])
        np.multiply(x[1:], sx, out=lines[:, 2])
        np.multiply(y[1:], sy, out=lines[:, 3])
        lines[:, 0::2] += dx
        lines[:, 1::2] += dy
        # NaN fails this too: gaps in a curve are pyqtgraph's to draw
        if not np.abs(lines).max() < _MAX_PIXEL:
            return False
        painter.save()
        try:
            painter.resetTransform()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
            painter.setPen(pen)
            painter.drawLines(pointer, count)
        finally:
            painter.restore()
        return True

    def _narrower_pen(self) -> QPen | None:
        """The segment path's pen (the curve's own, ``JOINT_BOLDNESS`` narrower), or None where
        the curve's options or pen rule the segments out. Remembered until the pen or one of
        those options is replaced (pyqtgraph replaces them; it never edits them in place)."""
        opts = self.opts
        pen = opts["pen"]
        key = (pen, opts["fillLevel"], opts["stepMode"], opts["connect"], opts.get("shadowPen"))
        kept = self._narrow
        if kept is not None and all(a is b for a, b in zip(kept[0], key, strict=True)):
            return kept[1]
        connect = opts["connect"]
        eligible = (
            opts["fillLevel"] is None
            and not opts["stepMode"]
            and isinstance(connect, str)
            and connect in ("all", "auto", "finite")  # all alike without NaN (checked per paint)
            and opts.get("shadowPen") is None
            and isinstance(pen, QPen)
            and pen.style() == Qt.PenStyle.SolidLine
            and pen.isSolid()
            and pen.color().alpha() == 255
            and pen.widthF() > 1.0 + JOINT_BOLDNESS
        )
        narrower = None
        if eligible:
            narrower = QPen(pen)
            narrower.setWidthF(pen.widthF() - JOINT_BOLDNESS)
        self._narrow = (key, narrower)
        return narrower

"""Thick antialiased curves drawn segment by segment in pixel coordinates.

Qt strokes a thick antialiased polyline as one outline polygon and fills that, about three
times slower than drawing the same line as separate segments; and its fast path for thick
segments only applies in pixel coordinates. pyqtgraph draws curves in data coordinates under
the view's transform, and keeps segments for non-antialiased pens. Measured for 241 points at
2.5 px: 0.38 ms as a path, 0.43 ms as segments under a scaling transform, 0.13 ms as segments
in pixels. A plot redrawn on every step of a drag repaints all its curves, so this is most of
what a frame costs.

:func:`install` wraps ``PlotCurveItem.paint`` once, before any plot exists (PySide picks up a
Python override when the item is created), and spares a curve being re-fed when only the
y-range moved and no value needs clipping. A curve takes the fast path only when it opted in
(:func:`set_fast`), its pen is solid, opaque and wider than 1.5 px, it is a plain connected
line (no fill, steps or gaps), the view maps data to pixels by scaling and shifting, and it
is painted into pixels (an SVG keeps one path per curve). Everything else is pyqtgraph's own
paint. Segments overlap at their joints: with an opaque pen that only makes the line a little
bolder, which a slightly narrower pen undoes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import QPaintEngine, QPainter, QPen, QTransform

# Antialiased segments overlap at the joints, which makes a line look this much bolder (px):
# the fast path narrows its pen by as much (measured on a tanh curve, the pixels in the pen's
# colour then match pyqtgraph's rendering to 1 %)
_JOINT_BOLDNESS = 0.5
_MAX_PIXEL = 1e6  # beyond this Qt's rasterizer loses precision: let pyqtgraph clip the path
_installed = False


def install() -> None:
    """Route opted-in curves through the fast path (idempotent)."""
    global _installed
    if _installed:
        return
    route_paint(pg.PlotCurveItem, lambda curve, painter: _draw_segments(curve, painter))
    unless_handled(
        pg.PlotDataItem,
        "viewRangeChanged",
        lambda item, vb=None, ranges=None, changed=None: _y_change_needs_no_clip(
            item, ranges, changed
        ),
    )
    _installed = True


def _y_change_needs_no_clip(item: pg.PlotDataItem, ranges, changed) -> bool:
    """True when only the y-range changed and the data stays unclipped before and after.

    A PlotDataItem clips y values beyond ``dynamicRangeLimit`` view heights (Qt misdraws
    huge coordinates), so pyqtgraph re-feeds its curve, and drops every cache of it, on each
    y-range change. Clipping only starts when the data spans more than 2 · hyst · limit view
    heights (6·10⁶ by default); below that, the display data is the data itself and stays so.
    """
    if changed is None or ranges is None or changed[0] or not changed[1]:
        return False
    limit = item.opts["dynamicRangeLimit"]
    shown, mapped = item._datasetDisplay, item._datasetMapped
    if limit is None or shown is None or mapped is None or shown.y is not mapped.y:
        return False  # no limit, nothing drawn yet, or clipped (or downsampled) now
    data = mapped.dataRect()
    (low, high) = ranges[1]
    return data is None or data.height() <= 2 * item.opts["dynamicRangeHyst"] * limit * (high - low)


def unless_handled(cls, name: str, handled) -> None:
    """Make ``cls.<name>`` call ``handled(self, *args, **kwargs)`` first and pyqtgraph's own
    method only where that returns False (having done nothing)."""
    original = getattr(cls, name)

    def method(self, *args, **kwargs):
        if not handled(self, *args, **kwargs):
            return original(self, *args, **kwargs)
        return None

    setattr(cls, name, method)


def route_paint(cls, draw) -> None:
    """Make ``cls.paint`` try ``draw(item, painter)`` first for items that opted in (see
    :func:`set_fast`); where it returns False (having drawn nothing), pyqtgraph paints."""
    unless_handled(
        cls,
        "paint",
        lambda item, painter, *_rest: (
            getattr(item, "_explorer_fast", False) and draw(item, painter)
        ),
    )


def pixel_transform(painter: QPainter) -> QTransform | None:
    """The painter's data-to-pixel transform if it paints pixels (not an SVG or a picture)
    through a plain scale and shift, else None."""
    if painter.paintEngine().type() != QPaintEngine.Type.Raster:
        return None
    transform = painter.transform()
    if transform.type().value > QTransform.TransformationType.TxScale.value:
        return None  # rotated or sheared: not a plot view
    return transform


def set_fast(curve: pg.PlotCurveItem, enabled: bool) -> None:
    """Let ``curve`` use the fast path when its pen and data allow it."""
    curve._explorer_fast = bool(enabled)


def _draw_segments(curve: pg.PlotCurveItem, painter: QPainter) -> bool:
    """Draw ``curve`` as pixel-space segments; False (having drawn nothing) if it cannot."""
    x, y = curve.xData, curve.yData
    if x is None or len(x) < 2 or curve._exportOpts is not False:
        return False
    pen = _narrower_pen(curve)
    if pen is None:
        return False
    transform = pixel_transform(painter)
    if transform is None:
        return False  # an SVG (or printer) keeps one path per curve
    count = len(x) - 1
    lines, pointer = shared_buffer(curve, count, 4, QLineF)
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
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(curve.opts["antialias"]))
        painter.setPen(pen)
        painter.drawLines(pointer, count)
    finally:
        painter.restore()
    return True


def _narrower_pen(curve: pg.PlotCurveItem) -> QPen | None:
    """The fast path's pen for ``curve`` (its own, ``_JOINT_BOLDNESS`` narrower), or None where
    the curve's options or pen rule the fast path out. Remembered until the pen or one of
    those options is replaced (pyqtgraph replaces them; it never edits them in place)."""
    opts = curve.opts
    pen = opts["pen"]
    key = (pen, opts["fillLevel"], opts["stepMode"], opts["connect"], opts.get("shadowPen"))
    kept = getattr(curve, "_explorer_pen", None)
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
        and pen.widthF() > 1.0 + _JOINT_BOLDNESS
    )
    narrower = None
    if eligible:
        narrower = QPen(pen)
        narrower.setWidthF(pen.widthF() - _JOINT_BOLDNESS)
    curve._explorer_pen = (key, narrower)
    return narrower


def shared_buffer(owner, count: int, columns: int, klass) -> tuple[np.ndarray, object]:
    """``count`` rows of a (rows, ``columns``) float64 buffer kept by ``owner`` (a plot item),
    and a pointer to its memory as ``klass`` (``QLineF``, ``QPainter.PixmapFragment``) for
    Qt's array-taking draw calls. The pointer is made when the buffer is, not on every paint:
    ``ndarray.ctypes`` costs more than filling the buffer."""
    kept = getattr(owner, "_explorer_buffer", None)
    if kept is None or kept[0].shape[0] < count or kept[0].shape[1] != columns:
        buffer = np.empty((max(count, 16), columns))
        kept = owner._explorer_buffer = (buffer, shiboken6.wrapInstance(buffer.ctypes.data, klass))
    return kept[0][:count], kept[1]

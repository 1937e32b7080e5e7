"""Paint a lean axis straight into Qt's pixel cache, with its pens and labels kept.

pyqtgraph records an axis into a ``QPicture`` and replays it, so that a repaint of an
unchanged axis costs only the replay. When Qt keeps the axis as a pixel cache
(``DeviceCoordinateCache``, as :class:`explorer.ui.plotting.StyledPlot` does), it only calls
``paint`` when the axis changed: the picture would be drawn twice for nothing. So a cached
lean axis (:mod:`explorer.ui.lean_axis`) is drawn directly, as ``AxisItem.drawPicture`` draws
it, with two savings that matter on every frame of a drag along the axis (measured: about a
third of an axis's paint):

- each label is a ``QStaticText``, laid out once per font and text: ``drawText`` in a
  rectangle shapes the string again on every call;
- the pens are made once per pen setting, not copied through ``mkPen`` for every level.

Without a cache (an SVG export) the axis keeps pyqtgraph's paint.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QStaticText
from PySide6.QtWidgets import QGraphicsItem

_NO_CACHE = QGraphicsItem.CacheMode.NoCache
_TEXTS_KEPT = 2048  # laid-out labels kept (per font and text; a drag sees a few dozen)
_texts: dict[tuple, tuple[QStaticText, float, float]] = {}
_PLACEMENTS: dict = {}  # alignment flags → (across, down)
_installed = False


def install() -> None:
    """Route ``AxisItem.paint`` of cached lean axes through :func:`draw` (idempotent). Call
    this before any axis exists (PySide picks up a Python override when the item is made)."""
    global _installed
    if _installed:
        return
    original = pg.AxisItem.paint

    def paint(self, painter, option, widget=None):
        if not getattr(self, "_lean_axis", False) or self.cacheMode() == _NO_CACHE:
            return original(self, painter, option, widget)
        painter.save()
        try:
            if self.style["tickFont"]:
                painter.setFont(self.style["tickFont"])
            specs = self.generateDrawSpecs(painter)
            if specs is not None:
                draw(self, painter, *specs)
        except Exception:  # an exception escaping a paint override aborts the process
            pg.debug.printExc("An axis failed to paint:")
        finally:
            painter.restore()

    pg.AxisItem.paint = paint
    _installed = True


def pens(axis: pg.AxisItem, levels: int) -> tuple[QPen, list[QPen]]:
    """The axis pen and the tick pen of each level (faded as pyqtgraph fades them),
    remembered until a pen, the tick alpha or the default foreground changes."""
    key = (axis._pen, axis._tickPen, axis.style["tickAlpha"], pg.getConfigOption("foreground"))
    kept = getattr(axis, "_explorer_pens", None)
    if kept is None or not _same(kept[0], key):
        kept = axis._explorer_pens = (key, axis.pen(), [])
    axis_pen, tick_pens = kept[1], kept[2]
    while len(tick_pens) < levels:
        tick_pens.append(_tick_pen(axis, len(tick_pens)))
    return axis_pen, tick_pens


def draw(axis: pg.AxisItem, p: QPainter, axis_spec, tick_specs, text_specs) -> None:
    """Draw the specs as ``AxisItem.drawPicture`` does: the same lines, pens, clip and text
    placement."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    pen, p1, p2 = axis_spec
    p.setPen(pen)
    p.drawLine(p1, p2)
    start = 0
    for i in range(1, len(tick_specs) + 1):  # one drawLines per run of ticks with one pen
        if i == len(tick_specs) or tick_specs[i][0] is not tick_specs[start][0]:
            p.setPen(tick_specs[start][0])
            p.drawLines([QLineF(a, b) for _pen, a, b in tick_specs[start:i]])
            start = i
    if axis.style["tickFont"] is not None:
        p.setFont(axis.style["tickFont"])
    p.setPen(axis.textPen())
    p.setClipRect(axis.boundingRect().toAlignedRect())
    font = p.font()
    font_key = (font.key(), p.device().logicalDpiY())
    metrics = None
    for rect, flags, text in text_specs:
        kept = _texts.get((font_key, text))
        if kept is None:
            metrics = metrics or QFontMetricsF(font, p.device())
            kept = _lay_out(font_key, text, font, metrics)
        static, width, height = kept
        across, down = _placement(flags)  # where in the rectangle: 0 start, 0.5 centre, 1 end
        x = rect.x() + (rect.width() - width) * across
        y = rect.y() + (rect.height() - height) * down
        p.drawStaticText(QPointF(x, y), static)


def _lay_out(font_key: tuple, text: str, font, metrics: QFontMetricsF) -> tuple:
    """A label laid out once: its ``QStaticText``, and the width and height that ``drawText``
    aligns it by."""
    if len(_texts) >= _TEXTS_KEPT:
        _texts.clear()
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(font=font)
    kept = _texts[(font_key, text)] = (static, metrics.horizontalAdvance(text), metrics.height())
    return kept


def _placement(flags) -> tuple[float, float]:
    """(across, down) of an alignment, remembered: Qt flag arithmetic in Python is slow."""
    placement = _PLACEMENTS.get(flags)
    if placement is None:
        align = Qt.AlignmentFlag
        across = 1.0 if flags & align.AlignRight else 0.5 if flags & align.AlignHCenter else 0.0
        down = 1.0 if flags & align.AlignBottom else 0.5 if flags & align.AlignVCenter else 0.0
        placement = _PLACEMENTS[flags] = (across, down)
    return placement


def _same(a: tuple, b: tuple) -> bool:
    return a[0] is b[0] and a[1] is b[1] and a[2] == b[2] and a[3] == b[3]


def _tick_pen(axis: pg.AxisItem, level: int) -> QPen:
    alpha = axis.style["tickAlpha"]
    if alpha is None:
        alpha = 255 / (level + 1)
    elif isinstance(alpha, float):
        alpha = min(255, max(0, round(alpha * 255)))
    elif not isinstance(alpha, int):
        raise TypeError("tickAlpha must be None, a float or an int")
    elif not 0 <= alpha <= 255:
        raise ValueError("tickAlpha as an int must be in [0, 255]")
    pen = axis.tickPen()
    if pen.brush().style() == Qt.BrushStyle.SolidPattern:
        pen = QPen(pen)
        colour = QColor(pen.color())
        colour.setAlpha(int(alpha))
        pen.setColor(colour)
    return pen

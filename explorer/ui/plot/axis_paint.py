"""Draw an axis's specs straight into Qt's pixel cache, as ``AxisItem.drawPicture`` does.

pyqtgraph records an axis into a ``QPicture`` and replays it, so that a repaint of an
unchanged axis costs only the replay. When Qt keeps the axis as a pixel cache
(``DeviceCoordinateCache``, as :class:`explorer.ui.plot.styled.StyledPlot` does), it only
calls ``paint`` when the axis changed: the picture would be drawn twice for nothing. So
:class:`explorer.ui.plot.axis.LeanAxis` draws directly, with two savings that matter on every
frame of a drag along the axis (measured: about a third of an axis's paint):

- each label is a ``QStaticText``, laid out once per font and text: ``drawText`` in a
  rectangle shapes the string again on every call;
- the pens are made once per pen setting (:func:`tick_pen`), not copied through ``mkPen``
  for every level.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QStaticText

_TEXTS_KEPT = 2048  # laid-out labels kept (per font and text; a drag sees a few dozen)
_texts: dict[tuple, tuple[QStaticText, float, float]] = {}
_PLACEMENTS: dict = {}  # alignment flags → (across, down)


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


def tick_pen(axis: pg.AxisItem, level: int) -> QPen:
    """The pen of tick level ``level``, faded as pyqtgraph fades it."""
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

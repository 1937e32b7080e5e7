"""A leaner ``AxisItem.generateDrawSpecs``, with the same result, and tick values without
``np.isclose``.

An axis whose range changes (every frame of a drag along it) lays out its ticks and labels
again in ``generateDrawSpecs``: pyqtgraph 0.14 does that in Python with a ``Point`` per tick
end, a text measurement per label through the painter and the axis's ``boundingRect`` once
per label (measured: 0.7–1.0 ms per call for a 500-px axis with 15 labels). :func:`draw_specs`
computes the same ``(axisSpec, tickSpecs, textSpecs)`` with the bounding rectangle taken
once, label sizes remembered per font and text, and plain ``QPointF``; tests compare it with
pyqtgraph's own on linear, log and fixed-tick axes of all four sides. One difference: a label
that would overprint one already placed is left out (pyqtgraph draws both, a smudge, when
big text meets a short axis: the tick values are chosen before the text is measured). It is
:class:`explorer.ui.plot.axis.LeanAxis`'s, which supplies the pens and the font key.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt

_TEXT_FLAGS = {  # worked out once: Qt flag arithmetic costs ~25 µs in Python
    "left": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip,
    "right": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip,
    "top": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextDontClip,
    "bottom": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip,
}
_SIZES_KEPT = 4096  # label sizes remembered (a label is a few bytes; fonts change rarely)


def tick_values(axis: pg.AxisItem, lo: float, hi: float, size: float):
    """``AxisItem.tickValues`` without ``np.isclose``, whose checks cost more than the
    comparison itself: a tick within 1 % of a spacing of a tick of a higher level is dropped,
    ``|a − b| ≤ atol`` exactly as ``isclose(rtol=0)`` decides it for finite values."""
    lo, hi = sorted((lo, hi))
    lo, hi = lo * axis.scale, hi * axis.scale
    levels = []
    taken = np.empty(0)
    for spacing, offset in axis.tickSpacing(lo, hi, size):
        start = math.ceil((lo - offset) / spacing) * spacing + offset
        count = int((hi - start) / spacing) + 1
        values = (np.arange(count) * spacing + start) / axis.scale
        near = np.abs(values[:, np.newaxis] - taken) <= spacing / axis.scale * 0.01
        values = values[~near.any(axis=-1)]
        taken = np.concatenate([taken, values])
        levels.append((spacing / axis.scale, values.tolist()))
    if axis.logMode:
        return axis.logTickValues(lo, hi, size, levels)
    return levels


def _text_size(painter, font_key: tuple, text: str, sizes: dict) -> tuple[float, float]:
    """Width and height of a label as pyqtgraph measures it (its height × 0.8); ``font_key``
    names the painter's font and resolution."""
    key = (font_key, text)
    size = sizes.get(key)
    if size is None:
        rect = painter.boundingRect(QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, text)
        size = (rect.width(), rect.height() * 0.8)
        if len(sizes) >= _SIZES_KEPT:
            sizes.clear()
        sizes[key] = size
    return size


def _levels(axis: pg.AxisItem, length: float):
    """Tick values per level and their strings (None: ask ``tickStrings``)."""
    if axis._tickLevels is None:
        return axis.tickValues(axis.range[0], axis.range[1], length), None
    levels, strings = [], []
    for level in axis._tickLevels:
        levels.append((None, [value for value, _ in level]))
        strings.append([text for _, text in level])
    return levels, strings


def draw_specs(axis: pg.AxisItem, p, sizes: dict):
    """``(axisSpec, tickSpecs, textSpecs)`` as ``AxisItem.generateDrawSpecs`` returns them
    for an axis without grid lines."""
    style = axis.style
    if style["tickFont"] is not None:
        p.setFont(style["tickFont"])
    bounds = axis.mapRectFromParent(axis.geometry())
    orientation = axis.orientation
    if orientation == "left":
        span = (bounds.topRight() + QPointF(-1, -1), bounds.bottomRight() + QPointF(-1, 1))
        tick_start, tick_stop, tick_dir, along = bounds.right(), bounds.right(), -1, 0
    elif orientation == "right":
        span = (bounds.topLeft() + QPointF(1, -1), bounds.bottomLeft() + QPointF(1, 1))
        tick_start, tick_stop, tick_dir, along = bounds.left(), bounds.left(), 1, 0
    elif orientation == "top":
        span = (bounds.bottomLeft() + QPointF(-1, -1), bounds.bottomRight() + QPointF(1, -1))
        tick_start, tick_stop, tick_dir, along = bounds.bottom(), bounds.bottom(), -1, 1
    else:
        span = (bounds.topLeft() + QPointF(-1, 1), bounds.topRight() + QPointF(1, 1))
        tick_start, tick_stop, tick_dir, along = bounds.top(), bounds.top(), 1, 1
    ends = [axis.mapToDevice(point) for point in span]
    if None in ends:
        return None
    delta = ends[1] - ends[0]
    length = math.hypot(delta.x(), delta.y())  # as pg.Point.length
    if length == 0:
        return None
    levels, given_strings = _levels(axis, length)

    lo, hi = axis.range
    if hi - lo == 0:
        scale, offset = 1, 0
    elif along == 0:
        scale = -bounds.height() / (hi - lo)
        offset = lo * scale - bounds.height()
    else:
        scale = bounds.width() / (hi - lo)
        offset = lo * scale
    ends_px = (lo * scale - offset, hi * scale - offset)
    px_min, px_max = min(ends_px), max(ends_px)

    positions: list[list[float | None]] = []
    tick_specs = []
    axis_pen, tick_pens = axis.pens(len(levels))
    for level, (_spacing, values) in enumerate(levels):
        tick_length = style["tickLength"] / (level * 0.5 + 1.0)
        pen = tick_pens[level]
        placed = []
        for value in values:
            x = value * scale - offset
            if x < px_min or x > px_max:
                placed.append(None)
                continue
            placed.append(x)
            if along == 0:
                p1, p2 = QPointF(tick_start, x), QPointF(tick_stop + tick_length * tick_dir, x)
            else:
                p1, p2 = QPointF(x, tick_start), QPointF(x, tick_stop + tick_length * tick_dir)
            tick_specs.append((pen, p1, p2))
        positions.append(placed)
    axis_spec = (axis_pen, span[0], span[1])

    text_specs: list[tuple[QRectF, Qt.AlignmentFlag, str]] = []
    if not style["showValues"]:
        return axis_spec, tick_specs, text_specs
    measured: list[tuple[float, float]] = []
    last_across = 0
    flags = _TEXT_FLAGS[orientation]
    gap = max(0, style["tickLength"]) + style["tickTextOffset"][along]
    outline = axis.boundingRect()
    left, top, right, bottom = outline.left(), outline.top(), outline.right(), outline.bottom()
    font_key = axis.font_key(p)
    taken: list[tuple[float, float]] = []  # the labels' extents along the axis
    for level in range(min(len(levels), style["maxTextLevel"] + 1)):
        if given_strings is None:
            spacing, values = levels[level]
            strings = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
        else:
            strings = list(given_strings[level])
        if len(strings) == 0:
            continue
        sizes_here = []
        for j, text in enumerate(strings):
            if positions[level][j] is None:
                sizes_here.append(None)
                continue
            size = _text_size(p, font_key, text, sizes)
            sizes_here.append(size)
            measured.append(size)
        if measured:
            if along == 0:
                filled, across = sum(h for _, h in measured), max(w for w, _ in measured)
            else:
                filled, across = sum(w for w, _ in measured), max(h for _, h in measured)
        else:
            filled = across = 0
        if level > 0:  # the top level is always labelled; the others while there is room
            ratio = float(filled) / length
            if any(len(text_specs) >= n and ratio >= limit for n, limit in style["textFillLimits"]):
                break
        last_across = across
        for j, text in enumerate(strings):
            size = sizes_here[j]
            if size is None:
                continue
            x, (width, height) = positions[level][j], size
            if orientation == "left":
                rect = QRectF(tick_stop - gap - width, x - height / 2, width, height)
            elif orientation == "right":
                rect = QRectF(tick_stop + gap, x - height / 2, width, height)
            elif orientation == "top":
                rect = QRectF(x - width / 2.0, tick_stop - gap - height, width, height)
            else:
                rect = QRectF(x - width / 2.0, tick_stop + gap, width, height)
            # as pyqtgraph (outline & rect == rect): only labels wholly inside the axis
            if not (left <= rect.left() and rect.right() <= right and top <= rect.top()
                    and rect.bottom() <= bottom):  # fmt: skip
                continue
            start, end = (rect.top(), rect.bottom()) if along == 0 else (rect.left(), rect.right())
            if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                continue  # it would overprint a label already placed (big text, short axis)
            taken.append((start, end))
            text_specs.append((rect, flags, text))
    axis._updateMaxTextSize(last_across)
    return axis_spec, tick_specs, text_specs

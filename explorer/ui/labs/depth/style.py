"""Colours, number formats and axis helpers of the Depth & gradients lab."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from explorer.ui import theme

RUN_COLOUR = theme.PALETTE[0]  # run B, the current settings: blue
PINNED_COLOUR = theme.PALETTE[3]  # run A: vermillion
NOW_COLOUR = "#222222"  # the trained net's statistics
SATURATED_COLOUR = theme.PALETTE[1]  # orange
DEAD_COLOUR = theme.PALETTE[4]  # reddish purple
ACCURACY_COLOUR = theme.PALETTE[2]  # bluish green
CLASS_COLOURS = (theme.PALETTE[0], theme.PALETTE[1], theme.PALETTE[2], theme.PALETTE[4],
                 theme.PALETTE[5], theme.PALETTE[3])  # fmt: skip
CLASS_SYMBOLS = ("o", "t1", "s", "d", "star", "p")
BAND_COLOUR = QColor(213, 94, 0, 40)  # vermillion, faint: the saturation band
ERROR_CSS = "color: #B00020;"
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def finite(values, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None):
    """``np.nan_to_num(values, nan=…, posinf=…, neginf=…)`` as a float array; the input itself
    when it is all finite (nothing to replace), which is the common case and costs two NumPy
    calls instead of nan_to_num's ~30 µs of Python checks on every frame."""
    values = np.asarray(values, dtype=np.float64)
    if np.isfinite(values).all():
        return values
    return np.nan_to_num(values, nan=nan, posinf=posinf, neginf=neginf)


def subscript(number: int) -> str:
    return str(number).translate(SUBSCRIPTS)


def number(value: float) -> str:
    """Compact: 0.0123, 1.2e-05, 412, ∞, NaN."""
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if 100 <= abs(value) < 1e5:
        return f"{value:.0f}"
    if value == 0 or 1e-3 <= abs(value) < 100:
        return f"{value:.3g}"
    return f"{value:.1e}"


def percent(fraction: float | None) -> str:
    return "–" if fraction is None or fraction != fraction else f"{100 * fraction:.0f} %"


def tint(colour: str, amount: float) -> QColor:
    """``colour`` mixed with white: 0 → white, 1 → the colour."""
    c = QColor(colour)
    return QColor(*(round(255 + amount * (v - 255)) for v in (c.red(), c.green(), c.blue())))


def text_colour(colour: str) -> str:
    return QColor(colour).darker(135).name()


def decade_ticks(low: int, high: int, max_labels: int = 8):
    """Ticks of a log10 axis: labelled decades (every k-th if many)."""
    every = max(1, math.ceil((high - low + 1) / max_labels))
    major = [(float(d), f"1e{d}" if d not in (0, 1) else f"{10.0**d:g}")
             for d in range(low, high + 1) if d % every == 0]  # fmt: skip
    return [major, []]  # no minor ticks: each is a grid line, and grid lines are costly


LAYER_SLOTS = (4, 8, 12, 16, 24, 32, 48, 64)


def layer_slots(depth: int) -> int:
    """How many layer columns a per-layer plot shows: the depth rounded up to a few fixed
    widths, so a depth drag adds bars in place and rescales the axis only now and then."""
    return next(slots for slots in LAYER_SLOTS if slots >= depth)


def layer_ticks(slots: int):
    """Layer numbers on a per-layer axis: at most ~16 labels at 100 % (fewer when the View
    scale makes them bigger), every 1st, 2nd, 4th, 8th or 16th layer."""
    room = 16 / theme.Scale.factor
    step = next(s for s in (1, 2, 4, 8, 16) if slots / s <= room)
    major = [(float(x), str(x)) for x in range(step, slots + 1, step)]
    if step > 2:  # layer 1 is the one the story is about; with step 2, "2" sits next to it
        major.insert(0, (1.0, "1"))
    return [major, []]


def log_span(values: np.ndarray, floor: float = -320.0) -> tuple[int, int]:
    """Whole decades covering the finite positive ``values`` (log10 already taken)."""
    finite = values[np.isfinite(values) & (values > floor)]
    if finite.size == 0:
        return -1, 1
    low, high = math.floor(float(finite.min())), math.ceil(float(finite.max()))
    # over many decades, both ends move in steps of 2 or 5: a depth drag then rescales the
    # axis (and re-lays out its labels) every few layers, not at every one
    step = 1 if high - low <= 6 else 2 if high - low <= 12 else 5
    low, high = step * math.floor(low / step), step * math.ceil(high / step)
    return low, max(high, low + 1)


def compact(combo, chars: int = 14) -> None:
    """Let a combo box be narrow (the left panel is ~280 px) but show full texts when open."""
    from PySide6.QtWidgets import QComboBox

    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)


def mkpen(colour, width: float | None = None, dash: bool = False):
    from PySide6.QtCore import Qt

    style = Qt.PenStyle.DashLine if dash else Qt.PenStyle.SolidLine
    return pg.mkPen(colour, width=(width or theme.BASE_LINE_WIDTH) * theme.Scale.factor,
                    style=style)  # fmt: skip

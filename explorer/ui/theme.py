"""Colours, line widths and font sizes shared by every plot.

The palette is Okabe & Ito's (2008) colour-blind-safe set. Widths and sizes are given at 100 %
and multiplied by the View → Text and line size setting, so a lecturer can make every plot
legible from the back of a hall (100–250 %).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# Okabe–Ito, ordered so the first colours contrast most on a white background
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]
TARGET_COLOUR = "#555555"
SUM_COLOUR = "#000000"
ERROR_COLOUR = "#B00020"  # a refused value, a broken formula, a run that diverged

BASE_LINE_WIDTH = 2.5  # px at 100 %: visible on a projector
THIN_LINE_WIDTH = 1.2
BASE_FONT_PT = 10
MIN_SCALE, MAX_SCALE = 100, 250


def colour(i: int) -> QColor:
    """The i-th palette colour, cycling."""
    return QColor(PALETTE[i % len(PALETTE)])


class Scale:
    """The current text/line scale (a fraction, 1.0 = 100 %)."""

    factor: float = 1.0

    @classmethod
    def set_percent(cls, percent: int) -> None:
        percent = max(MIN_SCALE, min(MAX_SCALE, int(percent)))
        cls.factor = percent / 100.0

    @classmethod
    def width(cls, base: float = BASE_LINE_WIDTH) -> float:
        return base * cls.factor

    @classmethod
    def font_pt(cls, base: float = BASE_FONT_PT) -> int:
        return round(base * cls.factor)

"""Colours, marker shapes and pens of the Depth & gradients lab.

Run B (the current settings) is blue and the pinned run A vermillion everywhere; saturated
and dead units, accuracy and the classes take the other Okabe–Ito colours.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
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


def tint(colour: str, amount: float) -> QColor:
    """``colour`` mixed with white: 0 → white, 1 → the colour."""
    c = QColor(colour)
    return QColor(*(round(255 + amount * (v - 255)) for v in (c.red(), c.green(), c.blue())))


def text_colour(colour: str) -> str:
    """A darker shade of ``colour`` for text, legible on white."""
    return QColor(colour).darker(135).name()


def mkpen(colour, width: float | None = None, dash: bool = False):
    """A pen ``width`` px wide at 100 % (the theme's line width by default), scaled with
    View → Text and line size."""
    style = Qt.PenStyle.DashLine if dash else Qt.PenStyle.SolidLine
    return pg.mkPen(colour, width=(width or theme.BASE_LINE_WIDTH) * theme.Scale.factor,
                    style=style)  # fmt: skip

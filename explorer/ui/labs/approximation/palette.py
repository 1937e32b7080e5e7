"""Colours and line widths of the approximation lab.

Neurons take the Okabe–Ito palette without black (black is the sum ŷ) and without yellow
(invisible on white at a projector); with more than six neurons the colours repeat, which is
fine: a neuron row and its curve share the colour, and the sum is what matters.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from explorer.ui import theme

NEURON_COLOURS = tuple(c for c in theme.PALETTE if c not in ("#000000", "#F0E442"))
SUM_COLOUR = theme.SUM_COLOUR
TARGET_COLOUR = "#8A8A8A"  # the sample points: grey, behind the curves
CLEAN_TARGET_COLOUR = "#555555"  # f(x) without noise, dashed
RESIDUAL_COLOUR = theme.PALETTE[3]  # vermillion
REFERENCE_COLOUR = theme.PALETTE[0]  # the least-squares error curve: blue
MARKER_COLOUR = theme.PALETTE[1]  # this network's error: orange
GUIDE_COLOUR = "#888888"
LEGEND_BRUSH = QColor(255, 255, 255, 215)  # a legend the curves show through
SUM_WIDTH = 1.5 * theme.BASE_LINE_WIDTH


def neuron_colour(index: int) -> QColor:
    """The colour of neuron ``index`` (0-based), shared by its row and its curve."""
    return QColor(NEURON_COLOURS[index % len(NEURON_COLOURS)])

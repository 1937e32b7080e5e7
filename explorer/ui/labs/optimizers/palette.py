"""Colours of the Optimizers lab: one fixed colour per race entry, whatever else is ticked.

Okabe–Ito (without its yellow, which vanishes on the heat map's light bands) for the classic
methods, then Paul Tol's bright and muted colours; the three SGD entries are the blue family,
the Adam family reds and purples, so related methods look related. The heat map is a light
grey-blue ramp, so every path stands out on it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

ENTRY_COLOURS = {
    "sgd": "#000000",  # black: the baseline
    "momentum": "#0072B2",  # blue
    "nesterov": "#56B4E9",  # sky blue
    "adagrad": "#009E73",  # bluish green
    "rmsprop": "#E69F00",  # orange
    "adadelta": "#999933",  # olive
    "adam": "#D55E00",  # vermillion
    "adamw": "#882255",  # wine
    "nadam": "#CC79A7",  # reddish purple
    "adamax": "#AA4499",  # purple
    "radam": "#117733",  # dark green
}
START_COLOUR = "#222222"
STEP_SGD_COLOUR = "#555555"  # plain SGD's −γ∇f beside the selected optimizer's step
MINIMUM_COLOUR = "#FFFFFF"
STEP_LINE_COLOUR = "#888888"
#: the heat map's ramp, low (the valley floor) to high: light enough for dark paths on top
HEAT_STOPS = ((0.0, "#FFFFFF"), (0.35, "#C6DBEF"), (0.7, "#6BAED6"), (1.0, "#3A6FA0"))


def entry_colour(key: str) -> QColor:
    return QColor(ENTRY_COLOURS[key])

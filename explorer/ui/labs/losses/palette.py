"""Colours of the loss-functions lab: one per loss (Okabe–Ito), kept across its tabs.

MSE is blue wherever it appears (the regression tab, the sigmoid neuron), the logistic loss /
cross-entropy bluish green (the margin tab, the neuron, the focal plot's BCE). Classes take
the depth lab's first two class colours, so a point looks the same in both labs; the margin
losses therefore avoid blue and orange.
"""

from __future__ import annotations

import html

from explorer.ui import theme
from explorer.ui.labs.depth.palette import CLASS_COLOURS

BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, _YELLOW, BLACK = theme.PALETTE

LOSS_COLOURS = {
    # regression
    "mse": BLUE,
    "l1": ORANGE,
    "huber": GREEN,
    "smooth_l1": VERMILLION,
    # margin
    "zero_one": BLACK,
    "hinge": VERMILLION,
    "squared_hinge": PURPLE,
    "soft_margin": GREEN,
    "exponential": SKY,
    # the neuron and the focal plot
    "ce": GREEN,
    "bce_with_logits": GREEN,
    "sigmoid_focal": PURPLE,
}
#: short names for legends, check boxes and the status line
LEGEND_NAMES = {
    "mse": "MSE", "l1": "L1", "huber": "Huber (δ)", "smooth_l1": "Smooth L1 (β)",
    "zero_one": "0-1", "hinge": "Hinge", "squared_hinge": "Squared hinge",
    "soft_margin": "Logistic (BCE)", "exponential": "Exponential",
    "ce": "Cross-entropy", "bce_with_logits": "BCE", "sigmoid_focal": "Focal",
}  # fmt: skip
#: Smooth L1(β) is Huber(δ = β)/β: the same line when δ = β, so it is drawn dashed on top
DASHED = frozenset({"smooth_l1"})
CLASS_NEGATIVE, CLASS_POSITIVE = CLASS_COLOURS[0], CLASS_COLOURS[1]  # y = −1 (class 0), +1
POINT_COLOUR = "#333333"  # the regression data
SELECTED_COLOUR = VERMILLION  # the selected data point's ring
GUIDE_COLOUR = "#888888"  # zero lines, the margin m = 1
PROBABILITY_COLOUR = BLUE
TARGET_COLOUR = "#555555"
GRADIENT_COLOUR = VERMILLION
LOGIT_COLOUR = "#444444"


def loss_colour(name: str) -> str:
    return LOSS_COLOURS.get(name, BLACK)


def coloured(name: str, text: str) -> str:
    """``text`` in bold in loss ``name``'s colour (the notes' HTML)."""
    return f"<b style='color:{loss_colour(name)}'>{html.escape(text)}</b>"


def short(name: str) -> str:
    """The loss's short name: "MSE", "Hinge", "Logistic (BCE)"."""
    return LEGEND_NAMES.get(name, name)

"""Colours of the Activation lab: one fixed colour per registry entry.

The theme's eight Okabe–Ito colours would repeat across twenty activations (ReLU and SiLU, the
pair a lecturer compares most, would share one) and include a yellow that vanishes on white at a
projector. So this lab extends the palette: Okabe–Ito (no yellow) for the classic activations,
then Paul Tol's muted and bright sets, ordered so that the usual groups (sigmoid/tanh/ReLU, the
ReLU family, the smooth ReLUs) never share a colour. A colour belongs to the registry index, so
an activation keeps it whatever else is ticked.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

ACTIVATION_COLOURS = (
    "#777777",  # identity: grey, the baseline
    "#000000",  # step
    "#009E73",  # sigmoid: bluish green
    "#D55E00",  # tanh: vermillion
    "#0072B2",  # relu: blue
    "#E69F00",  # leaky_relu: orange
    "#CC79A7",  # elu: reddish purple
    "#882255",  # selu: wine
    "#44AA99",  # celu: teal
    "#56B4E9",  # softplus: sky blue
    "#AA4499",  # gelu: purple
    "#117733",  # silu: dark green
    "#999933",  # swish: olive
    "#CC6677",  # mish: rose
    "#332288",  # softsign: indigo
    "#8C510A",  # hardtanh: brown
    "#B8860B",  # relu6: dark goldenrod
    "#33BBEE",  # hardsigmoid: cyan
    "#AA3377",  # hardswish: magenta
    "#4477AA",  # logsigmoid: steel blue
)

SHADE_ALPHA = 45  # of 255: saturation shading must not hide the curves under it
GUIDE_COLOUR = "#888888"  # axes through 0, the depth marker


def activation_colour(index: int) -> QColor:
    """The colour of the registry's ``index``-th activation (cycles if the registry grows)."""
    return QColor(ACTIVATION_COLOURS[index % len(ACTIVATION_COLOURS)])


def shade_colour(index: int) -> QColor:
    colour = activation_colour(index)
    colour.setAlpha(SHADE_ALPHA)
    return colour

"""Colours of the Normalization lab.

The four variants keep one Okabe–Ito colour each on every plot (none is black: the reference);
the clicked cell's group is outlined in bluish green on the heat map (it stands out on both
ends of the red–white–blue map) and drawn in it on the histograms, over grey bars of the batch.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from explorer.ui import theme

VARIANT_COLOURS = {
    "none": "#000000",
    "batchnorm": theme.PALETTE[0],  # blue
    "layernorm": theme.PALETTE[1],  # orange
    "rmsnorm": theme.PALETTE[4],  # reddish purple
}
GROUP_COLOUR = theme.PALETTE[2]  # bluish green: the clicked cell's group
ALL_COLOUR = QColor(150, 150, 150, 140)  # the whole batch behind the group
DIM = (255, 255, 255, 170)  # RGBA over the cells outside the group: faded, still readable
HEAT_MAP = "CET-D1"  # a diverging map: 0 is white, the sign reads at a glance
BATCH_COLOUR = theme.PALETTE[0]  # blue: what one batch says (μ_B, σ_B, train mode)
EVAL_COLOUR = theme.PALETTE[3]  # vermillion: the running statistics and eval mode
TRUE_COLOUR = "#000000"  # the truth over all points, dashed
RAW_COLOUR = theme.PALETTE[3]  # vermillion: gradient descent on the raw inputs
STANDARD_COLOUR = theme.PALETTE[0]  # blue: on the standardized inputs
CONTOUR_COLOUR = "#888888"

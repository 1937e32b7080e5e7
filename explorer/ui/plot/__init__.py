"""The app's plots: :class:`StyledPlot` (the house style), :class:`LossPlot`, cheap items,
and the speed layer, pyqtgraph subclasses that draw the same pictures with less Python.

The speed layer is used explicitly: each plot builds itself from :func:`kinds` (the
subclasses, or pyqtgraph's own classes when :data:`FAST` is False), and importing this
package changes nothing in pyqtgraph. :data:`FAST` is read once, at import
(:mod:`explorer.ui.plot.switch`): ``EXPLORER_PLAIN_PLOTS=1``, or a pyqtgraph other than the
tested version, turns the layer off. docs/speed-layer.md says which class saves what.
"""

from __future__ import annotations

from explorer.ui.plot.items import Backdrop, Dot, GridLines, PixelText
from explorer.ui.plot.kinds import FAST_KINDS, PLAIN_KINDS, Kinds, kinds
from explorer.ui.plot.loss import LossPlot
from explorer.ui.plot.plots_scroll import PlotsScroll
from explorer.ui.plot.styled import StyledPlot
from explorer.ui.plot.switch import FAST, fast

__all__ = [
    "FAST",
    "FAST_KINDS",
    "PLAIN_KINDS",
    "Backdrop",
    "Dot",
    "GridLines",
    "Kinds",
    "LossPlot",
    "PixelText",
    "PlotsScroll",
    "StyledPlot",
    "fast",
    "kinds",
]

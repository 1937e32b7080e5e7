"""Every race entry's path on a 2-D plot in its fixed colour, with a dot where it is now.

The surface race and the Same-network landscape both draw them: one :class:`LinesItem` holds
all the paths (see lines_item.py); the styled lines, never in the plot, carry each entry's
pen, which the plot keeps scaled with the View scale.
"""

from __future__ import annotations

from explorer.state.optimizers import entries
from explorer.ui.labs.optimizers.lines_item import LinesItem
from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS
from explorer.ui.plot import StyledPlot


class EntryPaths:
    """``lines`` (a :class:`LinesItem` keyed by entry) and ``heads`` (a dot per entry)."""

    def __init__(self, plot: StyledPlot, z: float = 2.0) -> None:
        self.pens = {e.key: plot.line(None, ENTRY_COLOURS[e.key], z=z) for e in entries.ENTRIES}
        for item in self.pens.values():
            plot.set_attached(item, False)
        self.lines = LinesItem(lambda key: self.pens[key].opts["pen"])
        self.lines.setZValue(z)
        plot.plot_item.addItem(self.lines)
        self.heads = {
            e.key: plot.dot(ENTRY_COLOURS[e.key], size=10, z=z + 2) for e in entries.ENTRIES
        }

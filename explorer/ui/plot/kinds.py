"""Which classes a plot is built of: the speed layer's subclasses, or pyqtgraph's own.

Every plot asks its :class:`Kinds` for its axes, plot item, data items, bar graphs and
texts, so one switch (:data:`explorer.ui.plot.switch.FAST`) decides for the whole app, and a
test can still build a plot of either kind in the same process to compare the two.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg

from explorer.ui.plot import switch
from explorer.ui.plot.axis import DecadeAxis, LeanAxis
from explorer.ui.plot.data_items import FastBars, FastDataItem
from explorer.ui.plot.items import PixelText
from explorer.ui.plot.plot_item import StyledPlotItem


@dataclass(frozen=True)
class Kinds:
    """The classes of one mode; call them as the pyqtgraph classes they stand for."""

    fast: bool
    axis: type[pg.AxisItem]
    decade_axis: type[pg.AxisItem]  # a log axis without minor ticks over many decades
    plot_item: type[pg.PlotItem]
    data_item: type[pg.PlotDataItem]
    bars: type[pg.BarGraphItem]
    text: type[pg.TextItem]  # a label at a data point, in pixels

    def fast_data_item(self, *args, **kwargs) -> pg.PlotDataItem:
        """A data item whose curve and scatter take their fast paint paths where the item's
        style allows (:class:`~explorer.ui.plot.curve.FastCurve`,
        :class:`~explorer.ui.plot.scatter.FastScatter`); pyqtgraph's own in plain mode."""
        if self.fast:
            return self.data_item(*args, fast=True, **kwargs)
        return self.data_item(*args, **kwargs)


FAST_KINDS = Kinds(
    fast=True,
    axis=LeanAxis,
    decade_axis=DecadeAxis,
    plot_item=StyledPlotItem,
    data_item=FastDataItem,
    bars=FastBars,
    text=PixelText,
)
PLAIN_KINDS = Kinds(
    fast=False,
    axis=pg.AxisItem,
    decade_axis=pg.AxisItem,
    plot_item=pg.PlotItem,
    data_item=pg.PlotDataItem,
    bars=pg.BarGraphItem,
    text=pg.TextItem,
)


def kinds(fast: bool | None = None) -> Kinds:
    """The classes for ``fast`` (the process's switch when None)."""
    return FAST_KINDS if (switch.FAST if fast is None else fast) else PLAIN_KINDS

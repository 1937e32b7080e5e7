"""The plots' ``PlotItem``: fast data items from ``plot()``, a legend that caches new
entries' text, and a title that never widens its plot (:class:`~explorer.ui.plot.title.
TitleLabel`).

pyqtgraph's ``PlotItem.__init__`` makes its title label itself; :class:`StyledPlotItem`
replaces it right after with a ``TitleLabel`` in the same layout cell, before any title is
set.
"""

from __future__ import annotations

import pyqtgraph as pg
import shiboken6
from PySide6.QtWidgets import QGraphicsItem

from explorer.ui.plot.data_items import FastDataItem
from explorer.ui.plot.title import TitleLabel


class CachedLegend(pg.LegendItem):
    """A legend whose entries added later get ``label_cache_mode`` (the plot's text caching:
    each entry's text is an item of its own, redrawn whenever a curve under the legend
    changes unless it is cached too)."""

    label_cache_mode = QGraphicsItem.CacheMode.NoCache

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        self.items[-1][1].item.setCacheMode(self.label_cache_mode)


class StyledPlotItem(pg.PlotItem):
    """A ``PlotItem`` whose ``plot()`` makes :class:`FastDataItem` s, whose legend is a
    :class:`CachedLegend` and whose title is a :class:`TitleLabel`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        old = self.titleLabel
        self.layout.removeItem(old)
        old.setParentItem(None)
        shiboken6.delete(old)
        self.titleLabel = TitleLabel("", size="11pt", parent=self)  # as pyqtgraph makes it
        self.layout.addItem(self.titleLabel, 0, 1)
        self.setTitle(None)  # hidden until a title is set, as in pyqtgraph

    def plot(self, *args, **kwargs) -> FastDataItem:
        """As ``PlotItem.plot``, with a :class:`FastDataItem`."""
        if kwargs.get("clear", False):
            self.clear()
        item = FastDataItem(*args, **kwargs)
        self.addItem(item, params=kwargs.get("params") or {})
        return item

    def addLegend(self, offset=(30, 30), **kwargs) -> CachedLegend:
        """As ``PlotItem.addLegend``, with a :class:`CachedLegend`."""
        if self.legend is None:
            self.legend = CachedLegend(offset=offset, **kwargs)
            self.legend.setParentItem(self.vb)
        return self.legend

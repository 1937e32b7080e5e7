"""The data items the plots hold: a ``PlotDataItem`` made of the fast curve and scatter, and
bar graphs that remember their bounding rectangle.

pyqtgraph's ``PlotDataItem.__init__`` makes its children itself (``self.curve =
PlotCurveItem()``, ``self.scatter = ScatterPlotItem()``), before any data or style reaches
them; :class:`FastDataItem` replaces both right after, and then sets the data and style it
was given, as pyqtgraph's constructor would have.
"""

from __future__ import annotations

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QRectF

from explorer.ui.plot.curve import FastCurve
from explorer.ui.plot.scatter import FastScatter


class FastDataItem(pg.PlotDataItem):
    """A ``PlotDataItem`` drawn by :class:`FastCurve` and :class:`FastScatter`.

    ``fast=True`` opts both children in to their fast paint (and the scatter to in-place
    moves); their cached bounds apply either way.
    """

    def __init__(self, *args, fast: bool = False, **kwargs) -> None:
        super().__init__()  # no data: pyqtgraph's children are replaced before they get any
        for old in (self.curve, self.scatter):
            old.setParentItem(None)
            shiboken6.delete(old)  # and its signal connections with it
        self.curve, self.scatter = FastCurve(), FastScatter()
        self.curve.fast = self.scatter.fast = fast
        for child in (self.curve, self.scatter):
            child.setParentItem(self)
        # as pyqtgraph's __init__ connects them
        self.curve.sigClicked.connect(self.sigClicked)
        self.scatter.sigClicked.connect(self.scatterClicked)
        self.scatter.sigHovered.connect(self.sigPointsHovered)
        self.setCurveClickable(kwargs.get("clickable", False))
        self.setData(*args, **kwargs)

    def viewRangeChanged(self, vb=None, ranges=None, changed=None) -> None:
        if not self._y_change_needs_no_clip(ranges, changed):
            super().viewRangeChanged(vb, ranges, changed)

    def _y_change_needs_no_clip(self, ranges, changed) -> bool:
        """True when only the y-range changed and the data stays unclipped before and after.

        A PlotDataItem clips y values beyond ``dynamicRangeLimit`` view heights (Qt misdraws
        huge coordinates), so pyqtgraph re-feeds its curve, and drops every cache of it, on
        each y-range change. Clipping only starts when the data spans more than 2 · hyst ·
        limit view heights (6·10⁶ by default); below that, the display data is the data
        itself and stays so.
        """
        if changed is None or ranges is None or changed[0] or not changed[1]:
            return False
        limit = self.opts["dynamicRangeLimit"]
        shown, mapped = self._datasetDisplay, self._datasetMapped
        if limit is None or shown is None or mapped is None or shown.y is not mapped.y:
            return False  # no limit, nothing drawn yet, or clipped (or downsampled) now
        data = mapped.dataRect()
        low, high = ranges[1]
        hyst = self.opts["dynamicRangeHyst"]
        return data is None or data.height() <= 2 * hyst * limit * (high - low)


class FastBars(pg.BarGraphItem):
    """A ``BarGraphItem`` that remembers its bounding rectangle until its bars change
    (``setOpts``) or its view's transform does (pen widths are in pixels).

    pyqtgraph 0.14 computes it afresh on each of Qt's several calls per paint,
    ``pixelVectors`` included: 7 % of a depth drag went to the depth lab's four bar graphs
    (measured with py-spy).
    """

    def __init__(self, **opts) -> None:
        self._rect: QRectF | None = None  # before pyqtgraph's __init__, which calls setOpts
        super().__init__(**opts)

    def boundingRect(self) -> QRectF:
        if self._rect is None:
            self._rect = super().boundingRect()
        return QRectF(self._rect)  # a copy: callers may adjust the one they get

    def setOpts(self, **opts) -> None:
        self._rect = None
        super().setOpts(**opts)

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self._rect = None
        self.prepareGeometryChange()

"""Plot items that remember their bounding rectangle, or its data part, between changes.

Qt asks an item for its ``boundingRect`` several times per paint (to find what is exposed
and what to repaint). pyqtgraph 0.14's ``BarGraphItem`` and ``ScatterPlotItem`` compute it
afresh on each call, including ``pixelVectors`` (the size of a pixel in data units, through
the device transform). Measured with py-spy: 7 % of a depth drag went to the depth lab's
four bar graphs, and 8 % of the approximation lab's w₁ drag to its scatter plots.

- A bar graph's rectangle depends on its bars (``setOpts``) and on the view's transform (pen
  widths are in pixels); both now drop the remembered one.
- A scatter plot already resets its cached data bounds (``self.bounds``) whenever its points,
  their sizes or the view's transform change, so its rectangle is kept for as long as that
  cache is the same object; a new one takes a pixel as 1/scale data units, as for curves.
- A curve (``PlotCurveItem``) caches its rectangle but drops its data bounds with it on every
  view change; only the rectangle goes now. Its pixel padding is then re-measured through
  ``pixelVectors`` (~0.07 ms per curve and view change); where the view only scales and
  shifts, as a plot's does, one pixel is simply 1/scale data units.

:func:`install` patches the classes once, at plotting import, before any item exists
(PySide resolves a Python override when the item is created).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QTransform

_installed = False
# pyqtgraph's own, kept for the fallbacks and for comparison
PYQTGRAPH_CURVE_BOUNDS = pg.PlotCurveItem.boundingRect
PYQTGRAPH_SCATTER_BOUNDS = pg.ScatterPlotItem.boundingRect


def install() -> None:
    """Cache the bounding rectangles of bar graphs and scatter plots, and keep curves' data
    bounds across view changes (idempotent)."""
    global _installed
    if _installed:
        return
    _install_bars()
    _install_scatter()
    _install_curves()
    _installed = True


def _install_bars() -> None:
    bounding_rect = pg.BarGraphItem.boundingRect
    set_opts = pg.BarGraphItem.setOpts
    view_transform_changed = pg.BarGraphItem.viewTransformChanged

    def cached_bounding_rect(self) -> QRectF:
        rect = getattr(self, "_explorer_rect", None)
        if rect is None:
            rect = self._explorer_rect = bounding_rect(self)
        return QRectF(rect)  # a copy: callers may adjust the one they get

    def forget_then_set_opts(self, **opts) -> None:
        self._explorer_rect = None
        set_opts(self, **opts)

    def forget_on_view_change(self) -> None:
        view_transform_changed(self)
        self._explorer_rect = None
        self.prepareGeometryChange()

    pg.BarGraphItem.boundingRect = cached_bounding_rect
    pg.BarGraphItem.setOpts = forget_then_set_opts
    pg.BarGraphItem.viewTransformChanged = forget_on_view_change


def _install_scatter() -> None:
    bounding_rect = PYQTGRAPH_SCATTER_BOUNDS

    def cached_bounding_rect(self) -> QRectF:
        kept = getattr(self, "_explorer_rect", None)
        # ``self.bounds`` is replaced by a new list whenever the rectangle may change; holding
        # the old list keeps its identity from being reused
        if kept is None or kept[0] is not self.bounds:
            kept = self._explorer_rect = (self.bounds, _scatter_rect(self, bounding_rect))
        return QRectF(kept[1])

    pg.ScatterPlotItem.boundingRect = cached_bounding_rect


def _scatter_rect(scatter: pg.ScatterPlotItem, pyqtgraphs) -> QRectF:
    """pyqtgraph's rectangle, with a pixel taken as 1/scale data units where the view only
    scales and shifts (``pixelVectors`` cost half of each new rectangle in a w₁ drag)."""
    padding = _padding_in_data(scatter)
    if padding is None:
        return pyqtgraphs(scatter)
    (x_min, x_max), (y_min, y_max) = scatter.dataBounds(ax=0), scatter.dataBounds(ax=1)
    if x_min is None or x_max is None:
        x_min = x_max = 0
    if y_min is None or y_max is None:
        y_min = y_max = 0
    return _padded(x_min, x_max, y_min, y_max, *padding)


def _padding_in_data(item) -> tuple[float, float] | None:
    """The item's pixel padding in data units along x and y, where its view only scales and
    shifts (one pixel is 1/scale data units); None otherwise (rotated, sheared, not shown)."""
    transform = item.deviceTransform_()
    if transform is None or transform.type().value > QTransform.TransformationType.TxScale.value:
        return None
    pad = item.pixelPadding()
    if pad <= 0:
        return 0.0, 0.0
    return pad / abs(transform.m11()), pad / abs(transform.m22())


def _padded(x_min, x_max, y_min, y_max, px: float, py: float) -> QRectF:
    return QRectF(x_min - px, y_min - py, 2 * px + x_max - x_min, 2 * py + y_max - y_min)


def _install_curves() -> None:
    def keep_data_bounds(self) -> None:
        # pyqtgraph also drops the data bounds here, and the next boundingRect recomputes
        # nanmin/nanmax of x and y (~0.1 ms per curve and repaint in a drag). They depend on
        # the data, pens and fill level, which invalidate them when they change, not on the
        # view: only the pixel padding of the bounding rectangle does.
        self._boundingRect = None
        self.prepareGeometryChange()

    pg.PlotCurveItem.viewTransformChanged = keep_data_bounds
    bounding_rect = PYQTGRAPH_CURVE_BOUNDS

    def padded_by_scale(self) -> QRectF:
        if self._boundingRect is not None:
            return self._boundingRect
        padding = _padding_in_data(self)
        if padding is None:
            return bounding_rect(self)  # rotated, sheared or not shown yet: pyqtgraph's way
        (x_min, x_max), (y_min, y_max) = self.dataBounds(ax=0), self.dataBounds(ax=1)
        if x_min is None or x_max is None or y_min is None or y_max is None:
            return QRectF()
        self._boundingRect = _padded(x_min, x_max, y_min, y_max, *padding)
        return self._boundingRect

    pg.PlotCurveItem.boundingRect = padded_by_scale

"""Bar graphs that remember their bounding rectangle until their bars or the view change.

Qt asks an item for its ``boundingRect`` several times per paint (to find what is exposed
and what to repaint). pyqtgraph 0.14's ``BarGraphItem`` computes it afresh on each call,
including ``pixelVectors`` (the size of a pixel in data units, through the device
transform): in a depth drag that was about 7 % of the time, for the four bar graphs of the
depth lab (measured with py-spy). The rectangle depends on the bars (``setOpts``) and on the
view's transform (pen widths are in pixels); both now drop the remembered one.

:func:`install` patches the class once, at plotting import, before any bar graph exists
(PySide resolves a Python override when the item is created).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF

_installed = False


def install() -> None:
    """Cache ``BarGraphItem.boundingRect`` (idempotent)."""
    global _installed
    if _installed:
        return
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
    _installed = True

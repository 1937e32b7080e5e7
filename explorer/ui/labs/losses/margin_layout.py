"""The margin tab's plots, laid out for the room they have.

Wide (the tab at least :data:`WIDE_MIN` pixels across at 100 %): φ(m) beside the data, φ′(m)
beside the training curves, the trained classifiers in a row below. Narrower (a small window
at a large View scale), every plot side by side was too narrow for its title and axes: then
they stand one above the other, the trained classifiers in as many rows as they need, and the
tab scrolls (:class:`~explorer.ui.plot.PlotsScroll`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from explorer.ui import theme
from explorer.ui.labs.losses.margin_boundaries import BoundaryStrip
from explorer.ui.plot import PlotsScroll

WIDE_MIN = 700  # px across at 100 %: φ(m) beside the data, room for φ's legend beside its curves
#: px high at 100 % of each row, wide: φ(m) with its legend beside the data; φ′(m) beside the
#: training curves (a row of trained classifiers: BoundaryStrip.ROW_HEIGHT)
WIDE_ROWS = (300, 170)
#: narrow, one plot a row: φ(m), φ′(m), the data, the training curves
NARROW_ROWS = (280, 190, 230, 190)
SPACING = 6


class MarginPlots(QWidget):
    """The margin tab's plots in a grid that follows the width of their scroll area
    (:attr:`scroll`, which it sets the minimum height of)."""

    def __init__(self, loss_view: QWidget, derivative_view: QWidget, data_view: QWidget,
                 curves: QWidget, strip: BoundaryStrip) -> None:  # fmt: skip
        super().__init__()
        self.views = (loss_view, derivative_view, data_view, curves)
        self.strip = strip
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(SPACING)
        self.wide: bool | None = None  # not laid out yet
        self.scroll = PlotsScroll(self, sum(WIDE_ROWS))
        strip.rowsChanged.connect(self._set_min_height)
        self.arrange()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.arrange()

    def apply_scale(self) -> None:
        self.arrange()
        self.scroll.apply_scale()

    def arrange(self) -> None:
        """Lay the plots out for the scroll area's width (its own, which does not change
        when its scroll bar comes or goes: no laying out back and forth)."""
        width = self.scroll.width() / theme.Scale.factor
        wide = width >= WIDE_MIN
        self.strip.set_width(width)
        if wide != self.wide:
            self.wide = wide
            self._place(wide)
        self._set_min_height()

    def _place(self, wide: bool) -> None:
        loss, derivative, data, curves = self.views
        for widget in (*self.views, self.strip):
            self.grid.removeWidget(widget)
        if wide:
            cells = ((loss, 0, 0, 1), (data, 0, 1, 1), (derivative, 1, 0, 1),
                     (curves, 1, 1, 1), (self.strip, 2, 0, 2))  # fmt: skip
            stretches = (*WIDE_ROWS, 0, 0, 0)  # the strip's row: _set_min_height
        else:
            cells = ((loss, 0, 0, 1), (derivative, 1, 0, 1), (data, 2, 0, 1),
                     (curves, 3, 0, 1), (self.strip, 4, 0, 1))  # fmt: skip
            stretches = (*NARROW_ROWS, 0)
        for widget, row, column, span in cells:
            self.grid.addWidget(widget, row, column, 1, span)
        for row, stretch in enumerate(stretches):
            self.grid.setRowStretch(row, stretch)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2 if wide else 0)

    def _set_min_height(self) -> None:
        """Room for each row's text, the trained classifiers' rows included (as many as the
        ticked losses take)."""
        rows = WIDE_ROWS if self.wide else NARROW_ROWS
        strip = BoundaryStrip.ROW_HEIGHT * self.strip.rows
        self.grid.setRowStretch(len(rows), strip)
        self.scroll.set_min_height(sum(rows) + strip + SPACING * len(rows))

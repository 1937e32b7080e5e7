"""The activation lab's plots: f(x) over f′(x) beside the card and the chain plot, or, where
the page is narrow, the card and chain plot below them; below a readable height they scroll.

Side by side at 175 % in a 1280-px window, f(x) had 340 × 190 pixels and the chain plot 260
across: too small for their in-plot captions ("Sigmoid: not zero-centred, f(0) = 0.5", the
chain's "L = 10: …" key), their legend and axis labels. Narrower than
:data:`SIDE_BY_SIDE_PX` (scaled with the text), the two columns become one, every plot as wide
as the page, and the plots scroll (:class:`~explorer.ui.plot.PlotsScroll`) instead of shrinking.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QSplitter, QVBoxLayout, QWidget

from explorer.ui import theme
from explorer.ui.plot import PlotsScroll

SIDE_BY_SIDE_PX = 500  # px at 100 %: the room two columns need (f, f′ | card, chain)
SIDE_BY_SIDE_MIN_HEIGHT = 360  # px at 100 %: f(x) over f′(x), each with its title and axes
STACKED_MIN_HEIGHT = 1000  # px at 100 %: f(x), f′(x), the card and the chain plot in one column


class PlotsArea(QWidget):
    """``curves`` (f over f′) and ``side`` (card over chain), in two columns or one."""

    def __init__(self, curves: QWidget, side: QSplitter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        inner = QWidget()
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, inner)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.row.addWidget(curves, stretch=3)
        self.row.addWidget(side, stretch=2)
        self.scroll = PlotsScroll(inner, SIDE_BY_SIDE_MIN_HEIGHT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    @property
    def stacked(self) -> bool:
        return self.row.direction() == QBoxLayout.Direction.TopToBottom

    def apply_scale(self) -> None:
        self.scroll.apply_scale()
        self._arrange()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Two columns or one, by the area's own width (a scroll bar coming or going does not
        change it back)."""
        stacked = self.width() < SIDE_BY_SIDE_PX * theme.Scale.factor
        if stacked == self.stacked:
            return
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        self.row.setDirection(direction)
        self.row.setStretch(0, 1 if stacked else 3)  # stacked: f and f′ get half the height
        self.row.setStretch(1, 1 if stacked else 2)
        self.scroll.set_min_height(STACKED_MIN_HEIGHT if stacked else SIDE_BY_SIDE_MIN_HEIGHT)

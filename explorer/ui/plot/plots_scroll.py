"""Plots that keep a readable size: below it they scroll instead of shrinking.

A page of five plots fits a 1920 × 1080 screen at any text size, but at 175 % in a 1280 × 720
window each plot got a strip of 150 pixels, too small for its own title, axis labels and tick
labels, and the window could not even shrink to the screen. Wrapped in a :class:`PlotsScroll`,
the plots keep a minimum height that grows with the View scale (as their text does) and the
area scrolls vertically when the window is smaller than that.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from explorer.ui import theme


class PlotsScroll(QScrollArea):
    """``plots`` at least ``min_height`` pixels high at 100 % (more at a larger View scale),
    scrolled vertically where there is less room; as wide as the area, never sideways."""

    def __init__(self, plots: QWidget, min_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._min_height = min_height
        self.setWidget(plots)
        self.apply_scale()

    def set_min_height(self, min_height: int) -> None:
        """A new minimum height at 100 % (e.g. when the plots are laid out in more rows)."""
        self._min_height = min_height
        self.apply_scale()

    def apply_scale(self) -> None:
        """The plots' minimum height for the current View scale."""
        self.widget().setMinimumHeight(round(self._min_height * theme.Scale.factor))

"""The lab's four tabs: a tab bar over a stack of pages, switched by the page in one layout.

A ``QTabWidget`` shows the new page as soon as its bar changes, at the size the old tab's
notes left it; the new tab's notes then took another height (in two steps: the argument,
then the live numbers), and every plot of the tab was laid out three times a switch (21 plot
layouts on "Every layer", measured). Here the bar only asks: the page hides the stack, shows
the new page in it, writes the new tab's notes, lets the layouts settle and shows the stack
again (:meth:`PlotTabs.show_page`), so each plot is laid out once, at its final size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker
from PySide6.QtWidgets import QStackedWidget, QTabBar, QVBoxLayout, QWidget


class PlotTabs(QWidget):
    """A tab bar (``bar``; its ``currentChanged`` is the user's choice) over ``stack``, with
    the ``QTabWidget`` methods the page and its tests use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QTabBar()
        self.bar.setExpanding(False)
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, stretch=1)
        self.currentChanged = self.bar.currentChanged

    def addTab(self, page: QWidget, title: str) -> int:
        self.stack.addWidget(page)
        return self.bar.addTab(title)

    def count(self) -> int:
        return self.bar.count()

    def tabText(self, index: int) -> str:
        return self.bar.tabText(index)

    def currentIndex(self) -> int:
        return self.bar.currentIndex()

    def setCurrentIndex(self, index: int) -> None:
        """As a click on the tab would (``currentChanged`` if it changes)."""
        self.bar.setCurrentIndex(index)

    def shown_index(self) -> int:
        """The page in the stack (the bar may be ahead of it until :meth:`show_page`)."""
        return self.stack.currentIndex()

    def show_page(self, index: int, write_notes: Callable[[], None]) -> None:
        """Page ``index`` in the stack and the bar (without ``currentChanged``):
        ``write_notes()`` runs while the stack is hidden, then the layouts settle once."""
        with QSignalBlocker(self.bar):
            self.bar.setCurrentIndex(index)
        if not self.isVisible():
            self.stack.setCurrentIndex(index)
            return
        self.stack.hide()
        self.stack.setCurrentIndex(index)
        write_notes()
        for _ in range(2):  # a layout that changes a height posts the next one
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.stack.show()

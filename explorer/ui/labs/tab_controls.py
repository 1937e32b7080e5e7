"""The left column of a lab with tabs: the panel of the tab on screen, the error line under it.

The losses and optimizers labs keep one control panel per tab in a stack that follows the
tab bar (the page switches both from the config's ``tab``), so the controls on the left are
always those of the plots in view.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget


def stacked_controls(
    panels: Iterable[QWidget], error_label: QWidget, margin: int = 4
) -> tuple[QWidget, QStackedWidget]:
    """A column with a stack of ``panels`` (one per tab, in tab order) over ``error_label``;
    returns the column and the stack."""
    stack = QStackedWidget()
    for panel in panels:
        stack.addWidget(panel)
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.addWidget(stack)
    layout.addWidget(error_label)
    layout.addStretch(1)
    return column, stack


def show_tab(tab_widget: QTabWidget, stack: QStackedWidget, index: int) -> None:
    """Show tab ``index`` and its controls, without the tab bar's signal (the config already
    says so)."""
    if tab_widget.currentIndex() != index:
        with QSignalBlocker(tab_widget):
            tab_widget.setCurrentIndex(index)
    stack.setCurrentIndex(index)

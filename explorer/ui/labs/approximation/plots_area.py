"""The centre of the lab: the view tabs over the plots, and the XOR panel as a third view.

Build and fit share one set of plots (target and network on top; residual or loss, and the
error-vs-N curve below); the XOR panel is a widget of its own with its own controls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from explorer.state.approximation.session import MODES
from explorer.ui import theme
from explorer.ui.labs.approximation.error_vs_n_view import ErrorVsNView
from explorer.ui.labs.approximation.function_view import FunctionView
from explorer.ui.labs.approximation.loss_view import LossView
from explorer.ui.labs.approximation.residual_view import ResidualView
from explorer.ui.labs.approximation.xor_panel import XorPanel
from explorer.ui.plot import PlotsScroll

PLOTS_MIN_HEIGHT = 400  # px at 100 %: the function plot over a row of two
STACKED_MIN_HEIGHT = 640  # px at 100 %: the function plot over two plots one above the other
# px at 100 %: below this width the two small plots go one above the other (at 250 % in a
# 1280-px window side by side each had 140 px for its curve, too few for its legend and label)
SIDE_BY_SIDE_PX = 380
TABS = {
    "build": ("Build by hand", "Set every wᵢ, bᵢ, vᵢ yourself, or let Greedy next add neurons"),
    "fit": ("Fit: train or solve", "Gradient descent in real time, or least squares in one go"),
    "xor": ("XOR: why a hidden layer", "A linear model against one hidden layer on XOR"),
}


class PlotsArea(QWidget):
    """Tabs + plots; ``modeChosen(mode)`` when the user picks a tab."""

    modeChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabBar()
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        for mode in MODES:
            text, tip = TABS[mode]
            index = self.tabs.addTab(text)
            self.tabs.setTabToolTip(index, tip)
        self.tabs.currentChanged.connect(lambda i: self.modeChosen.emit(MODES[i]))
        font = self.tabs.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.tabs.setFont(font)

        self.function_view = FunctionView()
        self.residual_view = ResidualView()
        self.loss_view = LossView()
        self.error_view = ErrorVsNView()
        self.side_stack = QStackedWidget()
        self.side_stack.addWidget(self.residual_view)
        self.side_stack.addWidget(self.loss_view)
        self.bottom = bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.side_stack)
        bottom.addWidget(self.error_view)
        self.approximation = approximation = QSplitter(Qt.Orientation.Vertical)
        approximation.addWidget(self.function_view)
        approximation.addWidget(bottom)
        approximation.setStretchFactor(0, 3)
        approximation.setStretchFactor(1, 2)
        approximation.setChildrenCollapsible(False)
        bottom.setChildrenCollapsible(False)

        self.xor_panel = XorPanel()
        self.stack = QStackedWidget()
        self.stack.addWidget(approximation)
        self.stack.addWidget(self.xor_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.tabs)
        # the plots keep room for their text at a large View scale: below it, they scroll
        self.stack_scroll = PlotsScroll(self.stack, PLOTS_MIN_HEIGHT)
        layout.addWidget(self.stack_scroll, stretch=1)

    @property
    def plots(self) -> tuple:
        return (self.function_view, self.residual_view, self.loss_view, self.error_view)

    def show_mode(self, mode: str, fitter: str) -> None:
        """Select the tab, the page and the small plot that fit ``mode``."""
        index = MODES.index(mode)
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        current = 1 if mode == "xor" else 0
        for index in range(self.stack.count()):
            # only the page on screen sets how narrow the stack may get: the XOR page's
            # control column and two maps made the build plots wider than their room at 250 %
            # (clipped on the right), though the XOR tab itself has the controls' room too
            policy = (
                QSizePolicy.Policy.Preferred if index == current else QSizePolicy.Policy.Ignored
            )
            page = self.stack.widget(index)
            if page.sizePolicy().horizontalPolicy() != policy:
                page.setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(current)
        training = mode == "fit" and fitter == "gradient"
        self.side_stack.setCurrentWidget(self.loss_view if training else self.residual_view)

    def apply_scale(self) -> None:
        for plot in self.plots:
            plot.apply_scale()
        self.xor_panel.apply_scale()
        self.stack_scroll.apply_scale()
        self._arrange()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The small plots side by side, or one above the other where the area is narrow (its
        own width: a scroll bar coming or going does not change it back)."""
        stacked = self.width() < SIDE_BY_SIDE_PX * theme.Scale.factor
        orientation = Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal
        if self.bottom.orientation() == orientation:
            return
        self.bottom.setOrientation(orientation)
        self.approximation.setStretchFactor(1, 4 if stacked else 2)
        self.stack_scroll.set_min_height(STACKED_MIN_HEIGHT if stacked else PLOTS_MIN_HEIGHT)

"""The "Every layer" tab: loss curves, gradient norms per layer and the learning-rate sweep on
top, one strip plot of pre-activation quantiles per variant below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from explorer.state.normalization.lr_sweep import SweepView
from explorer.state.normalization.variants import VARIANTS, VariantsView
from explorer.ui.labs.normalization.plot_flow import PlotFlow
from explorer.ui.labs.normalization.variant_views import (
    GradientNormView,
    SpreadStrip,
    SweepPlot,
    VariantLossView,
    shared_range,
)

TOP_HEIGHT, STRIPS_HEIGHT = 420, 300  # the splitter's parts (a row of plots, the strips)


class LayersTab(QSplitter):
    """Loss | gradient per layer | sweep, over four strips."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.loss_view = VariantLossView()
        self.gradient_view = GradientNormView()
        self.sweep_view = SweepPlot()
        # in a narrow tab (a large View scale) the loss and the sweep over the gradient (its
        # log axis's labels take most of a narrow plot), or one over another
        self.flow = PlotFlow((self.loss_view, self.gradient_view, self.sweep_view), {
            3: ((0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1)),
            2: ((0, 0, 1, 1), (1, 0, 1, 2), (0, 1, 1, 1)),
            1: ((0, 0, 1, 1), (1, 0, 1, 1), (2, 0, 1, 1)),
        })  # fmt: skip
        self.flow.rowsChanged.connect(self._on_rows_changed)
        self.strips = [SpreadStrip(v) for v in VARIANTS]
        bottom = QWidget()
        row = QHBoxLayout(bottom)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for strip in self.strips:
            row.addWidget(strip)
        self.addWidget(self.flow)
        self.addWidget(bottom)
        self.setSizes([TOP_HEIGHT, STRIPS_HEIGHT])
        self.setChildrenCollapsible(False)
        self._sweep_shown: tuple | None = None  # (sweep view, learning rate) on screen
        self._variants_shown: VariantsView | None = None

    def height_share(self) -> float:
        """The height the plots need against one row of plots over the strips."""
        return (TOP_HEIGHT * self.flow.rows + STRIPS_HEIGHT) / (TOP_HEIGHT + STRIPS_HEIGHT)

    def _on_rows_changed(self, rows: int) -> None:
        self.setSizes([TOP_HEIGHT * rows, STRIPS_HEIGHT])

    def views(self) -> list:
        return [self.loss_view, self.gradient_view, self.sweep_view, *self.strips]

    def show_view(self, view: VariantsView, sweep: SweepView, learning_rate: float) -> None:
        # the session keeps each view until it changes: a slice of the sweep leaves the
        # variants as they are, a training step the sweep
        if view is not self._variants_shown:
            self._variants_shown = view
            self.loss_view.show_view(view)
            self.gradient_view.show_view(view)
            y_range = shared_range(view)
            for strip in self.strips:
                strip.show_view(view, y_range)
        if (sweep, learning_rate) != self._sweep_shown:
            self._sweep_shown = (sweep, learning_rate)
            self.sweep_view.show_sweep(sweep, learning_rate)

    def apply_scale(self) -> None:
        self.flow.refit()
        for view in self.views():
            view.apply_scale()
        self._sweep_shown = self._variants_shown = None

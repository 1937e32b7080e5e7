"""The "Every layer" tab: loss curves and gradient norms per layer on top, one strip plot of
pre-activation quantiles per variant below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from explorer.state.normalization.variants import VARIANTS, VariantsView
from explorer.ui.labs.normalization.variant_views import (
    GradientNormView,
    SpreadStrip,
    VariantLossView,
    shared_range,
)


class LayersTab(QSplitter):
    """Loss | gradient per layer, over four strips."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.loss_view = VariantLossView()
        self.gradient_view = GradientNormView()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.loss_view)
        top.addWidget(self.gradient_view)
        top.setChildrenCollapsible(False)
        self.strips = [SpreadStrip(v) for v in VARIANTS]
        bottom = QWidget()
        row = QHBoxLayout(bottom)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for strip in self.strips:
            row.addWidget(strip)
        self.addWidget(top)
        self.addWidget(bottom)
        self.setSizes([420, 300])
        self.setChildrenCollapsible(False)

    def views(self) -> list:
        return [self.loss_view, self.gradient_view, *self.strips]

    def show_view(self, view: VariantsView) -> None:
        self.loss_view.show_view(view)
        self.gradient_view.show_view(view)
        y_range = shared_range(view)
        for strip in self.strips:
            strip.show_view(view, y_range)

    def apply_scale(self) -> None:
        for view in self.views():
            view.apply_scale()

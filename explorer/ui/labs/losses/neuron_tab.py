"""The neuron tab: output and ∂L/∂w over the steps, squared error against cross-entropy."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.losses.session import LossesSession, LossesSnapshot
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.neuron_panel import NeuronPanel
from explorer.ui.labs.losses.neuron_views import OutputView, WeightGradientView
from explorer.ui.plot import PlotsScroll

MIN_HEIGHT = 340  # px of the plots at 100 % (more at a larger View scale); below, they scroll


class NeuronTab:
    key = "neuron"

    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        self.panel = NeuronPanel(session, error)
        self.output_view = OutputView()
        self.gradient_view = WeightGradientView()
        self.gradient_view.setXLink(self.output_view)
        self.plots = QWidget()
        column = QVBoxLayout(self.plots)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.output_view)
        column.addWidget(self.gradient_view)
        self.views = (self.output_view, self.gradient_view)
        self.scroll = PlotsScroll(self.plots, MIN_HEIGHT)

    def show(self, snapshot: LossesSnapshot) -> None:
        view = snapshot.neuron
        for plot in self.views:
            plot.show_view(view)

    def apply_scale(self) -> None:
        for plot in self.views:
            plot.apply_scale()
        self.scroll.apply_scale()

    def main_control(self):
        return self.panel.w

"""The softmax tab: logits (drag them), probabilities and target, the gradient, focal vs BCE."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from explorer.state.losses.session import LossesSession, LossesSnapshot
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.softmax_panel import SoftmaxPanel
from explorer.ui.labs.losses.softmax_views import (
    FocalView,
    GradientBarsView,
    LogitsView,
    ProbabilityView,
)
from explorer.ui.plot import PlotsScroll

MIN_HEIGHT = 380  # px of the plots at 100 % (more at a larger View scale); below, they scroll


class SoftmaxTab:
    key = "softmax"

    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        self.panel = SoftmaxPanel(session, error)
        self.logits_view = LogitsView()
        self.logits_view.logitDragged.connect(session.set_logit)
        self.probability_view = ProbabilityView()
        self.gradient_view = GradientBarsView()
        self.focal_view = FocalView()
        for view in (self.probability_view, self.gradient_view):
            view.setXLink(self.logits_view)
        self.plots = QWidget()
        grid = QGridLayout(self.plots)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.logits_view, 0, 0)
        grid.addWidget(self.probability_view, 0, 1)
        grid.addWidget(self.gradient_view, 1, 0)
        grid.addWidget(self.focal_view, 1, 1)
        self.views = (self.logits_view, self.probability_view, self.gradient_view,
                      self.focal_view)  # fmt: skip
        self.scroll = PlotsScroll(self.plots, MIN_HEIGHT)

    def show(self, snapshot: LossesSnapshot) -> None:
        view = snapshot.softmax
        for plot in self.views:
            plot.show_view(view)

    def apply_scale(self) -> None:
        for plot in self.views:
            plot.apply_scale()
        self.scroll.apply_scale()

    def main_control(self):
        return self.panel.temperature

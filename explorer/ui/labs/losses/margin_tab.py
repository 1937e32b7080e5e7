"""The margin tab: φ(m) over φ′(m) with the data on the margin axis (left), the 2-D data and
the classifier (right), the training curves, and the trained classifiers side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from explorer.state.losses.session import LossesSession, LossesSnapshot
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.margin_boundaries import BoundaryStrip, TrainingLossView
from explorer.ui.labs.losses.margin_layout import MarginPlots
from explorer.ui.labs.losses.margin_panel import MarginPanel
from explorer.ui.labs.losses.margin_views import DataView2D, MarginCurveView, TrainingView

TRAINING_MIN_WIDTH = 150  # px: the two training plots leave φ(m) room for its legend


class MarginTab:
    key = "margin"

    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        self.panel = MarginPanel(session, error)
        self.loss_view = MarginCurveView(derivative=False)
        self.derivative_view = MarginCurveView(derivative=True)
        self.derivative_view.setXLink(self.loss_view)
        self.data_view = DataView2D()
        self.training_view = TrainingView()
        self.training_loss_view = TrainingLossView()
        self.boundaries = BoundaryStrip()
        curves = QWidget()
        row = QHBoxLayout(curves)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for view in (self.training_view, self.training_loss_view):
            view.setMinimumWidth(TRAINING_MIN_WIDTH)
            row.addWidget(view)
        self.plots = MarginPlots(self.loss_view, self.derivative_view, self.data_view, curves,
                                 self.boundaries)  # fmt: skip
        self.scroll = self.plots.scroll
        self.views = (self.loss_view, self.derivative_view, self.data_view, self.training_view,
                      self.training_loss_view, self.boundaries)  # fmt: skip

    def show(self, snapshot: LossesSnapshot) -> bool:
        """Redraw; False while some plots wait for the next frame (the boundary strip)."""
        view = snapshot.margin
        done = True
        for plot in self.views:
            done = plot.show_view(view) is not False and done
        return done

    def apply_scale(self) -> None:
        for plot in self.views:
            plot.apply_scale()
        self.plots.apply_scale()

    def main_control(self):
        return self.panel.angle

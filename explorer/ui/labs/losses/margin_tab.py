"""The margin tab: φ(m) over φ′(m) with the data on the margin axis (left), the 2-D data and
the classifier (right), the training curves, and the trained classifiers side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from explorer.state.losses.session import LossesSession, LossesSnapshot
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.margin_boundaries import BoundaryStrip, TrainingLossView
from explorer.ui.labs.losses.margin_panel import MarginPanel
from explorer.ui.labs.losses.margin_views import DataView2D, MarginCurveView, TrainingView


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
        self.plots = QWidget()
        grid = QGridLayout(self.plots)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.loss_view, 0, 0)
        grid.addWidget(self.derivative_view, 1, 0)
        grid.addWidget(self.data_view, 0, 1)
        curves = QWidget()
        row = QHBoxLayout(curves)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.training_view)
        row.addWidget(self.training_loss_view)
        grid.addWidget(curves, 1, 1)
        grid.addWidget(self.boundaries, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
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

    def main_control(self):
        return self.panel.angle

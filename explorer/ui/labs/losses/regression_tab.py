"""The regression tab: data with the fitted lines (left), ℓ(r) over ℓ′(r) (right), pulls
(below). A drag on a point goes straight to the session: one undo step per drag."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from explorer.state.losses.session import LossesSession, LossesSnapshot
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.regression_panel import RegressionPanel
from explorer.ui.labs.losses.regression_views import DataView, PullsView, ResidualCurveView
from explorer.ui.plot import PlotsScroll

MIN_HEIGHT = 460  # px of the plots at 100 % (more at a larger View scale); below, they scroll


class RegressionTab:
    key = "regression"

    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        self.session = session
        self.panel = RegressionPanel(session, error)
        self.data_view = DataView()
        self.loss_view = ResidualCurveView(derivative=False)
        self.derivative_view = ResidualCurveView(derivative=True)
        self.derivative_view.setXLink(self.loss_view)
        self.pulls_view = PullsView()
        self.data_view.pointPressed.connect(self._on_point_pressed)
        self.data_view.pointDragged.connect(self._on_point_dragged)
        self.error = error
        self.plots = QWidget()
        grid = QGridLayout(self.plots)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.data_view, 0, 0, 2, 1)
        grid.addWidget(self.loss_view, 0, 1)
        grid.addWidget(self.derivative_view, 1, 1)
        grid.addWidget(self.pulls_view, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.views = (self.data_view, self.loss_view, self.derivative_view, self.pulls_view)
        self.scroll = PlotsScroll(self.plots, MIN_HEIGHT)

    def _on_point_pressed(self, index: int) -> None:
        if index != self.session.config.reg_selected:
            self.session.select_point(index)

    def _on_point_dragged(self, index: int, x: float, y: float) -> None:
        try:
            self.session.move_point(index, x, y)
        except ValueError as error:  # two points left, dragged onto one x: no line fits
            self.error.show_error(str(error))

    def show(self, snapshot: LossesSnapshot) -> None:
        view = snapshot.regression
        for plot in self.views:
            plot.show_view(view)

    def apply_scale(self) -> None:
        for plot in self.views:
            plot.apply_scale()
        self.scroll.apply_scale()

    def main_control(self):
        return self.panel.delta

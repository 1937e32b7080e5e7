"""The "Sigmoid vs tanh" tab: one neuron's two incoming weights trained on sigmoid units and on
tanh units from one start; the sigmoid's updates all lie in (+,+) or (−,−), so it zig-zags.

Top: the two loss-contour plots side by side (sigmoid left, tanh right), each with its path
and a draggable start; below: both losses against the step. The maths is in
:mod:`explorer.state.optimizers.zigzag`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from explorer.state.optimizers import zigzag
from explorer.state.optimizers.session import OptimizersSession, RaceSnapshot
from explorer.state.optimizers.zigzag import ZigzagView
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.optimizers import zigzag_texts
from explorer.ui.labs.optimizers.zigzag_panel import ZigzagPanel
from explorer.ui.labs.optimizers.zigzag_views import ContourView, ZigzagLossView

LOSS_MIN_HEIGHT = 210  # px


class ZigzagTab:
    key = "zigzag"
    title = "Sigmoid vs tanh"

    def __init__(self, session: OptimizersSession, error: ErrorLabel, page: Any) -> None:
        self.session, self.error = session, error
        self.panel = ZigzagPanel(session, error)
        self.sigmoid_view = ContourView("sigmoid")
        self.tanh_view = ContourView("tanh")
        for view in (self.sigmoid_view, self.tanh_view):
            view.startDragged.connect(self._on_start_dragged)
        self.loss_view = ZigzagLossView()
        # room for its four-entry legend (plain pyqtgraph's legend takes no second column)
        self.loss_view.setMinimumHeight(LOSS_MIN_HEIGHT)
        contours = QSplitter(Qt.Orientation.Horizontal)
        contours.addWidget(self.sigmoid_view)
        contours.addWidget(self.tanh_view)
        contours.setChildrenCollapsible(False)
        self.plots = QSplitter(Qt.Orientation.Vertical)
        self.plots.addWidget(contours)
        self.plots.addWidget(self.loss_view)
        self.plots.setSizes([560, 300])
        self.plots.setChildrenCollapsible(False)

    def views(self) -> tuple:
        return (self.sigmoid_view, self.tanh_view, self.loss_view)

    def _view(self, snapshot: RaceSnapshot) -> ZigzagView:
        return snapshot.view(self.key)

    def show(self, snapshot: RaceSnapshot) -> None:
        view = self._view(snapshot)
        for plot in self.views():
            plot.show_view(view)

    def notes_html(self, snapshot: RaceSnapshot) -> str:
        return zigzag_texts.notes_html(self._view(snapshot))

    def status_text(self, snapshot: RaceSnapshot) -> str:
        return zigzag_texts.status_text(self._view(snapshot))

    def apply_scale(self) -> None:
        for plot in self.views():
            plot.apply_scale()

    def main_control(self) -> Any:
        return self.panel.lr

    def _on_start_dragged(self, w1: float, w2: float) -> None:
        """Both runs start at the dragged cross, held within the start sliders' range."""
        limit = zigzag.MAX_START
        w1, w2 = (round(min(max(v, -limit), limit), 3) for v in (w1, w2))
        self.session.update(zig_w1=w1, zig_w2=w2)
        for view in (self.sigmoid_view, self.tanh_view):  # a clamped cross goes back at once
            view.place_start((w1, w2))

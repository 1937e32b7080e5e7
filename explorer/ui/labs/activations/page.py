"""The Activation lab: sigmoid, tanh, ReLU and its family, each with its derivative.

Left: the checkable list of every registered activation, the parameters of the ticked ones and
the view settings. Centre: f(x) over f′(x) (x-linked), the selected activation's card and the
chain-of-derivatives plot. The notes carry the argument with live numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from explorer.state.activations.config import ActivationsConfig
from explorer.state.activations.curves import MAX_DEPTH, X_RANGE_MAX, X_RANGE_MIN
from explorer.state.activations.session import ActivationsSession
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import Toggle, ValueSlider, bind
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.activations.chain_view import ChainView
from explorer.ui.labs.activations.checklist import ActivationChecklist
from explorer.ui.labs.activations.derivative_view import DerivativeView
from explorer.ui.labs.activations.function_view import FunctionView
from explorer.ui.labs.activations.parameter_panel import ParameterPanel
from explorer.ui.labs.activations.plots_area import PlotsArea
from explorer.ui.labs.activations.selected_card import SelectedCard
from explorer.ui.labs.activations.texts import notes_html, status_text
from explorer.ui.labs.base import LabPage


class ActivationsLab(LabPage):
    """Overlay activations and their derivatives; see where they saturate and why depth hurts."""

    key = "activations"
    title = "Activations"
    trains = False

    session: ActivationsSession

    def make_session(self) -> ActivationsSession:
        return ActivationsSession()

    # --- controls ------------------------------------------------------------------------------
    def build_controls(self) -> QWidget:
        config = self.session.config
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)

        self.checklist = ActivationChecklist()
        self.checklist.checkToggled.connect(self._on_check_toggled)
        self.checklist.selectedChanged.connect(self._on_selected_changed)
        title = "Activations (tick to plot, click to select)"
        layout.addWidget(ControlGroup(title, self.checklist))

        self.parameters = ParameterPanel()
        self.parameters.paramChanged.connect(self._on_param_changed)
        layout.addWidget(ControlGroup("Parameters", self.parameters))

        self.x_range_slider = ValueSlider(
            "x-range (±)", X_RANGE_MIN, X_RANGE_MAX, config.x_range, decimals=1,
            tooltip="Plot x from −range to +range; wide ranges show where functions saturate",
        )  # fmt: skip
        self.depth_slider = ValueSlider(
            "Depth L (layers)", 1, MAX_DEPTH, config.depth, integer=True,
            tooltip="The depth at which the chain plot and the notes quote (max |f′|)^L",
        )  # fmt: skip
        self.shade_toggle = Toggle(
            "Shade where the selected one saturates",
            config.shade_saturation,
            tooltip="Shade the x-intervals where |f′| < 1 % of its max |f′|",
        )
        self.max_toggle = Toggle(
            "Mark max |f′|", config.mark_max, tooltip="A marker at the largest |f′| of each curve"
        )
        self.error_label = ErrorLabel()
        layout.addWidget(ControlGroup("View", self.x_range_slider, self.depth_slider,
                                      self.shade_toggle, self.max_toggle))  # fmt: skip
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        refused = self.error_label.show_error
        bind(self.x_range_slider, self.session, "x_range", on_error=refused)
        bind(self.depth_slider, self.session, "depth", convert=int, on_error=refused)
        bind(self.shade_toggle, self.session, "shade_saturation")
        bind(self.max_toggle, self.session, "mark_max")
        self._shown: tuple | None = None  # what the list and parameter panel mirror
        self.session.subscribe(self._on_config_changed)
        self._on_config_changed(config)
        return panel

    # --- plots ---------------------------------------------------------------------------------
    def build_plots(self) -> QWidget:
        self.function_view = FunctionView()
        self.derivative_view = DerivativeView()
        self.derivative_view.setXLink(self.function_view)
        self.chain_view = ChainView()
        self.chain_view.depthDragged.connect(self._on_depth_dragged)
        self.card = SelectedCard()
        curves = QWidget()
        column = QVBoxLayout(curves)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.function_view, stretch=1)
        column.addWidget(self.derivative_view, stretch=1)
        card_area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        card_area.setWidget(self.card)  # scrolls at a large View scale instead of squeezing plots
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(card_area)
        side.addWidget(self.chain_view)
        side.setSizes([230, 520])
        side.setChildrenCollapsible(False)
        self.plots_area = PlotsArea(curves, side)
        return self.plots_area

    def redraw(self) -> None:
        snapshot = self.session.snapshot()
        self.function_view.show_snapshot(snapshot)
        self.derivative_view.show_snapshot(snapshot)
        self.chain_view.show_snapshot(snapshot)
        self.card.show_snapshot(snapshot)
        self.notes.set_html(notes_html(snapshot))
        self.show_status(status_text(snapshot))

    def flush(self) -> None:
        super().flush()
        self.card.flush()

    def main_control(self) -> ValueSlider:
        return self.x_range_slider

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        """x-range and depth L at the defaults; then Leaky ReLU's slope, Leaky ReLU ticked and
        selected (four curves)."""

        def slope() -> Any:
            self.session.set_checked("leaky_relu", True)
            self.session.select("leaky_relu")
            self.flush()
            return self.parameters.controls[("leaky_relu", "negative_slope")]

        return [
            ("x-range", lambda: self.x_range_slider),
            ("depth L", lambda: self.depth_slider),
            ("Leaky ReLU slope", slope),
        ]

    def live_status(self) -> str:
        return status_text(self.session.snapshot())

    def apply_scale(self) -> None:
        for view in (self.function_view, self.derivative_view, self.chain_view, self.card):
            view.apply_scale()
        self.plots_area.apply_scale()
        self.request_redraw()

    # --- handlers ------------------------------------------------------------------------------
    def _on_config_changed(self, config: ActivationsConfig) -> None:
        shown = (config.checked, config.selected, config.params)
        if shown != self._shown:  # an x-range or depth drag changes none
            self._shown = shown
            self.checklist.show_config(config)
            self.parameters.show_config(config)
        self.error_label.show_error(None)

    def _on_check_toggled(self, name: str, checked: bool) -> None:
        self.session.set_checked(name, checked)

    def _on_selected_changed(self, name: str) -> None:
        self.session.select(name)

    def _on_param_changed(self, name: str, param: str, value: float | str) -> None:
        try:
            self.session.set_param(name, param, value)
        except ValueError as error:
            self.parameters.show_config(self.session.config)  # put the control back
            self.error_label.show_error(str(error))

    def _on_depth_dragged(self, depth: int) -> None:
        self.session.update(depth=depth)

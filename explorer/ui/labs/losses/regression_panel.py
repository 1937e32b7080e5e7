"""The regression tab's controls: which losses fit, Huber's δ, Smooth L1's β, the data."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from explorer.state.losses.config import PARAM_MAX, PARAM_MIN, REGRESSION_LOSSES, LossesConfig
from explorer.state.losses.session import LossesSession
from explorer.ui.buttons import restart_button
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, Toggle, ValueSlider, bind, compact
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.palette import LEGEND_NAMES
from explorer.ui.labs.losses.texts import LOSS_TIPS


def make_button(text: str, tooltip: str, on_click) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.clicked.connect(on_click)
    return button


class LossToggles(QWidget):
    """One check box per loss of ``names``, bound to the tuple field ``field``."""

    def __init__(self, session: LossesSession, field: str, names) -> None:
        super().__init__()
        self.session, self.field = session, field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        ticked = getattr(session.config, field)
        self.toggles = {}
        for name in names:
            toggle = Toggle(LEGEND_NAMES[name], name in ticked, LOSS_TIPS.get(name, ""))
            toggle.valueChanged.connect(lambda on, n=name: session.set_checked(field, n, on))
            layout.addWidget(toggle)
            self.toggles[name] = toggle
        session.subscribe(self._on_config_changed)

    def _on_config_changed(self, config: LossesConfig) -> None:
        ticked = getattr(config, self.field)
        for name, toggle in self.toggles.items():
            toggle.setValue(name in ticked)


class RegressionPanel(QWidget):
    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        super().__init__()
        config = session.config
        self.session = session
        self.toggles = LossToggles(session, "reg_losses", REGRESSION_LOSSES)
        self.delta = ValueSlider(
            "Huber δ",
            PARAM_MIN,
            PARAM_MAX,
            config.reg_delta,
            tooltip="Huber is ½r² for |r| < δ and δ(|r| − ½δ) beyond: no point pulls harder than δ",
        )
        self.beta = ValueSlider(
            "Smooth L1 β",
            PARAM_MIN,
            PARAM_MAX,
            config.reg_beta,
            tooltip="Smooth L1 = Huber(δ = β)/β: the same line, pulls at most 1",
        )
        self.model = ChoiceBox(
            [("line", "Line ŷ = a·x + c"), ("mlp", "Small MLP 1 → 8 tanh → 1")],
            config.reg_model,
            "What each ticked loss fits: the best line, or a small MLP trained by Adam "
            "(200 full-batch steps, η = 0.02, seed 0; a drag continues the fit 10 steps a move)",
        )
        compact(self.model)
        bind(self.model, session, "reg_model", on_error=error.show_error)
        bind(self.delta, session, "reg_delta", on_error=error.show_error)
        bind(self.beta, session, "reg_beta", on_error=error.show_error)
        self.add_outlier = make_button(
            "Add outlier", "One point far below the line", self._on_add_outlier
        )
        self.remove = make_button(
            "Remove point", "Delete the selected (ringed) point", self._on_remove
        )
        self.reset_points = restart_button("Reset data", "The line and its outlier of the start")
        self.reset_points.clicked.connect(self._on_reset_points)
        self.error = error
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_outlier)
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ControlGroup("Losses fitted (tick to show)", self.toggles))
        layout.addWidget(ControlGroup("Model fitted", self.model))
        layout.addWidget(ControlGroup("Parameters", self.delta, self.beta))
        layout.addWidget(ControlGroup("Data (drag the points)", buttons, self.reset_points))
        layout.addStretch(1)

    def _on_add_outlier(self) -> None:
        if not self.session.add_outlier():
            self.error.show_error("The data are full (24 points): remove one first")

    def _on_remove(self) -> None:
        if not self.session.remove_selected():
            self.error.show_error("A line needs at least two points at two different x")

    def _on_reset_points(self) -> None:
        start = LossesConfig()
        self.session.update(reg_points=start.reg_points, reg_selected=start.reg_selected)

"""The margin tab's controls: the losses, the data set, and the classifier w, b."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.core import datasets
from explorer.state.losses.config import (
    ANGLE_MAX,
    BIAS_MAX,
    MARGIN_LOSSES,
    MARGIN_SETS,
    NORM_MAX,
    NORM_MIN,
)
from explorer.state.losses.session import LossesSession
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, Toggle, ValueSlider, bind, compact
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.losses.regression_panel import LossToggles


class MarginPanel(QWidget):
    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        super().__init__()
        config = session.config
        self.toggles = LossToggles(session, "margin_losses", MARGIN_LOSSES)
        self.data_set = ChoiceBox(
            [(n, datasets.info(n).display_name) for n in MARGIN_SETS],
            config.margin_set,
            "The two-class data set",
        )
        compact(self.data_set)
        self.noise = ValueSlider(
            "Noise",
            0.0,
            1.0,
            config.margin_noise,
            tooltip="The points' jitter (a standard deviation)",
        )
        self.angle = ValueSlider(
            "Direction of w (degrees)",
            -ANGLE_MAX,
            ANGLE_MAX,
            config.margin_angle,
            decimals=0,
            tooltip="w = ‖w‖·(cos θ, sin θ), towards the +1 side",
        )
        self.norm = ValueSlider(
            "‖w‖ (scales every margin)",
            NORM_MIN,
            NORM_MAX,
            config.margin_norm,
            log=True,
            tooltip="Doubling w doubles every margin m: the same boundary, more confident",
        )
        self.bias = ValueSlider(
            "Bias b",
            -BIAS_MAX,
            BIAS_MAX,
            config.margin_bias,
            tooltip="Shifts the boundary w·x + b = 0 along w",
        )
        self.trained = Toggle(
            "Train w, b under each loss",
            config.margin_trained,
            "Gradient descent from w = 0 (200 steps, η = 0.5) under each ticked loss: "
            "its boundary on the data, its errors per step below",
        )
        bind(self.trained, session, "margin_trained")
        for widget, field in ((self.data_set, "margin_set"), (self.noise, "margin_noise"),
                              (self.angle, "margin_angle"), (self.norm, "margin_norm"),
                              (self.bias, "margin_bias")):  # fmt: skip
            bind(widget, session, field, on_error=error.show_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ControlGroup("Losses φ(m) (tick to show)", self.toggles))
        layout.addWidget(ControlGroup("Data", self.data_set, self.noise))
        layout.addWidget(
            ControlGroup("Linear classifier s = w·x + b", self.angle, self.norm, self.bias)
        )
        layout.addWidget(ControlGroup("Training", self.trained))
        layout.addStretch(1)

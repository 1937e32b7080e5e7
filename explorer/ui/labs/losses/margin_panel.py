"""The margin tab's controls: the losses, the data set, the classifier (linear w, b or the
small MLP) and training under each loss."""

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
    LossesConfig,
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
            "The two-class data set (the depth lab's 2-D sets)",
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
        self.model = ChoiceBox(
            [("linear", "Linear s = w·x + b"), ("mlp", "Small MLP 2 → 8 tanh → 1")],
            config.margin_model,
            "The classifier: linear with w, b from the sliders, or a small MLP (Adam, 200 "
            "full-batch steps, η = 0.05, seed 0) whose margins come from training under the "
            "logistic loss; training below uses the same classifier",
        )
        compact(self.model)
        bind(self.model, session, "margin_model", on_error=error.show_error)
        self.trained = Toggle(
            "Train under each loss",
            config.margin_trained,
            "The classifier trained under each ticked loss (linear: gradient descent from w = 0, "
            "200 steps, η = 0.5; MLP: Adam from seed 0, 200 steps, η = 0.05): its decision "
            "regions side by side, its errors and loss per step",
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
        layout.addWidget(ControlGroup("Classifier", self.model, self.angle, self.norm, self.bias))
        layout.addWidget(ControlGroup("Training", self.trained))
        layout.addStretch(1)
        session.subscribe(self._on_config_changed)
        self._on_config_changed(config)

    def _on_config_changed(self, config: LossesConfig) -> None:
        linear = config.margin_model == "linear"  # the MLP's s(x) is trained, not set
        for slider in (self.angle, self.norm, self.bias):
            slider.setEnabled(linear)

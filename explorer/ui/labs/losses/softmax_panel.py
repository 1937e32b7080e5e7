"""The softmax tab's controls: classes, the true class, T, ε, the class weight, focal γ, α."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.losses.config import (
    CLASSES_MAX,
    CLASSES_MIN,
    GAMMA_MAX,
    T_MAX,
    T_MIN,
    WEIGHT_MAX,
    WEIGHT_MIN,
    LossesConfig,
)
from explorer.state.losses.session import LossesSession
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ValueSlider, bind
from explorer.ui.error_label import ErrorLabel


class SoftmaxPanel(QWidget):
    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        super().__init__()
        config = session.config
        self.session, self.error = session, error
        self.classes = ValueSlider(
            "Classes C",
            CLASSES_MIN,
            CLASSES_MAX,
            config.classes,
            integer=True,
            tooltip="How many logits (new ones start at 0)",
        )
        self.target = ValueSlider(
            "True class y",
            1,
            CLASSES_MAX,
            config.softmax_target + 1,
            integer=True,
            tooltip="The class the sample belongs to",
        )
        self.temperature = ValueSlider(
            "Temperature T",
            T_MIN,
            T_MAX,
            config.softmax_temperature,
            log=True,
            tooltip="softmax(z / T): below 1 sharpens, above 1 flattens",
        )
        self.smoothing = ValueSlider(
            "Label smoothing ε",
            0.0,
            1.0,
            config.softmax_smoothing,
            tooltip="torch's label_smoothing: q = (1 − ε)·onehot + ε/C",
        )
        self.weight = ValueSlider(
            "Weight of the true class",
            WEIGHT_MIN,
            WEIGHT_MAX,
            config.softmax_weight,
            tooltip="torch's weight[y]; the other classes keep 1",
        )
        self.gamma = ValueSlider(
            "Focal γ",
            0.0,
            GAMMA_MAX,
            config.focal_gamma,
            tooltip="(1 − pₜ)^γ: 0 is BCE, larger ignores easy points",
        )
        self.alpha = ValueSlider(
            "Focal α",
            0.0,
            1.0,
            config.focal_alpha,
            tooltip="αₜ: the weight of the positive class (torchvision)",
        )
        for widget, field in ((self.temperature, "softmax_temperature"),
                              (self.smoothing, "softmax_smoothing"),
                              (self.weight, "softmax_weight"), (self.gamma, "focal_gamma"),
                              (self.alpha, "focal_alpha")):  # fmt: skip
            bind(widget, session, field, on_error=error.show_error)
        self.classes.valueChanged.connect(lambda v: session.set_classes(int(v)))
        self.target.valueChanged.connect(self._on_target)
        session.subscribe(self._on_config_changed)
        self._on_config_changed(config)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ControlGroup("Softmax", self.classes, self.target, self.temperature))
        layout.addWidget(ControlGroup("Cross-entropy", self.smoothing, self.weight))
        layout.addWidget(ControlGroup("Focal loss (binary)", self.gamma, self.alpha))
        layout.addStretch(1)

    def _on_target(self, value: float) -> None:
        try:
            self.session.update(softmax_target=int(value) - 1)
        except ValueError as error:
            self.error.show_error(str(error))
            self._on_config_changed(self.session.config)

    def _on_config_changed(self, config: LossesConfig) -> None:
        c = config.classes
        if self.classes.value() != c:
            self.classes.setValue(c)
        if self.target.maximum != c:  # the true class can only be one of the C
            self.target.maximum = c
            with QSignalBlocker(self.target.slider), QSignalBlocker(self.target.spin):
                self.target.slider.setRange(1, c)
                self.target.spin.setRange(1, c)
        if self.target.value() != config.softmax_target + 1:
            self.target.setValue(config.softmax_target + 1)

"""The softmax tab's controls: classes, the true class, T, ε, the class weights, focal γ, α."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
from explorer.text_format import number
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
        # one slider edits the weight of the class the "Weight of class" slider picks: compact
        # for up to 10 classes; which class is edited is the widget's, not the config's
        self.weight_class = ValueSlider(
            "Weight of class",
            1,
            CLASSES_MAX,
            config.softmax_target + 1,
            integer=True,
            tooltip="Which class's weight the slider below sets",
        )
        self.weight = ValueSlider(
            "Its weight",
            WEIGHT_MIN,
            WEIGHT_MAX,
            config.softmax_weights[config.softmax_target],
            tooltip="torch's weight[c] of the class picked above (the true class's must be > 0)",
        )
        self.weights_text = QLabel()
        self.weights_text.setToolTip("torch's weight= tensor, class 1 first")
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
                              (self.gamma, "focal_gamma"),
                              (self.alpha, "focal_alpha")):  # fmt: skip
            bind(widget, session, field, on_error=error.show_error)
        self.classes.valueChanged.connect(lambda v: session.set_classes(int(v)))
        self.target.valueChanged.connect(self._on_target)
        self.weight_class.valueChanged.connect(lambda _: self._on_config_changed(session.config))
        self.weight.valueChanged.connect(self._on_weight)
        session.subscribe(self._on_config_changed)
        self._on_config_changed(config)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ControlGroup("Softmax", self.classes, self.target, self.temperature))
        layout.addWidget(
            ControlGroup(
                "Cross-entropy", self.smoothing, self.weight_class, self.weight, self.weights_text
            )
        )
        layout.addWidget(ControlGroup("Focal loss (binary)", self.gamma, self.alpha))
        layout.addStretch(1)

    def _on_target(self, value: float) -> None:
        try:
            self.session.update(softmax_target=int(value) - 1)
        except ValueError as error:
            self.error.show_error(str(error))
            self._on_config_changed(self.session.config)

    def _on_weight(self, value: float) -> None:
        try:
            self.session.set_class_weight(int(self.weight_class.value()) - 1, float(value))
        except ValueError as error:
            self.error.show_error(str(error))
            self._on_config_changed(self.session.config)

    def _on_config_changed(self, config: LossesConfig) -> None:
        c = config.classes
        if self.classes.value() != c:
            self.classes.setValue(c)
        for slider in (self.target, self.weight_class):
            if slider.maximum != c:  # a class can only be one of the C
                slider.maximum = c
                with QSignalBlocker(slider.slider), QSignalBlocker(slider.spin):
                    slider.slider.setRange(1, c)
                    slider.spin.setRange(1, c)
        if self.target.value() != config.softmax_target + 1:
            self.target.setValue(config.softmax_target + 1)
        picked = min(int(self.weight_class.value()), c) - 1
        weight = config.softmax_weights[picked]
        if self.weight.value() != weight:
            with QSignalBlocker(self.weight):
                self.weight.setValue(weight)
        self.weights_text.setText(
            "w = (" + ", ".join(number(w) for w in config.softmax_weights) + ")"
        )

"""The optimizer's hyper-parameters, one control per ``ParamSpec`` of the chosen optimizer.

Rebuilt when the optimizer changes (Adam's β₁, β₂, ε, … replace SGD's momentum, dampening,
Nesterov); the learning rate has its own log slider in the training group.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.depth.config import DepthConfig, hyper_specs
from explorer.ui.controls import Toggle, ValueSlider, set_if_changed


def _decimals(spec) -> int:
    if spec.log:
        return max(2, math.ceil(-math.log10(spec.min)) + 1)
    return 3 if spec.max <= 1 else 2


class HyperPanel(QWidget):
    """Controls of one optimizer's hyper-parameters; emits ``(key, value)`` on a change."""

    hyperChanged = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.controls: dict[str, ValueSlider | Toggle] = {}
        self.optimizer: str | None = None

    def show_config(self, config: DepthConfig) -> None:
        if config.optimizer != self.optimizer:
            self._rebuild(config)
        for key, control in self.controls.items():
            set_if_changed(control, config.hyper_value(key))

    def _rebuild(self, config: DepthConfig) -> None:
        for control in self.controls.values():
            self.layout_.removeWidget(control)
            control.deleteLater()
        self.controls = {}
        self.optimizer = config.optimizer
        for spec in hyper_specs(config.optimizer):
            label = spec.label or spec.name.replace("_", " ")
            tip = f"{spec.description} (torch: {spec.name}, default {spec.default})"
            if spec.kind == "bool":
                control = Toggle(label, bool(config.hyper_value(spec.key)), tooltip=tip)
            else:
                control = ValueSlider(label, spec.min, spec.max,
                                      float(config.hyper_value(spec.key)),
                                      decimals=_decimals(spec), log=spec.log,
                                      tooltip=tip)  # fmt: skip
            control.valueChanged.connect(
                lambda value, key=spec.key: self.hyperChanged.emit(key, value)
            )
            self.layout_.addWidget(control)
            self.controls[spec.key] = control

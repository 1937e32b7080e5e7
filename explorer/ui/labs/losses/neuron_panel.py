"""The neuron tab's controls: the start w, b, the input x, the target y, η and the steps."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.losses.config import LR_MAX, LR_MIN, NEURON_MAX, STEPS_MAX, STEPS_MIN
from explorer.state.losses.session import LossesSession
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ValueSlider, bind
from explorer.ui.error_label import ErrorLabel


class NeuronPanel(QWidget):
    def __init__(self, session: LossesSession, error: ErrorLabel) -> None:
        super().__init__()
        c = session.config
        self.w = ValueSlider("Start weight w", -NEURON_MAX, NEURON_MAX, c.neuron_w,
                             tooltip="w before the first step")  # fmt: skip
        self.b = ValueSlider("Start bias b", -NEURON_MAX, NEURON_MAX, c.neuron_b,
                             tooltip="b before the first step")  # fmt: skip
        self.x = ValueSlider("Input x", -NEURON_MAX, NEURON_MAX, c.neuron_x,
                             tooltip="The one training input")  # fmt: skip
        self.target = ValueSlider("Target y", 0.0, 1.0, c.neuron_target,
                                  tooltip="What the output a should become")  # fmt: skip
        self.lr = ValueSlider("Learning rate η", LR_MIN, LR_MAX, c.neuron_lr, log=True,
                              tooltip="Plain gradient descent: w ← w − η·∂L/∂w")  # fmt: skip
        self.steps = ValueSlider("Steps", STEPS_MIN, STEPS_MAX, c.neuron_steps, integer=True,
                                 tooltip="How many gradient steps each run takes")  # fmt: skip
        for widget, field in ((self.w, "neuron_w"), (self.b, "neuron_b"), (self.x, "neuron_x"),
                              (self.target, "neuron_target"), (self.lr, "neuron_lr")):  # fmt: skip
            bind(widget, session, field, on_error=error.show_error)
        bind(self.steps, session, "neuron_steps", convert=int, on_error=error.show_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ControlGroup("The neuron a = σ(wx + b)", self.w, self.b, self.x,
                                      self.target))  # fmt: skip
        layout.addWidget(ControlGroup("Gradient descent", self.lr, self.steps))
        layout.addStretch(1)

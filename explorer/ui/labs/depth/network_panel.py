"""The Network group: depth, width, activation, initializer with its gain, norm, residual."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from explorer.core import activations
from explorer.core import init as initializers
from explorer.state.depth.config import (
    DEPTH_MAX,
    DEPTH_MIN,
    GAIN_MAX,
    GAIN_MIN,
    WIDTH_MAX,
    WIDTH_MIN,
    DepthConfig,
)
from explorer.state.depth.data import PROBE_POINTS
from explorer.text_format import number
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, Toggle, ValueSlider, bind, compact

INIT_LABELS = {
    "default": "torch default U(±1/√fan_in)",
    "xavier_uniform": "Xavier (Glorot) uniform",
    "xavier_normal": "Xavier (Glorot) normal",
    "kaiming_uniform": "Kaiming (He) uniform",
    "kaiming_normal": "Kaiming (He) normal",
    "lecun_normal": "LeCun normal N(0, 1/fan_in)",
    "orthogonal": "orthogonal",
    "normal": "normal N(0, gain²)",
    "uniform": "uniform U(0, gain)",
    "zeros": "zeros",
}
NORM_CHOICES = [("none", "none"), ("batchnorm", "BatchNorm"), ("layernorm", "LayerNorm")]


def gain_text(config: DepthConfig) -> str:
    """What the gain slider does for this initializer and activation, in numbers."""
    init, gain = config.init, config.gain
    if init in initializers.GAIN_AWARE:
        nonlinearity, param = initializers.nonlinearity_for(config.activation)
        base = initializers.calculate_gain(nonlinearity, param)
        return (f"recommended gain for {config.activation}: {number(base)} "
                f"(calculate_gain('{nonlinearity}')); used: {number(base * gain)}")  # fmt: skip
    if init == "normal":
        return f"weights ~ N(0, {number(gain)}²)"
    if init == "uniform":
        return f"weights ~ U(0, {number(gain)})"
    if init == "zeros":
        return "all weights and biases 0 (the gain has no effect)"
    return f"the initializer's weights × {number(gain)}"


class NetworkPanel(ControlGroup):
    """Architecture controls, bound to the session."""

    def __init__(self, session, on_error) -> None:
        super().__init__("Network")
        c = session.config
        self.depth_slider = ValueSlider(
            "Depth (hidden layers)", DEPTH_MIN, DEPTH_MAX, c.depth, integer=True,
            tooltip="Number of hidden layers. The bars are recomputed as you drag: one pass of "
            f"{PROBE_POINTS} probe points, under 16 ms even at depth 64 × width 128",
        )  # fmt: skip
        self.width_slider = ValueSlider(
            "Width (units per hidden layer)", WIDTH_MIN, WIDTH_MAX, c.width, integer=True,
            tooltip="Units in every hidden layer",
        )  # fmt: skip
        choices = [(n, activations.get(n).display_name) for n in activations.names()]
        self.activation_box = ChoiceBox(choices, c.activation,
                                        tooltip="The hidden layers' activation f")  # fmt: skip
        inits = [(n, INIT_LABELS.get(n, n)) for n in initializers.names()]
        self.init_box = ChoiceBox(inits, c.init, tooltip="How the initial weights are drawn "
                                  "(torch.nn.init); biases keep torch's default")  # fmt: skip
        self.gain_slider = ValueSlider(
            "Gain ×", GAIN_MIN, GAIN_MAX, c.gain, decimals=3, log=True,
            tooltip="Multiplies every initial weight: for Xavier/Kaiming/orthogonal the "
            "activation's recommended gain, for 'normal' the standard deviation",
        )  # fmt: skip
        self.gain_label = QLabel(wordWrap=True)
        self.gain_label.setStyleSheet("color: #555555;")
        self.norm_box = ChoiceBox(
            NORM_CHOICES, c.norm, tooltip="Normalization after each hidden Linear layer"
        )
        self.residual_toggle = Toggle(
            "Residual connections h + f(Wh + b)", c.residual,
            tooltip="Skip connection around every hidden layer whose input and output widths "
            "match: the gradient gets a path that bypasses the layer's factor",
        )  # fmt: skip
        self.add(self.depth_slider, self.width_slider)
        self.add_row("Activation", self.activation_box)
        self.add_row("Init", self.init_box)
        self.add(self.gain_slider, self.gain_label)
        self.add_row("Normalization", self.norm_box)
        self.add(self.residual_toggle)

        compact(self.activation_box)
        compact(self.init_box)
        compact(self.norm_box)
        bind(self.depth_slider, session, "depth", int, on_error)
        bind(self.width_slider, session, "width", int, on_error)
        bind(self.activation_box, session, "activation", on_error=on_error)
        bind(self.init_box, session, "init", on_error=on_error)
        bind(self.gain_slider, session, "gain", on_error=on_error)
        bind(self.norm_box, session, "norm", on_error=on_error)
        bind(self.residual_toggle, session, "residual", on_error=on_error)
        session.subscribe(self.show_config)
        self.show_config(c)

    def show_config(self, config: DepthConfig) -> None:
        text = gain_text(config)
        if text != self.gain_label.text():
            self.gain_label.setText(text)

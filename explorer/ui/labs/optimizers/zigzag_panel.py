"""The sigmoid-vs-tanh tab's controls: the data, the start and plain gradient descent."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.optimizers import zigzag
from explorer.state.optimizers.session import OptimizersSession
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ValueSlider, bind
from explorer.ui.error_label import ErrorLabel


class ZigzagPanel(QWidget):
    def __init__(self, session: OptimizersSession, error: ErrorLabel) -> None:
        super().__init__()
        c = session.config
        start = zigzag.MAX_START
        self.offset = ValueSlider(
            "Input mean", -zigzag.MAX_OFFSET, zigzag.MAX_OFFSET, c.zig_offset,
            tooltip="The mean of both inputs x₁, x₂ (spread 1.5 around it). At 0, tanh's "
            "outputs are centred on 0; far from 0 they all share one sign, like sigmoid's",
        )  # fmt: skip
        self.seed = ValueSlider("Seed", 0, zigzag.MAX_SEED, c.zig_seed, integer=True,
                                tooltip="Draws the 32 inputs and the examples' order")  # fmt: skip
        drag = "before the first step (or drag the cross on a plot)"
        self.w1 = ValueSlider("Start w₁", -start, start, c.zig_w1, tooltip=f"w₁ {drag}")
        self.w2 = ValueSlider("Start w₂", -start, start, c.zig_w2, tooltip=f"w₂ {drag}")
        self.lr = ValueSlider(
            "Learning rate η", *zigzag.LR_RANGE, c.zig_lr, decimals=3, log=True,
            tooltip="Plain gradient descent (torch's SGD): w ← w − η·∂L/∂w",
        )  # fmt: skip
        self.batch = ValueSlider(
            "Examples per step", 1, zigzag.EXAMPLES, c.zig_batch, integer=True,
            tooltip="1: each update is one example's δ·h, the notes' claim. More: the update "
            "sums δₙhₙ over a batch, and the signs can mix even for sigmoid",
        )  # fmt: skip
        self.steps = ValueSlider("Steps", 1, zigzag.MAX_STEPS, c.zig_steps, integer=True,
                                 tooltip="How many updates each run makes")  # fmt: skip
        self.target = ValueSlider(
            "Target loss", *zigzag.TARGET_RANGE, c.zig_target, decimals=6, log=True,
            tooltip="The loss both runs race to: the steps each needs are counted",
        )  # fmt: skip
        for widget, field in ((self.offset, "zig_offset"), (self.w1, "zig_w1"),
                              (self.w2, "zig_w2"), (self.lr, "zig_lr"),
                              (self.target, "zig_target")):  # fmt: skip
            bind(widget, session, field, on_error=error.show_error)
        for widget, field in ((self.seed, "zig_seed"), (self.batch, "zig_batch"),
                              (self.steps, "zig_steps")):  # fmt: skip
            bind(widget, session, field, convert=int, on_error=error.show_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(ControlGroup("Data: h = act(x), y = w*·h", self.offset, self.seed))
        layout.addWidget(ControlGroup("Start (both runs)", self.w1, self.w2))
        layout.addWidget(ControlGroup("Gradient descent on w₁, w₂", self.lr, self.batch,
                                      self.steps, self.target))  # fmt: skip
        layout.addStretch(1)

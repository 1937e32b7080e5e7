"""The lab's control groups: the network, the heat map's norm and layer, and training."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QPushButton

from explorer.core import activations
from explorer.core import init as initializers
from explorer.core.normalization import NAMES, TITLES
from explorer.state.normalization import config as cfg
from explorer.ui.buttons import TrainingButtons
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind, compact
from explorer.ui.labs.depth.network_panel import INIT_LABELS


class NetworkPanel(ControlGroup):
    """The network both tabs use (the depth lab's choices)."""

    def __init__(self, session, on_error) -> None:
        super().__init__("Network")
        c = session.config
        self.depth_slider = ValueSlider(
            "Depth (hidden layers)", cfg.DEPTH_MIN, cfg.DEPTH_MAX, c.depth, integer=True,
            tooltip="Hidden layers of the net; every one has the same width",
        )  # fmt: skip
        self.width_slider = ValueSlider(
            "Width (features)", cfg.WIDTH_MIN, cfg.WIDTH_MAX, c.width, integer=True,
            tooltip="Units per hidden layer: the columns of the heat map",
        )  # fmt: skip
        acts = [(n, activations.get(n).display_name) for n in activations.names()]
        self.activation_box = ChoiceBox(acts, c.activation, tooltip="Hidden activation f")
        inits = [(n, INIT_LABELS.get(n, n)) for n in initializers.names()]
        self.init_box = ChoiceBox(inits, c.init, tooltip="torch.nn.init scheme of the weights")
        tasks = [(n, n) for n in cfg.CLASSIFICATION_TASKS]
        self.task_box = ChoiceBox(tasks, c.task, tooltip="The 2-D data set (two classes)")
        self.seed_slider = ValueSlider(
            "Seed", 0, cfg.SEED_MAX, c.seed, integer=True,
            tooltip="Seed of the data, the initial weights and the batch order",
        )  # fmt: skip
        self.add(self.depth_slider, self.width_slider)
        self.add_row("Activation", self.activation_box)
        self.add_row("Init", self.init_box)
        self.add_row("Data", self.task_box)
        self.add(self.seed_slider)
        for box in (self.activation_box, self.init_box, self.task_box):
            compact(box)
        bind(self.depth_slider, session, "depth", int, on_error)
        bind(self.width_slider, session, "width", int, on_error)
        bind(self.activation_box, session, "activation", on_error=on_error)
        bind(self.init_box, session, "init", on_error=on_error)
        bind(self.task_box, session, "task", on_error=on_error)
        bind(self.seed_slider, session, "seed", int, on_error)


class AxisPanel(ControlGroup):
    """Which norm the heat map shows, at which layer, for how big a batch."""

    def __init__(self, session, on_error) -> None:
        super().__init__("Which axis")
        c = session.config
        self.norm_box = ChoiceBox(
            [(n, TITLES[n]) for n in NAMES],
            c.norm,
            tooltip="The normalization whose groups the heat map shows",
        )
        self.layer_slider = ValueSlider(
            "Hidden layer l", 1, cfg.DEPTH_MAX, c.layer, integer=True,
            tooltip="The layer whose pre-activations the heat map shows",
        )  # fmt: skip
        self.batch_slider = ValueSlider(
            "Batch (samples)", cfg.BATCH_MIN, cfg.BATCH_MAX, c.batch, integer=True,
            tooltip="Rows of the heat map: the samples BatchNorm averages over",
        )  # fmt: skip
        self.groups_slider = ValueSlider(
            "GroupNorm groups G", 1, cfg.GROUPS_MAX, c.groups, integer=True,
            tooltip="GroupNorm's number of groups (the largest divisor of the width up to it)",
        )  # fmt: skip
        self.add_row("Norm", self.norm_box)
        self.add(self.layer_slider, self.batch_slider, self.groups_slider)
        bind(self.norm_box, session, "norm", on_error=on_error)
        bind(self.layer_slider, session, "layer", int, on_error)
        session.subscribe(self._show_depth)
        self._show_depth(c)
        bind(self.batch_slider, session, "batch", int, on_error)
        bind(self.groups_slider, session, "groups", int, on_error)

    def _show_depth(self, config) -> None:
        """The layer slider ends at the net's depth (ValueSlider has no range setter yet)."""
        slider = self.layer_slider
        if slider.maximum != config.depth:
            slider.maximum = config.depth
            with QSignalBlocker(slider.slider), QSignalBlocker(slider.spin):
                slider.slider.setMaximum(config.depth)
                slider.spin.setMaximum(config.depth)
            slider.setValue(config.layer)


class TrainingPanel(ControlGroup):
    """SGD's learning rate and batch size, and the buttons (the page connects them)."""

    def __init__(self, session, on_error) -> None:
        super().__init__(
            "Training",
            tooltip="Trains what the tab on screen shows: the four variants, or the BatchNorm "
            'net of "When it breaks" (batches of its B)',
        )
        c = session.config
        self.lr_slider = ValueSlider(
            "Learning rate", cfg.LR_MIN, cfg.LR_MAX, c.learning_rate, decimals=4, log=True,
            tooltip="SGD step size of every net the lab trains (log scale)",
        )  # fmt: skip
        self.batch_slider = ValueSlider(
            "Batch size", cfg.TRAIN_BATCH_MIN, cfg.TRAIN_BATCH_MAX, c.train_batch, integer=True,
            tooltip="Samples per SGD step of the four variants (BatchNorm's statistics come "
            "from these)",
        )  # fmt: skip
        buttons = TrainingButtons(
            "One SGD step of each net (→)",
            "Back to step 0: the same seed, so the same initial weights and batches",
        )
        self.play_button = buttons.play_button
        self.step_button = buttons.step_button
        self.restart_button = buttons.restart_button
        self.add(self.lr_slider, self.batch_slider, buttons)
        bind(self.lr_slider, session, "learning_rate", on_error=on_error)
        bind(self.batch_slider, session, "train_batch", int, on_error)


class BreaksPanel(ControlGroup):
    """BatchNorm's batch size and momentum for the "When it breaks" tab."""

    def __init__(self, session, on_error) -> None:
        super().__init__("When it breaks (BatchNorm)")
        c = session.config
        self.batch_slider = ValueSlider(
            "Batch size B", cfg.NOISE_BATCH_MIN, cfg.NOISE_BATCH_MAX, c.noise_batch,
            integer=True,
            tooltip="Samples per batch of the noise plots and the train/eval run; 1 shows "
            "torch's refusal",
        )  # fmt: skip
        self.momentum_slider = ValueSlider(
            "Momentum", cfg.MOMENTUM_MIN, cfg.MOMENTUM_MAX, c.momentum, decimals=2,
            tooltip="running ← (1 − momentum)·running + momentum·batch statistic (torch: 0.1)",
        )  # fmt: skip
        self.add(self.batch_slider, self.momentum_slider)
        bind(self.batch_slider, session, "noise_batch", int, on_error)
        bind(self.momentum_slider, session, "momentum", on_error=on_error)


class InputsPanel(ControlGroup):
    """The second input's scale and gradient descent's learning rate (the "Input scale" tab)."""

    def __init__(self, session, on_error) -> None:
        super().__init__("Input scale (linear model)")
        c = session.config
        self.scale_slider = ValueSlider(
            "Scale of x₂ (std)", cfg.SCALE_MIN, cfg.SCALE_MAX, c.input_scale, decimals=2,
            log=True, tooltip="x₁ has std 1, x₂ this std: the loss contours stretch by it",
        )  # fmt: skip
        self.lr_slider = ValueSlider(
            "Learning rate η", cfg.INPUT_LR_MIN, cfg.INPUT_LR_MAX, c.input_lr, decimals=3,
            log=True, tooltip="Gradient descent's step on both problems (log scale)",
        )  # fmt: skip
        # the same loss surface, raced in the Optimizers lab (the page opens it there)
        self.open_raw_button = QPushButton("Raw → Optimizers lab")
        self.open_raw_button.setToolTip(
            "Open this loss surface on the raw inputs in the Optimizers lab, as a typed "
            "f(x, y) with x = w₁, y = w₂: SGD (at this η), momentum and Adam from w = 0"
        )
        self.open_standardized_button = QPushButton("Standardized → Optimizers lab")
        self.open_standardized_button.setToolTip(
            "Open the loss surface on the standardized inputs (round contours) in the "
            "Optimizers lab, as a typed f(x, y)"
        )
        self.add(self.scale_slider, self.lr_slider, self.open_raw_button,
                 self.open_standardized_button)  # fmt: skip
        bind(self.scale_slider, session, "input_scale", on_error=on_error)
        bind(self.lr_slider, session, "input_lr", on_error=on_error)

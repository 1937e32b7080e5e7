"""The "Same network" tab's controls: which optimizers (the race's ticks), the selected one's
learning rate on the net, the net, training and the landscape's span."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.core import activations
from explorer.state.optimizers import entries
from explorer.state.optimizers import network_config as cfg
from explorer.ui.buttons import TrainingButtons
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind, compact
from explorer.ui.labs.optimizers.checklist import RaceChecklist


class NetworkPanel(QWidget):
    """The tab's control groups; the tab connects the buttons."""

    def __init__(self, session, on_error) -> None:
        super().__init__()
        self.session, self.on_error = session, on_error
        c = session.config
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.checklist = RaceChecklist()
        self.checklist.setToolTip(
            "The race's ticks: each ticked optimizer trains its own copy "
            "of the net; click one to centre the landscape on its weights"
        )
        self.checklist.checkToggled.connect(session.set_ticked)
        self.checklist.selectedChanged.connect(lambda key: session.update(selected=key))
        self.lr_slider = ValueSlider(
            "Learning rate on the net", cfg.LR_MIN, cfg.LR_MAX, cfg.net_lr(c, c.selected),
            decimals=5, log=True,
            tooltip="The selected optimizer's learning rate here (the race's rates suit its "
            "surfaces, not a net); its other hyper-parameters are the race's sliders",
        )  # fmt: skip
        self.lr_slider.valueChanged.connect(self._on_lr_changed)
        layout.addWidget(ControlGroup("Optimizers (tick to train, click to select)",
                                      self.checklist, self.lr_slider))  # fmt: skip
        layout.addWidget(self._network_group(c))
        layout.addWidget(self._training_group(c))
        self.span_slider = ValueSlider(
            "Half-width (direction units)", cfg.SPAN_MIN, cfg.SPAN_MAX, c.net_span, decimals=2,
            log=True, tooltip="The landscape shows a, b ∈ [−span, span]: θ = θc + aδ + bη, "
            "δ and η filter-normalised (1 = each neuron moved by its own weights' norm)",
        )  # fmt: skip
        bind(self.span_slider, session, "net_span", on_error=on_error)
        layout.addWidget(ControlGroup("Landscape", self.span_slider))
        session.subscribe(self.show_config)
        self.show_config(c)

    def _network_group(self, c) -> ControlGroup:
        group = ControlGroup("Network (the same for every optimizer)")
        self.task_box = ChoiceBox([(n, n) for n in cfg.CLASSIFICATION_TASKS], c.net_task,
                                  tooltip="The depth lab's 2-D data set (two classes)")  # fmt: skip
        acts = [(n, activations.get(n).display_name) for n in activations.names()]
        self.activation_box = ChoiceBox(acts, c.net_activation, tooltip="Hidden activation")
        self.width_slider = ValueSlider("Width", cfg.WIDTH_MIN, cfg.WIDTH_MAX, c.net_width,
                                        integer=True, tooltip="Units per hidden layer")  # fmt: skip
        self.depth_slider = ValueSlider("Hidden layers", cfg.DEPTH_MIN, cfg.DEPTH_MAX,
                                        c.net_depth, integer=True,
                                        tooltip="Hidden layers of the net")  # fmt: skip
        self.seed_slider = ValueSlider(
            "Seed", 0, cfg.SEED_MAX, c.net_seed, integer=True,
            tooltip="Seed of the data, the initial weights (shared by every optimizer), the "
            "batch order and the landscape's directions",
        )  # fmt: skip
        group.add_row("Data", self.task_box)
        group.add_row("Activation", self.activation_box)
        group.add(self.width_slider, self.depth_slider, self.seed_slider)
        for box in (self.task_box, self.activation_box):
            compact(box)
        bind(self.task_box, self.session, "net_task", on_error=self.on_error)
        bind(self.activation_box, self.session, "net_activation", on_error=self.on_error)
        bind(self.width_slider, self.session, "net_width", int, self.on_error)
        bind(self.depth_slider, self.session, "net_depth", int, self.on_error)
        bind(self.seed_slider, self.session, "net_seed", int, self.on_error)
        return group

    def _training_group(self, c) -> ControlGroup:
        self.batch_slider = ValueSlider(
            "Batch size (0: all)", 0, cfg.BATCH_MAX, c.net_batch, integer=True,
            tooltip="Points per step, the same batches for every optimizer; 0 is the whole "
            "data set (full-batch gradient descent)",
        )  # fmt: skip
        self.steps_slider = ValueSlider(
            "Steps", cfg.STEPS_MIN, cfg.STEPS_MAX, c.net_steps, integer=True,
            tooltip="Training stops after these steps: the landscape is through the final "
            "weights then",
        )  # fmt: skip
        buttons = TrainingButtons(
            "One step of every optimizer (→)",
            "Back to step 0: the same seed, so the same initial weights and batches",
        )
        self.play_button = buttons.play_button
        self.step_button = buttons.step_button
        self.restart_button = buttons.restart_button
        bind(self.batch_slider, self.session, "net_batch", int, self.on_error)
        bind(self.steps_slider, self.session, "net_steps", int, self.on_error)
        return ControlGroup("Training", self.batch_slider, self.steps_slider, buttons)

    def show_config(self, config) -> None:
        self.checklist.show_config(config)
        label = f"{entries.entry(config.selected).label}: learning rate on the net"
        if self.lr_slider.label.text() != label:
            self.lr_slider.label.setText(label)
        value = cfg.net_lr(config, config.selected)
        if self.lr_slider.value() != value:
            with QSignalBlocker(self.lr_slider):
                self.lr_slider.setValue(value)

    def _on_lr_changed(self, value: float) -> None:
        config = self.session.config
        try:
            self.session.update(net_lr=(*config.net_lr, (config.selected, float(value))))
        except ValueError as error:
            self.show_config(self.session.config)
            self.on_error(str(error))

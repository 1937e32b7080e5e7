"""The Training group: optimizer and its hyper-parameters, learning rate, batch size, seed,
and the play / step / restart buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

from explorer.core import optimizers
from explorer.state.depth.config import BATCH_MAX, LR_MAX, LR_MIN, SEED_MAX, DepthConfig
from explorer.ui.buttons import TrainingButtons, show_play_state
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind, compact, set_if_changed
from explorer.ui.labs.depth.hyper_panel import HyperPanel

PRECISION_NOTE = (
    "Training runs in float32 on a worker thread (the window stays responsive); the bars come "
    "from a float64 probe. Changing any setting restarts training from the same initial weights."
)


class TrainingPanel(ControlGroup):
    """Training controls, bound to the session; the buttons call the page."""

    def __init__(self, session, on_error) -> None:
        super().__init__("Training")
        self.session, self._on_error = session, on_error
        c = session.config
        choices = [(n, optimizers.optimizer_class(n).display_name) for n in optimizers.names()]
        self.optimizer_box = ChoiceBox(choices, c.optimizer, tooltip="torch.optim's update rule")
        self.optimizer_box.valueChanged.connect(self._on_optimizer_chosen)
        self.lr_slider = ValueSlider(
            "Learning rate", LR_MIN, LR_MAX, c.learning_rate, decimals=5, log=True,
            tooltip="Step size γ (log scale)",
        )  # fmt: skip
        self.hyper_panel = HyperPanel()
        self.hyper_panel.hyperChanged.connect(self._on_hyper_changed)
        self.batch_slider = ValueSlider(
            "Batch size", 0, BATCH_MAX, c.batch_size, integer=True,
            tooltip="Points per step; 0 (or at least the number of points) = the whole data set",
        )  # fmt: skip
        self.batch_slider.spin.setSpecialValueText("full")
        self.seed_slider = ValueSlider(
            "Seed", 0, SEED_MAX, c.seed, integer=True,
            tooltip="Seed of the data, the initial weights and the batch order: the same seed "
            "gives the same run",
        )  # fmt: skip
        buttons = TrainingButtons(
            "One optimizer step (→)",
            "Back to step 0: the same seed, so the same initial weights and data",
        )
        self.play_button = buttons.play_button
        self.step_button = buttons.step_button
        self.restart_button = buttons.restart_button
        self.new_seed_button = QPushButton("New seed")
        self.new_seed_button.setToolTip("Draw other initial weights and data (seed + 1)")
        self.new_seed_button.clicked.connect(self._on_new_seed)
        note = QLabel(PRECISION_NOTE, wordWrap=True)
        note.setStyleSheet("color: #555555;")
        self.add_row("Optimizer", self.optimizer_box)
        self.add(self.lr_slider, self.hyper_panel, self.batch_slider, self.seed_slider,
                 self.new_seed_button, buttons, note)  # fmt: skip
        compact(self.optimizer_box)
        bind(self.lr_slider, session, "learning_rate", on_error=on_error)
        bind(self.batch_slider, session, "batch_size", int, on_error)
        bind(self.seed_slider, session, "seed", int, on_error)
        session.subscribe(self.show_config)
        self.show_config(c)

    def show_config(self, config: DepthConfig) -> None:
        set_if_changed(self.optimizer_box, config.optimizer)
        self.hyper_panel.show_config(config)

    def show_playing(self, playing: bool) -> None:
        show_play_state(self.play_button, playing)

    def _on_optimizer_chosen(self, name: str) -> None:
        self._apply(lambda: self.session.set_optimizer(name))

    def _on_hyper_changed(self, key: str, value) -> None:
        self._apply(lambda: self.session.set_hyper(key, value))

    def _on_new_seed(self) -> None:
        self._apply(lambda: self.session.update(seed=(self.session.config.seed + 1) % SEED_MAX))

    def _apply(self, change) -> None:
        try:
            change()
        except ValueError as error:
            self.show_config(self.session.config)
            self._on_error(str(error))

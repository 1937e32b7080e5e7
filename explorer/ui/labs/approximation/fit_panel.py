"""The fit view's controls: which fitter, optimizer, loss, learning rate, speed, and buttons.

Play/pause/step live in the window's toolbar (Space, →, R); the panel repeats Train/Pause
for students who do not look at the toolbar, and shows where training stands, including why
a run stopped.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.core import losses, optimizers
from explorer.state.approximation.session import LR_RANGE, ApproximationConfig, ApproximationSession
from explorer.ui.buttons import restart_button, show_play_state
from explorer.ui.controls import ChoiceBox, ValueSlider, bind
from explorer.ui.error_label import ErrorLabel

FITTERS = [
    ("gradient", "Gradient descent (train every weight)"),
    ("lstsq", "Least squares (random wᵢ, bᵢ; exact vᵢ, c)"),
]
SPEEDS = [
    ("slow", "Slow: 1 step per frame"),
    ("medium", "Medium: 10 steps per frame"),
    ("fast", "Fast: as many as fit in a frame"),
]


class FitPanel(QWidget):
    """Training settings; emits the button presses for the page to act on."""

    playClicked = Signal()
    restartClicked = Signal()
    copyClicked = Signal()

    def __init__(self, session: ApproximationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        config = session.config
        self.fitter_box = ChoiceBox(
            FITTERS, config.fitter,
            tooltip="Gradient descent learns all 3N + 1 numbers step by step; least squares "
            "fixes random hidden units and solves the output weights in one go",
        )  # fmt: skip
        self.optimizer_box = ChoiceBox(
            [(n, optimizers.optimizer_class(n).display_name) for n in optimizers.names()],
            config.optimizer,
            tooltip="The update rule (torch.optim semantics); changing it restarts training",
        )
        self.loss_box = ChoiceBox(
            [(n, losses.get(n).display_name) for n in losses.names("regression")],
            config.loss,
            tooltip="What training minimizes; changing it restarts training",
        )
        self.lr_slider = ValueSlider(
            "Learning rate", *LR_RANGE, config.learning_rate, decimals=4, log=True,
            tooltip="Step size (log scale); takes effect at once, without a restart. "
            "Too high and the loss blows up",
        )  # fmt: skip
        self.speed_box = ChoiceBox(SPEEDS, config.speed, tooltip="Training steps per screen frame")
        for widget, field in ((self.fitter_box, "fitter"), (self.optimizer_box, "optimizer"),
                              (self.loss_box, "loss"), (self.lr_slider, "learning_rate"),
                              (self.speed_box, "speed")):  # fmt: skip
            bind(widget, session, field)
        self.play_button = QPushButton("Train")
        self.play_button.setToolTip("Start or pause training (Space)")
        self.play_button.clicked.connect(self.playClicked)
        self.restart_button = restart_button(
            "Restart", "New initial weights (same seed), step 0 (R)"
        )
        self.restart_button.clicked.connect(self.restartClicked)
        self.copy_button = QPushButton("Copy weights to build view")
        self.copy_button.setToolTip(
            "Put the fitted wᵢ, bᵢ, vᵢ and c into the build view's sliders, to take apart"
        )
        self.copy_button.clicked.connect(self.copyClicked)
        self.show_playing(False)
        self.state_label = QLabel(wordWrap=True)
        self.message_label = ErrorLabel()

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Optimizer", self.optimizer_box)
        form.addRow("Loss", self.loss_box)
        form.addRow("Speed", self.speed_box)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.play_button, 0, 0)
        buttons.addWidget(self.restart_button, 0, 1)
        buttons.addWidget(self.copy_button, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Fitter"))
        layout.addWidget(self.fitter_box)
        layout.addLayout(form)
        layout.addWidget(self.lr_slider)
        layout.addLayout(buttons)
        layout.addWidget(self.state_label)
        layout.addWidget(self.message_label)
        session.subscribe(self._on_config_changed)
        self._on_config_changed(config)

    def _on_config_changed(self, config: ApproximationConfig) -> None:
        gradient = config.fitter == "gradient"
        for widget in (self.optimizer_box, self.loss_box, self.lr_slider, self.speed_box,
                       self.play_button, self.restart_button):  # fmt: skip
            widget.setEnabled(gradient)

    def show_playing(self, playing: bool) -> None:
        show_play_state(self.play_button, playing)

    def show_state(self, text: str, message: str | None) -> None:
        if text != self.state_label.text():
            self.state_label.setText(text)
        self.message_label.show_error(message)

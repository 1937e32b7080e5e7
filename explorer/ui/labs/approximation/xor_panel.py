"""The XOR panel: a linear model and a one-hidden-layer net trained side by side on XOR.

"A linear model cannot solve XOR; one hidden layer can" — left, logistic regression's
decision region stays a half-plane split (its loss stalls at ln 2); right, ``MLP([2, H, 1])``
bends the boundary around the quadrants. A self-contained widget (controls on the left, its
own training timer), embedded as a tab of the approximation lab.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.core import activations
from explorer.state.approximation.xor import (
    HIDDEN_MAX,
    HIDDEN_MIN,
    LR_MAX,
    LR_MIN,
    NOISE_MAX,
    POINTS_MAX,
    POINTS_MIN,
    SEED_MAX,
    SPEED_MAX,
    XorSession,
)
from explorer.ui import theme
from explorer.ui.buttons import restart_button, show_play_state
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.approximation import xor_texts
from explorer.ui.labs.approximation.xor_views import (
    HIDDEN_COLOUR,
    LINEAR_COLOUR,
    DecisionView,
    LossView,
)
from explorer.ui.scheduler import FrameScheduler
from explorer.ui.training_driver import TrainingDriver

TICK_BUDGET_S = 0.006  # training time per timer tick; the rest of the frame is for drawing


class XorPanel(QWidget):
    """Logistic regression vs one hidden layer on XOR, with its own controls and training.

    A :class:`~explorer.ui.labs.lab_mode.LabMode`: the hosting lab forwards play, step, reset,
    undo and its status line to it while its tab is shown. The config lives in
    :attr:`session` (saved with the lab's).
    """

    status_changed = Signal(str)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = XorSession()
        self.scheduler = FrameScheduler(self.redraw, parent=self)
        self.driver = TrainingDriver(
            self.session, TICK_BUDGET_S, lambda: self.session.config.speed, parent=self
        )
        self.driver.stepped.connect(self._on_stepped)
        self.driver.playingChanged.connect(self._on_playing_changed)
        self._error: str | None = None  # a refused control value; cleared by the next change
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._build_controls())
        layout.addWidget(self._build_plots(), stretch=1)
        self.session.subscribe(lambda _config: self._on_config_changed())
        self.redraw()

    # --- construction --------------------------------------------------------------------------
    def _build_controls(self) -> QWidget:
        c = self.session.config
        self.points_slider = ValueSlider(
            "Points", POINTS_MIN, POINTS_MAX, c.points, integer=True,
            tooltip="How many data points (half per class, split over two quadrants each)",
        )  # fmt: skip
        self.noise_slider = ValueSlider(
            "Noise (std)", 0.0, NOISE_MAX, c.noise, decimals=2,
            tooltip="Gaussian jitter on the quadrant clusters; 0 gives clean XOR",
        )  # fmt: skip
        self.seed_slider = ValueSlider(
            "Seed", 0, SEED_MAX, c.seed, integer=True,
            tooltip="Seed of the data and of both models' initial weights",
        )  # fmt: skip
        self.hidden_slider = ValueSlider(
            "Hidden units H", HIDDEN_MIN, HIDDEN_MAX, c.hidden_units, integer=True,
            tooltip="Width of the hidden layer of the right-hand net MLP([2, H, 1])",
        )  # fmt: skip
        choices = [(name, activations.get(name).display_name) for name in activations.names()]
        self.activation_box = ChoiceBox(
            choices, c.activation, tooltip="The hidden layer's activation φ (identity: no bend)"
        )
        self.lr_slider = ValueSlider(
            "Learning rate (Adam)", LR_MIN, LR_MAX, c.learning_rate, decimals=4, log=True,
            tooltip="Adam's step size for both models; changing it keeps training going",
        )  # fmt: skip
        self.speed_slider = ValueSlider(
            "Speed (steps per frame)", 1, SPEED_MAX, c.speed, integer=True,
            tooltip="Optimizer steps per screen frame (at most ~6 ms of training per frame)",
        )  # fmt: skip
        self.train_button = QPushButton()
        show_play_state(self.train_button, False)
        self.train_button.setToolTip("Start or pause training of both models (like Space)")
        self.train_button.clicked.connect(lambda: self.set_playing(not self.is_playing()))
        self.reset_button = restart_button(
            "Reset", "Both models back to their initial weights (same seed)"
        )
        self.reset_button.clicked.connect(self.reset)
        self.message_label = ErrorLabel()

        bind(self.points_slider, self.session, "points", int, self._show_error)
        bind(self.noise_slider, self.session, "noise", on_error=self._show_error)
        bind(self.seed_slider, self.session, "seed", int, self._show_error)
        bind(self.hidden_slider, self.session, "hidden_units", int, self._show_error)
        bind(self.activation_box, self.session, "activation", on_error=self._show_error)
        bind(self.lr_slider, self.session, "learning_rate", on_error=self._show_error)
        bind(self.speed_slider, self.session, "speed", int, self._show_error)

        column = QWidget()
        column.setFixedWidth(250)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        data = ControlGroup("Data: XOR", self.points_slider, self.noise_slider, self.seed_slider)
        layout.addWidget(data)
        activation_row = QWidget()
        row = QHBoxLayout(activation_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Activation φ"))
        row.addWidget(self.activation_box, stretch=1)
        layout.addWidget(ControlGroup("Hidden layer (right)", self.hidden_slider, activation_row))
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(self.train_button)
        row.addWidget(self.reset_button)
        layout.addWidget(ControlGroup("Training", self.lr_slider, self.speed_slider, buttons))
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        return column

    def _build_plots(self) -> QWidget:
        self.caption = QLabel(wordWrap=True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.numbers = QLabel()
        self.numbers.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.linear_view = DecisionView("Linear model", LINEAR_COLOUR)
        self.hidden_view = DecisionView("One hidden layer", HIDDEN_COLOUR)
        self.loss_view = LossView()
        self._update_caption()
        plots = self.plots = QWidget()  # what an export or a benchmark renders
        grid = QGridLayout(plots)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.caption, 0, 0, 1, 2)
        grid.addWidget(self.numbers, 1, 0, 1, 2)
        grid.addWidget(self.linear_view, 2, 0)
        grid.addWidget(self.hidden_view, 2, 1)
        grid.addWidget(self.loss_view, 3, 0, 1, 2)
        grid.setRowStretch(2, 9)  # the maps as near square as the width allows
        grid.setRowStretch(3, 5)
        return plots

    # --- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Update every plot from the session's snapshot (no new items)."""
        snapshot = self.session.snapshot()
        self.linear_view.show_model(snapshot.linear, snapshot, xor_texts.linear_title(snapshot))
        self.hidden_view.show_model(snapshot.hidden, snapshot, xor_texts.hidden_title(snapshot))
        self.loss_view.show_snapshot(snapshot)
        self.numbers.setText(xor_texts.numbers_html(snapshot))
        self._show_message(snapshot.message)
        self.status_changed.emit(xor_texts.status_text(snapshot))

    def status_text(self) -> str:
        return xor_texts.status_text(self.session.snapshot())

    def apply_scale(self) -> None:
        """Re-apply text and line sizes after View → Text and line size changed."""
        for view in (self.linear_view, self.hidden_view, self.loss_view):
            view.apply_scale()
        self._update_caption()
        self.scheduler.request()

    def _update_caption(self) -> None:
        # text grows at half the rate of the plots: it is read close up, the plots from afar
        font = self.caption.font()
        font.setPointSize(round(theme.BASE_FONT_PT * (1 + (theme.Scale.factor - 1) / 2)))
        self.caption.setFont(font)
        self.numbers.setFont(font)
        self.caption.setText(xor_texts.caption_html())

    # --- training ------------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        """Start or pause training; a stopped run (diverged, step limit) stays paused and
        says why."""
        if not self.driver.set_playing(playing):
            self._show_message(self.session.message)

    def is_playing(self) -> bool:
        return self.driver.is_playing()

    def step_once(self) -> None:
        """One optimizer step of both models, then a redraw."""
        self.driver.step_once()

    def training_steps(self) -> int:
        return self.driver.training_steps()

    def reset(self) -> None:
        """Pause and put both models back to their initial weights (config unchanged)."""
        self.set_playing(False)
        self.session.restart()
        self.redraw()

    # --- the rest of what a lab asks of its tab ------------------------------------------------
    def undo(self) -> bool:
        return self.session.undo()

    def redo(self) -> bool:
        return self.session.redo()

    def busy(self) -> bool:
        return False  # nothing is computed in the background

    def main_control(self) -> ValueSlider:
        return self.hidden_slider

    # --- handlers ------------------------------------------------------------------------------
    def _on_stepped(self) -> None:
        if self.scheduler.pending:
            self.scheduler.flush()  # the redraw a control change asked for is this tick's
        else:
            self.redraw()

    def _on_playing_changed(self, playing: bool) -> None:
        show_play_state(self.train_button, playing)
        self.playing_changed.emit(playing)

    def _on_config_changed(self) -> None:
        self._error = None
        self.scheduler.request()

    def _show_error(self, error: str | None) -> None:
        self._error = error
        self._show_message(self.session.message)

    def _show_message(self, message: str | None) -> None:
        self.message_label.show_error("\n".join(m for m in (self._error, message) if m))

    def hideEvent(self, event) -> None:
        # nobody watches a hidden tab: stop spending the CPU on it (but not on minimise)
        if not event.spontaneous():
            self.set_playing(False)
        super().hideEvent(event)

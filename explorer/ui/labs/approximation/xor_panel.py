"""The XOR panel: a linear model and a one-hidden-layer net trained side by side on XOR.

"A linear model cannot solve XOR; one hidden layer can" — left, logistic regression's
decision region stays a half-plane split (its loss stalls at ln 2); right, ``MLP([2, H, 1])``
bends the boundary around the quadrants. A self-contained widget (controls on the left, its
own training timer), embedded as a tab of the approximation lab.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
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
    LN2,
    LR_MAX,
    LR_MIN,
    NOISE_MAX,
    POINTS_MAX,
    POINTS_MIN,
    SEED_MAX,
    SPEED_MAX,
    XorSession,
    XorSnapshot,
)
from explorer.text_format import number, percent
from explorer.ui import theme
from explorer.ui.buttons import restart_button, show_play_state
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.approximation.xor_views import (
    CLASS_COLOURS,
    HIDDEN_COLOUR,
    LINEAR_COLOUR,
    DecisionView,
    LossView,
    text_colour,
)
from explorer.ui.scheduler import FRAME_MS, FrameScheduler

TICK_BUDGET_S = 0.006  # training time per timer tick; the rest of the frame is for drawing

CAPTION = (
    "<b>No straight line separates XOR's classes.</b> "
    "<span style='color:{c0}'>●</span> sits in quadrants I and III, "
    "<span style='color:{c1}'>▲</span> in II and IV. The linear model "
    "<i>p</i> = σ(<i>w</i>·<i>x</i> + <i>b</i>) can only split the plane with a line, so its best "
    "bet is <i>p</i> ≈ ½ everywhere and its loss stalls at ln 2 ≈ {ln2:.3f}. "
    "A hidden layer <i>h</i> = φ(<i>W</i>₁<i>x</i> + <i>b</i>₁) bends the space: "
    "in <i>h</i>-space one line does separate the classes, and mapped back it is the curved "
    "boundary on the right. Shading: the model's <i>p</i>(▲); black line: <i>p</i> = ½."
)


class XorPanel(QWidget):
    """Logistic regression vs one hidden layer on XOR, with its own controls and timer.

    Methods the hosting lab calls: :meth:`set_playing`, :meth:`is_playing`, :meth:`step_once`,
    :meth:`reset` (restart training from the seed's initial weights), :meth:`redraw`,
    :meth:`apply_scale`. The config lives in :attr:`session` (undo, save/load as a lab's).
    """

    status_changed = Signal(str)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = XorSession()
        self.scheduler = FrameScheduler(self.redraw, parent=self)
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_tick)
        self._status = ""
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
        c = snapshot.config
        self.linear_view.show_model(
            snapshot.linear, snapshot,
            f"Linear · {percent(snapshot.linear.accuracy)} correct",
        )  # fmt: skip
        self.hidden_view.show_model(
            snapshot.hidden, snapshot,
            f"{c.hidden_units} {self._activation_name()} units · "
            f"{percent(snapshot.hidden.accuracy)} correct",
        )  # fmt: skip
        self.loss_view.show_snapshot(snapshot)
        self.numbers.setText(self._numbers_html(snapshot))
        self._show_message(snapshot.message)
        status = self.status_text()
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _activation_name(self) -> str:
        return activations.get(self.session.config.activation).display_name

    def _numbers_html(self, snapshot: XorSnapshot) -> str:
        return (
            f"Step <b>{snapshot.step:,}</b> · loss: "
            f"<span style='color:{text_colour(LINEAR_COLOUR)}'>linear "
            f"<b>{number(snapshot.linear.loss)}</b></span> (ln 2 = {LN2:.3f}) · "
            f"<span style='color:{text_colour(HIDDEN_COLOUR)}'>hidden layer "
            f"<b>{number(snapshot.hidden.loss)}</b></span>"
        )

    def status_text(self) -> str:
        snapshot = self.session.snapshot()
        c = snapshot.config
        return (
            f"linear: {percent(snapshot.linear.accuracy)} accuracy · hidden layer "
            f"({c.hidden_units} {c.activation} units): {percent(snapshot.hidden.accuracy)} "
            f"after {snapshot.step:,} steps"
        )

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
        self.caption.setText(CAPTION.format(c0=CLASS_COLOURS[0], c1=CLASS_COLOURS[1], ln2=LN2))

    # --- training ------------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        """Start or pause training; a stopped run (diverged, step limit) stays paused."""
        playing = bool(playing) and not self.session.stopped
        if playing == self.timer.isActive():
            self._show_message(self.session.message)
            return
        if playing:
            self.timer.start()
        else:
            self.timer.stop()
        show_play_state(self.train_button, playing)
        self.playing_changed.emit(playing)

    def is_playing(self) -> bool:
        return self.timer.isActive()

    def step_once(self) -> None:
        """One optimizer step of both models, then a redraw."""
        self.session.train(1)
        self._after_training()

    def training_steps(self) -> int:
        return self.session.steps

    def reset(self) -> None:
        """Pause and put both models back to their initial weights (config unchanged)."""
        self.set_playing(False)
        self.session.restart()
        self.redraw()

    def _on_tick(self) -> None:
        self.session.train(self.session.config.speed, budget_s=TICK_BUDGET_S)
        self._after_training()

    def _after_training(self) -> None:
        if self.session.stopped:
            self.set_playing(False)
        if self.scheduler.pending:
            self.scheduler.flush()  # the redraw a control change asked for is this tick's
        else:
            self.redraw()

    # --- handlers ------------------------------------------------------------------------------
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

"""Play, pause and step for a lab that trains: a frame timer that trains a while, then redraws.

Every tick trains for at most ``budget_s`` seconds (a few ms, leaving the rest of the frame to
drawing) and at most ``steps_per_tick()`` steps (None: as many as the budget allows), then
emits ``stepped`` for one redraw. A run that can no longer train (it diverged, it reached a
step limit) pauses the driver, which says why with ``stopped(reason)``; Play then stays
refused until the trainee can train again.

The trainee is the lab's session (Qt-free); anything with the three members of
:class:`Trainee` will do. A lab whose steps are costly trains elsewhere by overriding the
hooks at the end (the depth lab's driver hands big steps to a worker thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.ui.scheduler import FRAME_MS

MAX_STEPS_PER_TICK = 100_000  # "as fast as possible": the time budget ends a tick long before


class Trainee(Protocol):
    """What a :class:`TrainingDriver` trains."""

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Up to ``max_steps`` steps, stopping after ``budget_s`` seconds; steps taken."""

    def stop_reason(self) -> str | None:
        """Why training cannot go on (a divergence, a step limit), or None."""

    @property
    def training_steps(self) -> int:
        """Steps taken since the last restart."""


class TrainingDriver(QObject):
    """Trains ``trainee`` on a timer while playing; ``step_once`` trains one step now."""

    stepped = Signal()  # training advanced: time for a redraw
    playingChanged = Signal(bool)
    stopped = Signal(str)  # the trainee stopped by itself while training: the reason

    def __init__(
        self,
        trainee: Trainee,
        budget_s: float,
        steps_per_tick: Callable[[], int | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.trainee = trainee
        self.budget_s = budget_s
        self.steps_per_tick = steps_per_tick
        self._playing = False
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_tick)

    # --- commands ------------------------------------------------------------------------------
    def is_playing(self) -> bool:
        return self._playing

    def set_playing(self, playing: bool) -> bool:
        """Start or pause; returns whether it plays now (Play is refused while the trainee
        cannot train: :meth:`stop_reason` says why)."""
        playing = bool(playing) and self._ready_to_play()
        if playing != self._playing:
            self._playing = playing
            if playing:
                self.timer.start()
            else:
                self.timer.stop()
            self.playingChanged.emit(playing)
            if playing:
                self._on_started()
            else:
                self._on_paused()
        return playing

    def step_once(self) -> None:
        """One step now (→), playing or not."""
        self._train(1, None)

    def stop_reason(self) -> str | None:
        return self.trainee.stop_reason()

    def training_steps(self) -> int:
        return self.trainee.training_steps

    # --- the loop ------------------------------------------------------------------------------
    def _on_tick(self) -> None:
        self._train(self.steps_per_tick() or MAX_STEPS_PER_TICK, self.budget_s)

    def _train(self, steps: int, budget_s: float | None) -> None:
        could_train = self.trainee.stop_reason() is None
        self.trainee.train(steps, budget_s)
        reason = self.trainee.stop_reason()
        if could_train and reason is not None:
            self._pause_for(reason)
        self.stepped.emit()

    def _pause_for(self, reason: str) -> None:
        """Training stopped by itself: pause, then say why."""
        self.set_playing(False)
        self.stopped.emit(reason)

    # --- hooks for a driver that trains elsewhere ----------------------------------------------
    def _ready_to_play(self) -> bool:
        """May Play start? (A driver may restart a stopped run here instead of refusing.)"""
        return self.trainee.stop_reason() is None

    def _on_started(self) -> None:
        """Just started playing (the timer runs)."""

    def _on_paused(self) -> None:
        """Just paused (the timer is stopped)."""

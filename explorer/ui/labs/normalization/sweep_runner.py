"""Runs the learning-rate sweep in the background: a slice per timer tick, never blocking.

Each tick spends at most ``TICK_BUDGET_S`` on :meth:`NormalizationSession.advance_sweep` and
returns to the event loop. The sweep restarts when a field it depends on changes (the session
makes a new one); slices start only once the input has rested for ``QUIET_MS``, so a slider
drag does not pay for slices that the next frame throws away. It runs only while its tab is
on screen (:meth:`set_active`): the other tabs and labs get the whole frame. While the four
variants train it slows down to a slice every ``TRAINING_TICK_MS`` (:meth:`set_training`):
a slice every 5 ms took a seventh of the time training and redrawing needed (measured).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.state.normalization.lr_sweep import sweep_key
from explorer.state.normalization.session import NormalizationSession

TICK_MS = 5
TICK_BUDGET_S = 0.004
QUIET_MS = 150
TRAINING_TICK_MS = 100  # while training plays: a 4 ms slice ten times a second


class SweepRunner(QObject):
    """Ticks the session's sweep; ``updated`` after a slice that finished a run of it."""

    updated = Signal()

    def __init__(self, session: NormalizationSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._on_tick)
        self.quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self.quiet.timeout.connect(self._resume)
        self._active = False
        self._key: tuple | None = None
        self.ticks = 0  # slices run (tests read it)
        session.subscribe(self._on_config_changed)

    def set_active(self, active: bool) -> None:
        """Compute (the sweep's tab is on screen) or hold."""
        self._active = active
        if active:
            self._resume()
        else:
            self.timer.stop()
            self.quiet.stop()

    def set_training(self, training: bool) -> None:
        """Training plays (a slice now and then) or not (a slice every ``TICK_MS``)."""
        self.timer.setInterval(TRAINING_TICK_MS if training else TICK_MS)

    @property
    def running(self) -> bool:
        return self.timer.isActive() or self.quiet.isActive()

    def _on_config_changed(self, config) -> None:
        key = sweep_key(config)
        if key != self._key:
            self._key = key
            self.timer.stop()
            if self._active:
                self.quiet.start()  # again on every change of a drag

    def _resume(self) -> None:
        if self._active and not self.session.sweep.finished:
            self.timer.start()

    def _on_tick(self) -> None:
        self.ticks += 1
        done = self.session.sweep.done
        if self.session.advance_sweep(TICK_BUDGET_S):
            self.timer.stop()
        if self.session.sweep.done != done:  # a run finished: news for the plot
            self.updated.emit()

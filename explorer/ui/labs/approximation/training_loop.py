"""The fit view's training clock: a QTimer that trains a few steps per tick, then one redraw.

At "fast" each tick trains for a fixed time budget (a few ms, leaving the rest of the frame to
drawing); "slow" and "medium" take a fixed number of steps per tick so a lecturer can narrate.
A run that diverges stops the clock and the reason shows in the notes and status line.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.state.approximation.session import SPEEDS, ApproximationSession
from explorer.ui.scheduler import FRAME_MS

TICK_BUDGET_S = 0.007
MAX_STEPS_PER_TICK = 100_000


class TrainingLoop(QObject):
    """Ticks :meth:`ApproximationSession.train`; ``stepped`` after each tick, ``stopped`` once."""

    stepped = Signal()
    runningChanged = Signal(bool)

    def __init__(self, session: ApproximationSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_tick)

    def is_running(self) -> bool:
        return self.timer.isActive()

    def start(self) -> bool:
        """Start ticking; False if the current run cannot train (it has diverged)."""
        if self.session.fit_run().diverged is not None:
            return False
        if not self.timer.isActive():
            self.timer.start()
            self.runningChanged.emit(True)
        return True

    def stop(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.runningChanged.emit(False)

    def step(self, count: int = 1) -> int:
        """Train ``count`` steps now (the → key); steps taken."""
        done = self.session.train(count)
        self.stepped.emit()
        return done

    def _on_tick(self) -> None:
        per_tick = SPEEDS[self.session.config.speed]
        if per_tick is None:
            self.session.train(MAX_STEPS_PER_TICK, TICK_BUDGET_S)
        else:
            self.session.train(per_tick, TICK_BUDGET_S)
        if self.session.fit_run().diverged is not None:
            self.stop()
        self.stepped.emit()

"""Runs the lab's slow fits between frames: a slice per timer tick, never blocking.

Each tick spends at most ``TICK_BUDGET_S`` on :meth:`LossesSession.advance` (the small MLPs'
exact fits, the margin tab's training) and returns to the event loop; ``updated`` then asks for
a redraw of what the slice changed. Slices start once the settings have rested for ``QUIET_MS``:
a drag shows its within-a-frame approximation and does not pay for slices the next move throws
away. It runs only while the page is on screen and shows a tab that trains (:meth:`set_active`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.state.losses.session import LossesSession

TICK_MS = 10
TICK_BUDGET_S = 0.004  # a slice, then its redraw (~10 ms): a frame's worth of work
QUIET_MS = 120
TRAINING_TABS = frozenset({"regression", "margin"})


class FitRunner(QObject):
    """Ticks the session's sliced fits; ``updated`` after every slice."""

    updated = Signal()

    def __init__(self, session: LossesSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self.quiet.timeout.connect(self.resume)
        self._active = False
        self.ticks = 0  # slices run (tests read it)
        session.subscribe(self._on_config_changed)

    def set_active(self, active: bool) -> None:
        """Work (a training tab on screen) or hold."""
        active = active and self.session.config.tab in TRAINING_TABS
        if active == self._active:
            return
        self._active = active
        if active:
            self.quiet.start()
        else:
            self.timer.stop()
            self.quiet.stop()

    @property
    def running(self) -> bool:
        return self.timer.isActive() or self.quiet.isActive()

    def _on_config_changed(self, _config) -> None:
        self.timer.stop()
        if self._active:
            self.quiet.start()  # again on every move of a drag

    def resume(self) -> None:
        """The settings rested: slices until the fits on screen are done."""
        if self._active and self.session.pending:
            self.timer.start()

    def tick(self, budget_s: float = TICK_BUDGET_S, max_steps: int | None = None) -> None:
        """One slice (tests pass ``max_steps`` to count work instead of time)."""
        self.ticks += 1
        if self.session.advance(budget_s, max_steps):
            self.timer.stop()
        self.updated.emit()

"""Runs the error-vs-N computation in the background: a few N per timer tick, never blocking.

Each tick spends at most ``TICK_BUDGET_S`` on :meth:`ErrorVsN.advance` and returns to the event
loop, so slider drags and repaints go on while the curve fills in. The computation restarts only
when what it depends on changes (target, range, points, noise, seed, activation), not when N or
a weight moves; finished curves are kept, so undo brings one back at once.

A drag of one of those sliders changes the config every frame, and every slice computed in
between would be thrown away at the next frame while taking 3 ms of it (the points, range and
noise drags ran at 11–19 ms a change, measured). So slices start only once the input has
rested for ``QUIET_MS``.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from explorer.state.approximation.error_vs_n import ErrorVsN
from explorer.state.approximation.session import ApproximationSession, error_vs_n_key

TICK_MS = 5
TICK_BUDGET_S = 0.003
QUIET_MS = 150  # longer than a frame and than a hand's pause mid-drag; short to a reader
KEEP_FINISHED = 8


class ErrorVsNRunner(QObject):
    """Owns the current :class:`ErrorVsN` job and ticks it; ``updated`` after every slice."""

    updated = Signal()

    def __init__(self, session: ApproximationSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._on_tick)
        self.quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self.quiet.timeout.connect(self._resume)
        self._finished: OrderedDict[tuple, ErrorVsN] = OrderedDict()
        self._key: tuple | None = None
        self.job: ErrorVsN | None = None
        self.ticks = 0  # how many slices ran (tests read it)
        self._paused = False
        session.subscribe(lambda _config: self.sync())
        self.sync()

    def sync(self) -> None:
        """Start over if the config changed what the curve depends on."""
        key = error_vs_n_key(self.session.config)
        if key == self._key:
            return
        self._key = key
        shown = self.job is not None and self.job.computed > 0
        self.timer.stop()
        if key in self._finished:
            self.quiet.stop()
            self._finished.move_to_end(key)
            self.job = self._finished[key]
        else:
            self.job = self.session.error_vs_n()  # cheap (0.2 ms): the work is in the slices
            if not self._paused:
                self.quiet.start()  # again on every change of a drag
            if not shown:
                return  # the view shows no curve already: nothing to redraw
        self.updated.emit()

    def set_paused(self, paused: bool) -> None:
        """Hold the computation (its lab is hidden: the slices would take time from the lab on
        screen) or go on with it."""
        self._paused = paused
        if paused:
            self.timer.stop()
            self.quiet.stop()
        else:
            self._resume()

    @property
    def running(self) -> bool:
        """Computing, or about to once the input rests."""
        return self.timer.isActive() or self.quiet.isActive()

    def error_at(self, n: int) -> float:
        """The curve's value at N = n, NaN if not computed yet."""
        job = self.job
        if job is None or n > job.computed:
            return float("nan")
        return float(job.errors[n - 1])

    def curve(self) -> tuple[np.ndarray, np.ndarray, int]:
        job = self.job
        return job.n_values, job.errors, job.computed

    def _resume(self) -> None:
        """Go on with an unfinished curve (the input rested, or the lab is shown again)."""
        if not self._paused and self.job is not None and not self.job.done:
            self.timer.start()

    def _on_tick(self) -> None:
        job = self.job
        if job is None:
            self.timer.stop()
            return
        self.ticks += 1
        if job.advance(TICK_BUDGET_S):
            self.timer.stop()
            self._finished[self._key] = job
            while len(self._finished) > KEEP_FINISHED:
                self._finished.popitem(last=False)
        self.updated.emit()

"""Coalesce bursts of changes into at most one redraw per frame.

A slider drag emits many ``valueChanged`` signals between two paints. Each one updates the
config (cheap) and calls :meth:`FrameScheduler.request`; the heavy redraw runs once, after the
event loop has drained the burst, and never more often than ``interval_ms``. Requests are never
queued up: however many arrive, one redraw is pending at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FRAME_MS = 16


class FrameScheduler(QObject):
    """Call ``callback`` once after any number of :meth:`request` calls, throttled to a frame."""

    def __init__(
        self,
        callback: Callable[[], None],
        interval_ms: int = FRAME_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._callback = callback
        self._interval = interval_ms / 1000.0
        self._last = -1e9
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._fire)
        self.fired = 0  # how many redraws ran (benchmarks and tests read it)

    def request(self) -> None:
        if self._timer.isActive():
            return
        wait = self._interval - (time.perf_counter() - self._last)
        self._timer.start(max(0, int(wait * 1000)))

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run a pending redraw now (tests, screenshots, exports)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    def _fire(self) -> None:
        self._last = time.perf_counter()
        self.fired += 1
        self._callback()

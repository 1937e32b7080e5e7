"""Play a :class:`~explorer.state.sweep.Sweep` on a slider: the slider moves as a hand would.

The sweep sets the slider's position a few dozen times a second, so everything a drag does
happens (the config changes, the plots follow within a frame). Its changes to one field come
under the session's held undo step, so the whole sweep is one undo step. A mouse
press, key press or wheel turn by the lecturer stops it (events the program sends itself do
not); so does leaving the scene.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from explorer.state.sweep import Sweep
from explorer.ui.controls import ValueSlider

TICK_MS = 33  # about 30 positions a second: smoother than a hand, within a frame's budget
TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.Wheel)


class Sweeper(QObject):
    """Runs at most one sweep at a time; ``clock`` is injectable so tests need no waiting."""

    started = Signal(str)  # the field
    stopped = Signal(str)

    def __init__(self, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        super().__init__(parent)
        self.clock = clock
        self.sweep: Sweep | None = None
        self.slider: ValueSlider | None = None
        self._began = 0.0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self.sweep is not None

    def start(self, slider: ValueSlider, sweep: Sweep) -> None:
        """Sweep ``slider`` (checked first: ``ValueError`` if ``sweep`` is invalid or leaves
        the slider's range)."""
        sweep.validate()
        if getattr(slider, "bound_session", None) is None:
            raise ValueError("this slider is not bound to a setting")
        for value in (sweep.start, sweep.end):
            if not slider.minimum <= value <= slider.maximum or not math.isfinite(value):
                raise ValueError(f"{value:g} is outside the slider's range "
                                 f"{slider.minimum:g} … {slider.maximum:g}")  # fmt: skip
        self.stop()
        self.sweep, self.slider, self._began = sweep, slider, self.clock()
        slider.bound_session.hold_undo_step()
        QApplication.instance().installEventFilter(self)
        self._timer.start()
        self.started.emit(sweep.field)
        self.tick()

    def stop(self) -> None:
        if self.sweep is None:
            return
        field = self.sweep.field
        self._timer.stop()
        QApplication.instance().removeEventFilter(self)
        self.slider.bound_session.hold_undo_step(False)
        self.sweep = self.slider = None
        self.stopped.emit(field)

    def tick(self) -> None:
        """Move the slider to where the sweep is now (the timer calls it)."""
        if self.sweep is None:
            return
        t = self.clock() - self._began
        sweep = self.sweep
        self.slider.slider.setValue(self.slider.position_along(sweep.start, sweep.end,
                                                               sweep.fraction(t)))  # fmt: skip
        if self.sweep.finished(t):
            self.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCHES and event.spontaneous():
            self.stop()  # the lecturer took over; the event itself goes on as usual
        return False

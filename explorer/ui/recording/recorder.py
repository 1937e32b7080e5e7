"""Record a sweep or a training run of the lab on screen, at a fixed frame rate and size.

Time in a recording is the frame number: frame k of a sweep shows the slider where the sweep
is at k / fps seconds, and frame k of a training run shows the net after k · ``steps_per_frame``
optimizer steps, however long each frame took to draw. The lab page is laid out at exactly
``size`` for the recording (the window grows or shrinks around it, and is put back after),
and each frame is drawn offscreen (:mod:`explorer.ui.recording.render`), so a recording is the
same from the window as from ``explorer --record`` on a headless machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from explorer.state.sweep import Sweep
from explorer.ui.recording.render import render_widget
from explorer.ui.recording.writers import check_target, write_recording

if TYPE_CHECKING:
    from explorer.ui.controls import ValueSlider
    from explorer.ui.labs.base import LabPage
    from explorer.ui.main_window import MainWindow

Size = tuple[int, int]  # width, height in pixels
DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 30
STEP_WAIT_S = 30.0  # at most, for a lab's background worker to finish one step


class Recorder:
    """Records what ``window`` shows; ``progress(done, total)`` is told after every frame."""

    def __init__(self, window: MainWindow,
                 progress: Callable[[int, int], None] | None = None) -> None:  # fmt: skip
        self.window = window
        self.progress = progress or (lambda done, total: None)

    # --- what a recording shows --------------------------------------------------------------
    def record_sweep(self, path: str | Path, slider: ValueSlider, sweep: Sweep,
                     fps: float = DEFAULT_FPS, size: Size = DEFAULT_SIZE) -> Path:  # fmt: skip
        """The slider moved from ``sweep.start`` to ``sweep.end`` (once, whatever its repeat),
        one undo step like a sweep played live."""
        sweep.validate()
        check_target(path)
        count = max(1, round(sweep.seconds * fps)) + 1  # both ends shown

        def show(k: int) -> None:
            position = slider.position_along(sweep.start, sweep.end, sweep.fraction(k / fps))
            slider.slider.setValue(position)

        slider.bound_session.hold_undo_step()
        try:
            return self._record(path, count, fps, size, show)
        finally:
            slider.bound_session.hold_undo_step(False)

    def record_training(self, path: str | Path, seconds: float, steps_per_frame: int = 1,
                        fps: float = DEFAULT_FPS, size: Size = DEFAULT_SIZE) -> Path:  # fmt: skip
        """Training of the lab on screen, ``steps_per_frame`` optimizer steps a frame."""
        page = self.window.current_page
        if not page.trains:
            raise ValueError(f"the {page.title} lab does not train")
        if not 0 < seconds <= 600 or steps_per_frame < 1:
            raise ValueError("record 0 to 600 seconds of training, at least one step a frame")
        check_target(path)
        page.set_playing(False)

        def show(k: int) -> None:
            if k > 0:
                for _ in range(steps_per_frame):
                    self._step(page)

        return self._record(path, round(seconds * fps) + 1, fps, size, show)

    # --- the frames ---------------------------------------------------------------------------
    def _record(self, path, count: int, fps: float, size: tuple[int, int],
                show: Callable[[int], None]) -> Path:  # fmt: skip
        page = self.window.current_page
        restore = self._lay_out(page, QSize(*size))
        try:
            return write_recording(path, self._frames(page, count, show), fps)
        finally:
            restore()

    def _frames(self, page: LabPage, count: int,
                show: Callable[[int], None]) -> Iterator[np.ndarray]:  # fmt: skip
        for k in range(count):
            show(k)
            self._settle(page)
            yield render_widget(page)
            self.progress(k + 1, count)

    def _lay_out(self, page: LabPage, size: QSize) -> Callable[[], None]:
        """Resize the window so that ``page`` is ``size``; returns what puts it back."""
        window = self.window
        before = window.size()
        for _ in range(3):  # the frame around the page may change with the window's size
            window.resize(window.size() + size - page.size())
            QApplication.processEvents()
            if page.size() == size:
                break
        if page.size() != size:  # a screen too small for it: the page alone, at that size
            page.resize(size)
        return lambda: window.resize(before)

    @staticmethod
    def _settle(page: LabPage) -> None:
        """Everything for this frame drawn: the pending redraw, then any background work."""
        page.flush()
        deadline = time.monotonic() + STEP_WAIT_S
        while page.busy() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.001)
        page.flush()

    @staticmethod
    def _step(page: LabPage) -> None:
        """One optimizer step, waited for (the depth lab steps on a worker thread)."""
        before = page.training_steps()
        page.step_once()
        deadline = time.monotonic() + STEP_WAIT_S
        while page.training_steps() == before and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.0005)

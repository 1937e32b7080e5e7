"""Record a sweep or a training run of the lab on screen, at a fixed frame rate and size.

A recording is made on a page of its own: the lab on screen is built afresh, given the same
settings (its session document) and the window's text size, laid out at exactly ``size`` and
never shown on screen. Its layout then depends on ``size`` alone, not on how the window was
resized or its splitters dragged, and the lab on screen is left as it was (a recorded sweep is
not an undo step there). Time in a recording is the frame number: frame k of a sweep shows the
slider where the sweep is at k / fps seconds, and frame k of a training run the net after
k · ``steps_per_frame`` optimizer steps from the settings' start, however long each frame took
to draw. Each frame is drawn offscreen (:mod:`explorer.ui.recording.render`), so a recording
from the window is the same as one from ``explorer --record`` on a headless machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.state.sweep import Sweep
from explorer.ui.controls import ValueSlider
from explorer.ui.recording.render import render_widget
from explorer.ui.recording.writers import check_target, write_recording

if TYPE_CHECKING:
    from explorer.ui.labs.base import LabPage
    from explorer.ui.main_window import MainWindow

Size = tuple[int, int]  # width, height in pixels
DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 30
STEP_WAIT_S = 30.0  # at most, for a lab's background worker to finish one step


class Recorder:
    """Records the lab ``window`` shows; ``progress(done, total)`` is told after every frame
    (raising there cancels: no file is written)."""

    def __init__(self, window: MainWindow,
                 progress: Callable[[int, int], None] | None = None) -> None:  # fmt: skip
        self.window = window
        self.progress = progress or (lambda done, total: None)
        self.steps_taken = 0  # by the last training recording

    # --- what a recording shows --------------------------------------------------------------
    def record_sweep(self, path: str | Path, sweep: Sweep, fps: float = DEFAULT_FPS,
                     size: Size = DEFAULT_SIZE) -> Path:  # fmt: skip
        """The slider of ``sweep.field`` moved from ``sweep.start`` to ``sweep.end`` (once,
        whatever the sweep's repeat)."""
        sweep.validate()
        check_target(path)
        count = max(1, round(sweep.seconds * fps)) + 1  # both ends shown
        with _RecordingPage(self.window, size) as page:
            slider = find_slider(page, sweep.field)
            if slider is None:
                raise ValueError(f"the {page.title} lab has no slider for {sweep.field!r}")
            for value in (sweep.start, sweep.end):
                if not slider.minimum <= value <= slider.maximum:
                    raise ValueError(f"{value:g} is outside the slider's range "
                                     f"{slider.minimum:g} … {slider.maximum:g}")  # fmt: skip

            def show(k: int) -> None:
                fraction = sweep.fraction(k / fps)
                slider.slider.setValue(slider.position_along(sweep.start, sweep.end, fraction))

            return write_recording(path, self._frames(page, count, show), fps)

    def record_training(self, path: str | Path, seconds: float, steps_per_frame: int = 1,
                        fps: float = DEFAULT_FPS, size: Size = DEFAULT_SIZE) -> Path:  # fmt: skip
        """Training of the lab on screen from its settings' start, ``steps_per_frame``
        optimizer steps a frame."""
        if not self.window.current_page.trains:
            raise ValueError(f"the {self.window.current_page.title} lab does not train")
        if not 0 < seconds <= 600 or steps_per_frame < 1:
            raise ValueError("record 0 to 600 seconds of training, at least one step a frame")
        check_target(path)
        with _RecordingPage(self.window, size) as page:

            def show(k: int) -> None:
                if k > 0:
                    for _ in range(steps_per_frame):
                        _step(page)

            written = write_recording(path, self._frames(page, round(seconds * fps) + 1, show),
                                      fps)  # fmt: skip
            self.steps_taken = page.training_steps()
        return written

    def _frames(self, page: LabPage, count: int,
                show: Callable[[int], None]) -> Iterator[np.ndarray]:  # fmt: skip
        for k in range(count):
            show(k)
            _settle(page)
            yield render_widget(page)
            self.progress(k + 1, count)


def find_slider(page: LabPage, field: str) -> ValueSlider | None:
    """The slider of ``page`` bound to the config field ``field``."""
    sliders = page.findChildren(ValueSlider)
    return next((s for s in sliders if getattr(s, "bound_field", None) == field), None)


class _RecordingPage:
    """A fresh page of the lab on screen, in the same state, laid out at ``size`` offscreen."""

    def __init__(self, window: MainWindow, size: Size) -> None:
        self.window, self.size = window, size

    def __enter__(self) -> LabPage:
        shown = self.window.current_page
        page = type(shown)()
        page.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.window.scale_page(page)
        if shown.session is not None:
            page.document_applier(shown.session_document())()
        page.resize(*self.size)
        page.show()
        QApplication.processEvents()  # the layouts settle: the page's least size is known now
        self.page = page
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        if least.width() > self.size[0] or least.height() > self.size[1]:
            self.__exit__()
            raise ValueError(f"the {page.title} lab needs at least {least.width()}×"
                             f"{least.height()} pixels for a recording")  # fmt: skip
        page.resize(*self.size)
        QApplication.processEvents()
        return page

    def __exit__(self, *_exc) -> None:
        self.page.set_playing(False)
        self.page.close()
        self.page.deleteLater()


def _settle(page: LabPage) -> None:
    """Everything for this frame drawn: the pending redraw, then any background work."""
    page.flush()
    deadline = time.monotonic() + STEP_WAIT_S
    while page.busy() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.001)
    page.flush()


def _step(page: LabPage) -> None:
    """One optimizer step, waited for (the depth lab steps on a worker thread)."""
    before = page.training_steps()
    page.step_once()
    deadline = time.monotonic() + STEP_WAIT_S
    while page.training_steps() == before and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.0005)

"""The probe pass of a big network on a worker thread, so a size jump never freezes the window.

At default sizes the probe (one forward and backward pass of the untrained net, and the new
weights it needs) takes a millisecond or two and runs inside the redraw. At depth 64 × width 256
it takes 0.2–1 s: a redraw that asked for it would hold the event loop that long, the window
would stop painting and take no input. Above :data:`ON_WORKER` multiply-adds the page asks
this worker instead and keeps the previous picture, with a note saying so, until the pass is
done; its large matrix products release the GIL, so the window keeps reacting meanwhile. One
pass runs at a time: settings changed during a pass are computed after it (intermediate ones
are skipped).
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal

from explorer.state.depth.config import DepthConfig
from explorer.state.depth.session import DepthSession

#: multiply-adds (depth × width² × points) above which the probe runs on the worker: its
#: weights and pass take 2–7 ms there (depth 12 × width 91 … depth 40 × width 50, 200 points,
#: measured on a loaded 2-core machine); five times this, 16 ms (depth 32 × width 128), took a
#: whole frame from the redraw. The defaults and every preset cost a fifth of it or less.
ON_WORKER = 2e7


class ProbeWorker(QObject):
    """Runs ``session.probe_result(config)`` off the event loop; ``finished`` follows each
    pass (on the UI thread, with the error message or "")."""

    finished = Signal(str)
    _done = Signal()  # emitted on the worker thread, delivered on the UI thread

    def __init__(self, session: DepthSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="depth-probe")
        self._job: tuple[DepthConfig, Future] | None = None
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        pool = self._pool  # not self: the lambda runs while this object is being destroyed
        self.destroyed.connect(lambda: pool.shutdown(wait=False, cancel_futures=True))
        self.passes = 0  # passes run here (tests read it)

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def computing(self) -> DepthConfig | None:
        """The config whose pass runs now (None when idle)."""
        return None if self._job is None else self._job[0]

    def pending(self, config: DepthConfig) -> bool:
        """Whether ``config``'s probe is not ready yet and runs (or waits) here; starts the
        pass when the worker is idle. False: a snapshot of ``config`` may be taken now."""
        if self._job is not None:
            return True  # the redraw after ``finished`` asks again
        if self.session.probe_ready(config) or self.session.probe_cost(config) < ON_WORKER:
            return False
        future = self._pool.submit(self.session.probe_result, config)
        self._job = (config, future)
        self.passes += 1
        future.add_done_callback(self._emit_done)
        return True

    def wait(self) -> None:
        """Block until a running pass is done and handled (flush: tests, screenshots)."""
        if self._job is not None:
            self._job[1].exception()  # waits; an error is reported by _on_done
            self._on_done()

    def _emit_done(self, _future: Future) -> None:
        with contextlib.suppress(RuntimeError):  # the page has been deleted meanwhile
            self._done.emit()

    def _on_done(self) -> None:
        if self._job is None:  # handled by wait() already
            return
        _config, future = self._job
        self._job = None
        error = future.exception()
        self.finished.emit("" if error is None else f"The probe pass failed: {error}")

"""Training on a timer, on the UI thread for cheap steps and on a worker for costly ones.

A step of a small net is a few hundred tiny NumPy calls: on a worker thread each would wait
for the GIL while the UI thread paints, so those steps run on the UI thread, as many as fit in
TICK_BUDGET_S per timer tick, then one redraw. A step of a big net (depth 64 × width 256 takes
~0.1 s) is a few large matrix products that release the GIL: it runs on a worker thread, one
job at a time, so the window keeps painting and reacting to sliders meanwhile; such a run is
also set up there (its weights take 20–70 ms at that size), then installed if the settings are
still the ones it was built for. Either way the runner produces an immutable view that the UI
draws; a result of a run that was replaced in the meantime (a setting changed) is dropped by
:meth:`DepthSession.accept`.

The commands and signals are the shared :class:`TrainingDriver`'s; only how a tick trains
(and Play after a divergence, which starts over) is this lab's own.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from explorer.state.depth.runner import Runner, TrainView, estimated_step_seconds
from explorer.state.depth.session import DepthSession
from explorer.ui.training_driver import TrainingDriver

TICK_BUDGET_S = 0.008  # training time per tick on the UI thread; then one redraw
WORKER_BUDGET_S = 0.03  # training time per worker job (its steps are long anyway)
WORKER_ABOVE_S = 0.004  # steps slower than this go to the worker thread
MAX_STEPS_PER_JOB = 10_000


class WorkerTrainingDriver(TrainingDriver):
    """The shared driver for a :class:`DepthSession`, costly steps on a worker thread.

    ``stepped`` follows every new view; the extra signals say why training paused itself."""

    diagnosed = Signal(object)  # a Diagnosis paused training
    failed = Signal(str)  # training raised: the message
    targetReached = Signal(int)  # run B reached run A's step count and paused
    _finished = Signal()  # emitted on the worker thread, delivered on the UI thread

    def __init__(self, session: DepthSession, parent: QObject | None = None) -> None:
        super().__init__(session, TICK_BUDGET_S, parent=parent)
        self.session = session
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="depth-training")
        self._job: tuple[Runner | None, Future] | None = None  # None: a run being built
        self._steps_requested = 0
        self.stop_at: int | None = None  # pause when the run reaches this step (run A's)
        self._stopped_for: Runner | None = None
        # queued even when emitted on this thread: a job that is done at once must not recurse
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        pool = self._pool  # not self: the lambda runs while this object is being destroyed
        self.destroyed.connect(lambda: pool.shutdown(wait=False, cancel_futures=True))
        self.worker_jobs = 0  # jobs run on the worker thread (tests and benchmarks read these)
        self.ui_ticks = 0  # ticks that trained on the UI thread

    # --- commands --------------------------------------------------------------------------------
    def step_once(self) -> None:
        """One optimizer step (after a running job)."""
        if self.session.has_runner and self.session.runner.stopped:
            return
        self._steps_requested += 1
        self.timer.start()
        self._on_tick()

    def wait(self, timeout_s: float = 60.0) -> None:
        """Block until a running worker job is done and handled (tests and benchmarks); after
        a run was built there, also the steps it was built for."""
        while self._job is not None:
            building = self._job[0] is None
            self._job[1].result(timeout=timeout_s)
            self._on_finished()
            if not building:
                break

    def shutdown(self) -> None:
        """Stop and let the worker thread end (the application is quitting)."""
        self.set_playing(False)
        self._steps_requested = 0
        self._pool.shutdown(wait=False, cancel_futures=True)

    # --- the loop --------------------------------------------------------------------------------
    def _ready_to_play(self) -> bool:
        if self.session.has_runner and self.session.runner.stopped:
            self.session.restart()  # play after a divergence: start over with these settings
        return True

    def _on_started(self) -> None:
        self._on_tick()

    def _on_paused(self) -> None:
        self._refresh()

    def _on_tick(self) -> None:
        if self._job is not None:
            return  # the worker is busy; _on_finished resumes
        if not (self._playing or self._steps_requested):
            self.timer.stop()
            return
        config = self.session.config
        if not self.session.has_runner and estimated_step_seconds(config) > WORKER_ABOVE_S:
            # a big net's run: its weights take 20–70 ms to set up (depth 64 × width 256)
            self._submit_build(config)
            return
        runner = self.session.runner
        if runner.stopped:
            self._steps_requested = 0
            self.set_playing(False)
            return
        single = self._steps_requested > 0
        steps = 1 if single else MAX_STEPS_PER_JOB
        target = self.stop_at if self._stopped_for is not runner else None
        if target is not None and runner.step_count < target:
            steps = min(steps, target - runner.step_count)
        if single:
            self._steps_requested -= 1
        on_worker = runner.step_seconds > WORKER_ABOVE_S
        budget = None if single else (WORKER_BUDGET_S if on_worker else self.budget_s)
        if on_worker:
            self._submit(runner, steps, budget)
            return
        self.ui_ticks += 1
        try:
            view = _work(runner, steps, budget)
        except Exception as error:  # a bug must not take the window down: report, pause
            self._on_error(error)
            return
        self._show(runner, view)

    def _submit(self, runner: Runner, steps: int, budget: float | None) -> None:
        self.worker_jobs += 1
        future = self._pool.submit(_work, runner, steps, budget)
        self._job = (runner, future)
        future.add_done_callback(self._on_job_done)

    def _submit_build(self, config) -> None:
        future = self._pool.submit(self.session.new_runner, config)
        self._job = (None, future)
        future.add_done_callback(self._on_job_done)

    def _on_job_done(self, _future: Future) -> None:
        """On the worker thread: hand over to the UI thread (if the page still exists)."""
        with contextlib.suppress(RuntimeError):  # the window closed while the last step ran
            self._finished.emit()

    def _on_finished(self) -> None:
        if self._job is None or not self._job[1].done():
            return
        runner, future = self._job
        self._job = None
        try:
            result = future.result()
        except Exception as error:
            self._on_error(error)
            return
        if runner is None:  # a run was built: it trains if the settings are still its own
            self.session.install_runner(result)
            self._on_tick()
            return
        self._show(runner, result)
        if not (self._playing or self._steps_requested):
            self._refresh()
        self._on_tick()

    def _show(self, runner: Runner, view: TrainView) -> None:
        if not self.session.accept(runner, view):
            return
        self.stepped.emit()
        if view.diagnosis is not None:
            self._steps_requested = 0
            self._pause_for(view.diagnosis.title)
            self.diagnosed.emit(view.diagnosis)
        elif (
            self.stop_at is not None
            and self._stopped_for is not runner
            and (view.step >= self.stop_at)
        ):
            self._stopped_for = runner
            self._steps_requested = 0
            self._pause_for(f"B reached A's {view.step} steps")
            self.targetReached.emit(view.step)

    def _refresh(self) -> None:
        """On pause: bring the fit and the full-data numbers up to the last step (while
        playing they are refreshed only ten times a second)."""
        view = self.session.train_view
        if self._job is not None or view is None or view.evaluated_at == view.step:
            return  # a running job refreshes when it comes back (see _on_finished)
        runner = self.session.runner
        if runner.step_seconds > WORKER_ABOVE_S:  # a big net's fit takes a while: off thread
            self._submit(runner, 0, None)
            return
        try:
            self._show(runner, runner.view(fresh=True))
        except Exception as error:
            self._on_error(error)

    def _on_error(self, error: Exception) -> None:
        self._steps_requested = 0
        message = f"Training failed: {error}"
        self._pause_for(message)
        self.failed.emit(message)


def _work(runner: Runner, steps: int, budget: float | None) -> TrainView:
    runner.advance(steps, budget)
    return runner.view(fresh=budget is None)  # a single step shows everything at once

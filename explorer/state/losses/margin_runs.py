"""The margin tab's trained classifiers, computed in slices: the live small MLP (logistic loss)
and the runs under each ticked loss.

Qt-free. A run is a function of (loss, data set, noise, model) alone
(:class:`~explorer.state.losses.training.RunTask`); finished runs are kept by that key, so a
config seen before shows its runs at once. Until a run is finished the view gets the run so far
(``complete`` False: the picture is part-way, the words say so). The live MLP classifier, while
its data change (a noise drag), keeps showing the last finished one, trained on other data:
re-training it on every move would not fit a frame. :meth:`MarginRuns.advance` runs what the
current config still needs.
"""

from __future__ import annotations

from collections import OrderedDict

from explorer.state.losses.margin import margin_data
from explorer.state.losses.slices import run_slices
from explorer.state.losses.training import RunTask, TrainedRun

KEEP = 64  # finished runs kept (5 losses × 2 models × a few data sets)


class MarginRuns:
    """Finished runs by key, the runs still training, and the last finished live MLP."""

    def __init__(self) -> None:
        self._done: OrderedDict[tuple, TrainedRun] = OrderedDict()
        self._tasks: dict[tuple, RunTask] = {}
        #: (key, run) of the live MLP last shown finished (compute_margin sets it)
        self.last_live: tuple[tuple, TrainedRun] | None = None
        self.version = 0  # bumped when an advance changed what a view would show

    def need(self, keys: list[tuple]) -> None:
        """The runs of ``keys`` (name, data set, noise, model) are wanted now: start those
        missing, drop the others (in the order given: the live classifier first)."""
        tasks = {}
        for key in keys:
            if key in self._done:
                continue
            task = self._tasks.get(key)
            if task is None:
                name, data_set, noise, model = key
                task = RunTask(name, *margin_data(data_set, noise), model)
            tasks[key] = task
        self._tasks = tasks

    def run(self, key: tuple) -> TrainedRun:
        """The run of ``key``: finished, or as far as it got (``need`` it first)."""
        done = self._done.get(key)
        if done is not None:
            self._done.move_to_end(key)
            return done
        return self._tasks[key].run()

    def finished(self, key: tuple) -> TrainedRun | None:
        return self._done.get(key)

    @property
    def pending(self) -> bool:
        return bool(self._tasks)

    def advance(self, budget_s: float | None = None, max_steps: int | None = None) -> bool:
        """Work on the runs still training; True if anything on screen may have changed."""
        if not self._tasks:
            return False
        run_slices(list(self._tasks.values()), budget_s, max_steps)
        for key, task in list(self._tasks.items()):
            if task.finished:
                del self._tasks[key]
                self._done[key] = task.run()
        while len(self._done) > KEEP:
            self._done.popitem(last=False)
        self.version += 1
        return True

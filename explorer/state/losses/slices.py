"""Work that does not fit a frame, done a slice at a time (Qt-free).

A task has ``finished`` and ``step()`` (one small unit: an optimizer step). :func:`run_slices`
steps a list of tasks in order for about a time budget, or for an exact number of steps (tests:
no wall-clock). The result of a task never depends on how its steps were sliced. The lab's UI
calls it from a timer (:mod:`explorer.ui.labs.losses.fit_runner`); nothing here is specific to
losses, so another lab could share it (a candidate for a shared module).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Protocol


class Task(Protocol):
    @property
    def finished(self) -> bool: ...

    def step(self) -> None: ...


def run_slices(
    tasks: Iterable[Task],
    budget_s: float | None = None,
    max_steps: int | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> int:
    """Step the unfinished ``tasks`` in order until ``budget_s`` seconds have passed or
    ``max_steps`` steps were taken (whichever comes first; neither: until all finish).
    Returns the number of steps taken."""
    start = clock()
    steps = 0
    for task in tasks:
        while not task.finished:
            if max_steps is not None and steps >= max_steps:
                return steps
            if budget_s is not None and clock() - start >= budget_s:
                return steps
            task.step()
            steps += 1
    return steps

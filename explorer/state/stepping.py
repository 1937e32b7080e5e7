"""Training a run for a step count or a time budget, whichever ends first. Qt-free.

The trainees of the shared ``TrainingDriver`` (the normalization lab's variants and its
train/eval run, the optimizers lab's Same-network race) all step the same way: one step at a
time until ``max_steps``, the run's stop reason or ``budget_s`` (one frame's share).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def train_within(
    step: Callable[[], None],
    stopped: Callable[[], object],
    max_steps: int,
    budget_s: float | None = None,
) -> int:
    """Call ``step()`` until ``max_steps`` calls, ``stopped()`` is not None, or ``budget_s``
    seconds have passed (None: no limit); the number of steps taken. Overflow and NaN are not
    warned about: a diverging run stops with a reason of its own."""
    start, done = time.perf_counter(), 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while done < max_steps and stopped() is None:
            step()
            done += 1
            if budget_s is not None and time.perf_counter() - start >= budget_s:
                break
    return done

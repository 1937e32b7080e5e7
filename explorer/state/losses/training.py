"""The margin tab's training: the same linear classifier trained under each ticked loss.

Qt-free. Full-batch gradient descent from w = 0, b = 0, a fixed number of steps and a fixed
rate, so a data set gives the same runs every time; each step takes the core loss's gradient
∂L/∂s of the scores s = Xw + b and the chain rule ∂L/∂w = Xᵀ·∂L/∂s, ∂L/∂b = Σ ∂L/∂s. The
runs depend on the data and the ticked losses only, not on the w the sliders set, so they are
cached: turning w never retrains.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import losses
from explorer.state.losses.margin import margin_data
from explorer.state.session import freeze

STEPS = 200
LEARNING_RATE = 0.5


@dataclass(frozen=True, eq=False)
class TrainedRun:
    name: str
    w: np.ndarray  # (2,) after the last step
    b: float
    errors: np.ndarray  # (STEPS + 1,) the error rate (m ≤ 0) before each step
    diverged: bool  # the loss overflowed (the exponential loss on noisy data can)


def train_linear(name: str, X: np.ndarray, y: np.ndarray) -> TrainedRun:
    """Train s = Xw + b under the margin loss ``name`` (targets y = ±1)."""
    loss = losses.get(name)
    w, b = np.zeros(2), 0.0
    errors = np.empty(STEPS + 1)
    diverged = False
    for step in range(STEPS + 1):
        s = X @ w + b
        errors[step] = np.count_nonzero(y * s <= 0) / y.size
        if step == STEPS:
            break
        grad = loss.gradient(s, y)  # ∂L/∂s, (n,)
        if not np.all(np.isfinite(grad)):
            errors[step + 1 :] = errors[step]
            diverged = True
            break
        w = w - LEARNING_RATE * (X.T @ grad)
        b = b - LEARNING_RATE * float(grad.sum())
    return TrainedRun(name, freeze(w), float(b), freeze(errors), diverged)


@lru_cache(maxsize=64)
def trained_run(name: str, data_set: str, noise: float) -> TrainedRun:
    X, y = margin_data(data_set, noise)
    return train_linear(name, X, y)


def trained_runs(names: tuple[str, ...], data_set: str, noise: float) -> tuple[TrainedRun, ...]:
    return tuple(trained_run(name, data_set, noise) for name in names)

"""The margin tab's training: the same classifier trained under each ticked loss.

Qt-free. The linear classifier s = Xw + b takes full-batch gradient descent from w = 0, b = 0:
each step takes the core loss's gradient ∂L/∂s of the scores and the chain rule
∂L/∂w = Xᵀ·∂L/∂s, ∂L/∂b = Σ ∂L/∂s. The small MLP (2 → 8 tanh → 1, seed 0) takes full-batch
Adam steps (:mod:`explorer.state.losses.small_mlp`). Both take a fixed number of steps, so a
data set gives the same runs every time. The runs depend on the data, the model and the
ticked losses only, not on the w the sliders set, so they are cached: turning w never
retrains.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import datasets, losses
from explorer.state.losses import small_mlp
from explorer.state.losses.margin import DATA_EXTENT, margin_data
from explorer.state.session import freeze

STEPS = 200
LEARNING_RATE = 0.5  # the linear classifier's gradient descent
MLP_LEARNING_RATE = 0.05  # the small MLP's Adam
GRID = 61  # the score image of a boundary: GRID × GRID points over the data's square
LOGISTIC = "soft_margin"  # the live MLP classifier of the margin plots is trained under it


@dataclass(frozen=True, eq=False)
class TrainedRun:
    name: str
    w: np.ndarray  # (2,) after the last step (the linear classifier; zeros for the MLP)
    b: float
    errors: np.ndarray  # (STEPS + 1,) the error rate (m ≤ 0) before each step
    losses: np.ndarray  # (STEPS + 1,) the mean loss before each step (NaN once diverged)
    diverged: bool  # the loss overflowed (the exponential loss on noisy data can)
    scores: np.ndarray  # (GRID, GRID) s(x) at the end on grid_points(): rows along x₂
    train_scores: np.ndarray  # (n,) s(xᵢ) at the end


@lru_cache(maxsize=1)
def grid_points() -> np.ndarray:
    """(GRID², 2) the mesh the boundary images are computed on (see datasets.grid)."""
    return freeze(datasets.grid((-DATA_EXTENT, DATA_EXTENT), (-DATA_EXTENT, DATA_EXTENT), GRID))


def train_linear(name: str, X: np.ndarray, y: np.ndarray) -> TrainedRun:
    """Train s = Xw + b under the margin loss ``name`` (targets y = ±1)."""
    loss = losses.get(name)
    w, b = np.zeros(2), 0.0
    errors, values = np.empty(STEPS + 1), np.full(STEPS + 1, np.nan)
    diverged = False
    for step in range(STEPS + 1):
        s = X @ w + b
        errors[step] = np.count_nonzero(y * s <= 0) / y.size
        value, grad = loss.value_and_gradient(s, y)  # ∂L/∂s, (n,)
        if not (np.all(np.isfinite(grad)) and np.isfinite(value)):
            errors[step + 1 :] = errors[step]
            diverged = True
            break
        values[step] = value
        if step == STEPS:
            break
        w = w - LEARNING_RATE * (X.T @ grad)
        b = b - LEARNING_RATE * float(grad.sum())
    scores = (grid_points() @ w + b).reshape(GRID, GRID)
    return TrainedRun(
        name, freeze(w), float(b), freeze(errors), freeze(values), diverged, freeze(scores),
        freeze(X @ w + b),
    )  # fmt: skip


def train_mlp(name: str, X: np.ndarray, y: np.ndarray) -> TrainedRun:
    """Train the small MLP's score s(x) under the margin loss ``name`` (Adam, seed 0)."""
    loss = losses.get(name)
    fitter = small_mlp.new_fitter(2, (name,), lr=MLP_LEARNING_RATE)
    errors, values = np.empty(STEPS + 1), np.full(STEPS + 1, np.nan)
    diverged = False
    for step in range(STEPS + 1):
        s = small_mlp.predict(fitter, X)
        errors[step] = np.count_nonzero(y * s <= 0) / y.size
        if step == STEPS:
            values[step] = loss.value(s, y)
            break
        value = small_mlp.step(fitter, loss, X, y)
        if not np.isfinite(value):
            errors[step + 1 :] = errors[step]
            diverged = True
            break
        values[step] = value
    scores = small_mlp.predict(fitter, grid_points()).reshape(GRID, GRID)
    train_scores = small_mlp.predict(fitter, X)
    return TrainedRun(
        name, freeze(np.zeros(2)), 0.0, freeze(errors), freeze(values), diverged,
        freeze(scores), freeze(train_scores),
    )  # fmt: skip


@lru_cache(maxsize=64)
def trained_run(name: str, data_set: str, noise: float, model: str = "linear") -> TrainedRun:
    X, y = margin_data(data_set, noise)
    return (train_mlp if model == "mlp" else train_linear)(name, X, y)


def trained_runs(
    names: tuple[str, ...], data_set: str, noise: float, model: str = "linear"
) -> tuple[TrainedRun, ...]:
    return tuple(trained_run(name, data_set, noise, model) for name in names)

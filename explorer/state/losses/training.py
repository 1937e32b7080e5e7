"""The margin tab's training: the same classifier trained under each ticked loss.

Qt-free. The linear classifier s = Xw + b takes full-batch gradient descent from w = 0, b = 0:
each step takes the core loss's gradient ∂L/∂s of the scores and the chain rule
∂L/∂w = Xᵀ·∂L/∂s, ∂L/∂b = Σ ∂L/∂s. The small MLP (2 → 8 tanh → 1, seed 0) takes full-batch
Adam steps (:mod:`explorer.state.losses.small_mlp`). Both take a fixed number of steps, so a
data set gives the same runs every time. A :class:`RunTask` takes them one at a time (the lab
runs them in slices between frames, :mod:`explorer.state.losses.margin_runs`) and can show a
run part-way (:meth:`RunTask.run`, ``complete`` False); :func:`trained_run` runs one to the end
at once, to the same numbers. The runs depend on the data, the model and the loss only, not on
the w the sliders set: turning w never retrains.
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
    errors: np.ndarray  # (steps + 1,) the error rate (m ≤ 0) before each step
    losses: np.ndarray  # (steps + 1,) the mean loss before each step (NaN once diverged)
    diverged: bool  # the loss overflowed (the exponential loss on noisy data can)
    scores: np.ndarray  # (GRID, GRID) s(x) now on grid_points(): rows along x₂
    train_scores: np.ndarray  # (n,) s(xᵢ) now
    steps: int = STEPS  # steps taken so far (STEPS, or fewer once diverged, when complete)
    complete: bool = True  # False: a run still training (the picture is part-way)
    net: object = None  # the MLP (never trained further): its scores on other data

    @property
    def progress(self) -> float:
        """The share of the run's steps taken (1 once complete, diverged or not)."""
        return 1.0 if self.complete else self.steps / STEPS

    def scores_of(self, X: np.ndarray) -> np.ndarray:
        """s(x) (n,) of this run's classifier at X (n, 2) (a complete run's)."""
        if self.net is None:
            return X @ self.w + self.b
        return self.net.predict(X)[:, 0]


@lru_cache(maxsize=1)
def grid_points() -> np.ndarray:
    """(GRID², 2) the mesh the boundary images are computed on (see datasets.grid)."""
    return freeze(datasets.grid((-DATA_EXTENT, DATA_EXTENT), (-DATA_EXTENT, DATA_EXTENT), GRID))


class RunTask:
    """One loss's run of one classifier ("linear" or "mlp") on (X (n, 2), y (n,) ±1), a step
    at a time: each :meth:`step` records the errors and loss of the current classifier, then
    updates it (the last records only)."""

    def __init__(self, name: str, X: np.ndarray, y: np.ndarray, model: str) -> None:
        self.name, self.X, self.y, self.model = name, X, y, model
        self.loss = losses.get(name)
        self.errors, self.values = np.empty(STEPS + 1), np.full(STEPS + 1, np.nan)
        self.records = 0  # entries of errors/values filled
        self.diverged = self.finished = False
        self.w, self.b = np.zeros(2), 0.0
        self.fitter = small_mlp.new_fitter(2, lr=MLP_LEARNING_RATE) if model == "mlp" else None
        self._scores = self.X @ self.w  # s(xᵢ) of the last record
        self._run: TrainedRun | None = None  # run() of the current records (views skip it)
        self._run_records: tuple = ()

    def _train_scores(self) -> np.ndarray:
        if self.fitter is None:
            return self.X @ self.w + self.b
        return small_mlp.predict(self.fitter, self.X)

    def step(self) -> None:
        k = self.records
        s = self._train_scores()
        self._scores = s
        self.errors[k] = np.count_nonzero(self.y * s <= 0) / self.y.size
        self.records += 1
        if k == STEPS:
            self.values[k] = self.loss.value(s, self.y)
            self.finished = True
            return
        value, grad = self.loss.value_and_gradient(s, self.y)  # ∂L/∂s, (n,)
        if not (np.all(np.isfinite(grad)) and np.isfinite(value)):
            self.errors[k + 1 :] = self.errors[k]
            self.records = STEPS + 1
            self.diverged = self.finished = True
            return
        self.values[k] = value
        if self.fitter is None:
            self.w = self.w - LEARNING_RATE * (self.X.T @ grad)
            self.b = self.b - LEARNING_RATE * float(grad.sum())
        else:
            self.fitter.net.backward(grad[:, None])
            self.fitter.optimizer.step(self.fitter.net.flat_params, self.fitter.net.flat_grads)

    def run(self) -> TrainedRun:
        """The run so far (complete once finished): its records and its classifier now; the
        same object until the next step."""
        if self._run is None or self._run_records != (self.records, self.finished):
            self._run, self._run_records = self._make_run(), (self.records, self.finished)
        return self._run

    def _make_run(self) -> TrainedRun:
        grid = grid_points()
        if self.fitter is None:
            scores, train, net = grid @ self.w + self.b, self.X @ self.w + self.b, None
        else:
            net = self.fitter.net if self.finished else None  # a finished net stays as it is
            scores = small_mlp.predict(self.fitter, grid)
            train = self._scores if self.finished else self._train_scores()
        n = self.records if self.finished else max(self.records, 1)
        errors = self.errors[:n] if self.records else np.array([np.nan])
        return TrainedRun(
            self.name, freeze(self.w.copy()), float(self.b), freeze(errors.copy()),
            freeze(self.values[:n].copy()), self.diverged, freeze(scores.reshape(GRID, GRID)),
            freeze(np.array(train)), max(self.records - 1, 0), self.finished, net,
        )  # fmt: skip


def train(name: str, X: np.ndarray, y: np.ndarray, model: str) -> TrainedRun:
    """A whole run at once (the same numbers as in slices)."""
    task = RunTask(name, X, y, model)
    while not task.finished:
        task.step()
    return task.run()


def train_linear(name: str, X: np.ndarray, y: np.ndarray) -> TrainedRun:
    """Train s = Xw + b under the margin loss ``name`` (targets y = ±1)."""
    return train(name, X, y, "linear")


def train_mlp(name: str, X: np.ndarray, y: np.ndarray) -> TrainedRun:
    """Train the small MLP's score s(x) under the margin loss ``name`` (Adam, seed 0)."""
    return train(name, X, y, "mlp")


@lru_cache(maxsize=64)
def trained_run(name: str, data_set: str, noise: float, model: str = "linear") -> TrainedRun:
    X, y = margin_data(data_set, noise)
    return train(name, X, y, model)


def trained_runs(
    names: tuple[str, ...], data_set: str, noise: float, model: str = "linear"
) -> tuple[TrainedRun, ...]:
    return tuple(trained_run(name, data_set, noise, model) for name in names)

"""The lab's small MLP: 1 → 8 tanh → 1 (regression) or 2 → 8 tanh → 1 (a classifier's score),
fitted under one loss by full-batch Adam.

Qt-free. A fit is a function of its loss and data alone: the net starts from
``MLP(..., seed=SEED)`` and takes ``COLD_STEPS`` full-batch steps of ``Adam(lr=LEARNING_RATE)``
on the core loss's mean gradient (∂L/∂ŷ from the loss, back-propagated by the core MLP).
:class:`FitTask` takes those steps a few at a time (the lab runs it in slices between frames);
:func:`fit` takes them all at once, to the same numbers. While a point is dragged the lab
shows an approximation instead: a copy of the net on screen continued ``WARM_STEPS`` steps on
the moved data (:func:`warm_copy`), replaced by the exact fit once the drag rests.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from explorer.core import optimizers
from explorer.core.losses import Loss
from explorer.core.mlp import MLP
from explorer.core.optimizers import Optimizer

HIDDEN = 8
SEED = 0
LEARNING_RATE = 0.02
#: from the seeded init: a fixed budget, not convergence: 8 tanh units could run through every
#: point under any loss; after 200 steps MSE has bent to the outlier and L1, Huber have not
COLD_STEPS = 200
WARM_STEPS = 10  # per move of a drag: 4 losses × 10 steps ≈ 3 ms (benchmarks/losses.py)


@dataclass(eq=False)
class Fitter:
    """A net and its optimizer (mutable, never shown: views get arrays computed from it)."""

    net: MLP
    optimizer: Optimizer


def new_fitter(inputs: int, lr: float = LEARNING_RATE) -> Fitter:
    net = MLP([inputs, HIDDEN, 1], "tanh", seed=SEED)
    return Fitter(net, optimizers.get("adam", lr=lr))


def step(fitter: Fitter, loss: Loss, X: np.ndarray, target: np.ndarray) -> float:
    """One full-batch step on (1/n) Σ ℓ; returns the loss before the step (NaN if the
    gradient overflowed: then the weights are left alone)."""
    pred = fitter.net.forward(X)[:, 0]
    value, grad = loss.value_and_gradient(pred, target)
    if not np.all(np.isfinite(grad)):
        return float("nan")
    fitter.net.backward(grad[:, None])
    fitter.optimizer.step(fitter.net.flat_params, fitter.net.flat_grads)
    return float(value)


class FitTask:
    """The exact fit of ``X`` (n, inputs) → ``target`` (n,) under ``loss``, a step at a time.

    ``fitter`` is the net so far (after ``steps`` of ``COLD_STEPS``); ``finished`` once all
    are taken. Sliced or not, the same steps give the same weights.
    """

    def __init__(self, loss: Loss, X: np.ndarray, target: np.ndarray) -> None:
        self.loss, self.X, self.target = loss, X, target
        self.fitter = new_fitter(X.shape[1])
        self.steps = 0
        self.total = COLD_STEPS

    @property
    def finished(self) -> bool:
        return self.steps >= self.total

    def step(self) -> None:
        step(self.fitter, self.loss, self.X, self.target)
        self.steps += 1


def fit(loss: Loss, X: np.ndarray, target: np.ndarray) -> Fitter:
    """The exact fit, all at once: the seeded net after ``COLD_STEPS`` Adam steps."""
    task = FitTask(loss, X, target)
    while not task.finished:
        task.step()
    return task.fitter


def warm_copy(fitter: Fitter, loss: Loss, X: np.ndarray, target: np.ndarray) -> Fitter:
    """A copy of ``fitter`` continued ``WARM_STEPS`` steps on new data: the approximation a
    drag shows (it depends on the drag's path; the original is left as it was)."""
    # MLP.copy, not deepcopy: the layers' weights are views of flat_params, which a deepcopy
    # would part (the optimizer would then step arrays the forward pass never reads)
    twin = Fitter(fitter.net.copy(), copy.deepcopy(fitter.optimizer))
    warm(twin, loss, X, target)
    return twin


def warm(fitter: Fitter, loss: Loss, X: np.ndarray, target: np.ndarray) -> None:
    """Continue ``fitter`` itself ``WARM_STEPS`` steps (a drag's approximation, in place)."""
    for _ in range(WARM_STEPS):
        step(fitter, loss, X, target)


def predict(fitter: Fitter, X: np.ndarray) -> np.ndarray:
    """The net's output (n,) for X (n, inputs)."""
    return fitter.net.forward(X)[:, 0]

"""The lab's small MLP: 1 → 8 tanh → 1 (regression) or 2 → 8 tanh → 1 (a classifier's score),
fitted under one loss by full-batch Adam.

Qt-free. A fit is deterministic: the net starts from ``MLP(..., seed=SEED)`` and takes a fixed
number of full-batch steps of ``Adam(lr=LEARNING_RATE)`` on the core loss's mean gradient
(∂L/∂ŷ from the loss, back-propagated by the core MLP). A refit while a point is dragged may
*warm-start*: it continues the previous fit (its weights and Adam's moments) for
``WARM_STEPS`` more steps instead of ``COLD_STEPS`` from the seed, so the curve follows the
point live (a long drag adds steps: the curve then fits the data more closely than a cold
fit of the same points would; changing the loss or the number of points starts cold).
"""

from __future__ import annotations

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
WARM_STEPS = 10  # per refit of a drag: 4 losses × 10 steps ≈ 3 ms (benchmarks/losses.py)
TRAIN_STEPS = 200  # the margin tab's classifier runs (the linear ones take 200 too)


@dataclass(eq=False)
class Fitter:
    """A net and its optimizer, kept by the session between refits (mutable, never shown)."""

    net: MLP
    optimizer: Optimizer
    key: tuple  # what the fit belongs to: (loss, inputs, number of points)


def new_fitter(inputs: int, key: tuple, lr: float = LEARNING_RATE) -> Fitter:
    net = MLP([inputs, HIDDEN, 1], "tanh", seed=SEED)
    return Fitter(net, optimizers.get("adam", lr=lr), key)


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


def fit(
    loss: Loss, X: np.ndarray, target: np.ndarray, key: tuple, warm: Fitter | None = None
) -> Fitter:
    """A fitter of ``X`` (n, inputs) → ``target`` (n,) under ``loss``: ``warm`` continued
    for WARM_STEPS when it belongs to the same ``key``, else a new one after COLD_STEPS."""
    if warm is not None and warm.key == key:
        fitter, steps = warm, WARM_STEPS
    else:
        fitter, steps = new_fitter(X.shape[1], key), COLD_STEPS
    for _ in range(steps):
        step(fitter, loss, X, target)
    return fitter


def predict(fitter: Fitter, X: np.ndarray) -> np.ndarray:
    """The net's output (n,) for X (n, inputs)."""
    return fitter.net.forward(X)[:, 0]

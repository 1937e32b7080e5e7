"""The "Input scale" tab's loss surface as an Optimizers-lab session: the same problem, raced.

Qt-free. The linear model's mean squared error is a quadratic in its weights (w₁, w₂), written
as the Optimizers lab's typed surface f(x, y) with x = w₁, y = w₂:

    L(w) = mean((Xw − y)²) = wᵀAw − 2bᵀw + c,   A = XᵀX/n,  b = Xᵀy/n,  c = yᵀy/n,

so f(x, y) = A₁₁x² + 2A₁₂xy + A₂₂y² − 2b₁x − 2b₂y + c. Its Hessian 2A is the tab's H, so its
κ is the tab's; gradient descent from (0, 0) with the tab's η is the tab's path.
"""

from __future__ import annotations

import numpy as np

from explorer.state.normalization.inputs import GD_STEPS, make_data, standardize
from explorer.state.optimizers.config import CUSTOM, OptimizersConfig

OPTIMIZERS_LAB = "optimizers"
#: plain gradient descent (the tab's), the same with momentum, and Adam, which rescales each
#: coordinate and so cares less about the scale
RACED = ("sgd", "momentum", "adam")


def _coefficient(value: float) -> str:
    """Every digit (the shortest text that reads back as the same float): near the minimum
    the terms cancel to the noise's loss, and ten digits left it wrong in the eighth."""
    return repr(float(value))


def loss_expression(X: np.ndarray, y: np.ndarray) -> str:
    """mean((X @ (x, y) − target)²) as an f(x, y) the Optimizers lab's parser reads."""
    n = X.shape[0]
    A, b, c = X.T @ X / n, X.T @ y / n, float(y @ y / n)
    terms = [
        (A[0, 0], "x**2"),
        (2 * A[0, 1], "x*y"),
        (A[1, 1], "y**2"),
        (-2 * b[0], "x"),
        (-2 * b[1], "y"),
    ]
    text = " + ".join(f"{_coefficient(k)}*{term}" for k, term in terms)
    return f"{text} + {_coefficient(c)}".replace("+ -", "- ")


def problem_data(scale: float, seed: int, standardized: bool) -> tuple[np.ndarray, np.ndarray]:
    """The tab's (X, y): raw, or standardized as the tab does it."""
    X, y = make_data(scale, seed)
    return standardize(X, y) if standardized else (X, y)


def optimizers_config(
    scale: float, learning_rate: float, seed: int, standardized: bool
) -> OptimizersConfig:
    """The Optimizers lab's settings for the tab's raw or standardized problem: its loss as a
    typed surface, the race from w = 0 for the tab's steps, SGD (and momentum) at the tab's η."""
    X, y = problem_data(scale, seed, standardized)
    return OptimizersConfig(
        surface=CUSTOM,
        expression=loss_expression(X, y),
        start=(0.0, 0.0),
        steps=GD_STEPS,
        ticked=RACED,
        selected="sgd",
        hyper=(("sgd.lr", float(learning_rate)), ("momentum.lr", float(learning_rate))),
    )  # the lab's seed drew the data, now inside f; the race's seed only seeds its noise (off)

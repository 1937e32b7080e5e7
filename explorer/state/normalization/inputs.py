"""The "Input scale" tab: why inputs are standardized before training.

Qt-free. Two input features, x₁ ~ N(0, 1) and x₂ ~ N(0, s²) with the scale s of the config,
and a linear target y = x₁ + x₂/s + noise. A linear model ŷ = w₁x₁ + w₂x₂ with the mean squared
error L(w) = mean((ŷ − y)²) has the constant Hessian H = 2/n · XᵀX, so its contours are
ellipses with axes along H's eigenvectors, of half-lengths ∝ 1/√λ; the condition number
κ = λ_max/λ_min grows like s². Full-batch gradient descent w ← w − η∇L from w = 0 moves each
eigen-direction by a factor (1 − ηλ) per step: it diverges once ηλ_max > 2, zig-zags across the
narrow valley for 1 < ηλ_max < 2, and crawls along the long axis at (1 − ηλ_min)^t.
Standardizing each feature, x ← (x − mean)/std, makes XᵀX/n the correlation matrix: κ ≈ 1,
round contours, and the same η converges in a few steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.state.session import freeze

POINTS = 200
NOISE = 0.1
GD_STEPS = 40
LEVELS = (0.02, 0.1, 0.3, 1.0, 3.0)  # loss above the minimum at each drawn contour
ELLIPSE_POINTS = 120


@dataclass(frozen=True, eq=False)
class Problem:
    """One least-squares problem and gradient descent on it: ``w_star`` (2,) the minimum,
    ``eigenvalues`` (2,) of the Hessian (ascending), ``contours`` (2, m) the level ellipses
    one after another, NaN between them; ``path`` (steps + 1, 2) the iterates from w = 0 (NaN
    once diverged), ``losses`` (steps + 1,)."""

    w_star: np.ndarray
    eigenvalues: np.ndarray
    contours: np.ndarray
    path: np.ndarray
    losses: np.ndarray
    min_loss: float

    @property
    def kappa(self) -> float:
        return float(self.eigenvalues[1] / self.eigenvalues[0])

    @property
    def diverged(self) -> bool:
        """The loss blew up, or ended above where it started."""
        return not np.all(np.isfinite(self.losses)) or self.losses[-1] > self.losses[0]


@dataclass(frozen=True, eq=False)
class InputScaleView:
    scale: float
    learning_rate: float
    raw: Problem
    standardized: Problem


def make_data(scale: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """X (POINTS, 2) with column stds 1 and ``scale``, y (POINTS,)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(POINTS, 2)) * np.array([1.0, scale])
    y = X[:, 0] + X[:, 1] / scale + NOISE * rng.normal(size=POINTS)
    return X, y


def solve(X: np.ndarray, y: np.ndarray, learning_rate: float) -> Problem:
    """The least-squares problem of (X, y) and GD_STEPS steps of gradient descent from 0."""
    n = X.shape[0]
    H = 2.0 / n * X.T @ X
    w_star = np.linalg.solve(X.T @ X, X.T @ y)
    residual = X @ w_star - y
    min_loss = float(residual @ residual / n)
    eigenvalues, vectors = np.linalg.eigh(H)
    theta = np.linspace(0, 2 * math.pi, ELLIPSE_POINTS)
    rings = []
    for level in LEVELS:  # (w − w*)ᵀH(w − w*)/2 = level
        radii = np.sqrt(2 * level / eigenvalues)
        ring = w_star[:, None] + vectors @ (radii[:, None] * np.stack([np.cos(theta),
                                                                      np.sin(theta)]))  # fmt: skip
        rings += [ring, np.full((2, 1), math.nan)]
    path = np.full((GD_STEPS + 1, 2), math.nan)
    losses = np.full(GD_STEPS + 1, math.inf)
    w = np.zeros(2)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(GD_STEPS + 1):
            r = X @ w - y
            loss = float(r @ r / n)
            if not math.isfinite(loss) or loss > 1e12:
                break
            path[t], losses[t] = w, loss
            w = w - learning_rate * (2.0 / n * X.T @ r)
    return Problem(freeze(w_star), freeze(eigenvalues), freeze(np.concatenate(rings, axis=1)),
                   freeze(path), freeze(losses), min_loss)  # fmt: skip


def standardize(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each feature to mean 0 and std 1, and the target centred (the model has no bias)."""
    return (X - X.mean(axis=0)) / X.std(axis=0), y - y.mean()


def input_scale_view(scale: float, learning_rate: float, seed: int) -> InputScaleView:
    X, y = make_data(scale, seed)
    return InputScaleView(scale, learning_rate, solve(X, y, learning_rate),
                          solve(*standardize(X, y), learning_rate))  # fmt: skip

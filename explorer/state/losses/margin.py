"""The margin tab's maths: a classifier's margins on a 2-D set, and φ(m) of each loss.

Qt-free. The linear classifier scores s(x) = w·x + b with w = ‖w‖·(cos θ, sin θ); the small
MLP (``margin_model = "mlp"``) scores s(x) with the net trained under the logistic loss
(:mod:`explorer.state.losses.training`), the sliders then unused. A point of class
1 has y = +1, of class 0 y = −1, and its margin is m = y·s(x): positive when it is on its
side of the boundary, ≥ 1 when it is there with room to spare. Each ticked loss is plotted as
φ(m) over the margin axis with the points placed on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import datasets, losses
from explorer.state.losses.config import LossesConfig
from explorer.state.session import freeze

POINTS = 80
MARGIN_RANGE = 4.0  # the margin plots show m ∈ [−4, 4]
CURVE_POINTS = 401  # m = 0 and m = 1 are grid points
DATA_EXTENT = 2.4  # the 2-D plots show [−2.4, 2.4]²: every set with noise ≤ 1 fits


@lru_cache(maxsize=8)
def margin_data(name: str, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """(X (n, 2), y (n,) ±1) of a two-class set; cached, the same on every call."""
    X, labels = datasets.make(name, n=POINTS, noise=noise, seed=0)
    return freeze(X), freeze(2.0 * labels - 1.0)


@dataclass(frozen=True, eq=False)
class MarginCurve:
    name: str
    display_name: str
    curve: np.ndarray  # (CURVE_POINTS,) φ(m)
    curve_derivative: np.ndarray  # φ′(m)
    mean_loss: float  # (1/n) Σ φ(mᵢ) over the data
    pushed: int  # points with φ′(mᵢ) ≠ 0: those this loss still pushes


@dataclass(frozen=True, eq=False)
class MarginView:
    X: np.ndarray  # (n, 2)
    y: np.ndarray  # (n,) ±1
    w: np.ndarray  # (2,)
    b: float
    margins: np.ndarray  # (n,) yᵢ·(w·xᵢ + b)
    m_grid: np.ndarray  # (CURVE_POINTS,)
    curves: tuple[MarginCurve, ...]
    trained: tuple = ()  # TrainedRun per ticked loss when margin_trained, else empty
    model: str = "linear"  # the config's margin_model
    mlp_run: object = None  # the MLP's TrainedRun (its scores image) when model is "mlp"

    @property
    def errors(self) -> int:
        """Points on the wrong side of the boundary, or on it (m ≤ 0)."""
        return int(np.count_nonzero(self.margins <= 0))

    @property
    def inside_margin(self) -> int:
        """Points with 0 < m < 1: right, but closer than the hinge's margin."""
        return int(np.count_nonzero((self.margins > 0) & (self.margins < 1)))


_GRID = freeze(np.linspace(-MARGIN_RANGE, MARGIN_RANGE, CURVE_POINTS))


def compute_margin(config: LossesConfig) -> MarginView:
    from explorer.state.losses.training import LOGISTIC, trained_run, trained_runs  # a cycle

    X, y = margin_data(config.margin_set, config.margin_noise)
    mlp_run = None
    if config.margin_model == "mlp":
        mlp_run = trained_run(LOGISTIC, config.margin_set, config.margin_noise, "mlp")
        w, b = np.zeros(2), 0.0
        scores = mlp_run.train_scores
    else:
        theta = math.radians(config.margin_angle)
        w = config.margin_norm * np.array([math.cos(theta), math.sin(theta)])
        b = config.margin_bias
        scores = X @ w + b
    margins = y * scores
    curves = []
    for name in config.margin_losses:
        loss = losses.get(name)
        pushed = int(np.count_nonzero(loss.derivative(margins)))
        curves.append(
            MarginCurve(
                name=name,
                display_name=loss.display_name,
                curve=freeze(loss.of_margin(_GRID)),
                curve_derivative=freeze(loss.derivative(_GRID)),
                mean_loss=loss.value(scores, y),
                pushed=pushed,
            )
        )
    trained = ()
    if config.margin_trained:
        trained = trained_runs(
            config.margin_losses, config.margin_set, config.margin_noise, config.margin_model
        )
    return MarginView(
        X, y, freeze(w), b, freeze(margins), _GRID, tuple(curves), trained,
        config.margin_model, mlp_run,
    )  # fmt: skip

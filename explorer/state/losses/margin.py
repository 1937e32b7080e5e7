"""The margin tab's maths: a classifier's margins on a 2-D set, and φ(m) of each loss.

Qt-free. The linear classifier scores s(x) = w·x + b with w = ‖w‖·(cos θ, sin θ); the small
MLP (``margin_model = "mlp"``) scores s(x) with the net trained under the logistic loss
(:mod:`explorer.state.losses.training`), the sliders then unused. Trained nets and runs come
at once without a store, or from the session's :class:`~explorer.state.losses.margin_runs.
MarginRuns`, which trains them in slices (``live`` and each run's ``complete`` say how far).
A point of class 1 has y = +1, of class 0 y = −1, and its margin is m = y·s(x): positive when
it is on its side of the boundary, ≥ 1 when it is there with room to spare. Each ticked loss is
plotted as φ(m) over the margin axis with the points placed on it.
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
    #: the MLP on screen: "final" (trained on these data), "previous" (the last finished one,
    #: trained on ``live_source`` = (data set, noise), while these data's net trains) or
    #: "partial" (this data's net part-way through its training)
    live: str = "final"
    live_source: tuple | None = None

    @property
    def pending(self) -> bool:
        """Something on screen is still training (the live MLP or a run under a loss)."""
        return self.live != "final" or not all(run.complete for run in self.trained)

    @property
    def progress(self) -> float:
        """The share of the training on screen done: the runs under each loss, and the live
        MLP's when it is part-way (1 when nothing trains)."""
        runs = [*self.trained, *([self.mlp_run] if self.live == "partial" else [])]
        return sum(run.progress for run in runs) / len(runs) if runs else 1.0

    @property
    def errors(self) -> int:
        """Points on the wrong side of the boundary, or on it (m ≤ 0)."""
        return int(np.count_nonzero(self.margins <= 0))

    @property
    def inside_margin(self) -> int:
        """Points with 0 < m < 1: right, but closer than the hinge's margin."""
        return int(np.count_nonzero((self.margins > 0) & (self.margins < 1)))


_GRID = freeze(np.linspace(-MARGIN_RANGE, MARGIN_RANGE, CURVE_POINTS))


def compute_margin(config: LossesConfig, store=None) -> MarginView:
    """The margins of the config's classifier and each ticked loss's φ; the trained nets and
    runs all at once, or as far as the session's ``store`` (MarginRuns) has got."""
    from explorer.state.losses.training import LOGISTIC, trained_run  # a cycle

    X, y = margin_data(config.margin_set, config.margin_noise)
    data = (config.margin_set, config.margin_noise)
    mlp = config.margin_model == "mlp"
    live_key = (LOGISTIC, *data, "mlp")
    run_keys = [(name, *data, config.margin_model) for name in config.margin_losses]
    run_keys = run_keys if config.margin_trained else []
    if store is None:
        get = trained_run
    else:
        store.need(list(dict.fromkeys(([live_key] if mlp else []) + run_keys)))
        get = store.run
    mlp_run, live, source = None, "final", None
    if mlp:
        finished = trained_run(*live_key) if store is None else store.finished(live_key)
        if finished is not None:
            mlp_run = finished
            if store is not None:
                store.last_live = (live_key, finished)
        elif store.last_live is not None:
            mlp_run, live, source = store.last_live[1], "previous", store.last_live[0][1:3]
        else:
            mlp_run, live = store.run(live_key), "partial"
        w, b = np.zeros(2), 0.0
        scores = mlp_run.scores_of(X) if live == "previous" else mlp_run.train_scores
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
    trained = tuple(get(*key) if store is None else get(key) for key in run_keys)
    return MarginView(
        X, y, freeze(w), b, freeze(margins), _GRID, tuple(curves), trained,
        config.margin_model, mlp_run, live, source,
    )  # fmt: skip

"""State of the XOR panel: a linear model and a one-hidden-layer net trained side by side.

Qt-free. The config (data, hidden layer, learning rate, speed) is the single source of truth;
the session owns what training changes: the two models, their Adam states and loss histories.
A change to the data or the architecture rebuilds both models from the seed (so their loss
curves share one step axis); a learning-rate change applies to the running optimizers.

The argument it makes visible: a linear model σ(w·x + b) has a straight decision boundary, and
no line separates XOR's classes — its best bet is p ≈ ½ everywhere, loss ln 2. One hidden
layer bends the plane so that a line in the hidden space does separate them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import activations, datasets, losses, optimizers
from explorer.core.mlp import MLP
from explorer.state.session import LabSession, freeze

POINTS_MIN, POINTS_MAX = 20, 400
NOISE_MAX = 0.3
HIDDEN_MIN, HIDDEN_MAX = 2, 16
LR_MIN, LR_MAX = 1e-4, 1.0
SEED_MAX = 9999
SPEED_MAX = 100
GRID = 80  # heat-map resolution: 80×80 predictions keep a redraw well under a frame
MAX_STEPS = 20_000  # training pauses here; bounds the loss history
PLOT_POINTS = 500  # loss curves are thinned to at most this many points
LN2 = math.log(2.0)  # the loss of always answering p = ½
_BCE = losses.get("bce_with_logits")

# fields whose change restarts training (the others only retune it)
_RESTART_FIELDS = ("points", "noise", "hidden_units", "activation", "seed")


@dataclass(frozen=True)
class XorConfig:
    """Everything the XOR panel shows; the single source of truth."""

    points: int = 200
    noise: float = 0.1  # std of the Gaussian jitter added to the quadrant clusters
    hidden_units: int = 4
    activation: str = "tanh"
    learning_rate: float = 0.01  # Adam's lr, for both models
    seed: int = 0  # data and initial weights
    speed: int = 4  # optimizer steps per frame (at most; a time budget caps them too)

    def validate(self) -> None:
        def check_range(label: str, value: float, low: float, high: float) -> None:
            if not (isinstance(value, int | float) and low <= value <= high):
                raise ValueError(f"{label} must be between {low:g} and {high:g}, got {value!r}")

        check_range("points", self.points, POINTS_MIN, POINTS_MAX)
        check_range("noise", self.noise, 0.0, NOISE_MAX)
        check_range("hidden units", self.hidden_units, HIDDEN_MIN, HIDDEN_MAX)
        check_range("learning rate", self.learning_rate, LR_MIN, LR_MAX)
        check_range("seed", self.seed, 0, SEED_MAX)
        check_range("speed", self.speed, 1, SPEED_MAX)
        if self.activation not in activations.names():
            valid = ", ".join(activations.names())
            raise ValueError(f"unknown activation {self.activation!r}; valid names: {valid}")


@dataclass(frozen=True, eq=False)
class ModelView:
    """One model as the panel draws it."""

    probability: np.ndarray  # (GRID, GRID) P(class 1) on the grid; rows along y
    boundary: np.ndarray  # (2K, 2) segment end points of the p = ½ curve, in pairs
    accuracy: float  # fraction of the data classified correctly (p > ½ ⇔ class 1)
    loss: float  # current binary cross-entropy on all the data
    losses: np.ndarray  # thinned loss history (loss at the start of each step)


@dataclass(frozen=True, eq=False)
class XorSnapshot:
    config: XorConfig
    X: np.ndarray  # (n, 2)
    y: np.ndarray  # (n,) 0/1
    xs: np.ndarray  # grid columns (x)
    ys: np.ndarray  # grid rows (y)
    linear: ModelView
    hidden: ModelView
    loss_steps: np.ndarray  # step index of each entry of ModelView.losses
    step: int
    message: str | None  # why training stopped (divergence, step limit), else None


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) as ½(1 + tanh(z/2)): no overflow for large |z|, and fast on a whole grid."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def plot_extent(X: np.ndarray) -> float:
    """Half-width of the square plot: ±1.5 (datasets.PLOT_RANGE) or wider for noisy points."""
    reach = float(np.max(np.abs(X))) + 0.1 if X.size else 0.0
    return max(datasets.PLOT_RANGE[1], math.ceil(reach * 2) / 2)


def thin(count: int, limit: int = PLOT_POINTS) -> np.ndarray:
    """At most ``limit`` evenly spread indices of 0 … count−1, first and last included."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(np.intp))


def contour_segments(values: np.ndarray, xs: np.ndarray, ys: np.ndarray, level: float = 0.5):
    """The ``level`` isoline of ``values`` (rows along ``ys``, columns along ``xs``).

    Marching squares with linear interpolation along the cell edges; returns an array of shape
    (2K, 2): K segments as consecutive pairs of (x, y) points (draw with connect='pairs').
    A saddle cell is resolved by the value at its centre. Only the cells the line crosses are
    interpolated, which keeps an 80×80 grid near a tenth of a millisecond.
    """
    v = np.asarray(values, dtype=np.float64)
    above = v > level
    cut_bottom, cut_top = above[:-1, :-1] != above[:-1, 1:], above[1:, :-1] != above[1:, 1:]
    cut_left, cut_right = above[:-1, :-1] != above[1:, :-1], above[:-1, 1:] != above[1:, 1:]
    i, j = np.nonzero(cut_bottom | cut_top | cut_left | cut_right)  # the cells the line crosses
    v00, v01, v10, v11 = v[i, j], v[i, j + 1], v[i + 1, j], v[i + 1, j + 1]
    x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]

    def at(a, b):  # where along an edge from value a to value b the level is crossed
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.clip((level - a) / (b - a), 0.0, 1.0)

    edges = np.empty((i.size, 4, 2))  # bottom, right, top, left
    edges[:, 0] = np.column_stack([x0 + at(v00, v01) * (x1 - x0), y0])
    edges[:, 1] = np.column_stack([x1, y0 + at(v01, v11) * (y1 - y0)])
    edges[:, 2] = np.column_stack([x0 + at(v10, v11) * (x1 - x0), y1])
    edges[:, 3] = np.column_stack([x0, y0 + at(v00, v10) * (y1 - y0)])
    cut = np.column_stack([cut_bottom[i, j], cut_right[i, j], cut_top[i, j], cut_left[i, j]])
    plain = cut.sum(axis=1) == 2  # the two cut edges, in edge order, form the segment
    segments = [edges[plain][cut[plain]]]
    saddle = ~plain
    if saddle.any():  # all four edges cut
        centre_above = ((v00 + v01 + v10 + v11) / 4 > level)[saddle]
        p = edges[saddle]
        # the centre on v00's side joins v00 with v11: cut off corners v01 and v10 instead
        join = (centre_above == above[i, j][saddle])[:, None, None]
        first = np.where(join, p[:, [0, 1]], p[:, [0, 3]])
        second = np.where(join, p[:, [2, 3]], p[:, [1, 2]])
        segments += [first.reshape(-1, 2), second.reshape(-1, 2)]
    return np.concatenate(segments).reshape(-1, 2)


class _Run:
    """One model being trained: the net, its optimizer, its loss history."""

    def __init__(self, sizes: list[int], activation: str, seed: int, lr: float) -> None:
        self.model = MLP(sizes, activation, seed=seed, keep_preactivations=False)
        self.optimizer = optimizers.get("adam", lr=lr)
        self.history = np.empty(1024)
        self.count = 0

    def step(self, X: np.ndarray, target: np.ndarray) -> float:
        logits = self.model.forward(X)
        loss, grad = _BCE.value_and_gradient(logits, target)
        if self.count == self.history.size:
            self.history = np.concatenate([self.history, np.empty_like(self.history)])
        self.history[self.count] = loss
        self.count += 1
        if math.isfinite(loss):
            self.model.backward(grad)
            self.optimizer.step(self.model.params, self.model.grads)
        return loss

    def probability(self, points: np.ndarray) -> np.ndarray:
        return sigmoid(self.model.predict(points)[:, 0])


class XorSession(LabSession[XorConfig, XorSnapshot]):
    """The panel's session; owns the data, both training runs and the step count."""

    def __init__(self, config: XorConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or XorConfig(), **kwargs)
        self.message: str | None = None
        self._build_data(self.config)
        self.restart()

    # --- training ------------------------------------------------------------------------------
    @property
    def linear(self) -> MLP:
        return self._linear.model

    @property
    def hidden(self) -> MLP:
        return self._hidden.model

    @property
    def steps(self) -> int:
        return self._hidden.count

    training_steps = steps  # the name a TrainingDriver reads

    @property
    def stopped(self) -> bool:
        """True once training cannot go on (diverged or at MAX_STEPS) until a restart."""
        return self.message is not None

    def stop_reason(self) -> str | None:
        """Why training cannot go on until a restart, or None."""
        return self.message

    def restart(self) -> None:
        """Both models back to their initial weights for this seed; histories cleared."""
        c = self.config
        self._linear = _Run([2, 1], "identity", c.seed, c.learning_rate)
        self._hidden = _Run([2, c.hidden_units, 1], c.activation, c.seed, c.learning_rate)
        self.message = None
        self.invalidate()

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Up to ``max_steps`` steps of both models, stopping early after ``budget_s`` seconds.

        Returns the number of steps taken. A non-finite loss or parameter stops training and
        sets :attr:`message` (nothing raises); so does reaching MAX_STEPS.
        """
        start = time.perf_counter()
        taken = 0
        with np.errstate(all="ignore"):  # a blow-up is reported through message, not warnings
            while taken < max_steps and not self.stopped:
                losses_now = tuple(run.step(self._X, self._t) for run in self._runs)
                taken += 1
                self._check(losses_now)
                if budget_s is not None and time.perf_counter() - start >= budget_s:
                    break
        if taken:
            self.invalidate()
        return taken

    @property
    def _runs(self) -> tuple[_Run, _Run]:
        return self._linear, self._hidden

    def _check(self, losses_now: tuple[float, ...]) -> None:
        names = ("linear model", "hidden-layer net")
        for name, loss, run in zip(names, losses_now, self._runs, strict=True):
            if not (math.isfinite(loss) and np.isfinite(run.model.flat_params).all()):
                self.message = (
                    f"Training diverged at step {self.steps}: the {name}'s loss is not a "
                    f"number. Lower the learning rate and press Reset."
                )
                return
        if self.steps >= MAX_STEPS:
            self.message = f"Stopped after {MAX_STEPS:,} steps; press Reset to train again."

    # --- config --------------------------------------------------------------------------------
    def on_config_changed(self, config: XorConfig) -> None:
        old = self._built_for
        if (old.points, old.noise, old.seed) != (config.points, config.noise, config.seed):
            self._build_data(config)
        if any(getattr(old, f) != getattr(config, f) for f in _RESTART_FIELDS):
            self.restart()
        else:
            for run in (self._linear, self._hidden):
                run.optimizer.set_hyper(lr=config.learning_rate)
        self._built_for = config

    def _build_data(self, config: XorConfig) -> None:
        X, y = datasets.make("xor", config.points, config.noise, seed=config.seed)
        self._X, self._y = freeze(X), freeze(y)
        self._t = y[:, None].astype(np.float64)
        extent = plot_extent(X)
        self._xs = freeze(np.linspace(-extent, extent, GRID))
        self._grid = datasets.grid((-extent, extent), (-extent, extent), GRID)
        self._built_for = config

    def grid_points(self) -> np.ndarray:
        """The (GRID², 2) points the heat maps are computed on (row i·GRID + j = (xs[j], ys[i]))."""
        return self._grid

    # --- snapshot ------------------------------------------------------------------------------
    def compute(self, config: XorConfig) -> XorSnapshot:
        keep = thin(self.steps)
        with np.errstate(all="ignore"):
            linear, hidden = (self._view(run, keep) for run in (self._linear, self._hidden))
        return XorSnapshot(
            config=config, X=self._X, y=self._y, xs=self._xs, ys=self._xs,
            linear=linear, hidden=hidden, loss_steps=freeze(keep.astype(np.float64)),
            step=self.steps, message=self.message,
        )  # fmt: skip

    def _view(self, run: _Run, keep: np.ndarray) -> ModelView:
        logits = run.model.predict(self._X)[:, 0]
        probability = run.probability(self._grid).reshape(GRID, GRID)
        finite = np.isfinite(probability).all()
        return ModelView(
            probability=freeze(probability),
            boundary=freeze(contour_segments(probability, self._xs, self._xs) if finite
                            else np.empty((0, 2))),
            accuracy=float(np.mean((logits > 0) == (self._y == 1))),
            loss=_BCE.value(logits[:, None], self._t),
            losses=freeze(run.history[: run.count][keep]),
        )  # fmt: skip

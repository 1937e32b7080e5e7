"""The data of the Depth & gradients lab: training set, loss targets, probe batch, plot grid.

Qt-free. A 2-D task is a classification set of :mod:`explorer.core.datasets`; a 1-D task is a
target of :mod:`explorer.core.targets` sampled evenly on its default range with Gaussian noise.
Both are made from the config's seed, so "same seed" means the same data *and* the same
initial weights. The loss decides how labels are encoded (a column of 0/1 for binary
cross-entropy, ±1 for the hinge, class indices for cross-entropy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.core import datasets, targets
from explorer.state.depth.config import DepthConfig
from explorer.state.session import freeze

PROBE_POINTS = 12  # the probe batch of the bars: fits 16 ms at 64 × 128 (benchmarks/depth.py)
CURVE_POINTS = 300  # samples of a 1-D fit curve
DATA_FIELDS = ("task", "points", "noise", "classes", "seed", "loss")


@dataclass(frozen=True, eq=False)
class TaskData:
    """One task's data, read-only.

    ``X`` (n, inputs) float64; ``labels`` (n,) int class of each point (classification) or
    None; ``values`` (n,) target values (regression) or None; ``target`` what the loss is
    given; ``probe`` the row indices of the probe batch; ``extent`` the half-width of the
    square 2-D plot; ``curve_x``/``curve_y`` the noise-free 1-D target for plotting."""

    X: np.ndarray
    labels: np.ndarray | None
    values: np.ndarray | None
    target: np.ndarray
    probe: np.ndarray
    extent: float
    curve_x: np.ndarray
    curve_y: np.ndarray
    key: tuple

    @property
    def n(self) -> int:
        return self.X.shape[0]

    def probe_x(self) -> np.ndarray:
        """The probe batch's inputs: the same array object on every call (caches key on it)."""
        return self._probe_cache()[0]

    def probe_target(self) -> np.ndarray:
        return self._probe_cache()[1]

    def _probe_cache(self) -> tuple[np.ndarray, np.ndarray]:
        cached = self.__dict__.get("_probe_arrays")
        if cached is None:
            cached = (freeze(self.X[self.probe]), freeze(self.target[self.probe]))
            object.__setattr__(self, "_probe_arrays", cached)
        return cached


def data_key(config: DepthConfig) -> tuple:
    return tuple(getattr(config, field) for field in DATA_FIELDS)


def encode_target(config: DepthConfig, labels: np.ndarray | None, values: np.ndarray | None):
    """What ``losses.get(config.loss)`` takes as its target for these labels/values."""
    if config.kind == "regression":
        return values[:, None].astype(np.float64)
    if config.loss == "cross_entropy":
        return labels.astype(np.int64)
    if config.loss == "hinge":
        return (2.0 * labels - 1.0)[:, None]
    return labels[:, None].astype(np.float64)


def probe_rows(n: int, count: int = PROBE_POINTS) -> np.ndarray:
    """``count`` evenly spread row indices of 0 … n−1 (all rows when n ≤ count)."""
    if n <= count:
        return np.arange(n)
    return np.linspace(0, n - 1, count).round().astype(np.intp)


def make_task_data(config: DepthConfig) -> TaskData:
    """The training data of ``config`` (deterministic in its seed)."""
    labels = values = None
    if config.kind == "regression":
        target_fn = targets.get(config.task)
        x, values = targets.sample(target_fn, config.points, noise=config.noise, seed=config.seed)
        X = x[:, None]
        low, high = target_fn.default_range
        curve_x = np.linspace(low, high, CURVE_POINTS)
        curve_y = np.asarray(target_fn(curve_x), dtype=np.float64)
        extent = max(abs(low), abs(high))
    else:
        params = {"classes": config.classes} if config.task == "gaussians" else {}
        X, labels = datasets.make(config.task, config.points, config.noise, seed=config.seed,
                                  **params)  # fmt: skip
        curve_x = curve_y = np.empty(0)
        reach = float(np.max(np.abs(X))) + 0.1
        extent = max(datasets.PLOT_RANGE[1], math.ceil(reach * 2) / 2)
    return TaskData(
        X=freeze(X),
        labels=None if labels is None else freeze(labels),
        values=None if values is None else freeze(values),
        target=freeze(encode_target(config, labels, values)),
        probe=freeze(probe_rows(len(X))),
        extent=float(extent),
        curve_x=freeze(curve_x),
        curve_y=freeze(curve_y),
        key=data_key(config),
    )


class DataCache:
    """The last few :class:`TaskData`, by the config fields they depend on."""

    def __init__(self, size: int = 4) -> None:
        self._items: dict[tuple, TaskData] = {}
        self._size = size

    def get(self, config: DepthConfig) -> TaskData:
        key = data_key(config)
        data = self._items.pop(key, None) or make_task_data(config)
        self._items[key] = data
        while len(self._items) > self._size:
            self._items.pop(next(iter(self._items)))
        return data

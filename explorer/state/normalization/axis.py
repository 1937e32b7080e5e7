"""The "Which axis" tab: a real batch of pre-activations and the group a cell is normalized in.

Qt-free. :class:`BatchSource` runs a batch of the data set through the untrained network (no
norm) and keeps the pre-activations ``z`` (B, F) of every hidden layer; :func:`axis_view`
normalizes the chosen layer's batch with the chosen norm (γ = 1, β = 0, torch's start) and
describes the group of the clicked cell: its members, μ, σ, the formula's numbers, and
histograms of the values before and after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import normalization
from explorer.core.mlp import MLP
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import TaskData, make_task_data
from explorer.state.normalization.config import BATCH_MAX, NET_FIELDS, NormalizationConfig
from explorer.state.session import freeze

BINS = 24


def task_data(config: NormalizationConfig) -> TaskData:
    """The depth lab's data set for this task and seed (two classes, 200 points)."""
    return _task_data(config.task, config.seed)


@lru_cache(maxsize=8)
def _task_data(task: str, seed: int) -> TaskData:
    """Kept: the heat map, the noise plots, both runs and the sweep each read the same set
    (read-only arrays), and a change of the data set built it three times a frame."""
    return make_task_data(DepthConfig(task=task, seed=seed, classes=2))


def make_net(config: NormalizationConfig, norm: str | None = None) -> MLP:
    """The untrained network of the config, float64."""
    return MLP(config.sizes, config.activation, init=config.init, norm=norm, seed=config.seed)


class BatchSource:
    """Pre-activations of a batch at every hidden layer, cached per network and batch size."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._layers: tuple[np.ndarray, ...] = ()
        self._sliced: dict[int, tuple[np.ndarray, ...]] = {}  # batch size → its rows

    def data(self, config: NormalizationConfig) -> TaskData:
        return task_data(config)

    def layers(self, config: NormalizationConfig) -> tuple[np.ndarray, ...]:
        """``z`` (B, F) at hidden layers 1 … depth, for the first B rows of a seeded shuffle.

        The net runs once on the largest batch the lab allows; a smaller batch is its first
        rows (without a norm each row is computed on its own: the same numbers up to BLAS's
        rounding), so the batch slider only slices."""
        key = tuple(getattr(config, f) for f in NET_FIELDS)
        if key != self._key:
            data = self.data(config)
            rows = np.random.default_rng(config.seed).permutation(data.n)[:BATCH_MAX]
            net = make_net(config)
            net.forward(data.X[rows])
            self._layers = tuple(freeze(a["preact"].copy()) for a in net.layer_arrays())
            self._key, self._sliced = key, {}
        sliced = self._sliced.get(config.batch)
        if sliced is None:  # the same array objects for the same batch: caches key on them
            sliced = self._sliced[config.batch] = tuple(z[: config.batch] for z in self._layers)
        return sliced


@dataclass(frozen=True, eq=False)
class AxisView:
    """The heat map's batch and the clicked cell's group, read-only.

    ``z`` (B, F) before the norm, ``out`` (B, F) after it; ``labels`` (B, F) the group of each
    entry, ``mask`` (B, F) the clicked cell's group. ``mean`` and ``var`` are that group's μ
    and biased σ² (RMSNorm: ``mean`` is NaN and ``var`` is the mean square, the only statistic
    it takes); ``denominator`` is what the cell is divided by, √(σ² + ε) or √(mean z² + ε).
    Histograms: ``edges_before`` (BINS + 1,) with counts of all entries and of the group, the
    same after the norm."""

    norm: str
    groups: int
    layer: int
    z: np.ndarray
    out: np.ndarray
    labels: np.ndarray
    mask: np.ndarray
    row: int
    column: int
    mean: float
    var: float
    eps: float
    denominator: float
    value: float
    normalized: float
    count: int
    edges_before: np.ndarray
    all_before: np.ndarray
    group_before: np.ndarray
    edges_after: np.ndarray
    all_after: np.ndarray
    group_after: np.ndarray

    @property
    def std(self) -> float:
        return math.sqrt(self.var)


@dataclass(frozen=True, eq=False)
class NormalizedBatch:
    """What a click does not change: the norm's output, the group labels, the histogram
    edges and the whole batch's counts (before and after)."""

    out: np.ndarray
    labels: np.ndarray
    eps: float
    edges_before: np.ndarray
    all_before: np.ndarray
    edges_after: np.ndarray
    all_after: np.ndarray


def normalized_batch(name: str, groups: int, z: np.ndarray) -> NormalizedBatch:
    """``z`` (B, F) through the norm ``name`` (γ = 1, β = 0, training mode)."""
    norm = normalization.make(name, z.shape[1], num_groups=groups)
    out = norm.forward(z, np.empty_like(z), True)
    eps = norm.eps_for(z.dtype) if isinstance(norm, normalization.RMSNorm) else norm.eps
    edges_before, all_before = _histogram(z)
    edges_after, all_after = _histogram(out)
    return NormalizedBatch(
        out=freeze(out),
        labels=freeze(normalization.group_labels(name, z.shape, groups)),
        eps=float(eps),
        edges_before=edges_before,
        all_before=all_before,
        edges_after=edges_after,
        all_after=all_after,
    )


def axis_view(
    config: NormalizationConfig, z: np.ndarray, batch: NormalizedBatch | None = None
) -> AxisView:
    """Describe the clicked cell's group in ``z`` (B, F) normalized with ``config.norm``
    (``batch``: :func:`normalized_batch` of the same, computed here if not given)."""
    groups = config.effective_groups
    if batch is None:
        batch = normalized_batch(config.norm, groups, z)
    out, labels, eps = batch.out, batch.labels, batch.eps
    row, column = config.row, config.column
    mask = labels == labels[row, column]
    members = z[mask]
    if config.norm == "rmsnorm":
        mean, var = math.nan, float(np.mean(members * members))
    else:
        mean, var = float(np.mean(members)), float(np.var(members))
    return AxisView(
        norm=config.norm,
        groups=groups,
        layer=config.layer,
        z=z,
        out=out,
        labels=labels,
        mask=freeze(mask),
        row=row,
        column=column,
        mean=mean,
        var=var,
        eps=eps,
        denominator=math.sqrt(var + eps),
        value=float(z[row, column]),
        normalized=float(out[row, column]),
        count=int(mask.sum()),
        edges_before=batch.edges_before,
        all_before=batch.all_before,
        group_before=freeze(np.histogram(members, batch.edges_before)[0]),
        edges_after=batch.edges_after,
        all_after=batch.all_after,
        group_after=freeze(np.histogram(out[mask], batch.edges_after)[0]),
    )


def _histogram(values: np.ndarray):
    """Edges over all finite values (a span of at least 1e-6) and the counts."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    if not high - low > 1e-6:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, BINS + 1)
    return freeze(edges), freeze(np.histogram(values, edges)[0])

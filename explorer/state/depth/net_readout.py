"""Looking at the network being trained: its fit, its accuracy, its per-layer statistics.

Qt-free helpers of :mod:`explorer.state.depth.runner`. Everything here reads the live core
``MLP`` without changing what training depends on: BatchNorm's running statistics are put back
after a training-mode probe pass, and predictions use ``MLP.predict`` (eval semantics).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from explorer.core import activations, datasets
from explorer.core.layers import BatchNorm1d
from explorer.core.mlp import MLP
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import TaskData
from explorer.state.depth.probe import ProbeResult
from explorer.state.session import freeze

FIT_FLOPS = 60e6  # floating-point work of one decision map: sets its resolution
GRID_MIN, GRID_MAX = 16, 64
_SIGMOID = activations.get("sigmoid")


@dataclass(frozen=True, eq=False)
class FitData:
    """The function the net computes now: a 1-D curve or 2-D class probabilities on a grid.

    Curve: ``xs`` (M,), ``ys`` (M,). Grid: ``xs`` (R,) the columns and rows (a square
    grid), ``probabilities`` (R, R, K), rows along x₂, summing to 1 over the K classes."""

    xs: np.ndarray
    ys: np.ndarray | None
    probabilities: np.ndarray | None


def flops_per_point(sizes) -> float:
    return float(sum(2 * a * b for a, b in itertools.pairwise(sizes)))


def grid_resolution(sizes) -> int:
    """As many grid points as FIT_FLOPS of forward passes buy, within [16, 64] per side."""
    side = math.sqrt(FIT_FLOPS / max(flops_per_point(sizes), 1.0))
    return int(min(max(side, GRID_MIN), GRID_MAX))


def class_probabilities(outputs: np.ndarray, loss: str) -> np.ndarray:
    """(N, K) class probabilities from the net's outputs under ``loss``'s reading of them."""
    out = np.asarray(outputs, dtype=np.float64)
    if out.shape[1] > 1:  # cross-entropy logits → softmax
        shifted = out - out.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=1, keepdims=True)
    p = out[:, 0] if loss == "bce" else _SIGMOID.forward(out[:, 0])
    p = np.clip(np.nan_to_num(p, nan=0.5), 0.0, 1.0)
    return np.column_stack([1.0 - p, p])


def predicted_classes(outputs: np.ndarray, loss: str) -> np.ndarray:
    """The class each output row votes for (ties and NaN go to class 0)."""
    out = np.asarray(outputs)
    if out.shape[1] > 1:
        return np.argmax(np.nan_to_num(out, nan=-np.inf), axis=1)
    threshold = 0.5 if loss == "bce" else 0.0
    return (out[:, 0] > threshold).astype(np.int64)


def fit_view(net: MLP, config: DepthConfig, data: TaskData) -> FitData:
    with np.errstate(all="ignore"):
        if config.kind == "regression":
            xs = data.curve_x
            ys = net.predict(xs[:, None].astype(net.dtype))[:, 0].astype(np.float64)
            return FitData(xs=xs, ys=freeze(ys), probabilities=None)
        resolution = grid_resolution(config.sizes)
        e = data.extent
        xs = np.linspace(-e, e, resolution)
        points = datasets.grid((-e, e), (-e, e), resolution).astype(net.dtype)
        p = class_probabilities(net.predict(points), config.loss)
    return FitData(xs=freeze(xs), ys=None,
                   probabilities=freeze(p.reshape(resolution, resolution, -1)))  # fmt: skip


def evaluate(net: MLP, config: DepthConfig, data: TaskData, loss) -> tuple[float, float | None]:
    """Loss and accuracy (None for regression) on all training points, eval semantics."""
    with np.errstate(all="ignore"):
        out = net.predict(data.X.astype(net.dtype))
        value = loss.value(out, data.target)
    if config.kind == "regression":
        return float(value), None
    accuracy = float(np.mean(predicted_classes(out, config.loss) == data.labels))
    return float(value), accuracy


def _norm_states(net: MLP):
    return [n.get_state() if isinstance(n, BatchNorm1d) else None for n in net.norms]


def _restore_norms(net: MLP, states) -> None:
    for norm, state in zip(net.norms, states, strict=True):
        if state is not None:
            norm.set_state(state)


def training_mode_stats(net: MLP, X: np.ndarray, target: np.ndarray, loss):
    """``net.layer_stats()`` of one forward/backward of (X, target) in training mode.

    Leaves BatchNorm's running statistics as they were; overwrites ``net.grads`` (the
    optimizer has used them already)."""
    states = _norm_states(net)
    with np.errstate(all="ignore"):
        out = net.forward(X.astype(net.dtype))
        value, grad = loss.value_and_gradient(out, target)
        net.backward(grad)
        stats = net.layer_stats()
    _restore_norms(net, states)
    return stats, float(value)


def live_layers(net: MLP, data: TaskData, loss) -> ProbeResult:
    """The probe pass of the trained net: the same batch and statistics as the init bars."""
    stats, value = training_mode_stats(net, data.probe_x(), data.probe_target(), loss)
    arrays = net.layer_arrays()

    def column(key: str) -> np.ndarray:
        return freeze(np.array([s[key] for s in stats], dtype=np.float64))

    return ProbeResult(
        grad_norm=column("grad_norm"),
        preact_mean=column("preact_mean"),
        preact_std=column("preact_std"),
        act_mean=column("act_mean"),
        act_std=column("act_std"),
        frac_saturated=column("frac_saturated"),
        frac_dead=column("frac_dead"),
        loss=value,
        preact=freeze(np.stack([a["preact"] for a in arrays]).astype(np.float64)),
        act=freeze(np.stack([a["act"] for a in arrays]).astype(np.float64)),
    )


def dead_on_all_data(net: MLP, data: TaskData, loss) -> np.ndarray:
    """Fraction of dead units per layer over every training point (confirms a probe alarm)."""
    stats, _value = training_mode_stats(net, data.X, data.target, loss)
    return np.array([s["frac_dead"] for s in stats])

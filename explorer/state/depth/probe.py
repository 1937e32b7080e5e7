"""One forward/backward pass of a probe batch through the untrained net, per-layer statistics.

This is what the gradient bars and the activation strips show on every control change. It
computes exactly what ``MLP.forward`` → ``MLP.backward`` → ``MLP.layer_stats()`` give (tests
compare them value for value) with the core's own layer pieces (:mod:`explorer.core.layers`),
but lean enough for a 16 ms frame at depth 64 × width 128:

- the weights come straight from the :class:`~explorer.state.depth.weight_bank.WeightBank` (no
  network to allocate), float64 so that 0.25⁶⁴ ≈ 3e-39 does not underflow;
- the forward pass and every statistic that depends on it alone (pre-activation and activation
  mean/std, f′, fractions saturated and dead) are kept per layer: a layer is recomputed only
  when it or a layer before it changed, so dragging the depth from 63 to 64 runs the forward
  of one new layer, then the whole backward pass (∂L/∂y changed);
- statistics are taken over all layers at once on stacked (layers, N, F) arrays;
- ‖∂L/∂Wₗ‖ = ‖hₗ₋₁ᵀ δₗ‖ is taken as √⟨hhᵀ, δδᵀ⟩ (two N × N Gram matrices, the first kept
  with the forward pass) instead of forming the F × F gradient: the same number to ~1e-13,
  for a fraction of the work when N ≪ F.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.core import stats as core_stats
from explorer.core.layers import ActivationLayer, BatchNorm1d, LayerNorm
from explorer.core.mlp import is_registry_activation
from explorer.state.depth.config import DEPTH_MAX
from explorer.state.session import freeze

FORWARD_STATS = (
    "preact_mean", "preact_std", "act_mean", "act_std", "frac_saturated", "frac_dead",
    "mean_abs_derivative",
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class ProbeResult:
    """Per-hidden-layer statistics of one probe pass (arrays of length depth, read-only).

    Keys and definitions are those of :func:`explorer.core.stats.layer_stats`. ``preact``/
    ``act`` are the stacked (depth, N, width) arrays, for the histogram strips."""

    grad_norm: np.ndarray
    preact_mean: np.ndarray
    preact_std: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    frac_saturated: np.ndarray
    frac_dead: np.ndarray
    loss: float
    preact: np.ndarray
    act: np.ndarray
    mean_abs_derivative: np.ndarray | None = None  # mean |f′(u)| per layer (not a core stat)
    reused: int = 0  # leading layers whose forward pass is the previous result's

    @property
    def depth(self) -> int:
        return len(self.grad_norm)

    def ratio(self) -> float:
        """‖∂L/∂W₁‖ / ‖∂L/∂W_D‖, first over last hidden layer (1 for a single layer)."""
        first, last = float(self.grad_norm[0]), float(self.grad_norm[-1])
        if last == 0.0 or not (math.isfinite(first) and math.isfinite(last)):
            return math.nan
        return first / last


class _Layout:
    """Buffers of one (N, width): stacked per-layer arrays for up to DEPTH_MAX layers."""

    def __init__(self, n: int, width: int) -> None:
        shape = (DEPTH_MAX, n, width)
        self.z, self.u, self.a, self.h, self.d = (np.empty(shape) for _ in range(5))
        self.ones = np.ones(n)
        self.g, self.du, self.dz, self.scratch = (np.empty((n, width)) for _ in range(4))
        self.dx = np.empty((n, width))
        self.gram = np.empty((DEPTH_MAX, n, n))  # h hᵀ of each layer's input
        self.delta_gram = np.empty((n, n))
        self.stats = {key: np.empty(DEPTH_MAX) for key in FORWARD_STATS}


class Probe:
    """Runs probe passes; remembers the forward pass of the last network, layer by layer."""

    def __init__(self) -> None:
        self._layout: _Layout | None = None
        self._key: tuple | None = None  # what every cached layer shares (input, activation…)
        self._layers: list[tuple[np.ndarray, np.ndarray]] = []  # (W, b) of the cached layers
        self._norms: list = []
        self.forward_layers = 0  # hidden layers run forward (tests check the cache works)

    def run(self, layers, activation, norm, residual, x, target, loss, out_activation=None):
        """Probe ``layers`` = ``[(W₁, b₁), …, (W_out, b_out)]`` (float64) on ``x`` (N, in).

        ``activation``/``out_activation`` are core activation objects, ``norm`` None,
        'batchnorm' or 'layernorm' (training-mode statistics, as a fresh ``MLP``), ``loss`` a
        core loss taking the network's output and ``target``."""
        hidden = layers[:-1]
        depth, n = len(hidden), x.shape[0]
        width = hidden[0][0].shape[1]
        if self._layout is None or self._layout.a.shape[1:] != (n, width):
            self._layout, self._key = _Layout(n, width), None
        act = _layer(activation)
        key = (id(x), activation, norm, bool(residual))
        if key != self._key:
            self._key, self._layers, self._norms = key, [], []
            self._x = x  # keeps id(x) from being reused while cached
        valid = 0
        while valid < min(depth, len(self._layers)) and _same(self._layers[valid], hidden[valid]):
            valid += 1
        del self._layers[valid:], self._norms[valid:]
        buf = self._layout
        with np.errstate(all="ignore"):  # an exploding init overflows: shown, not warned about
            for i in range(valid, depth):
                self._forward_layer(i, hidden[i], act, norm, residual, x)
            if valid < depth:
                self._forward_stats(valid, depth, act)
            h = self._input(depth, x, residual)
            W_out, b_out = layers[-1]
            z_out = np.matmul(h, W_out)
            z_out += b_out
            out_act = None if out_activation is None else _layer(out_activation)
            y = z_out if out_act is None else out_act.predict(z_out)
            value, dy = loss.value_and_gradient(y, target)
            if out_act is not None:
                dy = dy * out_act.derivative(z_out, y, np.empty_like(y))
            grad_norm = self._backward(hidden, dy @ W_out.T, residual, x)
        return ProbeResult(
            grad_norm=freeze(grad_norm),
            **{k: freeze(buf.stats[k][:depth].copy()) for k in FORWARD_STATS},
            loss=float(value),
            preact=freeze(buf.u[:depth].copy()),
            act=freeze(buf.a[:depth].copy()),
            reused=valid,
        )

    # --- forward -------------------------------------------------------------------------------
    def _input(self, i: int, x: np.ndarray, residual: bool) -> np.ndarray:
        """The input of hidden layer ``i`` (or of the output layer for i = depth)."""
        if i == 0:
            return x
        buf = self._layout
        return buf.h[i - 1] if residual and self._skip(i - 1, x) else buf.a[i - 1]

    def _skip(self, i: int, x: np.ndarray) -> bool:
        fan_in = x.shape[1] if i == 0 else self._layout.a.shape[2]
        return fan_in == self._layout.a.shape[2]

    def _forward_layer(self, i, layer, act, norm, residual, x) -> None:
        self.forward_layers += 1
        buf, (W, b) = self._layout, layer
        h = self._input(i, x, residual)
        np.matmul(h, h.T, out=buf.gram[i])
        z = buf.z[i] if norm else buf.u[i]
        np.matmul(h, W, out=z)
        z += b
        norm_layer = None
        if norm:
            width = W.shape[1]
            kind = BatchNorm1d if norm == "batchnorm" else LayerNorm
            norm_layer = kind(np.ones(width), np.zeros(width), np.empty(width), np.empty(width))
            norm_layer.forward(z, buf.u[i], True, buf.ones)
        a = act.forward(buf.u[i], buf.a[i])
        if a is not buf.a[i]:
            buf.a[i] = a
        if residual and self._skip(i, x):
            np.add(h, buf.a[i], out=buf.h[i])
        self._layers.append(layer)
        self._norms.append(norm_layer)

    def _forward_stats(self, start: int, stop: int, act: ActivationLayer) -> None:
        """The statistics of layers start…stop−1 that need no gradient, all layers at once."""
        buf = self._layout
        u, a, d = buf.u[start:stop], buf.a[start:stop], buf.d[start:stop]
        derivative = act.derivative(u, a, d)
        if derivative is not d:
            d[...] = derivative
        s = buf.stats
        s["preact_mean"][start:stop] = u.mean(axis=(1, 2))
        s["preact_std"][start:stop] = u.std(axis=(1, 2))
        s["act_mean"][start:stop] = a.mean(axis=(1, 2))
        s["act_std"][start:stop] = a.std(axis=(1, 2))
        per_layer = u.shape[1] * u.shape[2]
        threshold = core_stats.SATURATION_FRACTION * act.max_abs_derivative
        saturated = (d == 0) if threshold <= 0 else (np.abs(d) < threshold)
        s["frac_saturated"][start:stop] = np.count_nonzero(saturated, axis=(1, 2)) / per_layer
        alive = np.count_nonzero(np.any(d != 0, axis=1), axis=1)
        s["frac_dead"][start:stop] = 1.0 - alive / u.shape[2]
        s["mean_abs_derivative"][start:stop] = np.abs(d).mean(axis=(1, 2))

    # --- backward ------------------------------------------------------------------------------
    def _backward(self, hidden, g: np.ndarray, residual: bool, x: np.ndarray) -> np.ndarray:
        """‖∂L/∂Wᵢ‖ of every hidden layer, from ``g`` = ∂L/∂(output of the last one)."""
        buf = self._layout
        grad_norm = np.empty(len(hidden))
        g = np.copyto(buf.g, g) or buf.g
        for i in range(len(hidden) - 1, -1, -1):
            W = hidden[i][0]
            skip = residual and self._skip(i, x)
            du = np.multiply(g, buf.d[i], out=buf.du)
            norm_layer = self._norms[i]
            if norm_layer is not None:
                du = norm_layer.backward(du, buf.dz, buf.ones, buf.scratch)
            squared = float(np.vdot(buf.gram[i], np.matmul(du, du.T, out=buf.delta_gram)))
            grad_norm[i] = math.sqrt(max(squared, 0.0)) if squared == squared else math.nan
            if i == 0:
                break
            dx = np.matmul(du, W.T, out=buf.dx)
            if skip:
                dx += g
            g = np.copyto(buf.g, dx) or buf.g
        return grad_norm


def _layer(activation) -> ActivationLayer:
    """The core's wrapper, with its fast paths exactly when the MLP takes them."""
    return ActivationLayer(activation, fast_ok=is_registry_activation(activation))


def _same(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> bool:
    return a[0] is b[0] and a[1] is b[1]

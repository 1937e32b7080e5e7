"""The "What it does to every layer" tab: one network, four norms, trained side by side.

Qt-free. :class:`VariantsRun` holds the same network (depth, width, activation, initializer
and seed of the config) four times — without a norm, with BatchNorm, LayerNorm and RMSNorm
after every hidden Linear — with identical initial weights (the seed), trained by plain SGD on
identical mini-batches (one shared stream of batch indices). :meth:`VariantsRun.view` reads
what the plots show: the loss curves, the gradient norm ‖∂L/∂Wₗ‖ per layer and quantiles of
every layer's pre-activations (after the norm) on the last batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.core import losses, optimizers, stats
from explorer.core.mlp import MLP
from explorer.core.normalization import RMSNorm
from explorer.state.normalization.axis import task_data
from explorer.state.normalization.config import TRAIN_FIELDS, NormalizationConfig
from explorer.state.session import freeze
from explorer.state.stepping import train_within

VARIANTS = ("none", "batchnorm", "layernorm", "rmsnorm")
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
MAX_STEPS = 20_000


def row_quantiles(a: np.ndarray, qs) -> np.ndarray:
    """``np.quantile(a, qs, axis=1).T`` (the default 'linear' method) for ``a`` (rows, n), by
    one sort: NumPy's partition for five quantiles took ten times as long (20 ms a frame for
    four nets of 10 × 64 at batch 64, measured)."""
    s = np.sort(a, axis=1)
    pos = np.asarray(qs, dtype=np.float64) * (a.shape[1] - 1)
    low = np.floor(pos).astype(np.intp)
    high = np.minimum(low + 1, a.shape[1] - 1)
    frac = pos - low
    return s[:, low] * (1 - frac) + s[:, high] * frac


class RMSNormMLP(MLP):
    """The MLP with RMSNorm after each hidden Linear (the core MLP knows BatchNorm and
    LayerNorm only): built as the LayerNorm net — the same parameter layout, initial weights
    from the same seed — whose norms are then swapped for RMSNorms on the same γ. The β of
    the layout is never read and its gradient stays 0, so it stays 0 under SGD: torch's
    RMSNorm has no bias."""

    def __init__(self, sizes, activation, **kwargs) -> None:
        super().__init__(sizes, activation, norm="layernorm", **kwargs)
        self.norms = [RMSNorm(n.gamma, n.dgamma) for n in self.norms]
        self.norm = "rmsnorm"

    def copy(self):
        raise NotImplementedError("RMSNormMLP has no copy (the lab does not need one)")


def make_variant(config: NormalizationConfig, variant: str) -> MLP:
    """One of the four nets, in float32 (torch's default dtype; twice as fast as float64)."""
    kwargs = dict(init=config.init, seed=config.seed, dtype=np.float32)
    if variant == "rmsnorm":
        return RMSNormMLP(config.sizes, config.activation, **kwargs)
    norm = None if variant == "none" else variant
    return MLP(config.sizes, config.activation, norm=norm, **kwargs)


@dataclass(frozen=True, eq=False)
class VariantsView:
    """What the plots draw, read-only. ``losses`` (V, steps) mini-batch loss of each variant;
    ``grad_norms`` (V, depth) ‖∂L/∂Wₗ‖ of the last step; ``quantiles`` (V, depth, 5) the
    5/25/50/75/95 % quantiles of each layer's pre-activation (after the norm) on the last
    batch; ``accuracy`` (V,) on the last batch."""

    variants: tuple[str, ...]
    step: int
    losses: np.ndarray
    grad_norms: np.ndarray
    quantiles: np.ndarray
    accuracy: np.ndarray

    def last_loss(self, index: int) -> float:
        return float(self.losses[index, -1]) if self.step else math.nan


class VariantsRun:
    """The four nets of one config, trained in lock step."""

    def __init__(self, config: NormalizationConfig) -> None:
        self.key = tuple(getattr(config, f) for f in TRAIN_FIELDS)
        self.config = config
        data = task_data(config)
        self.X, self.target = np.asarray(data.X), np.asarray(data.target)
        self.nets = [make_variant(config, v) for v in VARIANTS]
        self.optimizers = [optimizers.get("sgd", lr=config.learning_rate) for _ in VARIANTS]
        self.loss = losses.get("bce_with_logits")
        self.rng = np.random.default_rng(config.seed)
        self.losses = np.empty((len(VARIANTS), 1024))
        self.accuracy = np.full(len(VARIANTS), math.nan)
        self.step_count = 0
        self.stopped: str | None = None
        self._probe()

    def _probe(self) -> None:
        """Forward and backward of every net on the first batch, without a step: the views
        show the untrained nets' gradients and pre-activations at step 0."""
        x, target = self.X[: self.config.train_batch], self.target[: self.config.train_batch]
        for net in self.nets:
            net.backward(self.loss.gradient(net.forward(x), target))

    def matches(self, config: NormalizationConfig) -> bool:
        return self.key == tuple(getattr(config, f) for f in TRAIN_FIELDS)

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Up to ``max_steps`` lock steps (one SGD step of each net) within ``budget_s``."""
        return train_within(self._step, lambda: self.stopped, max_steps, budget_s)

    def _step(self) -> None:
        n = self.X.shape[0]
        size = min(self.config.train_batch, n)
        rows = self.rng.choice(n, size=size, replace=False)
        x, target = self.X[rows], self.target[rows]
        if self.step_count == self.losses.shape[1]:
            self.losses = np.concatenate([self.losses, np.empty_like(self.losses)], axis=1)
        for i, (net, opt) in enumerate(zip(self.nets, self.optimizers, strict=True)):
            out = net.forward(x)
            value, grad = self.loss.value_and_gradient(out, target)
            net.backward(grad)
            opt.step(net.flat_params, net.flat_grads)
            self.losses[i, self.step_count] = value
            self.accuracy[i] = float(np.mean((out > 0) == (target > 0.5)))
        self.step_count += 1
        bad = [VARIANTS[i] for i in range(len(VARIANTS))
               if not math.isfinite(self.losses[i, self.step_count - 1])]  # fmt: skip
        if bad:
            self.stopped = f"the loss of {', '.join(bad)} is not finite: lower the learning rate"
        elif self.step_count >= MAX_STEPS:
            self.stopped = f"{MAX_STEPS} steps reached: restart to train again"

    def view(self) -> VariantsView:
        depth = self.config.depth
        grads = np.full((len(VARIANTS), depth), math.nan)
        quantiles = np.full((len(VARIANTS), depth, len(QUANTILES)), math.nan)
        for i, net in enumerate(self.nets):
            grads[i] = [stats.grad_norms(lin.gW)[0] for lin in net.linears[:-1]]
            preacts = np.stack([a["preact"].ravel() for a in net.layer_arrays()])
            quantiles[i] = row_quantiles(preacts, QUANTILES)
        return VariantsView(
            variants=VARIANTS,
            step=self.step_count,
            losses=freeze(self.losses[:, : self.step_count].copy()),
            grad_norms=freeze(grads),
            quantiles=freeze(quantiles),
            accuracy=freeze(self.accuracy.copy()),
        )

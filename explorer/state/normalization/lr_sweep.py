"""The learning-rate sweep of the "Every layer" tab: the largest stable rate per variant.

Qt-free. For each learning rate of :data:`SWEEP_LRS` and each variant (none, BatchNorm,
LayerNorm, RMSNorm), the config's net is trained for :data:`SWEEP_STEPS` SGD steps from the
same initial weights on the same batches, and its final loss (the mean of the last
:data:`FINAL_WINDOW` batch losses) recorded; a loss that is not finite or above
:data:`DIVERGED_ABOVE` marks a divergence. The work is done in slices
(:meth:`LRSweep.advance`, a time budget each) so the window never freezes; a half-trained
cell is kept between slices.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from explorer.core import losses, optimizers
from explorer.state.normalization.axis import task_data
from explorer.state.normalization.config import NET_FIELDS, NormalizationConfig
from explorer.state.normalization.variants import VARIANTS, make_variant
from explorer.state.session import freeze

SWEEP_LRS = tuple(float(v) for v in np.logspace(-3, 1, 9))  # 0.001 … 10, two per decade
SWEEP_STEPS = 150
FINAL_WINDOW = 20
DIVERGED_ABOVE = 100.0  # a BCE loss this high has left the data behind
STABLE_BELOW = math.log(2)  # the loss of predicting ½ everywhere: "learned something"

SWEEP_FIELDS = (*NET_FIELDS, "train_batch")


def sweep_key(config: NormalizationConfig) -> tuple:
    return tuple(getattr(config, f) for f in SWEEP_FIELDS)


@dataclass(frozen=True, eq=False)
class SweepView:
    """``final`` (V, L) final loss per variant and learning rate: NaN not computed yet, inf
    diverged. ``done`` cells of ``total``."""

    lrs: np.ndarray
    final: np.ndarray
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done == self.total

    def largest_stable(self, index: int) -> float:
        """The largest rate whose final loss is below ln 2, NaN if none (yet)."""
        ok = np.nonzero(self.final[index] < STABLE_BELOW)[0]
        return float(self.lrs[ok[-1]]) if ok.size else math.nan


class LRSweep:
    """The sweep of one config, advanced in slices."""

    def __init__(self, config: NormalizationConfig) -> None:
        self.key = sweep_key(config)
        self.config = config
        data = task_data(config)
        self.X, self.target = np.asarray(data.X), np.asarray(data.target)
        self.loss = losses.get("bce_with_logits")
        self.final = np.full((len(VARIANTS), len(SWEEP_LRS)), math.nan)
        # cells in order of the learning rate, the four variants of one rate together
        self.cells = [(v, r) for r in range(len(SWEEP_LRS)) for v in range(len(VARIANTS))]
        self.done = 0
        self._cell: tuple | None = None  # (net, optimizer, rng, losses, step) in progress

    @property
    def finished(self) -> bool:
        return self.done == len(self.cells)

    def advance(self, budget_s: float) -> bool:
        """Train for about ``budget_s`` seconds; True once every cell is done."""
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):
            while not self.finished and time.perf_counter() - start < budget_s:
                self._step()
        return self.finished

    def _step(self) -> None:
        v, r = self.cells[self.done]
        if self._cell is None:
            net = make_variant(self.config, VARIANTS[v])
            opt = optimizers.get("sgd", lr=SWEEP_LRS[r])
            rng = np.random.default_rng(self.config.seed)  # the same batches in every cell
            self._cell = (net, opt, rng, [], 0)
        net, opt, rng, history, step = self._cell
        rows = rng.choice(self.X.shape[0], size=min(self.config.train_batch, self.X.shape[0]),
                          replace=False)  # fmt: skip
        value, grad = self.loss.value_and_gradient(net.forward(self.X[rows]), self.target[rows])
        history.append(value)
        diverged = not (math.isfinite(value) and value < DIVERGED_ABOVE)
        if not diverged:
            net.backward(grad)
            opt.step(net.flat_params, net.flat_grads)
        step += 1
        if diverged or step == SWEEP_STEPS:
            self.final[v, r] = math.inf if diverged else float(np.mean(history[-FINAL_WINDOW:]))
            self.done += 1
            self._cell = None
        else:
            self._cell = (net, opt, rng, history, step)

    def view(self) -> SweepView:
        return SweepView(
            lrs=freeze(np.array(SWEEP_LRS)),
            final=freeze(self.final.copy()),
            done=self.done,
            total=len(self.cells),
        )

"""The training run of the Depth & gradients lab: the live net, its optimizer, its histories.

Qt-free, and safe to drive from one worker thread: :meth:`Runner.advance` and
:meth:`Runner.view` touch only this object, and a view is immutable, so the UI thread draws
views while the worker trains. The net is float32 (twice as fast as float64, and as precise
as training needs); the bars of the untrained net come from the float64 probe.

A step takes the next mini-batch of a per-epoch shuffle (seeded by the config's seed, so two
runs with the same seed see the same batches), records the batch loss, the batch accuracy
and ‖∂L/∂Wₗ‖ of every hidden layer, and lets :mod:`explorer.state.depth.diagnosis` decide
whether to stop.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from explorer.core import activations, losses, optimizers
from explorer.state.depth import diagnosis
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import TaskData
from explorer.state.depth.net_readout import (
    FitData,
    dead_on_all_data,
    evaluate,
    fit_view,
    flops_per_point,
    live_layers,
    predicted_classes,
)
from explorer.state.depth.probe import ProbeResult
from explorer.state.depth.weight_bank import WeightBank, make_network
from explorer.state.session import freeze

MAX_STEPS = 50_000  # training pauses here; bounds the histories
HEAT_STEPS = 400  # columns of the gradient heat map: the last 400 steps
PLOT_POINTS = 500  # loss and accuracy curves are thinned to this many points
SLOW_VIEW_SHARE = 0.2  # the probe, fit and full-data evaluation: at most this share of time
SLOW_INTERVAL_S = 0.1  # … and at most ten times a second


@dataclass(frozen=True, eq=False)
class TrainView:
    """One moment of a training run, read-only (the UI draws it on its own thread)."""

    step: int
    steps: np.ndarray  # step number of each curve point (1-based)
    loss: np.ndarray  # mini-batch loss at those steps
    accuracy: np.ndarray | None  # mini-batch accuracy at those steps (classification)
    heat: np.ndarray  # (depth, ≤ HEAT_STEPS) log10 ‖∂L/∂Wₗ‖ of the last steps
    heat_steps: np.ndarray  # step of each heat-map column
    layers: ProbeResult  # the probe batch through the trained net
    fit: FitData
    full_loss: float  # on all training points (eval semantics), as of ``evaluated_at``
    full_accuracy: float | None
    evaluated_at: int
    diagnosis: diagnosis.Diagnosis | None
    chance: float  # the loss of predicting nothing (ln 2 for two classes)


def thin(count: int, limit: int = PLOT_POINTS) -> np.ndarray:
    """At most ``limit`` evenly spread indices of 0 … count−1, first and last included."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(np.intp))


def _segment_bounds(net) -> np.ndarray:
    """[start₁, stop₁, start₂, …] of each hidden layer's weight gradient in ``flat_grads``."""
    base = net.flat_grads.__array_interface__["data"][0]
    item = net.flat_grads.itemsize
    bounds = []
    for linear in net.linears[:-1]:
        start = (linear.gW.__array_interface__["data"][0] - base) // item
        bounds += [start, start + linear.gW.size]
    if bounds[-1] == net.flat_grads.size:
        bounds.pop()  # reduceat needs indices inside the array; the last segment runs to the end
    return np.array(bounds, dtype=np.intp)


def chance_loss(config: DepthConfig, data: TaskData, loss) -> float:
    """The loss of the output that predicts nothing (0 logits, p = ½, ŷ = 0)."""
    outputs = np.full((data.n, config.outputs), 0.5 if config.loss == "bce" else 0.0)
    return float(loss.value(outputs, data.target))


def estimated_step_seconds(config: DepthConfig) -> float:
    """About the seconds of one training step of ``config``'s net, before one was timed."""
    return 3 * config.effective_batch * flops_per_point(config.sizes) / 5e9 + 1e-4 * config.depth


class Runner:
    """Trains ``config``'s net (from the bank's initial weights) on ``data``."""

    def __init__(self, config: DepthConfig, bank: WeightBank, data: TaskData) -> None:
        self.config, self.data = config, data
        self.net = make_network(bank, config, np.float32)
        self.optimizer = optimizers.get(config.optimizer, **config.optimizer_hyper())
        self.loss = losses.get(config.loss)
        self.max_abs_derivative = float(activations.get(config.activation).max_abs_derivative)
        self._X = data.X.astype(np.float32)
        self._target = data.target if config.loss == "cross_entropy" else (
            data.target.astype(np.float32))  # fmt: skip
        self._batch = config.effective_batch
        self._order = np.random.default_rng([config.seed, 1])  # its own stream: batch order
        self._queue = np.empty(0, dtype=np.intp)
        self._grad_bounds = _segment_bounds(self.net)
        depth = config.depth
        self.losses = np.empty(1024)
        self.accuracies = np.empty(1024)
        self.heat = np.full((HEAT_STEPS, depth), np.nan)
        self.first_norms: np.ndarray | None = None
        self.last_norms = np.zeros(depth)
        self.step_count = 0
        self.diagnosis: diagnosis.Diagnosis | None = None
        self.reference = chance_loss(config, data, self.loss)
        self._slow: tuple | None = None  # (fit, full loss, full accuracy, evaluated at)
        self._slow_time = 0.0  # seconds the last fit + evaluation took
        self._slow_at = -math.inf  # perf_counter of the last one
        # seconds per step: estimated from the work until measured (the UI picks its thread)
        self.step_seconds = estimated_step_seconds(config)
        self._timed = False

    @property
    def stopped(self) -> bool:
        return self.diagnosis is not None

    # --- training ------------------------------------------------------------------------------
    def advance(self, max_steps: int, budget_s: float | None = None) -> int:
        """Up to ``max_steps`` steps, stopping after ``budget_s`` seconds (at least one step)
        or at a diagnosis. Returns the steps taken."""
        start = time.perf_counter()
        taken = 0
        with np.errstate(all="ignore"):  # a blow-up is reported by the diagnosis, not warnings
            while taken < max_steps and not self.stopped:
                self._step()
                taken += 1
                if budget_s is not None and time.perf_counter() - start >= budget_s:
                    break
        if taken:
            seconds = (time.perf_counter() - start) / taken
            self.step_seconds = seconds if self._timed else 0.5 * (self.step_seconds + seconds)
            self._timed = True
        return taken

    def _next_batch(self) -> np.ndarray | None:
        if self._batch >= self.data.n:
            return None
        if self._queue.size < self._batch:
            self._queue = self._order.permutation(self.data.n)
        rows, self._queue = self._queue[: self._batch], self._queue[self._batch :]
        return rows

    def _step(self) -> None:
        rows = self._next_batch()
        X = self._X if rows is None else self._X[rows]
        target = self._target if rows is None else self._target[rows]
        out = self.net.forward(X)
        value, grad = self.loss.value_and_gradient(out, target)
        correct = math.nan
        if self.config.kind != "regression":
            labels = self.data.labels if rows is None else self.data.labels[rows]
            correct = float(np.mean(predicted_classes(out, self.config.loss) == labels))
        self.net.backward(grad)
        norms = self._grad_norms()
        self._record(value, correct, norms)
        finite = bool(np.all(np.isfinite(norms)))
        latest = norms if finite else self.last_norms
        step = self.step_count
        found = diagnosis.check_step(self.config, step, value, self.reference,
                                     self.first_norms, latest, finite)  # fmt: skip
        if found is not None and step == 1:  # before any update: the initialization's fault
            preact_std = [layer["preact_std"] for layer in self.net.layer_stats()]
            found = diagnosis.check_step(self.config, step, value, self.reference,
                                         self.first_norms, latest, finite, preact_std)  # fmt: skip
        if found is not None:
            self.diagnosis = found
            return
        self.last_norms = norms
        # one flat vector instead of 2–4 arrays per layer: every rule here is elementwise,
        # so this is the same update with a fraction of the per-array overhead
        self.optimizer.step(self.net.flat_params, self.net.flat_grads)
        if self.step_count >= MAX_STEPS:
            self.diagnosis = diagnosis.step_limit(self.step_count)

    def _grad_norms(self) -> np.ndarray:
        """‖∂L/∂Wₗ‖ of every hidden layer, from one pass over the flat gradient (in float64:
        a float32 square of an exploding gradient would overflow before the norm does)."""
        squared = self.net.flat_grads.astype(np.float64)
        squared *= squared
        return np.sqrt(np.add.reduceat(squared, self._grad_bounds)[::2])

    def _record(self, value: float, correct: float, norms: np.ndarray) -> None:
        if self.step_count == self.losses.size:
            self.losses = np.concatenate([self.losses, np.empty_like(self.losses)])
            self.accuracies = np.concatenate([self.accuracies, np.empty_like(self.accuracies)])
        self.losses[self.step_count] = value
        self.accuracies[self.step_count] = correct
        with np.errstate(divide="ignore"):
            self.heat[self.step_count % HEAT_STEPS] = np.log10(norms)
        if self.first_norms is None:
            self.first_norms = norms
        self.step_count += 1

    # --- looking -------------------------------------------------------------------------------
    def view(self, fresh: bool = False) -> TrainView:
        """An immutable picture of the run now; also stops it if a layer has died.

        The costly parts (the probe through the trained net, the fit, the full-data loss) are
        refreshed at most every SLOW_INTERVAL_S, and less often when they would take more than
        SLOW_VIEW_SHARE of the time; ``fresh`` (or a stopped run) refreshes them now."""
        layers, fit, full_loss, full_accuracy, evaluated_at = self._slow_parts(fresh)
        count = self.step_count
        keep = thin(count)
        classification = self.config.kind != "regression"
        shown = min(count, HEAT_STEPS)
        columns = (np.arange(count - shown, count) % HEAT_STEPS) if shown else np.empty(0, int)
        return TrainView(
            step=count,
            steps=freeze((keep + 1).astype(np.float64)),
            loss=freeze(self.losses[:count][keep].copy()),
            accuracy=freeze(self.accuracies[:count][keep].copy()) if classification else None,
            heat=freeze(self.heat[columns].T.copy()),
            heat_steps=freeze(np.arange(count - shown + 1, count + 1, dtype=np.float64)),
            layers=layers,
            fit=fit,
            full_loss=full_loss,
            full_accuracy=full_accuracy,
            evaluated_at=evaluated_at,
            diagnosis=self.diagnosis,
            chance=self.reference,
        )

    def _slow_parts(self, fresh: bool) -> tuple:
        now = time.perf_counter()
        wait = max(SLOW_INTERVAL_S, self._slow_time / SLOW_VIEW_SHARE)
        due = fresh or self.stopped or now - self._slow_at >= wait
        if self._slow is None or (due and self._slow[4] != self.step_count):
            layers = live_layers(self.net, self.data, self.loss)
            if self.diagnosis is None and self.step_count and np.any(layers.frac_dead >= 1.0):
                dead = dead_on_all_data(self.net, self.data, self.loss)  # the probe: 16 points
                self.diagnosis = diagnosis.check_dead(self.config, self.step_count, dead,
                                                      self.max_abs_derivative)  # fmt: skip
            fit = fit_view(self.net, self.config, self.data)
            full_loss, full_accuracy = evaluate(self.net, self.config, self.data, self.loss)
            self._slow = (layers, fit, full_loss, full_accuracy, self.step_count)
            self._slow_at, self._slow_time = now, time.perf_counter() - now
        return self._slow

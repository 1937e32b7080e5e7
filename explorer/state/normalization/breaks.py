"""The "When it breaks" tab: BatchNorm's batch statistics are noisy, and eval mode uses others.

Qt-free. Two parts:

* :func:`batch_noise` — the untrained net's pre-activations of one unit over the whole data
  set have a true mean μ and std σ; BatchNorm sees only a batch of B of them. Drawing many
  batches gives μ_B and σ_B over "steps" and their spread against B, with the sampling theory
  std(μ_B) = σ/√B · √((n − B)/(n − 1)) (batches drawn without replacement from n points).
  B = 1 is refused with torch's own message (training BatchNorm needs 2 values per channel).
* :class:`EvalGapRun` — the BatchNorm net trained with batches of B and the config's momentum:
  its running mean and variance of that unit against the true statistics of the data set
  (all points as one batch, which the batch statistics estimate), and the batch accuracy in
  train mode against the accuracy in eval mode on the whole data set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.core import losses, optimizers
from explorer.core.mlp import MLP
from explorer.core.normalization import BatchNorm1d, batch_size_error
from explorer.state.normalization.axis import task_data
from explorer.state.normalization.config import NET_FIELDS, NormalizationConfig
from explorer.state.session import freeze
from explorer.state.stepping import train_within

NOISE_STEPS = 200  # batches drawn for the μ_B, σ_B traces
SWEEP = (2, 4, 8, 16, 32, 64, 128)
EVAL_EVERY = 10  # steps between two evaluations of the true statistics and eval accuracy
ACCURACY_WINDOW = 50  # steps averaged into the train-mode (batch) accuracy
MAX_STEPS = 20_000


@dataclass(frozen=True, eq=False)
class BatchNoise:
    """μ_B and σ_B of one unit over ``NOISE_STEPS`` batches of ``batch`` (empty arrays and
    ``error`` set for B = 1), the true μ and σ over all ``n`` points, and the sweep: the std of
    μ_B measured and predicted for each batch size of ``SWEEP`` (up to n)."""

    batch: int
    n: int
    mu: float
    sigma: float
    batch_mu: np.ndarray
    batch_sigma: np.ndarray
    sizes: np.ndarray
    measured: np.ndarray
    predicted: np.ndarray
    error: str | None


def hidden_preacts(net: MLP, X: np.ndarray, layer: int, whole_batch: bool = False) -> np.ndarray:
    """z (n, F) entering hidden layer ``layer``'s norm for the points ``X`` (n, inputs).

    The earlier layers' BatchNorms use their running statistics (eval mode), or, with
    ``whole_batch``, the statistics of all n points as one batch (train mode without touching
    the running statistics: a fresh BatchNorm1d on the same γ and β does the normalizing)."""
    h = np.asarray(X, dtype=net.dtype)
    for i in range(layer):
        z = net.linears[i].predict(h)
        if i == layer - 1:
            return z
        norm = net.norms[i]
        if norm is not None and whole_batch:
            fresh = BatchNorm1d(norm.gamma, norm.beta, np.empty_like(norm.gamma),
                                np.empty_like(norm.beta), eps=norm.eps)  # fmt: skip
            z = fresh.forward(z, np.empty_like(z), True)
        elif norm is not None:
            z = norm.predict(z)
        h = net.activation.forward(z)
    raise ValueError(f"layer must be between 1 and {net.n_hidden}, got {layer}")


def batch_noise(values: np.ndarray, batch: int, seed: int, features: int = 1) -> BatchNoise:
    """The batch statistics of ``values`` (n,) for batches of ``batch`` drawn without
    replacement, NOISE_STEPS batches per size. ``features`` only fills torch's message for
    B = 1 (the input size it quotes).

    Each draw is a random permutation of the n points (one argsort of random keys), and a
    batch of B is its first B points: every size uses prefixes of the same permutations, so
    running sums give all the means and stds at once (7 argpartitions took 8 ms a change)."""
    n = values.shape[0]
    rng = np.random.default_rng(seed)
    mu, sigma = float(values.mean()), float(values.std())
    drawn = values[np.argsort(rng.random((NOISE_STEPS, n)), axis=1)]  # (steps, n)
    counts = np.arange(1, n + 1)
    means = np.cumsum(drawn, axis=1) / counts  # [:, B − 1]: μ_B of the first B points
    squares = np.cumsum(drawn * drawn, axis=1) / counts
    stds = np.sqrt(np.maximum(squares - means * means, 0.0))  # biased σ_B, as BatchNorm's

    sizes = np.array([s for s in SWEEP if s <= n])
    measured = means[:, sizes - 1].std(axis=0)
    predicted = sigma / np.sqrt(sizes) * np.sqrt((n - sizes) / (n - 1))
    error = None
    if batch < 2:
        error = batch_size_error((batch, features))
        batch_mu = batch_sigma = np.empty(0)
    else:
        size = min(batch, n)
        batch_mu, batch_sigma = means[:, size - 1], stds[:, size - 1]
    return BatchNoise(batch, n, mu, sigma, freeze(batch_mu.copy()), freeze(batch_sigma.copy()),
                      freeze(sizes.astype(np.float64)), freeze(measured), freeze(predicted),
                      error)  # fmt: skip


class NoiseSource:
    """:func:`batch_noise` of the config's unit, cached per network, layer, unit and B."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._value: BatchNoise | None = None

    def get(self, config: NormalizationConfig) -> BatchNoise:
        key = (*(getattr(config, f) for f in NET_FIELDS), config.layer, config.column,
               config.noise_batch)  # fmt: skip
        if key != self._key:
            net = MLP(config.sizes, config.activation, init=config.init, seed=config.seed)
            z = hidden_preacts(net, task_data(config).X, config.layer)[:, config.column]
            self._key = key
            self._value = batch_noise(z, config.noise_batch, config.seed, config.width)
        return self._value


@dataclass(frozen=True, eq=False)
class EvalGapView:
    """Per step: ``running_mean``/``running_var`` of the unit, its ``batch_mean``; every
    EVAL_EVERY steps (at ``eval_steps``): the true mean and variance and the accuracies."""

    step: int
    steps: np.ndarray
    running_mean: np.ndarray
    running_var: np.ndarray
    batch_mean: np.ndarray
    eval_steps: np.ndarray
    true_mean: np.ndarray
    true_var: np.ndarray
    train_accuracy: np.ndarray
    eval_accuracy: np.ndarray


class EvalGapRun:
    """The BatchNorm net trained with batches of ``noise_batch`` and BN momentum ``momentum``."""

    FIELDS = (*NET_FIELDS, "learning_rate", "noise_batch", "momentum", "layer", "column")

    def __init__(self, config: NormalizationConfig) -> None:
        self.key = tuple(getattr(config, f) for f in self.FIELDS)
        self.config = config
        data = task_data(config)
        self.X, self.target = np.asarray(data.X), np.asarray(data.target)
        self.net = MLP(config.sizes, config.activation, init=config.init, norm="batchnorm",
                       seed=config.seed)  # fmt: skip
        for norm in self.net.norms:
            norm.momentum = config.momentum
        self.norm = self.net.norms[config.layer - 1]
        self.optimizer = optimizers.get("sgd", lr=config.learning_rate)
        self.loss = losses.get("bce_with_logits")
        self.rng = np.random.default_rng(config.seed)
        self.records = np.full((4, 1024), math.nan)  # running mean, var, batch mean, accuracy
        self.evals: list[tuple[int, float, float, float, float]] = []
        self.step_count = 0
        self.stopped: str | None = None
        if config.noise_batch < 2:
            self.stopped = batch_size_error((config.noise_batch, config.width))
        self._evaluate()

    def matches(self, config: NormalizationConfig) -> bool:
        return self.key == tuple(getattr(config, f) for f in self.FIELDS)

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        return train_within(self._step, lambda: self.stopped, max_steps, budget_s)

    def _step(self) -> None:
        rows = self.rng.choice(self.X.shape[0], size=self.config.noise_batch, replace=False)
        out = self.net.forward(self.X[rows])
        value, grad = self.loss.value_and_gradient(out, self.target[rows])
        self.net.backward(grad)
        self.optimizer.step(self.net.flat_params, self.net.flat_grads)
        if self.step_count == self.records.shape[1]:
            self.records = np.concatenate([self.records, np.full_like(self.records, math.nan)],
                                          axis=1)  # fmt: skip
        j = self.config.column
        norm = self.norm
        accuracy = float(np.mean((out > 0) == (self.target[rows] > 0.5)))
        self.records[:, self.step_count] = (norm.running_mean[j], norm.running_var[j],
                                            norm.batch_mean[j], accuracy)  # fmt: skip
        self.step_count += 1
        if not math.isfinite(value):
            self.stopped = "the loss is not finite: lower the learning rate"
        elif self.step_count >= MAX_STEPS:
            self.stopped = f"{MAX_STEPS} steps reached: restart to train again"
        if self.step_count % EVAL_EVERY == 0:
            self._evaluate()

    def _evaluate(self) -> None:
        z = hidden_preacts(self.net, self.X, self.config.layer, whole_batch=True)
        z = z[:, self.config.column]
        eval_accuracy = float(np.mean((self.net.predict(self.X) > 0) == (self.target > 0.5)))
        recent = self.records[3, max(0, self.step_count - ACCURACY_WINDOW) : self.step_count]
        train_accuracy = float(recent.mean()) if recent.size else math.nan
        self.evals.append((self.step_count, float(z.mean()), float(z.var(ddof=1)),
                           train_accuracy, eval_accuracy))  # fmt: skip

    def view(self) -> EvalGapView:
        count = self.step_count
        evals = np.array(self.evals, dtype=np.float64).reshape(-1, 5)
        return EvalGapView(
            step=count,
            steps=freeze(np.arange(1, count + 1, dtype=np.float64)),
            running_mean=freeze(self.records[0, :count].copy()),
            running_var=freeze(self.records[1, :count].copy()),
            batch_mean=freeze(self.records[2, :count].copy()),
            eval_steps=freeze(evals[:, 0].copy()),
            true_mean=freeze(evals[:, 1].copy()),
            true_var=freeze(evals[:, 2].copy()),
            train_accuracy=freeze(evals[:, 3].copy()),
            eval_accuracy=freeze(evals[:, 4].copy()),
        )

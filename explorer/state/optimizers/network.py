"""The "Same network" tab: the ticked optimizers train one small MLP side by side. Qt-free.

:class:`NetworkRun` builds the config's net once per ticked optimizer, from one seed (so every
optimizer starts from the same initial weights, checked), and trains them in lock step: one
step of each on the same batch (one shared stream of batch indices; the whole data set when
``net_batch`` is 0), with ``explorer.core``'s optimizers and binary cross-entropy with logits.
It records each net's loss on the step's batch, its weights at up to :data:`PATH_POINTS`
evenly spaced steps (the trajectories the landscape projects) and the time each optimizer's
steps took. :meth:`NetworkRun.view` is what the plots read.

:class:`NetworkTrainee` follows the session's config (a change of what the runs depend on
starts them again at step 0) and is the tab's TrainingDriver's trainee.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from explorer.core import losses, optimizers
from explorer.core.mlp import MLP
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import TaskData, make_task_data
from explorer.state.optimizers import entries
from explorer.state.optimizers.network_config import INIT, net_hyper
from explorer.state.session import freeze
from explorer.state.stepping import train_within

PATH_POINTS = 400  # weight snapshots kept per optimizer (every ⌈steps/400⌉-th step) …
KEPT_FLOATS = 2_000_000  # … fewer for a big net: all of them at most 16 MB
#: the config fields the nets and their data depend on (not the runs' optimizers)
NET_FIELDS = ("net_task", "net_width", "net_depth", "net_activation", "net_seed")


def task_data(config) -> TaskData:
    """The depth lab's data set for ``net_task`` and ``net_seed`` (two classes, 200 points)."""
    return make_task_data(DepthConfig(task=config.net_task, seed=config.net_seed, classes=2))


def make_net(config) -> MLP:
    """The untrained net of the config: 2 → width × depth → 1, float64, seeded."""
    sizes = (2, *([config.net_width] * config.net_depth), 1)
    return MLP(sizes, config.net_activation, init=INIT, seed=config.net_seed)


def run_key(config) -> tuple:
    """What the runs depend on: the net, batch, steps, the ticked optimizers and their hyper-
    parameters on the net (a race lr or the landscape's span changes none of it)."""
    ticked = tuple(key for key in entries.KEYS if key in set(config.ticked))
    hyper = tuple(tuple(sorted(net_hyper(config, key).items())) for key in ticked)
    return (*(getattr(config, f) for f in NET_FIELDS), config.net_batch, config.net_steps,
            ticked, hyper)  # fmt: skip


@dataclass(frozen=True, eq=False)
class NetworkView:
    """What the plots draw, read-only. ``losses`` (E, step) each optimizer's loss per step;
    ``accuracy`` (E,) on the whole data set now; ``steps_per_s`` (E,) each optimizer's steps
    over the time they took (forward, backward and update; NaN before the first step).

    The weights along the way: ``kept`` (E, K, n_params) at the steps the run keeps for good
    (rows of its buffer, never written again: not copied per view), ``now`` (E, n_params)
    the weights now; :attr:`paths` joins them, ending at ``now``, at ``path_steps``."""

    keys: tuple[str, ...]
    step: int
    steps: int  # the run's length
    losses: np.ndarray
    final_loss: np.ndarray  # (E,) on the whole data set now
    accuracy: np.ndarray
    steps_per_s: np.ndarray
    path_steps: np.ndarray
    kept: np.ndarray
    now: np.ndarray
    stopped: str | None

    def index(self, key: str) -> int:
        return self.keys.index(key)

    @property
    def recorded(self) -> int:
        """The points of :attr:`paths` kept for good (the rest, if any: the weights now)."""
        return self.kept.shape[1]

    @property
    def paths(self) -> np.ndarray:
        """(E, P, n_params): the kept weights, then the weights now unless the last kept."""
        if len(self.path_steps) == self.recorded:
            return self.kept
        return np.concatenate([self.kept, self.now[:, None]], axis=1)


class NetworkRun:
    """The nets of one config, one per ticked optimizer, trained in lock step."""

    def __init__(self, config) -> None:
        self.key = run_key(config)
        self.keys = self.key[len(NET_FIELDS) + 2]
        self.steps = config.net_steps
        self.batch = config.net_batch
        data = task_data(config)
        self.X, self.target = np.asarray(data.X), np.asarray(data.target)
        self.nets = [make_net(config) for _ in self.keys]
        self.optimizers = [
            optimizers.get(entries.entry(k).optimizer, **net_hyper(config, k)) for k in self.keys
        ]
        self.loss = losses.get("bce_with_logits")
        self.rng = np.random.default_rng(config.net_seed)
        self.losses = np.full((len(self.keys), self.steps), np.nan)
        self.seconds = np.zeros(len(self.keys))
        self.n_params = n_params = make_net(config).n_params
        points = min(PATH_POINTS, KEPT_FLOATS // max(1, len(self.keys) * n_params))
        self.stride = max(1, math.ceil(self.steps / max(points, 10)))
        self.path_steps: list[int] = []
        self._kept = np.empty((len(self.keys), self.steps // self.stride + 2, n_params))
        self.step_count = 0
        self.stopped: str | None = None
        self._keep_weights()

    def matches(self, config) -> bool:
        return self.key == run_key(config)

    def _keep_weights(self) -> None:
        for i, net in enumerate(self.nets):
            self._kept[i, len(self.path_steps)] = net.flat_params
        self.path_steps.append(self.step_count)

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Up to ``max_steps`` lock steps (one step of each optimizer) within ``budget_s``."""
        return train_within(self._step, lambda: self.stopped, max_steps, budget_s)

    def _batch(self) -> tuple[np.ndarray, np.ndarray]:
        n = self.X.shape[0]
        if self.batch == 0 or self.batch >= n:
            return self.X, self.target
        rows = self.rng.choice(n, size=self.batch, replace=False)
        return self.X[rows], self.target[rows]

    def _step(self) -> None:
        x, target = self._batch()
        for i, (net, opt) in enumerate(zip(self.nets, self.optimizers, strict=True)):
            start = time.perf_counter()
            value, grad = self.loss.value_and_gradient(net.forward(x), target)
            net.backward(grad)
            opt.step(net.flat_params, net.flat_grads)
            self.seconds[i] += time.perf_counter() - start
            self.losses[i, self.step_count] = value
        self.step_count += 1
        if self.step_count % self.stride == 0 or self.step_count == self.steps:
            self._keep_weights()
        bad = [entries.entry(k).label for k, loss in
               zip(self.keys, self.losses[:, self.step_count - 1], strict=True)
               if not math.isfinite(loss)]  # fmt: skip
        if bad:
            self.stopped = f"the loss of {', '.join(bad)} is not finite: lower its learning rate"
        elif self.step_count >= self.steps:
            self.stopped = f"all {self.steps} steps done: Restart to train again"

    def _weights_now(self) -> np.ndarray:
        now = np.empty((len(self.nets), self.n_params))
        for i, net in enumerate(self.nets):
            now[i] = net.flat_params
        return now

    def full_loss(self, net: MLP) -> tuple[float, float]:
        """(loss, accuracy) of ``net`` on the whole data set."""
        out = net.forward(self.X)
        value = float(self.loss.value(out, self.target))
        return value, float(np.mean((out > 0) == (self.target > 0.5)))

    def view(self) -> NetworkView:
        kept = len(self.path_steps)
        now = [] if self.path_steps[-1] == self.step_count else [self.step_count]
        with np.errstate(all="ignore"):
            scores = np.array([self.full_loss(net) for net in self.nets]).reshape(-1, 2)
            rate = np.where(self.seconds > 0, self.step_count / self.seconds, np.nan)
        return NetworkView(
            keys=self.keys,
            step=self.step_count,
            steps=self.steps,
            losses=freeze(self.losses[:, : self.step_count].copy()),
            final_loss=freeze(scores[:, 0].copy()),
            accuracy=freeze(scores[:, 1].copy()),
            steps_per_s=freeze(rate),
            path_steps=freeze(np.array([*self.path_steps, *now])),
            kept=freeze(self._kept[:, :kept]),
            now=freeze(self._weights_now()),
            stopped=self.stopped,
        )


class NetworkTrainee:
    """The run of the session's current config (rebuilt when what it depends on changed)."""

    def __init__(self, session) -> None:
        self.session = session
        self._run: NetworkRun | None = None
        self._view: NetworkView | None = None
        self._matched = None  # the config the run was last checked against

    @property
    def run(self) -> NetworkRun:
        config = self.session.config
        if config is self._matched:  # asked many times a frame: the key is not cheap
            return self._run
        if self._run is None or not self._run.matches(config):
            self._run, self._view = NetworkRun(config), None
        self._matched = config
        return self._run

    def view(self) -> NetworkView:
        run = self.run
        if self._view is None:
            self._view = run.view()
        return self._view

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        done = self.run.train(max_steps, budget_s)
        if done:
            self._view = None
        return done

    def stop_reason(self) -> str | None:
        run = self.run
        if not run.keys:
            return "no optimizer ticked: tick some in the list"
        return run.stopped

    @property
    def training_steps(self) -> int:
        return self.run.step_count

    def restart(self) -> None:
        """Step 0 again with the same seed: the same initial weights and batches."""
        self._run = self._view = self._matched = None

"""State of the universal-approximation lab: the session around the config (Qt-free).

The config and its validation live in :mod:`.config` and are re-exported here.

The network is ŷ(x) = Σᵢ vᵢ·σ(wᵢx + bᵢ) + c with N hidden neurons. In the **build** view the
neurons are the config's ``neurons`` triples (wᵢ, bᵢ, vᵢ), set by hand or by "Greedy next";
in the **fit** view they come from gradient training (:mod:`.fit_run`) or from least
squares with random hidden units (:mod:`.network`); the **xor** view is a
separate panel. N = ``len(neurons)`` in every view, so one slider sets it.

Caches (why a drag is cheap): sampled data per target/range/points/noise/seed, and each
neuron's curve per (activation, data, wᵢ, bᵢ, vᵢ). Dragging w₃ recomputes neuron 3 and the
sum only; the other curves of the new snapshot are the very same arrays as before, so the
views skip their ``setData``.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from typing import Any

import numpy as np

from explorer.core import targets
from explorer.state.approximation.config import (
    CUSTOM,
    FITTERS,
    LR_RANGE,
    MODES,
    NOISE_MAX,
    POINTS_RANGE,
    SEED_MAX,
    SPEEDS,
    X_LIMIT,
    ApproximationConfig,
    data_key,
    error_vs_n_key,
    fit_key,
    greedy_key,
)
from explorer.state.approximation.error_vs_n import ErrorVsN
from explorer.state.approximation.fit_run import FitRun
from explorer.state.approximation.greedy import GreedySearch
from explorer.state.approximation.network import (
    B_LIMIT,
    C_LIMIT,
    MAX_NEURONS,
    V_LIMIT,
    W_LIMIT,
    Neuron,
    activation,
    best_output_weights,
    contribution,
    hidden,
    least_squares,
    new_neuron,
    resized,
)
from explorer.state.approximation.snapshot import (
    GRID_POINTS,
    ApproximationSnapshot,
    TargetData,
    sample_target,
)
from explorer.state.session import LabSession, freeze

__all__ = [
    "CUSTOM", "FITTERS", "LR_RANGE", "MODES", "NOISE_MAX", "POINTS_RANGE", "SEED_MAX", "SPEEDS",
    "X_LIMIT", "ApproximationConfig", "ApproximationSession", "ApproximationSnapshot",
    "data_key", "error_vs_n_key", "fit_key", "greedy_key",
]  # fmt: skip

CURVE_CACHE = 2 * MAX_NEURONS  # every neuron of the widest network, twice (undo, comparisons)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


class _LRU(OrderedDict):
    """A dict that forgets its least recently used entries beyond ``size``."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key: Any, make) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        while len(self) > self.size:
            self.popitem(last=False)
        return value


class ApproximationSession(LabSession[ApproximationConfig, ApproximationSnapshot]):
    """The lab's config plus its runtime: caches and the current training run."""

    VIEW_FIELDS = frozenset({"mode"})  # the Build / Fit / XOR tab

    def __init__(self, config: ApproximationConfig | None = None, **kwargs: Any) -> None:
        self._data = _LRU(8)
        self._curves = _LRU(CURVE_CACHE)
        self._lstsq = _LRU(16)
        self._greedy = _LRU(2)  # (n, 686) floats each: 11 MB at 2 000 points
        self._fit: FitRun | None = None
        self._fit_key: tuple | None = None
        super().__init__(config or ApproximationConfig(), **kwargs)

    # --- derived data --------------------------------------------------------------------------
    def data(self, config: ApproximationConfig | None = None) -> TargetData:
        config = config or self.config
        return self._data.get_or(
            data_key(config),
            lambda: sample_target(
                config.target,
                config.expression,
                config.x_range,
                config.n_points,
                config.noise,
                config.seed,
            ),
        )

    def compute(self, config: ApproximationConfig) -> ApproximationSnapshot:
        data = self.data(config)
        act = activation(config.activation)
        fit = None
        if config.mode == "build":
            neurons, c = config.neurons, config.output_bias
            grid_curves, point_curves = self._cached_curves(config, data, act)
        else:
            if config.fitter == "lstsq":
                neurons, c = self.least_squares_network(config)
            else:
                fit = self.fit_run()
                neurons, c = fit.neurons()
            grid_curves, point_curves = _fresh_curves(act, neurons, data)
        total = sum(grid_curves, np.full(GRID_POINTS, c))
        fitted = sum(point_curves, np.full(data.x.size, c))
        return ApproximationSnapshot.make(config, data, neurons, c, grid_curves, total, fitted, fit)

    def _cached_curves(self, config, data, act) -> tuple[list, list]:
        key = (config.activation, data_key(config))
        pairs = [
            self._curves.get_or(
                (key, neuron),
                lambda n=neuron: (
                    freeze(contribution(act, n, data.grid_x)),
                    contribution(act, n, data.x),
                ),
            )
            for neuron in config.neurons
        ]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    def least_squares_network(self, config: ApproximationConfig | None = None):
        """(neurons, c): N random hidden units (seeded), output weights solved exactly."""
        config = config or self.config
        key = (error_vs_n_key(config), config.n_hidden)
        data = self.data(config)
        return self._lstsq.get_or(
            key,
            lambda: least_squares(
                activation(config.activation),
                config.n_hidden,
                data.x,
                data.y,
                config.x_range,
                config.seed,
            ),
        )

    def error_vs_n(self, config: ApproximationConfig | None = None) -> ErrorVsN:
        """A fresh, not yet started error-vs-N computation for ``config``."""
        config = config or self.config
        data = self.data(config)
        return ErrorVsN(
            activation(config.activation),
            data.x,
            data.y,
            data.grid_x,
            data.grid_f,
            config.x_range,
            seed=config.seed,
        )

    # --- build-view edits (each one undo step) -------------------------------------------------
    def set_neuron(self, index: int, **values: float) -> None:
        """Change wᵢ, bᵢ and/or vᵢ of neuron ``index`` (keywords ``w``, ``b``, ``v``)."""
        neurons = list(self.config.neurons)
        w, b, v = neurons[index]
        changed = {"w": w, "b": b, "v": v} | {k: float(x) for k, x in values.items()}
        neurons[index] = (changed["w"], changed["b"], changed["v"])
        self.update(neurons=tuple(neurons))

    def set_neuron_count(self, n: int) -> None:
        config = self.config
        self.update(neurons=resized(config.neurons, int(n), config.x_min, config.x_max))

    def add_neuron(self) -> None:
        config = self.config
        _check(config.n_hidden < MAX_NEURONS, f"at most {MAX_NEURONS} neurons")
        extra = new_neuron(config.n_hidden, config.x_min, config.x_max)
        self.update(neurons=(*config.neurons, extra))

    def remove_neuron(self, index: int) -> None:
        neurons = self.config.neurons
        _check(len(neurons) > 1, "the network needs at least one neuron")
        self.update(neurons=neurons[:index] + neurons[index + 1 :])

    def greedy_search(self, config: ApproximationConfig | None = None) -> GreedySearch:
        """The candidates "Greedy next" scores for ``config``'s activation and points, kept
        while those stay (unfinished until advanced: a UI advances it in slices)."""
        config = config or self.config
        data = self.data(config)
        return self._greedy.get_or(
            greedy_key(config),
            lambda: GreedySearch(activation(config.activation), data.x, config.x_range),
        )

    def greedy_next(self) -> Neuron:
        """Append the neuron that most reduces the build network's squared error (finishing
        the candidates' search here if a UI has not yet)."""
        config = self.config
        _check(config.n_hidden < MAX_NEURONS, f"at most {MAX_NEURONS} neurons")
        snapshot = self.compute(dataclasses.replace(config, mode="build"))
        neuron, delta_c = self.greedy_search().run_to_end().best(snapshot.residual)
        c = float(np.clip(round(config.output_bias + delta_c, 4), -C_LIMIT, C_LIMIT))
        self.replace_config(
            dataclasses.replace(config, neurons=(*config.neurons, neuron), output_bias=c)
        )
        return neuron

    def solve_output_weights(self) -> None:
        """Keep the hidden wᵢ, bᵢ; set every vᵢ and c by least squares."""
        config, data = self.config, self.data()
        neurons, c = best_output_weights(
            activation(config.activation), config.neurons, data.x, data.y
        )
        self.replace_config(dataclasses.replace(config, neurons=neurons, output_bias=c))

    def select_target(self, name: str) -> None:
        """A named target, with its natural x-range."""
        x_min, x_max = targets.get(name).default_range
        self.update(target=name, x_min=float(x_min), x_max=float(x_max))

    def set_expression(self, text: str) -> None:
        """Use a typed formula as the target; ``ValueError`` (with the column) if it is bad."""
        self.update(target=CUSTOM, expression=text.strip())

    # --- training ------------------------------------------------------------------------------
    def fit_run(self) -> FitRun:
        """The current training run, built on first use after a restart or a relevant change."""
        config = self.config
        if self._fit is None or self._fit_key != fit_key(config):
            data = self.data(config)
            self._fit = FitRun(
                data.x,
                data.y,
                config.n_hidden,
                config.activation,
                config.optimizer,
                config.loss,
                config.learning_rate,
                config.seed,
            )
            self._fit_key = fit_key(config)
        return self._fit

    def restart_fit(self) -> None:
        """New initial weights (same seed), step 0, empty loss history."""
        self._fit = None
        self.invalidate()

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Run up to ``max_steps`` optimizer steps (within ``budget_s``); steps taken."""
        done = self.fit_run().run(max_steps, budget_s)
        if done or self._fit.diverged:
            self.invalidate()
        return done

    @property
    def training_steps(self) -> int:
        return self._fit.steps if self._fit is not None else 0

    def stop_reason(self) -> str | None:
        """Why the current run cannot train on (it diverged), or None."""
        return self.fit_run().diverged

    def copy_fit_to_build(self) -> int:
        """Put the fitted network into the build view; returns how many values were clipped."""
        snapshot = self.snapshot()
        limits = np.array([W_LIMIT, B_LIMIT, V_LIMIT])
        raw = np.array(snapshot.neurons, dtype=float).reshape(-1, 3)
        clipped = np.clip(raw, -limits, limits).round(4)
        c = float(np.clip(round(snapshot.output_bias, 4), -C_LIMIT, C_LIMIT))
        count = int(np.sum(np.abs(raw - clipped) > 1e-3)) + int(
            abs(c - snapshot.output_bias) > 1e-3
        )
        neurons = tuple(tuple(float(p) for p in row) for row in clipped)
        self.replace_config(
            dataclasses.replace(self.config, mode="build", neurons=neurons, output_bias=c)
        )
        return count

    def on_config_changed(self, config: ApproximationConfig) -> None:
        if self._fit is not None:
            if self._fit_key != fit_key(config):
                self._fit = None
            else:
                self._fit.set_learning_rate(config.learning_rate)


def _fresh_curves(act, neurons: tuple[Neuron, ...], data: TargetData) -> tuple[list, list]:
    """Every neuron's contribution on the grid and at the points (no cache: all change)."""
    w, b, v = (np.array([n[k] for n in neurons]) for k in range(3))
    on_grid = hidden(act, w, b, data.grid_x) * v
    at_points = hidden(act, w, b, data.x) * v
    grid_curves = [freeze(np.ascontiguousarray(on_grid[:, i])) for i in range(len(neurons))]
    return grid_curves, [at_points[:, i] for i in range(len(neurons))]

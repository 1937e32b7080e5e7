"""The approximation lab's config: every setting, its limits, and what depends on what (Qt-free).

``ApproximationConfig`` is the single source of truth of the lab (see :mod:`.session` for
the session around it). ``validate`` refuses anything the lab cannot show, with a message a
student can act on; a typed formula is parsed (safely) and checked to be finite on the range.
The ``*_key`` functions name what a cached result depends on, so caches are keyed on exactly
that and a slider that does not matter for a result never invalidates it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from explorer.core import activations, losses, optimizers, targets
from explorer.state.approximation.network import (
    B_LIMIT,
    C_LIMIT,
    DEFAULT_NEURONS,
    DEFAULT_OUTPUT_BIAS,
    MAX_NEURONS,
    V_LIMIT,
    W_LIMIT,
)
from explorer.state.approximation.snapshot import sample_target
from explorer.text_format import with_minus

MODES = ("build", "fit", "xor")
FITTERS = ("gradient", "lstsq")
SPEEDS = {"slow": 1, "medium": 10, "fast": None}  # steps per frame; None: a time budget
CUSTOM = "custom"
X_LIMIT = 20.0
POINTS_RANGE = (10, 2000)
NOISE_MAX = 1.0
LR_RANGE = (1e-4, 10.0)
SEED_MAX = 99


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


@dataclass(frozen=True)
class ApproximationConfig:
    """Everything the approximation lab shows; the single source of truth."""

    mode: Literal["build", "fit", "xor"] = "build"
    target: str = "sin"  # a name of explorer.core.targets, or "custom" for ``expression``
    expression: str = "sin(3*x) * exp(-x**2 / 4)"
    x_min: float = -math.pi
    x_max: float = math.pi
    n_points: int = 200
    noise: float = 0.0
    seed: int = 0
    activation: str = "sigmoid"
    neurons: tuple[tuple[float, float, float], ...] = DEFAULT_NEURONS
    output_bias: float = DEFAULT_OUTPUT_BIAS
    show_neurons: bool = True
    fitter: Literal["gradient", "lstsq"] = "gradient"
    optimizer: str = "adam"
    loss: str = "mse"
    learning_rate: float = 0.01
    speed: Literal["slow", "medium", "fast"] = "fast"

    @property
    def n_hidden(self) -> int:
        return len(self.neurons)

    @property
    def x_range(self) -> tuple[float, float]:
        return (self.x_min, self.x_max)

    def validate(self) -> None:
        _check(self.mode in MODES, f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        _check(
            self.target == CUSTOM or self.target in targets.names(),
            f"unknown target {self.target!r}; choose one of {', '.join(targets.names())}",
        )
        _check(
            -X_LIMIT <= self.x_min < self.x_max <= X_LIMIT and self.x_max - self.x_min >= 0.1,
            f"x-range must satisfy −{X_LIMIT:g} ≤ x_min < x_max ≤ {X_LIMIT:g} (at least 0.1 "
            f"wide); got {with_minus(f'{self.x_min:g}')} … {with_minus(f'{self.x_max:g}')}",
        )
        lo, hi = POINTS_RANGE
        _check(lo <= self.n_points <= hi, f"points must be {lo}–{hi}, got {self.n_points}")
        _check(0.0 <= self.noise <= NOISE_MAX, f"noise must be 0–{NOISE_MAX:g}, got {self.noise}")
        _check(0 <= self.seed <= SEED_MAX, f"seed must be 0–{SEED_MAX}, got {self.seed}")
        _check(
            self.activation in activations.names(),
            f"unknown activation {self.activation!r}",
        )
        self._validate_neurons()
        _check(abs(self.output_bias) <= C_LIMIT, f"output bias c must be within ±{C_LIMIT:g}")
        _check(self.fitter in FITTERS, f"fitter must be one of {', '.join(FITTERS)}")
        _check(self.optimizer in optimizers.names(), f"unknown optimizer {self.optimizer!r}")
        _check(self.loss in losses.names("regression"), f"unknown loss {self.loss!r}")
        _check(
            LR_RANGE[0] <= self.learning_rate <= LR_RANGE[1],
            f"learning rate must be {LR_RANGE[0]:g}–{LR_RANGE[1]:g}, got {self.learning_rate}",
        )
        _check(self.speed in SPEEDS, f"speed must be one of {', '.join(SPEEDS)}")
        if self.target == CUSTOM:
            sample_target(self.target, self.expression, self.x_range, self.n_points)

    def _validate_neurons(self) -> None:
        _check(
            1 <= len(self.neurons) <= MAX_NEURONS,
            f"the network needs 1–{MAX_NEURONS} hidden neurons, got {len(self.neurons)}",
        )
        for i, (w, b, v) in enumerate(self.neurons, start=1):
            _check(
                all(math.isfinite(p) for p in (w, b, v)),
                f"neuron {i} has a non-finite weight",
            )
            _check(
                abs(w) <= W_LIMIT and abs(b) <= B_LIMIT and abs(v) <= V_LIMIT,
                f"neuron {i}: w, b, v must be within ±{W_LIMIT:g}, ±{B_LIMIT:g}, ±{V_LIMIT:g}",
            )


def data_key(config: ApproximationConfig) -> tuple:
    """What the sampled points depend on."""
    expression = config.expression if config.target == CUSTOM else ""
    return (
        config.target,
        expression,
        config.x_min,
        config.x_max,
        config.n_points,
        config.noise,
        config.seed,
    )


def fit_key(config: ApproximationConfig) -> tuple:
    """What a training run depends on (a change restarts it); the learning rate does not."""
    return (
        data_key(config),
        config.n_hidden,
        config.activation,
        config.optimizer,
        config.loss,
        config.seed,
    )


def error_vs_n_key(config: ApproximationConfig) -> tuple:
    """What the error-vs-N curve depends on (N itself does not: it is only marked)."""
    return (data_key(config), config.activation)


def greedy_key(config: ApproximationConfig) -> tuple:
    """What the "Greedy next" candidates depend on (the network itself does not: only the
    final scoring uses it)."""
    return (config.activation, data_key(config))

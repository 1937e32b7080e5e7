"""The Optimizers lab's config: the surface, the start point, which optimizers race and with
which hyper-parameters, the run length, noise, schedule and the step on show. Qt-free.

Hyper-parameters, surface parameters and schedule parameters are stored as overrides only
(``("adam.lr", 0.05)``, ``("quadratic.condition_number", 50.0)``, ``("step.gamma", 0.3)``):
a value back at its start value is dropped, so two configs that mean the same are equal and a
session file lists only what was changed.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from explorer.core import optimizers, schedules, surfaces
from explorer.state.optimizers import entries, network_config, zigzag
from explorer.state.optimizers.surface_params import SURFACE_PARAMS, SurfaceParam
from explorer.text_format import number

MAX_STEPS = 1000
MAX_NOISE = 100.0  # σ of the gradient noise; Rosenbrock's gradients reach hundreds
MAX_START = 1e3  # |x|, |y| of the start point
MAX_SEED = 999
#: the schedules' parameters a slider sets: key → (min, max, integer?)
SCHEDULE_PARAMS: dict[str, tuple[float, float, bool]] = {
    "step.step_size": (1.0, 500.0, True),
    "step.gamma": (0.05, 1.0, False),
    "exponential.gamma": (0.9, 1.0, False),
    "cosine.eta_min": (0.0, 0.1, False),
    "warmup_cosine.warmup": (1.0, 300.0, True),
    "warmup_cosine.start_factor": (0.01, 1.0, False),
}
DEFAULT_TICKED = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "nadam",
                  "adamax", "radam")  # fmt: skip

Overrides = tuple[tuple[str, float | bool], ...]
CUSTOM = "custom"  # the surface typed as f(x, y)
#: what colours the phase diagram's cells: f − f* after the steps, or the steps to converge
PHASE_METRICS = {"loss": "final f − f*", "steps": "steps to converge"}
#: the lab's tabs, as the page shows them: the surface race first
TABS: tuple[str, ...] = ("race", "zigzag", "network")
SURFACES = (*surfaces.names(), CUSTOM)


@lru_cache(maxsize=8)
def _custom_surface(text: str) -> surfaces.Surface:
    """Parsed once per text: a drag or Play does not parse it again."""
    return surfaces.from_expression(text)


@lru_cache(maxsize=16)
def _built_surface(name: str, params: tuple[tuple[str, float], ...]) -> surfaces.Surface:
    """Built once per parameters: the race asks for its surface ~30 times per change."""
    return surfaces.get(name, **dict(params))


@lru_cache(maxsize=256)
def _entry_hyper(entry: str, hyper: Overrides) -> dict[str, Any]:
    """Race entry ``entry``'s keyword arguments under the overrides ``hyper`` (worked out
    once: the race asks for each entry's several times per change). Callers get a copy."""
    prefix = entry + "."
    overrides = {k[len(prefix) :]: v for k, v in hyper if k.startswith(prefix)}
    return entries.entry(entry).hyper(overrides)


def _canonical(overrides: tuple, defaults: dict[str, Any]) -> Overrides:
    """Last value per key wins; a value equal to its default is dropped; sorted by key order
    of ``defaults`` (unknown keys last, for validate to name)."""
    merged: dict[str, Any] = {}
    for key, value in overrides:
        if isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        merged[key] = value
    order = {key: i for i, key in enumerate(defaults)}
    keys = sorted(merged, key=lambda k: order.get(k, len(order)))
    return tuple((k, merged[k]) for k in keys if k not in defaults or merged[k] != defaults[k])


def _hyper_defaults() -> dict[str, Any]:
    return {f"{e.key}.{s.key}": e.default(s) for e in entries.ENTRIES for s in e.specs}


def _surface_defaults() -> dict[str, float]:
    return {key: p.default for key, p in SURFACE_PARAMS.items()}


def _schedule_defaults() -> dict[str, float]:
    out = {}
    for key in SCHEDULE_PARAMS:
        name, _, param = key.partition(".")
        out[key] = schedules.Schedule.DEFAULTS[name][param]
    return out


HYPER_DEFAULTS = _hyper_defaults()
SURFACE_DEFAULTS = _surface_defaults()
SCHEDULE_DEFAULTS = _schedule_defaults()


@dataclass(frozen=True)
class OptimizersConfig:
    """Everything the Optimizers lab shows; the single source of truth."""

    surface: str = "rosenbrock"  # the classic curved valley
    surface_params: Overrides = ()
    # the typed f(x, y) of surface "custom": a bumpy bowl, so the paths differ
    expression: str = "0.5*x**2 + 2*y**2 + sin(2*x)*sin(2*y)"
    start: tuple[float, float] = (-1.2, 1.0)  # Rosenbrock's classic start
    steps: int = 300  # enough for the adaptive methods to reach Rosenbrock's minimum
    step: int | None = None  # the step on show (Play moves it); None: the end of the runs
    ticked: tuple[str, ...] = DEFAULT_TICKED
    selected: str = "adam"  # its rule and numbers are in the notes
    hyper: Overrides = ()
    noise: float = 0.0  # σ of the Gaussian noise added to every gradient component
    seed: int = 0
    schedule: str = "constant"
    schedule_params: Overrides = ()
    phase_metric: str = "loss"  # a key of PHASE_METRICS
    tab: str = "race"  # the tab on screen (a view field: not an undo step)
    # --- sigmoid vs tanh: one neuron's two weights (zig_*) ----------------------------------
    zig_lr: float = 0.5  # one example per step: tanh reaches 10⁻³ in ~20 steps, sigmoid ~100
    zig_steps: int = 200
    zig_batch: int = 1  # examples per step: the notes' claim is about one example's gradient
    zig_seed: int = 0
    zig_w1: float = -1.5  # the start, across the sigmoid's valley from the minimum (2, −1)
    zig_w2: float = 1.5
    zig_offset: float = 0.0  # the inputs' mean: 0 makes tanh's outputs zero-centred
    zig_target: float = 1e-3  # the loss both runs race to

    # --- the same network, one optimizer each (net_*) -----------------------------------------
    net_task: str = "circles"  # the depth lab's 2-D sets, two classes
    net_width: int = 16
    net_depth: int = 2  # hidden layers: 2 → 16 → 16 → 1
    net_activation: str = "tanh"
    net_batch: int = 0  # 0: the whole data set each step (the loss curves are smooth)
    net_steps: int = 500
    net_seed: int = 0  # the data, the initial weights (the same for every optimizer), the plane
    net_lr: tuple[tuple[str, float], ...] = ()  # per optimizer; see network_config.NET_LR
    net_span: float = 0.25  # the half-width in direction units: the paths fill it (Li et al.: 1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ticked", tuple(self.ticked))
        object.__setattr__(self, "start", tuple(float(v) for v in self.start))
        object.__setattr__(self, "hyper", _canonical(tuple(self.hyper), HYPER_DEFAULTS))
        object.__setattr__(
            self, "surface_params", _canonical(tuple(self.surface_params), SURFACE_DEFAULTS)
        )
        object.__setattr__(
            self, "schedule_params", _canonical(tuple(self.schedule_params), SCHEDULE_DEFAULTS)
        )
        object.__setattr__(self, "net_lr", network_config.canonical_lrs(self.net_lr))

    # --- derived -------------------------------------------------------------------------------
    @property
    def shown_step(self) -> int:
        """The step on show: ``step``, or the last one."""
        return self.steps if self.step is None else self.step

    def surface_kwargs(self) -> dict[str, float]:
        overrides = dict(self.surface_params)
        return {
            key.partition(".")[2]: overrides.get(key, p.default)
            for key, p in SURFACE_PARAMS.items()
            if key.startswith(self.surface + ".")
        }

    def make_surface(self) -> surfaces.Surface:
        if self.surface == CUSTOM:
            return _custom_surface(self.expression)
        return _built_surface(self.surface, tuple(self.surface_kwargs().items()))

    @property
    def surface_key(self) -> tuple:
        """What the surface depends on (a cache key)."""
        if self.surface == CUSTOM:
            return (CUSTOM, (("text", self.expression),))
        return (self.surface, tuple(sorted(self.surface_kwargs().items())))

    def value(self, entry: str, spec_key: str) -> Any:
        """The hyper-parameter ``spec_key`` of race entry ``entry`` (its slider's value)."""
        key = f"{entry}.{spec_key}"
        if key not in HYPER_DEFAULTS:
            raise ValueError(f"{entry} has no hyper-parameter {spec_key!r}")
        return dict(self.hyper).get(key, HYPER_DEFAULTS[key])

    def hyper_for(self, entry: str) -> dict[str, Any]:
        """The keyword arguments of ``optimizers.get`` for race entry ``entry``."""
        try:
            return dict(_entry_hyper(entry, self.hyper))
        except TypeError:  # a value that cannot be a cache key: validate names it
            return dict(_entry_hyper.__wrapped__(entry, self.hyper))

    def with_hyper(self, entry: str, spec_key: str, value: Any) -> OptimizersConfig:
        self.value(entry, spec_key)  # raises for an unknown key
        return dataclasses.replace(self, hyper=(*self.hyper, (f"{entry}.{spec_key}", value)))

    def surface_value(self, key: str) -> float:
        return dict(self.surface_params).get(key, SURFACE_DEFAULTS[key])

    def schedule_value(self, key: str) -> float:
        return dict(self.schedule_params).get(key, SCHEDULE_DEFAULTS[key])

    def make_schedule(self) -> schedules.Schedule:
        prefix = self.schedule + "."
        params = {
            key[len(prefix) :]: self.schedule_value(key)
            for key in SCHEDULE_PARAMS
            if key.startswith(prefix)
        }
        return schedules.get(self.schedule, **params)

    # --- validation ----------------------------------------------------------------------------
    def validate(self) -> None:
        if self.tab not in TABS:
            raise ValueError(f"unknown tab {self.tab!r}; valid: {', '.join(TABS)}")
        if self.surface not in SURFACES:
            raise ValueError(f"unknown surface {self.surface!r}; valid: {', '.join(SURFACES)}")
        for key, value in self.surface_params:
            if key not in SURFACE_PARAMS:
                raise ValueError(f"unknown surface parameter {key!r}")
            _check_range(SURFACE_PARAMS[key], key, value)
        try:
            self.make_surface()
        except ValueError as error:  # the parser says what and where
            raise ValueError(f"expression f(x, y): {error}") from None
        if len(self.start) != 2 or not all(
            math.isfinite(v) and abs(v) <= MAX_START for v in self.start
        ):
            raise ValueError(f"the start point must be two finite numbers within ±{MAX_START:g}")
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"steps must be between 1 and {MAX_STEPS}, got {self.steps}")
        if self.step is not None and not 0 <= self.step <= self.steps:
            raise ValueError(
                f"the step on show must be between 0 and {self.steps}, got {self.step}"
            )
        for key in (*self.ticked, self.selected):
            entries.entry(key)
        if len(set(self.ticked)) != len(self.ticked):
            raise ValueError(f"an optimizer is ticked twice: {', '.join(self.ticked)}")
        for key, value in self.hyper:
            if key not in HYPER_DEFAULTS:
                raise ValueError(f"unknown hyper-parameter {key!r}")
            name, _, spec_key = key.partition(".")
            _check_spec(entries.entry(name).spec(spec_key), key, value)
        for name in dict.fromkeys(key.partition(".")[0] for key, _ in self.hyper):
            entry = entries.entry(name)
            try:
                optimizers.get(entry.optimizer, **self.hyper_for(name))
            except ValueError as error:
                raise ValueError(f"{entry.label} hyper-parameters: {error}") from None
        if not (math.isfinite(self.noise) and 0.0 <= self.noise <= MAX_NOISE):
            raise ValueError(f"the gradient noise must be between 0 and {MAX_NOISE:g}")
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"the noise seed must be between 0 and {MAX_SEED}, got {self.seed}")
        if self.phase_metric not in PHASE_METRICS:
            raise ValueError(f"unknown phase diagram colouring {self.phase_metric!r}; valid: "
                             f"{', '.join(PHASE_METRICS)}")  # fmt: skip
        if self.schedule not in schedules.names():
            raise ValueError(f"unknown schedule {self.schedule!r}")
        for key, value in self.schedule_params:
            if key not in SCHEDULE_PARAMS:
                raise ValueError(f"unknown schedule parameter {key!r}")
            low, high, _integer = SCHEDULE_PARAMS[key]
            if not low <= value <= high:
                raise ValueError(
                    f"schedule parameter {key} must be between {number(low)} and {number(high)}"
                )
        self.make_schedule()
        network_config.check_network(self)
        zigzag.validate(self)


def _check_range(param: SurfaceParam, key: str, value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, float)
        or not param.low <= value <= param.high
    ):
        raise ValueError(
            f"surface parameter {key} must be between {number(param.low)} and "
            f"{number(param.high)}, got {value!r}"
        )


def _check_spec(spec: optimizers.ParamSpec, key: str, value: Any) -> None:
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"hyper-parameter {key} must be true or false, got {value!r}")
        return
    if isinstance(value, bool) or not isinstance(value, float) or not spec.min <= value <= spec.max:
        raise ValueError(
            f"hyper-parameter {key} must be between {number(spec.min)} and {number(spec.max)}, "
            f"got {value!r}"
        )

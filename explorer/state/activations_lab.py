"""State of the Activation lab: which activations are shown, their parameters, the curves.

Qt-free. The config names the ticked activations, the one selected for annotation, the
hyper-parameters that differ from their defaults (keys ``"<activation>.<parameter>"`` taken from
the registry's ``param_specs``, so a new activation or parameter needs no change here), the
x-range and the depth used for the chain-of-derivatives argument.

Curves are cached per (activation, parameters, x-range): dragging Leaky ReLU's slope recomputes
Leaky ReLU only, and every other curve of the snapshot is the very same object as before (the
views skip ``setData`` for those).
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from explorer.core import activations
from explorer.core.activations import Activation, ParamSpec
from explorer.state.session import LabSession, freeze

POINTS = 241  # odd, so x = 0 (where σ′, tanh′ peak) is a sample; fewer points paint faster
X_RANGE_MIN, X_RANGE_MAX = 1.0, 20.0
MAX_DEPTH = 30
SATURATION = 1e-2  # |f′| below this fraction of max |f′| counts as saturated
CACHE_SIZE = 64


def _registry_params() -> dict[str, tuple[str, ParamSpec]]:
    """``"<activation>.<parameter>"`` → (activation, spec), in registry order."""
    return {
        f"{name}.{spec.name}": (name, spec)
        for name in activations.names()
        for spec in activations.get(name).param_specs
    }


PARAMS = _registry_params()
ParamValue = float | str


def param_key(name: str, param: str) -> str:
    """The key under which ``param`` of activation ``name`` is stored in the config."""
    key = f"{name}.{param}"
    if key not in PARAMS:
        raise ValueError(f"{name} has no parameter {param!r}")
    return key


def _canonical(params: tuple) -> tuple[tuple[str, ParamValue], ...]:
    """Overrides only (a default value is dropped), numbers as float, in registry order.

    Two configs that mean the same thing are then equal, so setting a slider back to its
    default is not an extra undo step, and a session file lists only what was changed.
    """
    merged: dict[str, Any] = {}
    for entry in params:
        key, value = entry
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        merged[key] = value
    order = list(PARAMS)
    keys = sorted(merged, key=lambda k: order.index(k) if k in order else len(order))
    return tuple(
        (key, merged[key])
        for key in keys
        if key not in PARAMS or merged[key] != PARAMS[key][1].default
    )


@dataclass(frozen=True)
class ActivationsConfig:
    """Everything the Activation lab shows; the single source of truth."""

    checked: tuple[str, ...] = ("sigmoid", "tanh", "relu")
    selected: str = "sigmoid"
    x_range: float = 8.0  # x from −x_range to +x_range; 8 shows the sigmoid's saturated tails
    depth: int = 10  # the L at which the chain plot and the notes quote (max |f′|)^L
    shade_saturation: bool = True
    mark_max: bool = True
    # hyper-parameters that differ from torch's defaults: ("leaky_relu.negative_slope", 0.1), …
    params: tuple[tuple[str, ParamValue], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "checked", tuple(self.checked))
        object.__setattr__(self, "params", _canonical(tuple(self.params)))

    def validate(self) -> None:
        known = activations.names()
        for name in (*self.checked, self.selected):
            if name not in known:
                raise ValueError(f"unknown activation {name!r}; valid names: {', '.join(known)}")
        if len(set(self.checked)) != len(self.checked):
            raise ValueError(f"an activation is ticked twice: {', '.join(self.checked)}")
        if not X_RANGE_MIN <= self.x_range <= X_RANGE_MAX:
            raise ValueError(
                f"x-range must be between {X_RANGE_MIN:g} and {X_RANGE_MAX:g}, got {self.x_range}"
            )
        if not 1 <= self.depth <= MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {MAX_DEPTH}, got {self.depth}")
        for key, _value in self.params:
            if key not in PARAMS:
                raise ValueError(f"unknown parameter {key!r}; valid ones: {', '.join(PARAMS)}")
        for name in dict.fromkeys(owner for owner, _ in PARAMS.values()):
            self.activation(name)  # raises ValueError naming the parameter and why

    def params_for(self, name: str) -> dict[str, float | str]:
        """The hyper-parameters of activation ``name`` (empty for one without any)."""
        overrides = dict(self.params)
        return {
            spec.name: overrides.get(key, spec.default)
            for key, (owner, spec) in PARAMS.items()
            if owner == name
        }

    def with_param(self, name: str, param: str, value: float | str) -> ActivationsConfig:
        """A copy with one hyper-parameter changed (not validated: the session does that)."""
        key = param_key(name, param)
        return dataclasses.replace(self, params=(*self.params, (key, value)))

    def activation(self, name: str) -> Activation:
        return activations.get(name, **self.params_for(name))


@dataclass(frozen=True, eq=False)  # compared by identity: the cache hands out the same object
class CurveData:
    """One activation sampled on the lab's grid, with the facts the views annotate."""

    name: str
    display_name: str
    index: int  # position in the registry: fixes the colour
    params: tuple[tuple[str, float | str], ...]
    formula: str
    latex: str
    x: np.ndarray
    y: np.ndarray  # f(x)
    dy: np.ndarray  # f′(x)
    peak_x: float  # where |f′| is largest on the grid (the sample nearest 0 on a plateau)
    peak_abs: float  # that largest |f′| on the grid
    peak_dy: float  # f′ there (signed: where the marker goes)
    max_abs_derivative: float  # sup |f′| over all reals (from the registry)
    saturated: tuple[tuple[float, float], ...]  # x-intervals where |f′| < 1 % of max |f′|
    f_at_zero: float
    output_range: tuple[float, float]
    zero_centred: bool
    monotonic: bool
    smooth: bool
    chain: np.ndarray  # (max |f′|)^L for L = 1 … MAX_DEPTH


@dataclass(frozen=True, eq=False)
class ActivationsSnapshot:
    config: ActivationsConfig
    curves: tuple[CurveData, ...]  # the ticked activations, in registry order
    selected: CurveData  # computed whether ticked or not (the notes describe it)
    depths: np.ndarray  # 1 … MAX_DEPTH

    @property
    def selected_is_shown(self) -> bool:
        return self.selected.name in self.config.checked


def sample_grid(x_range: float, points: int = POINTS) -> np.ndarray:
    return np.linspace(-x_range, x_range, points)


def depths() -> np.ndarray:
    return np.arange(1, MAX_DEPTH + 1, dtype=np.float64)


def chain_factor(max_abs_derivative: float, depth: np.ndarray | float) -> np.ndarray:
    """(max |f′|)^L: the most a chain of L such layers can scale a gradient by."""
    return np.power(float(max_abs_derivative), depth)


def peak_of(x: np.ndarray, dy: np.ndarray) -> tuple[float, float]:
    """(x, |f′|) at the largest |f′| on the grid; on a plateau the sample nearest x = 0."""
    magnitude = np.abs(dy)
    peak = float(magnitude.max())
    candidates = np.flatnonzero(magnitude >= peak - 1e-12 * max(peak, 1.0))
    best = candidates[np.argmin(np.abs(x[candidates]))]
    return float(x[best]), peak


def saturation_intervals(
    x: np.ndarray, dy: np.ndarray, max_abs: float, fraction: float = SATURATION
) -> tuple[tuple[float, float], ...]:
    """Maximal x-intervals where |f′| < fraction · max_abs (all of x when max_abs is 0).

    Each run of saturated samples is widened by half a grid step on either side (clipped to the
    grid), so the shading meets the curve where the condition changes.
    """
    mask = np.ones(x.shape, bool) if max_abs <= 0 else np.abs(dy) < fraction * max_abs
    if not mask.any():
        return ()
    edges = np.diff(mask.astype(np.int8), prepend=0, append=0)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    half = (x[-1] - x[0]) / (len(x) - 1) / 2 if len(x) > 1 else 0.0
    return tuple(
        (float(max(x[a] - half, x[0])), float(min(x[b] + half, x[-1])))
        for a, b in zip(starts, stops, strict=True)
    )


@lru_cache(maxsize=CACHE_SIZE)
def _saturated_on_fine_grid(
    name: str, params: tuple[tuple[str, float | str], ...]
) -> tuple[tuple[float, float], ...]:
    """Saturated intervals on a fixed grid over the widest view (step 0.005).

    Computed once per activation and parameters, not per view: on the view's own grid the
    boundaries moved by up to a grid step as the x-range changed, and with them the card's
    text, whose re-layout cost a few milliseconds of every frame of an x-range drag.
    """
    act = activations.get(name, **dict(params))
    x = np.linspace(-X_RANGE_MAX, X_RANGE_MAX, 8001)
    return saturation_intervals(x, act.derivative(x), float(act.max_abs_derivative))


def clip_intervals(
    intervals: tuple[tuple[float, float], ...], low: float, high: float
) -> tuple[tuple[float, float], ...]:
    """The parts of ``intervals`` inside [low, high]."""
    clipped = ((max(a, low), min(b, high)) for a, b in intervals)
    return tuple((a, b) for a, b in clipped if a < b)


def compute_curve(name: str, params: dict[str, float | str], x_range: float) -> CurveData:
    act = activations.get(name, **params)
    x = sample_grid(x_range)
    y = act.forward(x)
    dy = act.derivative(x)  # without y: bit-identical to what a caller of the core gets
    peak_x, peak_abs = peak_of(x, dy)
    peak_dy = float(dy[np.argmin(np.abs(x - peak_x))])
    sup = float(act.max_abs_derivative)
    return CurveData(
        name=name,
        display_name=act.display_name,
        index=activations.names().index(name),
        params=tuple(act.params.items()),
        formula=act.formula,
        latex=act.latex,
        x=freeze(x),
        y=freeze(y),
        dy=freeze(dy),
        peak_x=peak_x,
        peak_abs=peak_abs,
        peak_dy=peak_dy,
        max_abs_derivative=sup,
        saturated=clip_intervals(
            _saturated_on_fine_grid(name, tuple(sorted(act.params.items()))), -x_range, x_range
        ),
        f_at_zero=float(act.forward(0.0)),
        output_range=tuple(float(v) for v in act.output_range),
        zero_centred=bool(act.zero_centred),
        monotonic=bool(act.monotonic),
        smooth=bool(act.smooth),
        chain=freeze(chain_factor(sup, depths())),
    )


class ActivationsSession(LabSession[ActivationsConfig, ActivationsSnapshot]):
    """The lab's session; keeps a small LRU cache of sampled curves."""

    def __init__(self, config: ActivationsConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or ActivationsConfig(), **kwargs)
        self._curves: OrderedDict[tuple, CurveData] = OrderedDict()
        self.computed_curves = 0  # how many curves were actually sampled (tests read it)

    def curve(self, config: ActivationsConfig, name: str) -> CurveData:
        params = config.params_for(name)
        key = (name, tuple(params.items()), config.x_range)
        cached = self._curves.get(key)
        if cached is not None:
            self._curves.move_to_end(key)
            return cached
        curve = compute_curve(name, params, config.x_range)
        self.computed_curves += 1
        self._curves[key] = curve
        while len(self._curves) > CACHE_SIZE:
            self._curves.popitem(last=False)
        return curve

    def compute(self, config: ActivationsConfig) -> ActivationsSnapshot:
        order = activations.names()
        shown = sorted(config.checked, key=order.index)
        return ActivationsSnapshot(
            config=config,
            curves=tuple(self.curve(config, name) for name in shown),
            selected=self.curve(config, config.selected),
            depths=freeze(depths()),
        )

    # --- discrete edits: each is its own undo step (two quick ticks are two Ctrl+Z) ----------
    def set_checked(self, name: str, checked: bool) -> None:
        config = self.config
        names = [n for n in config.checked if n != name] + ([name] if checked else [])
        order = activations.names()
        names.sort(key=lambda n: order.index(n) if n in order else len(order))
        self.replace_config(dataclasses.replace(config, checked=tuple(names)))

    def select(self, name: str) -> None:
        self.replace_config(dataclasses.replace(self.config, selected=name))

    def set_param(self, name: str, param: str, value: float | str) -> None:
        """Change one hyper-parameter; a drag coalesces into one undo step."""
        self.update(params=self.config.with_param(name, param, value).params)


def format_range(low: float, high: float) -> str:
    """An output range as text, e.g. "0 to 1", "−0.17 to ∞"."""

    def text(v: float) -> str:
        if math.isinf(v):
            return "∞" if v > 0 else "−∞"
        return f"{v:.3g}".replace("-", "−")

    return f"{text(low)} to {text(high)}"

"""State of the Activation lab: which activations are shown, their parameters, the curves.

Qt-free. The config names the ticked activations, the one selected for annotation, the
hyper-parameters that differ from their defaults (keys ``"<activation>.<parameter>"`` taken from
the registry's ``param_specs``, so a new activation or parameter needs no change here), the
x-range and the depth used for the chain-of-derivatives argument.

Samples are cached per (activation, parameters, grid span) and curves per x-range on top
(:mod:`explorer.state.activation_curves`): dragging Leaky ReLU's slope recomputes Leaky ReLU
only, every other curve of the snapshot is the very same object as before, and an x-range drag
mostly reuses the same sample arrays (the views skip ``setData`` for those).
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import activations
from explorer.core.activations import Activation, ParamSpec
from explorer.state.activation_curves import (
    MAX_DEPTH,
    X_RANGE_MAX,
    X_RANGE_MIN,
    CurveData,
    Samples,
    compute_curve,
    depths,
    grid_span,
    sample,
)
from explorer.state.session import LabSession, freeze

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
        # the defaults are valid: only an activation with an override can refuse its parameters
        for name in dict.fromkeys(PARAMS[key][0] for key, _value in self.params):
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


@dataclass(frozen=True, eq=False)
class ActivationsSnapshot:
    config: ActivationsConfig
    curves: tuple[CurveData, ...]  # the ticked activations, in registry order
    selected: CurveData  # computed whether ticked or not (the notes describe it)
    depths: np.ndarray  # 1 … MAX_DEPTH

    @property
    def selected_is_shown(self) -> bool:
        return self.selected.name in self.config.checked


class ActivationsSession(LabSession[ActivationsConfig, ActivationsSnapshot]):
    """The lab's session; keeps a small LRU cache of sampled curves."""

    def __init__(self, config: ActivationsConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or ActivationsConfig(), **kwargs)
        self._curves: OrderedDict[tuple, CurveData] = OrderedDict()
        self._samples: OrderedDict[tuple, Samples] = OrderedDict()
        self.computed_curves = 0  # how many curves were actually sampled (tests read it)

    def curve(self, config: ActivationsConfig, name: str) -> CurveData:
        params = config.params_for(name)
        key = (name, tuple(params.items()), config.x_range)
        curve = _cached(self._curves, key)
        if curve is None:
            curve = compute_curve(name, params, config.x_range, self._sampled(name, params, key))
            _store(self._curves, key, curve)
        return curve

    def _sampled(self, name: str, params: dict, curve_key: tuple) -> Samples:
        key = (*curve_key[:2], grid_span(curve_key[2]))
        samples = _cached(self._samples, key)
        if samples is None:
            samples = sample(name, params, curve_key[2])
            self.computed_curves += 1
            _store(self._samples, key, samples)
        return samples

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


def _cached(cache: OrderedDict, key: tuple) -> Any:
    value = cache.get(key)
    if value is not None:
        cache.move_to_end(key)
    return value


def _store(cache: OrderedDict, key: tuple, value: Any) -> None:
    cache[key] = value
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)


def format_range(low: float, high: float) -> str:
    """An output range as text, e.g. "0 to 1", "−0.17 to ∞"."""

    def text(v: float) -> str:
        if math.isinf(v):
            return "∞" if v > 0 else "−∞"
        return f"{v:.3g}".replace("-", "−")

    return f"{text(low)} to {text(high)}"

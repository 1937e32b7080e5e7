"""The Activation lab's config: which activations are shown, their parameters, the view.

Qt-free. The config names the ticked activations, the one selected for annotation, the
hyper-parameters that differ from their defaults (keys ``"<activation>.<parameter>"`` taken from
the registry's ``param_specs``, so a new activation or parameter needs no change here), the
x-range and the depth used for the chain-of-derivatives argument.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from explorer.core import activations
from explorer.core.activations import Activation, ParamSpec
from explorer.state.activations.curves import MAX_DEPTH, X_RANGE_MAX, X_RANGE_MIN
from explorer.text_format import number


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
        for key, value in self.params:
            if key not in PARAMS:
                raise ValueError(f"unknown parameter {key!r}; valid ones: {', '.join(PARAMS)}")
            _check_in_slider_range(key, PARAMS[key][1], value)
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


def _check_in_slider_range(key: str, spec: ParamSpec, value: ParamValue) -> None:
    """A number must lie in its slider's range: torch accepts ``negative_slope = 1e15``, but
    the lab's curves then overflow and there is no slider position to show it."""
    if spec.min is None or spec.max is None or not isinstance(value, float):
        return  # a choice parameter: the activation checks its name
    if not spec.min <= value <= spec.max:  # NaN fails this too
        raise ValueError(
            f"the parameter {key} must be between {number(spec.min)} and "
            f"{number(spec.max)}, got {number(value)}"
        )

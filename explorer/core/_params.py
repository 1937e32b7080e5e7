"""Hyper-parameter records and validation shared by the activation and loss registries.

A :class:`ParamSpec` tells the UI how to build a control (slider range, choices) and tells
:func:`resolve_params` how to check a value. The slider range ``min``/``max`` is a *teaching*
range, not a validity bound: ``leaky_relu(negative_slope=3.0)`` is legal even though the slider
stops at 1. Validity constraints (``alpha > 0`` …) are checked by each entry's ``_check_params``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np


@dataclass(frozen=True)
class ParamSpec:
    """One hyper-parameter of an activation or loss.

    Attributes
    ----------
    name : str
        Keyword name, as in ``torch.nn.functional`` (e.g. ``"negative_slope"``).
    default : float or str
        Value used when the caller does not pass one (torch's default).
    min, max : float or None
        Sensible slider range for the UI (``None`` for a choice parameter).
    description : str
        One-line explanation for a tooltip.
    choices : tuple of str or None
        Allowed values of a string parameter (e.g. GELU's ``approximate``); ``None`` for a number.
    """

    name: str
    default: float | str
    min: float | None
    max: float | None
    description: str
    choices: tuple[str, ...] | None = None


def resolve_params(
    owner: str, specs: Iterable[ParamSpec], given: Mapping[str, Any]
) -> dict[str, float | str]:
    """Merge ``given`` keyword values with the defaults of ``specs`` and type-check them.

    Numbers become Python ``float`` (never ``np.float64``, so float32 arrays are not upcast when
    the value meets them). Raises ``ValueError`` naming ``owner`` for an unknown name (listing the
    valid ones), a non-number, a non-finite number, or a string outside ``choices``.
    """
    specs = tuple(specs)
    valid = [s.name for s in specs]
    unknown = sorted(set(given) - set(valid))
    if unknown:
        raise ValueError(
            f"{owner}: unknown parameter(s) {', '.join(unknown)}; "
            f"valid parameters: {', '.join(valid) if valid else '(none)'}"
        )
    resolved: dict[str, float | str] = {}
    for spec in specs:
        value = given.get(spec.name, spec.default)
        if spec.choices is not None:
            if value not in spec.choices:
                raise ValueError(
                    f"{owner}: {spec.name} must be one of {list(spec.choices)}, got {value!r}"
                )
        else:
            if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
                raise ValueError(f"{owner}: {spec.name} must be a real number, got {value!r}")
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f"{owner}: {spec.name} must be finite, got {value!r}")
        resolved[spec.name] = value
    return resolved


def require(condition: bool, owner: str, message: str) -> None:
    """Raise ``ValueError(f"{owner}: {message}")`` unless ``condition`` holds."""
    if not condition:
        raise ValueError(f"{owner}: {message}")


def as_float_array(x: Any) -> np.ndarray:
    """Return ``x`` as an ndarray of floating dtype without copying or upcasting floats.

    float32 stays float32; integers and booleans become float64 (the project default).
    """
    a = np.asarray(x)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    return a


class Parametrized:
    """A registry entry built from keyword hyper-parameters (an activation, a loss).

    Subclasses set the class attributes ``name`` and ``param_specs`` and may override
    :meth:`_check_params`. Instances are immutable; two compare equal when they are the same
    kind of entry with the same effective parameters (so they can key a cache).
    """

    name: ClassVar[str] = ""
    param_specs: ClassVar[tuple[ParamSpec, ...]] = ()

    def __init__(self, **params: Any) -> None:
        self._params = resolve_params(self.name, self.param_specs, params)
        self._check_params()

    def _check_params(self) -> None:
        """Raise ``ValueError`` for parameter values outside the entry's domain."""

    @property
    def params(self) -> dict[str, float | str]:
        """Effective hyper-parameters (a copy), defaults included."""
        return dict(self._params)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._params.items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Parametrized):
            return NotImplemented
        return type(self) is type(other) and self._params == other._params

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self._params.items()))))


def lookup(registry: Mapping[str, type], kind: str, name: Any) -> type:
    """``registry[name]``, or ``ValueError`` naming the valid ``kind`` names."""
    try:
        return registry[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown {kind} {name!r}; valid names: {', '.join(registry)}") from None

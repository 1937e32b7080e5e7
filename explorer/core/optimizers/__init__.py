"""Gradient-descent optimizers with the update rules and defaults of ``torch.optim`` (2.13).

Each optimizer updates a list of NumPy arrays in place::

    opt = optimizers.get("adam", lr=1e-2)
    for _ in range(100):
        grads = compute_grads(params)       # list of ndarray, shapes as params
        opt.step(params, grads)             # params change in place, keep their dtype
    opt.state["exp_avg"]                    # list of ndarray, one per parameter
    opt.zero_state()                        # forget everything (e.g. on reset)

Names are the lower-case torch class names; keyword hyper-parameters, their defaults and
their validation are torch's (``maximize`` included). ``param_specs`` describes the tunable
ones for UI sliders; ``set_hyper`` changes them between steps without losing state.

Each rule is written once (``Optimizer.rule``) and runs on arrays here and on plain floats in
:mod:`explorer.core.trajectories` (fast 2-D races on surfaces), with identical results.
"""

from __future__ import annotations

from typing import Any

from ._adam import Adam, AdamW, NAdam
from ._adam_variants import Adamax, RAdam
from ._base import ARRAY_MATH, FLOAT_MATH, Math, Optimizer, ParamSpec
from ._classic import SGD, Adadelta, Adagrad, RMSprop

__all__ = [
    "ARRAY_MATH",
    "FLOAT_MATH",
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Math",
    "NAdam",
    "Optimizer",
    "ParamSpec",
    "RAdam",
    "get",
    "names",
    "optimizer_class",
]

_REGISTRY: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, NAdam, Adamax, RAdam)
}


def names() -> tuple[str, ...]:
    """Registry names of all optimizers, e.g. ``('sgd', 'adagrad', ..., 'nadam')``."""
    return tuple(_REGISTRY)


def optimizer_class(name: str) -> type[Optimizer]:
    """The optimizer class registered as ``name`` (case-insensitive, torch's ``"AdamW"`` works).

    Its class attributes (``display_name``, ``param_specs``, ``defaults``) describe it
    without building one.
    """
    key = str(name).lower()
    if key not in _REGISTRY:
        raise ValueError(f"unknown optimizer {name!r}; valid: {', '.join(_REGISTRY)}")
    return _REGISTRY[key]


def get(name: str, **hyper: Any) -> Optimizer:
    """A new optimizer ``name`` with the given hyper-parameters (torch's keywords/defaults).

    Parameters
    ----------
    name : str
        One of :func:`names` (case-insensitive).
    **hyper
        torch's keyword arguments, e.g. ``lr=0.1, momentum=0.9``; an unknown or invalid
        one raises ValueError naming it.

    Returns
    -------
    Optimizer
        Has ``step(params, grads)``, ``zero_state()``, ``hyper``, ``set_hyper(**changes)``,
        ``state``, ``step_count``, ``name``, ``display_name``, ``param_specs``.
    """
    return optimizer_class(name)(**hyper)

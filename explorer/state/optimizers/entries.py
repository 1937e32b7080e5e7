"""The optimizers the lab races: one entry per line of the checklist. Qt-free.

An entry is a core optimizer with some hyper-parameters fixed (SGD with momentum and with
Nesterov momentum are entries of their own, as in the textbooks) and the lab's start value of
the learning rate: torch's defaults (Adam's 1e-3, say) barely move a point on these surfaces
in a few hundred steps, so each entry starts at a learning rate that makes an instructive path
on the default surface (Rosenbrock from (−1.2, 1)). Its sliders are the optimizer's
``param_specs`` minus the fixed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from explorer.core import optimizers
from explorer.core.optimizers import ParamSpec


@dataclass(frozen=True)
class RaceEntry:
    """One optimizer of the race (the index fixes its colour)."""

    key: str
    label: str
    optimizer: str
    start: dict[str, Any]  # the lab's start values (spec key → value), lr always
    fixed: dict[str, Any] = field(default_factory=dict)  # not on a slider

    @property
    def specs(self) -> tuple[ParamSpec, ...]:
        """The sliders/checkboxes of this entry: the optimizer's specs minus the fixed ones."""
        specs = optimizers.optimizer_class(self.optimizer).param_specs
        return tuple(s for s in specs if s.name not in self.fixed)

    def spec(self, key: str) -> ParamSpec:
        for spec in self.specs:
            if spec.key == key:
                return spec
        raise ValueError(f"{self.label} has no hyper-parameter {key!r}")

    def default(self, spec: ParamSpec) -> Any:
        """The lab's start value of ``spec`` (the entry's, else torch's default)."""
        return self.start.get(spec.key, spec.default)

    def hyper(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of ``optimizers.get``: torch's defaults, the lab's lr, the
        fixed ones and ``overrides`` (spec key → value)."""
        hyper = {**optimizers.optimizer_class(self.optimizer).defaults, **self.fixed}
        for spec in self.specs:
            hyper = spec.apply(hyper, overrides.get(spec.key, self.default(spec)))
        return hyper


ENTRIES: tuple[RaceEntry, ...] = (
    RaceEntry("sgd", "SGD", "sgd", {"lr": 2e-3},
              {"momentum": 0.0, "dampening": 0.0, "nesterov": False}),
    RaceEntry("momentum", "SGD + momentum", "sgd", {"lr": 1e-3, "momentum": 0.9},
              {"nesterov": False}),
    RaceEntry("nesterov", "SGD + Nesterov", "sgd", {"lr": 1e-3, "momentum": 0.9},
              {"dampening": 0.0, "nesterov": True}),
    RaceEntry("adagrad", "Adagrad", "adagrad", {"lr": 0.5}),
    RaceEntry("rmsprop", "RMSprop", "rmsprop", {"lr": 0.01}),
    RaceEntry("adadelta", "Adadelta", "adadelta", {"lr": 1.0}),
    RaceEntry("adam", "Adam", "adam", {"lr": 0.1}),
    RaceEntry("adamw", "AdamW", "adamw", {"lr": 0.1}),
    RaceEntry("nadam", "NAdam", "nadam", {"lr": 0.05}),
    RaceEntry("adamax", "Adamax", "adamax", {"lr": 0.2}),
    RaceEntry("radam", "RAdam", "radam", {"lr": 2e-3}),
)  # fmt: skip
BY_KEY = {entry.key: entry for entry in ENTRIES}
KEYS = tuple(BY_KEY)


def entry(key: str) -> RaceEntry:
    if key not in BY_KEY:
        raise ValueError(f"unknown optimizer {key!r}; valid: {', '.join(KEYS)}")
    return BY_KEY[key]

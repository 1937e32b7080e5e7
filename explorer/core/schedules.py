"""Learning-rate schedules with the definitions of ``torch.optim.lr_scheduler`` (2.13).

A schedule gives the learning rate of every step ``k = 0, 1, …`` (the lr an optimizer uses
for its ``k+1``-th update, i.e. after ``k`` calls of torch's ``scheduler.step()``)::

    from explorer.core import schedules
    lrs = schedules.get("cosine", T_max=300).lrs(0.1, 300)     # ndarray (300,)

======================  =====================================================================
name                    lr_k (γ₀ the base lr)
======================  =====================================================================
``constant``            γ₀
``step`` (StepLR)       γ₀ · gamma^⌊k / step_size⌋
``exponential``         γ₀ · gamma^k
``cosine``              η_min + (γ₀ − η_min)(1 + cos(π k / T_max))/2  (CosineAnnealingLR)
``warmup_cosine``       k < warmup: γ₀ (s + (1 − s) k / warmup)  (LinearLR, s = start_factor)
                        then the cosine with T_max = steps − warmup, k counted from warmup
                        (SequentialLR of the two, milestone = warmup)
======================  =====================================================================

torch computes CosineAnnealingLR recursively; the closed form here agrees with it to
rounding (a test runs torch's schedulers). Past ``T_max`` the cosine rises again, as torch's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

__all__ = ["Schedule", "get", "names"]


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule: ``name`` and its parameters (torch's keywords)."""

    name: str
    params: tuple[tuple[str, float], ...] = ()

    DEFAULTS: ClassVar[dict[str, dict[str, float]]] = {
        "constant": {},
        "step": {"step_size": 100.0, "gamma": 0.5},
        "exponential": {"gamma": 0.99},
        "cosine": {"T_max": 0.0, "eta_min": 0.0},  # T_max 0: the whole run
        "warmup_cosine": {"warmup": 30.0, "start_factor": 0.1, "eta_min": 0.0},
    }
    DISPLAY: ClassVar[dict[str, str]] = {
        "constant": "constant",
        "step": "StepLR",
        "exponential": "ExponentialLR",
        "cosine": "CosineAnnealingLR",
        "warmup_cosine": "linear warm-up, then cosine",
    }

    def __post_init__(self) -> None:
        if self.name not in self.DEFAULTS:
            raise ValueError(f"unknown schedule {self.name!r}; valid: {', '.join(self.DEFAULTS)}")
        given = dict(self.params)
        unknown = sorted(set(given) - set(self.DEFAULTS[self.name]))
        if unknown:
            raise ValueError(f"unknown parameter {unknown[0]!r} for the {self.name} schedule")
        merged = {**self.DEFAULTS[self.name], **{k: float(v) for k, v in given.items()}}
        for key, value in merged.items():
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{key} must be a finite number ≥ 0, got {value}")
        if self.name == "step" and merged["step_size"] < 1:
            raise ValueError("step_size must be at least 1")
        if self.name == "warmup_cosine" and not 0 < merged["start_factor"] <= 1:
            raise ValueError("start_factor must be in (0, 1]")
        object.__setattr__(self, "params", tuple(merged.items()))

    @property
    def display_name(self) -> str:
        return self.DISPLAY[self.name]

    def lrs(self, base_lr: float, steps: int) -> np.ndarray:
        """The learning rate of steps 0 … steps − 1: ndarray of shape (steps,)."""
        p = dict(self.params)
        k = np.arange(int(steps), dtype=np.float64)
        base = float(base_lr)
        if self.name == "constant":
            return np.full(k.shape, base)
        if self.name == "step":
            return base * p["gamma"] ** np.floor(k / int(p["step_size"]))
        if self.name == "exponential":
            return base * p["gamma"] ** k
        if self.name == "cosine":
            t_max = p["T_max"] or max(int(steps), 1)
            return _cosine(base, p["eta_min"], k, t_max)
        warmup = min(int(p["warmup"]), int(steps))
        s = p["start_factor"]
        rising = base * (s + (1.0 - s) * k[:warmup] / max(warmup, 1))
        t_max = max(int(steps) - warmup, 1)
        return np.concatenate([rising, _cosine(base, p["eta_min"], k[warmup:] - warmup, t_max)])


def _cosine(base: float, eta_min: float, k: np.ndarray, t_max: float) -> np.ndarray:
    return eta_min + (base - eta_min) * (1.0 + np.cos(np.pi * k / t_max)) / 2.0


def names() -> tuple[str, ...]:
    return tuple(Schedule.DEFAULTS)


def get(name: str, **params: Any) -> Schedule:
    """Schedule ``name`` with torch's parameter names (``step_size``, ``gamma``, ``T_max`` …)."""
    return Schedule(name, tuple(params.items()))

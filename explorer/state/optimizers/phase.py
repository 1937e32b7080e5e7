"""The phase diagram: the selected optimizer's final loss over a grid of two of its
hyper-parameters (lr × momentum, lr × β₁ …), computed a slice at a time. Qt-free.

Each cell is a run of the core's fast path from the lab's start, with every other setting as
in the config; its value is log10(f − f*) after ``min(steps, PHASE_STEPS)`` updates, NaN where
the run diverged. A :class:`PhaseJob` computes cells until a time budget is used up, so the UI
can fill the picture over a few frames without ever blocking one.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from explorer.core import trajectories
from explorer.core.optimizers import ParamSpec
from explorer.state.optimizers import entries
from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.race import lab_minima

PHASE_SIZE = 24  # cells per axis
PHASE_STEPS = 200  # updates per cell at most
LR_SPAN = 100.0  # the lr axis spans the current lr ÷ and × this (within the slider's range)
#: the second axis, by preference: the hyper-parameter that shapes the rule most
SECOND = ("momentum", "betas[0]", "alpha", "rho", "lr_decay", "betas[1]")


def phase_axes(entry_key: str) -> tuple[ParamSpec, ParamSpec] | None:
    """The lr and the second hyper-parameter the diagram spans (None: nothing to pair)."""
    specs = {spec.key: spec for spec in entries.entry(entry_key).specs if spec.kind == "float"}
    second = next((specs[key] for key in SECOND if key in specs), None)
    return None if second is None else (specs["lr"], second)


@dataclass(frozen=True)
class PhaseAxes:
    """What the grid spans: lr values (log-spaced) and the second hyper-parameter's."""

    entry: str
    lr: ParamSpec
    other: ParamSpec
    lrs: np.ndarray  # (PHASE_SIZE,)
    others: np.ndarray  # (PHASE_SIZE,)


def axes_for(config: OptimizersConfig) -> PhaseAxes | None:
    pair = phase_axes(config.selected)
    if pair is None or lab_minima(config)[1] is None:  # nothing to pair, or no minimum
        return None
    lr_spec, other = pair
    lr = config.value(config.selected, "lr")
    low = max(lr_spec.min, lr / LR_SPAN)
    high = min(lr_spec.max, lr * LR_SPAN)
    lrs = np.logspace(math.log10(low), math.log10(high), PHASE_SIZE)
    others = np.linspace(other.min, other.max, PHASE_SIZE)
    return PhaseAxes(config.selected, lr_spec, other, lrs, others)


def job_key(config: OptimizersConfig) -> tuple:
    """Everything a phase diagram depends on (the step on show does not)."""
    axes = phase_axes(config.selected)
    skip = set() if axes is None else {f"{config.selected}.{axes[1].key}"}
    hyper = tuple(
        (k, v) for k, v in config.hyper if k.startswith(config.selected + ".") and k not in skip
    )
    return (config.selected, hyper, config.value(config.selected, "lr") if axes else None,
            config.surface_key, config.start, min(config.steps, PHASE_STEPS), config.noise,
            config.seed, config.schedule, config.schedule_params)  # fmt: skip


class PhaseJob:
    """Fills ``values`` (others × lrs, NaN until computed or where a run diverged)."""

    def __init__(self, config: OptimizersConfig) -> None:
        self.config = config
        self.key = job_key(config)
        self.axes = axes_for(config)
        self.values = np.full((PHASE_SIZE, PHASE_SIZE), np.nan)
        self.computed = 0
        self._surface = config.make_surface()
        _minima, minimum = lab_minima(config)
        self._floor = 0.0 if minimum is None else minimum
        self.steps = min(config.steps, PHASE_STEPS)
        self._schedule = config.make_schedule()
        self._noise = (trajectories.gradient_noise(self.steps, config.noise, config.seed)
                       if config.noise else None)  # fmt: skip

    @property
    def done(self) -> bool:
        return self.axes is None or self.computed == PHASE_SIZE * PHASE_SIZE

    def cell_hyper(self, row: int, column: int) -> dict:
        """The hyper-parameters of cell (row, column): the config's, with the two axes'."""
        axes = self.axes
        entry = entries.entry(axes.entry)
        overrides = {k.partition(".")[2]: v for k, v in self.config.hyper
                     if k.startswith(axes.entry + ".")}  # fmt: skip
        overrides["lr"] = float(axes.lrs[column])
        overrides[axes.other.key] = float(axes.others[row])
        return entry.hyper(overrides)

    def advance(self, budget_s: float) -> bool:
        """Compute cells for about ``budget_s`` seconds (at least one); True when done."""
        start = time.perf_counter()
        entry = None if self.axes is None else entries.entry(self.axes.entry)
        while not self.done:
            row, column = divmod(self.computed, PHASE_SIZE)
            self.values[row, column] = self._cell(entry, self.cell_hyper(row, column))
            self.computed += 1
            if time.perf_counter() - start > budget_s:
                break
        return self.done

    def _cell(self, entry, hyper: dict) -> float:
        try:
            lrs = self._schedule.lrs(hyper["lr"], self.steps)
            path = trajectories.run(entry.optimizer, hyper, self._surface.partials,
                                    self.config.start, self.steps, lrs=lrs,
                                    noise=self._noise)  # fmt: skip
        except ValueError:  # torch refuses the pair (Nesterov with momentum 0, say)
            return math.nan
        if len(path) - 1 < self.steps:
            return math.nan  # diverged
        with np.errstate(all="ignore"):
            gap = float(self._surface.value(path[-1])) - self._floor
        if not math.isfinite(gap) or gap > 1e6:
            return math.nan
        return math.log10(max(gap, 1e-12))

"""The phase diagram: the selected optimizer's final loss over a grid of two of its
hyper-parameters (lr × momentum, lr × β₁ …), computed a slice at a time. Qt-free.

Each cell is a run of the selected rule from the lab's start, with every other setting as in
the config; its value is log10(f − f*) after ``min(steps, PHASE_STEPS)`` updates (NaN where the
run diverged) and the steps it took to converge. All cells run as one array per step (the
core's ``GridRun``: the rule written once); a :class:`PhaseJob` makes updates until a time
budget is used up, so the UI fills the picture over a few frames without ever blocking one.
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

PHASE_SIZE = 40  # cells per axis
PHASE_STEPS = 200  # updates per cell at most
SLICE_STEPS = 2  # updates of every cell between two looks at the clock
#: "converged": f − f* at or below this fraction of its value at the start
CONVERGED = 1e-6
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
    """Runs all cells as one :class:`~explorer.core.trajectories.GridRun`, a few steps per
    :meth:`advance`. ``values`` (others × lrs) is log10(f − f*) after the steps made so far
    (NaN where a run diverged); ``converged`` the first step at which f − f* fell to
    ``CONVERGED`` × its start value (NaN: not within the steps)."""

    def __init__(self, config: OptimizersConfig) -> None:
        self.config = config
        self.key = job_key(config)
        self.axes = axes_for(config)
        self.values = np.full((PHASE_SIZE, PHASE_SIZE), np.nan)
        self.converged = np.full((PHASE_SIZE, PHASE_SIZE), np.nan)
        self.computed = 0
        self._surface = config.make_surface()
        _minima, minimum = lab_minima(config)
        self._floor = 0.0 if minimum is None else minimum
        self.steps = min(config.steps, PHASE_STEPS)
        self._grid: trajectories.GridRun | None = None  # made by the first slice

    def _start(self) -> None:
        config = self.config
        base = self.cell_hyper(0, 0)
        other = self.axes.other
        rows = [other.apply(base, float(value)) for value in self.axes.others]
        # a row's cells share its dict (GridRun checks each once); their lrs come from ``lrs``
        cells = [row for row in rows for _lr in self.axes.lrs]
        schedule = config.make_schedule()  # each column's learning rates, one row per cell
        lrs = np.array([schedule.lrs(float(lr), self.steps) for lr in self.axes.lrs])
        lrs = np.tile(lrs, (PHASE_SIZE, 1))
        noise = (trajectories.gradient_noise(self.steps, config.noise, config.seed)
                 if config.noise else None)  # fmt: skip
        entry = entries.entry(self.axes.entry)
        self._grid = trajectories.GridRun(entry.optimizer, cells, config.start, self.steps,
                                          lrs=lrs, noise=noise)  # fmt: skip
        with np.errstate(all="ignore"):
            self._target = CONVERGED * (float(self._surface.value(np.asarray(config.start)))
                                        - self._floor)  # fmt: skip
        self._first = np.full(PHASE_SIZE * PHASE_SIZE, np.nan)

    @property
    def done(self) -> bool:
        return self.axes is None or self.computed == PHASE_SIZE * PHASE_SIZE

    @property
    def step(self) -> int:
        """The updates made so far (of ``steps``)."""
        return self.steps if self.done else 0 if self._grid is None else self._grid.t

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
        """Make updates for about ``budget_s`` seconds (at least a few); True when done."""
        begin = time.perf_counter()
        if not self.done and self._grid is None:
            self._start()  # ~10 ms: a slice of its own
            return False
        while not self.done:
            t0 = self._grid.t
            count = SLICE_STEPS if self._grid.groups == 1 else 1  # groups: slower steps
            finished = self._grid.advance(self._surface.gradient, count)
            self._score(t0)
            if finished:
                self.computed = PHASE_SIZE * PHASE_SIZE
            if time.perf_counter() - begin > budget_s:
                break
        return self.done

    def _score(self, t0: int) -> None:
        """The loss after the latest step, and the first step below the target since ``t0``."""
        t1 = self._grid.t
        with np.errstate(all="ignore"):
            gaps = self._surface.value(self._grid.points[t0 + 1 : t1 + 1]) - self._floor
        below = gaps <= self._target  # (t1 − t0, cells); NaN compares False
        reached = below.any(axis=0) & np.isnan(self._first)
        self._first[reached] = t0 + 1 + below[:, reached].argmax(axis=0)
        last = gaps[-1]
        ok = np.isfinite(last) & (last <= 1e6)
        with np.errstate(all="ignore"):
            values = np.where(ok, np.log10(np.maximum(last, 1e-12)), np.nan)
        self.values = values.reshape(PHASE_SIZE, PHASE_SIZE)
        self.converged = self._first.reshape(PHASE_SIZE, PHASE_SIZE).copy()

"""One optimizer's run on the lab's surface, and the surface sampled for the heat map. Qt-free.

A run is computed by :func:`explorer.core.trajectories.run` (the optimizers' own rules on
floats) and kept in a small cache keyed by everything it depends on, so moving one slider
recomputes only the run it changes, and Play (which only moves the step on show) recomputes
nothing. A run of fewer steps is cut from a longer one with the same settings where their
learning rates begin alike, and the selected entry's run records its optimizer state as it
goes, for "what this step does".
"""

from __future__ import annotations

import dataclasses
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import surfaces, trajectories
from explorer.state.optimizers import entries
from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.session import freeze

GRID_POINTS = 161  # per axis: a 161 × 161 image is sharp at projector size and costs ~1 ms
BANDS = 18  # colour bands of the filled contours
CACHE_RUNS = 256


@dataclass(frozen=True, eq=False)
class Run:
    """The path of one race entry and what it passes through (arrays read-only)."""

    key: str
    label: str
    index: int  # position in the entry table: fixes the colour
    optimizer: str
    hyper: dict
    path: np.ndarray  # (k + 1, 2): the start and the point after each of k ≤ steps updates
    loss: np.ndarray  # (k + 1,): f at each point
    distance: np.ndarray | None  # (k + 1,): to the nearest minimum (None: no minimum)
    lrs: np.ndarray  # (steps,): the learning rate of every step (the schedule)
    steps: int  # asked for

    @property
    def diverged(self) -> bool:
        """Stopped before ``steps``: the point or its gradient stopped being finite."""
        return len(self.path) - 1 < self.steps

    @property
    def exploded(self) -> bool:
        """Diverged, or flew off: f grew a million-fold over its start (and at least 1e6)."""
        last, first = float(self.loss[-1]), float(self.loss[0])
        return self.diverged or (math.isfinite(last) and last > 1e6 * max(abs(first), 1.0))

    def at(self, step: int) -> int:
        """The index of the point shown at ``step`` (the last one after a divergence)."""
        return min(step, len(self.path) - 1)


@dataclass(frozen=True, eq=False)
class SurfaceGrid:
    """The surface sampled on its default range, for the heat map."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    values: np.ndarray  # (GRID_POINTS, GRID_POINTS), rows along y: f(x, y)
    shade: np.ndarray  # the same, as the colour index 0 … BANDS − 1 (filled contours)
    log: bool  # bands are equal steps of log10(f − f_low + ε), not of f
    low: float  # f at the lowest grid point
    high: float
    lowest: tuple[float, float]  # the lowest grid point (a typed f's estimated minimum)


def shade_bands(values: np.ndarray, log: bool) -> tuple[np.ndarray, float, float]:
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    span = max(high - low, 1e-12)
    scaled = np.log10((values - low) / span + 1e-4) if log else (values - low) / span
    lo, hi = (-4.0, 0.0) if log else (0.0, 1.0)
    index = np.floor((scaled - lo) / (hi - lo) * BANDS)
    index = np.clip(np.nan_to_num(index, nan=BANDS - 1), 0, BANDS - 1)
    return index, low, high


@lru_cache(maxsize=16)
def surface_grid(name: str, params: tuple[tuple[str, float | str], ...]) -> SurfaceGrid:
    """The heat map of surface ``name`` with ``params`` (cached: Play and optimizer sliders
    reuse it). ``("custom", (("text", f),))`` is a typed f(x, y)."""
    if name == "custom":
        surface = surfaces.from_expression(dict(params)["text"])
    else:
        surface = surfaces.get(name, **dict(params))
    (x0, x1), (y0, y1) = surface.default_range
    xs, ys = np.linspace(x0, x1, GRID_POINTS), np.linspace(y0, y1, GRID_POINTS)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)  # (ny, nx, 2)
    values = surface.value(grid)
    finite = values[np.isfinite(values)]
    low = float(finite.min()) if finite.size else 0.0
    median = float(np.median(finite)) if finite.size else 1.0
    # log bands where most of the picture would be one colour (steep walls, flat valleys)
    log = surface.log_contours or (float(finite.max()) - low) > 30 * max(median - low, 1e-12)
    shade, low, high = shade_bands(values, log)
    row, col = np.unravel_index(np.nanargmin(np.where(np.isfinite(values), values, np.inf)),
                                values.shape)  # fmt: skip
    lowest = (float(xs[col]), float(ys[row]))
    return SurfaceGrid((x0, x1), (y0, y1), freeze(values), freeze(shade), log, low, high, lowest)


def lab_minima(config: OptimizersConfig) -> tuple[list[tuple[float, float]], float | None]:
    """The minima the lab measures distances to, and f there: the surface's own, or for a
    typed f(x, y) the lowest point of the heat map's grid (an estimate; the notes say so)."""
    surface = config.make_surface()
    if config.surface != "custom":
        return list(surface.minima), surface.minimum_value
    grid = surface_grid(*config.surface_key)
    return [grid.lowest], grid.low


@dataclass(frozen=True)
class StepDetail:
    """What update ``step`` (from θ_{step−1} to θ_step) of one run did, per coordinate."""

    step: int
    point: tuple[float, float]  # θ before the update
    gradient: tuple[float, float]  # g used (noise included)
    lr: float
    move: tuple[float, float]  # θ_step − θ_{step−1}
    state: dict[str, tuple[float, float]]  # torch's buffers after the update, (x, y)


class RaceRunner:
    """Computes runs, reusing those whose inputs did not change.

    A built-in surface's gradient is a few float operations, so each run steps on its own; a
    typed f(x, y) evaluates a tree of NumPy calls per gradient, so the runs it lacks step in
    lockstep, one gradient call for all of them per step (``trajectories.run_many``).
    """

    def __init__(self) -> None:
        self._cache: OrderedDict[tuple, Run] = OrderedDict()
        # the steps of the last selected run computed: (its settings but the number of steps,
        # its learning rates, its record); a shorter run that begins alike reads them too
        self._records: tuple[tuple, np.ndarray, list] | None = None
        self.recomputed = 0  # runs computed again for their steps' state (a test counts them)
        self._longest: dict[tuple, Run] = {}  # settings but the steps → the longest run

    def step_detail(self, config: OptimizersConfig, run: Run, step: int) -> StepDetail | None:
        """Update ``step`` (1 … len(path) − 1) of ``run``, from the state recorded while the
        run was computed (the selected entry's run records it), else recomputed once per run
        (None outside the run)."""
        if not 1 <= step <= len(run.path) - 1:
            return None
        settings = self._settings(self._key(config, run.key, config.make_schedule()))
        recorded = self._records
        if (recorded is None or recorded[0] != settings or len(recorded[1]) < run.steps
                or not np.array_equal(recorded[1][: run.steps], run.lrs)):  # fmt: skip
            self.recomputed += 1
            record: list = []
            noise = _noise(config.steps, config.noise, config.seed) if config.noise else None
            trajectories.run(run.optimizer, run.hyper, config.make_surface().partials,
                             config.start, config.steps, lrs=run.lrs, noise=noise,
                             record=record)  # fmt: skip
            self._records = (settings, run.lrs, record)
        records = self._records[2]
        if step > len(records):
            return None
        gx, gy, lr, sx, sy = records[step - 1]
        before, after = run.path[step - 1], run.path[step]
        state = {key: (float(sx[key]), float(sy[key])) for key in sx}
        move = (float(after[0] - before[0]), float(after[1] - before[1]))
        point = (float(before[0]), float(before[1]))
        return StepDetail(step, point, (gx, gy), lr, move, state)

    def runs(self, config: OptimizersConfig, keys: list[str]) -> tuple[Run, ...]:
        """The runs of race entries ``keys`` for ``config``, in that order."""
        schedule = config.make_schedule()
        found: dict[str, Run] = {}
        for key in keys:
            cache_key = self._key(config, key, schedule)
            if cache_key in self._cache:
                self._cache.move_to_end(cache_key)
                found[key] = self._cache[cache_key]
        for key in keys:
            if key not in found:
                run = self._from_longer(config, key, schedule)
                if run is not None:
                    found[key] = run
                    self._store(self._key(config, key, schedule), run)
        missing = [key for key in keys if key not in found]
        if missing:
            # the selected entry's run records its state as it goes, for step_detail: a drag
            # that recomputes it does not compute it a second time for "what this step does"
            record: list | None = [] if config.selected in missing else None
            paths = self._paths(config, missing, schedule, record)
            for key, (path, lrs) in zip(missing, paths, strict=True):
                found[key] = self._run(config, key, path, lrs)
                self._store(self._key(config, key, schedule), found[key])
            if record:
                selected = found[config.selected]
                self._records = (self._settings(self._key(config, selected.key, schedule)),
                                 selected.lrs, record)  # fmt: skip
        return tuple(found[key] for key in keys)

    def run(self, config: OptimizersConfig, key: str) -> Run:
        return self.runs(config, [key])[0]

    @staticmethod
    def _key(config: OptimizersConfig, key: str, schedule) -> tuple:
        hyper = config.hyper_for(key)
        seed = config.seed if config.noise else 0  # without noise the seed changes nothing
        return (key, tuple(sorted(hyper.items())), config.surface_key, config.start,
                config.steps, config.noise, seed, schedule)  # fmt: skip

    @staticmethod
    def _settings(cache_key: tuple) -> tuple:
        """A run's cache key without its number of steps."""
        return cache_key[:4] + cache_key[5:]

    def _store(self, cache_key: tuple, run: Run) -> None:
        self._cache[cache_key] = run
        while len(self._cache) > CACHE_RUNS:
            self._cache.popitem(last=False)
        # the longest run of these settings but the steps, for _from_longer
        longer = self._longest.get(self._settings(cache_key))
        if longer is None or longer.steps < run.steps:
            self._longest[self._settings(cache_key)] = run
            while len(self._longest) > CACHE_RUNS:
                self._longest.pop(next(iter(self._longest)))

    def _from_longer(self, config: OptimizersConfig, key: str, schedule) -> Run | None:
        """Run ``key`` cut from a longer run of the same settings, or None.

        A run of s steps is the first s steps of any longer run whose learning rates and
        noise begin alike (a constant, step or exponential schedule; the noise's rows come
        from one seeded stream), so moving the Steps slider down, or back up to a length
        computed before, runs nothing.
        """
        longer = self._longest.get(self._settings(self._key(config, key, schedule)))
        steps = config.steps
        if longer is None or longer.steps < steps:
            return None
        lrs = schedule.lrs(config.hyper_for(key)["lr"], steps)
        if not np.array_equal(np.asarray(longer.lrs)[:steps], lrs):
            return None  # a schedule over the whole run (cosine): another curve
        end = min(steps, len(longer.path) - 1) + 1  # a run that diverged earlier stops there
        distance = None if longer.distance is None else longer.distance[:end]
        return dataclasses.replace(longer, path=longer.path[:end], loss=longer.loss[:end],
                                   distance=distance, lrs=freeze(lrs), steps=steps)  # fmt: skip

    def _paths(self, config, keys, schedule, record=None) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each entry's path and learning rates; ``record`` (a list) receives the selected
        entry's steps as :func:`trajectories.run` records them."""
        surface = config.make_surface()
        noise = _noise(config.steps, config.noise, config.seed) if config.noise else None
        racers = []
        for key in keys:
            hyper = config.hyper_for(key)
            racers.append(
                (entries.entry(key).optimizer, hyper, schedule.lrs(hyper["lr"], config.steps))
            )
        if config.surface == "custom" and len(racers) > 1:
            records = [record if key == config.selected else None for key in keys]
            paths = trajectories.run_many(racers, surface.expression.gradient, config.start,
                                          config.steps, noise=noise, records=records)  # fmt: skip
        else:
            paths = [
                trajectories.run(opt, hyper, surface.partials, config.start, config.steps,
                                 lrs=lrs, noise=noise,
                                 record=record if key == config.selected else None)
                for key, (opt, hyper, lrs) in zip(keys, racers, strict=True)
            ]  # fmt: skip
        return [(path, lrs) for path, (_opt, _hyper, lrs) in zip(paths, racers, strict=True)]

    def _run(self, config, key, path, lrs) -> Run:
        entry = entries.entry(key)
        surface = config.make_surface()
        distance = None
        minima, _value = lab_minima(config)
        with np.errstate(over="ignore", invalid="ignore"):  # a path flying off: inf, drawn as a gap
            loss = surface.value(path)
            if minima:
                gaps = path[:, None, :] - np.asarray(minima)[None, :, :]  # (k + 1, m, 2)
                distance = freeze(np.sqrt((gaps**2).sum(axis=-1)).min(axis=1))
        return Run(entry.key, entry.label, entries.KEYS.index(entry.key), entry.optimizer,
                   config.hyper_for(key), freeze(path), freeze(loss), distance, freeze(lrs),
                   config.steps)  # fmt: skip


@lru_cache(maxsize=8)
def _noise(steps: int, scale: float, seed: int) -> np.ndarray:
    return freeze(trajectories.gradient_noise(steps, scale, seed))


def loss_gap(run: Run, minimum_value: float | None) -> np.ndarray:
    """f − f* (what a log axis can show), or f where the minimum is unknown."""
    if minimum_value is None or not math.isfinite(minimum_value):
        return run.loss
    return run.loss - minimum_value

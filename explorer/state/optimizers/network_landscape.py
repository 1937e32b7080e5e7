"""The loss landscape of the real net, on a plane through one run's weights. Qt-free.

:class:`Plane`: the weights ``θ_c`` of a reference optimizer's net at one step and two random
directions, filter-normalised against ``θ_c`` (:mod:`explorer.core.landscape`; biases get zero
directions, as in Li et al.'s published plots), drawn from ``net_seed``: the same seed, the same
plane. :class:`LandscapeJob` computes the whole-data-set loss ``L(θ_c + a δ + b η)`` on a
:data:`GRID` × :data:`GRID` grid over ``a, b ∈ [−span, span]`` a few cells at a time (each cell
is one forward pass of the core MLP), so it never blocks a frame. :func:`project_paths` puts
every optimizer's recorded weights onto the same plane (least squares).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from explorer.core import landscape, losses
from explorer.state.optimizers.network import NetworkView, make_net, run_key, task_data
from explorer.state.optimizers.race import BANDS, shade_bands
from explorer.state.session import freeze

GRID = 25  # cells per side of the landscape
DIRECTION_SEED = 1_000  # added to net_seed: the plane's directions are not the init's draws


@dataclass(frozen=True, eq=False)
class Plane:
    """``θ_c + a δ + b η``: ``centre``, ``d1``, ``d2`` flat (n_params,) in the net's order."""

    centre: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    reference: str  # the optimizer whose weights are the centre
    step: int  # … at this step


def make_plane(config, centre: np.ndarray, reference: str, step: int) -> Plane:
    """The plane through ``centre`` with directions seeded by ``net_seed``."""
    net = make_net(config)
    net.flat_params[...] = centre  # net.params are views: the directions see these weights
    rng = np.random.default_rng(config.net_seed + DIRECTION_SEED)
    flat = [np.concatenate([d.ravel() for d in landscape.filter_normalized_direction(
        net.params, rng)]) for _ in range(2)]  # fmt: skip
    return Plane(freeze(np.array(centre, dtype=np.float64)), freeze(flat[0]), freeze(flat[1]),
                 reference, step)  # fmt: skip


def project_paths(view: NetworkView, plane: Plane) -> np.ndarray:
    """Every optimizer's recorded weights on the plane: (E, P, 2) coordinates (a, b)."""
    return landscape.project(view.paths, plane.centre, plane.d1, plane.d2)


class PathProjector:
    """:func:`project_paths` for a run that grows: the points a run keeps for good are
    projected once per plane, only the newer ones on each call."""

    def __init__(self) -> None:
        self._run: object = None  # the run and plane of the kept coordinates
        self._plane: Plane | None = None
        self._kept = np.empty((0, 0, 2))

    def coords(self, run: object, view: NetworkView, plane: Plane) -> np.ndarray:
        """(E, P, 2) like ``project_paths(view, plane)``; ``run`` is the view's run."""
        if run is not self._run or plane is not self._plane or self._kept.shape[1] > view.recorded:
            self._run, self._plane = run, plane
            self._kept = np.empty((len(view.keys), 0, 2))
        done = self._kept.shape[1]
        new = landscape.project(view.kept[:, done:], plane.centre, plane.d1, plane.d2)
        self._kept = np.concatenate([self._kept, new], axis=1)
        if len(view.path_steps) == view.recorded:
            return self._kept
        now = landscape.project(view.now, plane.centre, plane.d1, plane.d2)
        return np.concatenate([self._kept, now[:, None]], axis=1)


def in_plane_fraction(plane: Plane, point: np.ndarray) -> float:
    """How much of the straight line from the centre to ``point`` the plane shows: the length
    of its projection onto the plane over its length in all dimensions (0 … 1; NaN at the
    centre)."""
    offset = np.asarray(point, dtype=np.float64) - plane.centre
    a, b = landscape.project(point, plane.centre, plane.d1, plane.d2)
    length = float(np.linalg.norm(offset))
    shown = float(np.linalg.norm(a * plane.d1 + b * plane.d2))
    return shown / length if length > 0 else float("nan")


class LandscapeJob:
    """The loss over the plane, computed row by row in slices; NaN where not yet computed."""

    def __init__(self, config, plane: Plane) -> None:
        self.plane = plane
        self.span = float(config.net_span)
        self.key = landscape_key(config, plane.reference, plane.step)
        self.coords = np.linspace(-self.span, self.span, GRID)
        self.values = np.full((GRID, GRID), np.nan)  # rows along b, columns along a
        self.cells = 0
        self._net = make_net(config)
        data = task_data(config)
        self._X, self._target = np.asarray(data.X), np.asarray(data.target)
        self._loss = losses.get("bce_with_logits")

    @property
    def done(self) -> bool:
        return self.cells == GRID * GRID

    def advance(self, budget_s: float | None) -> bool:
        """Compute cells for about ``budget_s`` seconds (None: all); True once complete."""
        start = time.perf_counter()
        plane = self.plane
        with np.errstate(all="ignore"):
            while not self.done:
                row, col = divmod(self.cells, GRID)
                a, b = self.coords[col], self.coords[row]
                self._net.flat_params[...] = plane.centre + a * plane.d1 + b * plane.d2
                self.values[row, col] = self._loss.value(self._net.forward(self._X),
                                                         self._target)  # fmt: skip
                self.cells += 1
                if budget_s is not None and time.perf_counter() - start >= budget_s:
                    break
        return self.done

    def shade(self, upsample: int = 1) -> np.ndarray:
        """The computed points as colour bands 0 … BANDS − 1 of log10 L (BANDS − 1 where not
        computed yet). Once complete, ``upsample`` > 1 interpolates log10 L linearly between
        the grid points ((GRID − 1)·upsample + 1 per side), so the bands' edges are not the
        grid's staircase; the points themselves keep their values."""
        values = self.values
        computed = np.isfinite(values)
        if not computed.any():
            return np.full(values.shape, BANDS - 1.0)
        if upsample > 1 and self.done and computed.all():
            with np.errstate(divide="ignore"):
                values = 10.0 ** bilinear(np.log10(values), upsample)
            computed = np.isfinite(values)
        index, _low, _high = shade_bands(values, log=True)
        return np.where(computed, index, BANDS - 1.0)


def bilinear(grid: np.ndarray, factor: int) -> np.ndarray:
    """``grid`` (n, n) interpolated linearly along both axes onto ((n − 1)·factor + 1)² points
    (the corners and every factor-th point are the grid's own values)."""
    n = grid.shape[0]
    t = np.linspace(0.0, n - 1.0, (n - 1) * factor + 1)
    i = np.minimum(np.floor(t).astype(np.intp), n - 2)
    f = t - i
    rows = grid[i] * (1 - f)[:, None] + grid[i + 1] * f[:, None]
    return rows[:, i] * (1 - f) + rows[:, i + 1] * f


def landscape_key(config, reference: str, step: int) -> tuple:
    """What a landscape depends on: the runs, the reference optimizer and step, the span."""
    return (run_key(config), reference, step, config.net_span)

"""The "error vs N" curve, computed in small slices so the UI never waits for it.

For N = 1 … 64 hidden units with random (seeded) hidden weights, the output weights are
solved by least squares on the lab's points, and the error is the mean squared difference
from the noise-free target on a fine grid, averaged over a few seeds. The hidden weights of
one seed are nested (the first N of one draw of 64), so one Gram matrix per seed serves every
N: its leading (N + 1)-block is the normal-equation matrix of the first N units and the bias.

:class:`ErrorVsN` is Qt-free; the page calls :meth:`ErrorVsN.advance` from a timer with a
time budget of a few milliseconds and draws whatever is done so far.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from explorer.core.activations import Activation
from explorer.state.approximation.network import MAX_NEURONS, hidden, random_hidden, solve_gram

SEEDS = 3


@dataclass(frozen=True)
class _SeedFeatures:
    gram: np.ndarray  # (65, 65) of the design [1, h₁ … h₆₄] at the points
    rhs: np.ndarray  # (65,) design · y
    on_grid: np.ndarray  # (m, 65) the design on the grid


class ErrorVsN:
    """A resumable computation of the least-squares error for N = 1 … ``max_n``.

    Work comes in small units (prepare one seed's features, or solve one N for every seed),
    and :meth:`advance` does units until its time budget is spent.

    Parameters
    ----------
    act : Activation
        Hidden activation.
    x, y : ndarray (n,)
        Training points (noise included).
    grid_x, grid_f : ndarray (m,)
        Where the error is measured, and the noise-free target there.
    x_range : tuple of float
        The lab's x-range (it sets where random steps are placed).
    seed : int
        First seed; seeds ``seed … seed + seeds − 1`` are averaged.
    """

    def __init__(
        self,
        act: Activation,
        x: np.ndarray,
        y: np.ndarray,
        grid_x: np.ndarray,
        grid_f: np.ndarray,
        x_range: tuple[float, float],
        seed: int = 0,
        seeds: int = SEEDS,
        max_n: int = MAX_NEURONS,
    ) -> None:
        self.n_values = np.arange(1, max_n + 1)
        self.errors = np.full(max_n, np.nan)
        self._act, self._x, self._y = act, x, y
        self._grid_x, self._grid_f, self._x_range = grid_x, grid_f, x_range
        self._pending_seeds = [seed + k for k in range(seeds)]
        self._features: list[_SeedFeatures] = []
        self._next = 0  # index into n_values of the next N to compute

    @property
    def done(self) -> bool:
        return self._next >= self.n_values.size

    @property
    def computed(self) -> int:
        """How many N are finished (the first ``computed`` entries of ``errors``)."""
        return self._next

    def advance(self, budget_s: float) -> bool:
        """Do units of work until ``budget_s`` seconds have passed (at least one); True if done."""
        start = time.perf_counter()
        while not self.done:
            if self._pending_seeds:
                self._features.append(self._prepare(self._pending_seeds.pop(0)))
            else:
                self.errors[self._next] = self._error_at(int(self.n_values[self._next]))
                self._next += 1
            if time.perf_counter() - start >= budget_s:
                break
        if self.done:
            self._features = []  # a finished curve keeps only its numbers
        return self.done

    def run_to_end(self) -> np.ndarray:
        """Finish synchronously (tests and scripts); returns ``errors``."""
        while not self.advance(1.0):
            pass
        return self.errors

    def _prepare(self, seed: int) -> _SeedFeatures:
        w, b = random_hidden(self.n_values.size, *self._x_range, seed)
        design = _with_bias(hidden(self._act, w, b, self._x))
        return _SeedFeatures(
            design.T @ design, design.T @ self._y, _with_bias(hidden(self._act, w, b, self._grid_x))
        )

    def _error_at(self, n: int) -> float:
        errors = []
        size = n + 1
        for features in self._features:
            coef = solve_gram(features.gram[:size, :size], features.rhs[:size], self._x.size)
            with np.errstate(all="ignore"):
                prediction = features.on_grid[:, :size] @ coef
            errors.append(float(np.mean((prediction - self._grid_f) ** 2)))
        return float(np.mean(errors))


def _with_bias(h: np.ndarray) -> np.ndarray:
    design = np.empty((h.shape[0], h.shape[1] + 1))
    design[:, 0], design[:, 1:] = 1.0, h
    return design

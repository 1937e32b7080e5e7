"""The approximation lab's sampled target and its immutable snapshot (Qt-free).

:func:`sample_target` turns a named target or a typed formula into training points and a
noise-free curve on a fine grid; it is memoized, so the config's ``validate`` (which needs to
know whether a formula parses and is finite on the range) costs nothing on a slider drag.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import targets
from explorer.state.approximation.network import Neuron
from explorer.state.session import freeze

GRID_POINTS = 401  # curve resolution: odd, so the middle of the range is a sample
LOSS_PLOT_POINTS = 1500  # the loss curve is thinned to at most this many points


@dataclass(frozen=True, eq=False)
class TargetData:
    """Training points (x, y) with noise, and the noise-free target f on a fine grid."""

    x: np.ndarray
    y: np.ndarray
    grid_x: np.ndarray
    grid_f: np.ndarray
    label: str  # "sin(x)", or the formula as typed


@functools.lru_cache(maxsize=32)
def _parsed(text: str) -> targets.Expression:
    return targets.parse_expression(text)


@functools.lru_cache(maxsize=32)
def sample_target(
    target: str,
    expression: str,
    x_range: tuple[float, float],
    n_points: int,
    noise: float = 0.0,
    seed: int = 0,
) -> TargetData:
    """Sample ``target`` (a registry name, or ``"custom"`` for ``expression``).

    Raises ``ValueError`` for a formula that does not parse (the message gives the column)
    or that is not finite somewhere on the range.
    """
    if target == "custom":
        fn = _parsed(expression)
        label = fn.text
    else:
        fn = targets.get(target)
        label = fn.formula
    grid_x = np.linspace(x_range[0], x_range[1], GRID_POINTS)
    grid_f = targets.evaluate_finite(fn, grid_x)
    x, y = targets.sample(fn, n_points, x_range, noise, seed=seed)
    if target == "custom":
        targets.evaluate_finite(fn, x)
    return TargetData(freeze(x), freeze(y), freeze(grid_x), freeze(np.asarray(grid_f)), label)


@dataclass(frozen=True, eq=False)
class ApproximationSnapshot:
    """What the lab shows for one config (and, in the fit view, one moment of training)."""

    config: Any
    data: TargetData
    neurons: tuple[Neuron, ...]  # the network on screen, (wᵢ, bᵢ, vᵢ)
    output_bias: float
    contributions: tuple[np.ndarray, ...]  # vᵢ·σ(wᵢx + bᵢ) on data.grid_x
    total: np.ndarray  # ŷ on data.grid_x
    fitted: np.ndarray  # ŷ at the points data.x
    residual: np.ndarray  # y − ŷ at the points
    mse: float  # mean residual² at the points
    max_error: float  # max |residual|
    grid_error: float  # mean (ŷ − f)² on the grid, f noise-free (the error-vs-N measure)
    source: str  # "build", "gradient" or "lstsq"
    steps: int = 0
    loss_steps: np.ndarray | None = None
    loss_values: np.ndarray | None = None
    diverged: str | None = None

    @property
    def n_hidden(self) -> int:
        return len(self.neurons)

    @classmethod
    def make(
        cls, config, data, neurons, c, grid_curves, total, fitted, fit
    ) -> ApproximationSnapshot:
        residual = data.y - fitted
        with np.errstate(all="ignore"):
            mse = float(np.mean(residual**2))
            grid_error = float(np.mean((total - data.grid_f) ** 2))
        source = "build" if config.mode == "build" else config.fitter
        steps, loss_steps, loss_values, diverged = 0, None, None, None
        if fit is not None:
            steps, diverged = fit.steps, fit.diverged
            loss_steps, loss_values = thin_history(fit.loss_history)
        return cls(
            config=config,
            data=data,
            neurons=tuple(tuple(n) for n in neurons),
            output_bias=float(c),
            contributions=tuple(grid_curves),
            total=freeze(total),
            fitted=freeze(fitted),
            residual=freeze(residual),
            mse=mse,
            max_error=float(np.max(np.abs(residual))),
            grid_error=grid_error,
            source=source,
            steps=steps,
            loss_steps=loss_steps,
            loss_values=loss_values,
            diverged=diverged,
        )


def thin_history(history: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Step numbers (1-based) and losses, thinned to at most ``LOSS_PLOT_POINTS`` for plotting."""
    n = history.size
    if n <= LOSS_PLOT_POINTS:
        index = np.arange(n)
    else:
        index = np.unique(np.linspace(0, n - 1, LOSS_PLOT_POINTS).astype(int))
    return freeze(index + 1.0), freeze(np.maximum(history[index], 1e-30))

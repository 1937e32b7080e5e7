"""Sampled activation curves and the facts the Activation lab annotates on them. Qt-free.

A curve is sampled once per (activation, parameters, *grid span*), not per x-range: the grid
covers the smallest span of :data:`GRID_SPANS` that holds the view, so an x-range drag mostly
moves the view over the same arrays and the plots skip ``setData`` (measured: re-feeding six
curves cost about 3 ms of every step of the drag). The facts that depend on the view itself
(the largest |f′|, the saturated intervals, the extent of f and f′) are computed on the samples
inside ±x-range, which is cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import activations
from explorer.state.session import freeze

POINTS = 241  # odd, so x = 0 (where σ′, tanh′ peak) is a sample; fewer points paint faster
X_RANGE_MIN, X_RANGE_MAX = 1.0, 20.0
# Half-widths of the sampling grids, about 25 % apart: at least 80 % of the samples are in view
GRID_SPANS = (1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.4, 8.0, 10.0, 12.5, 16.0, 20.0)
MAX_DEPTH = 30
SATURATION = 1e-2  # |f′| below this fraction of max |f′| counts as saturated
NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


@dataclass(frozen=True, eq=False)
class Samples:
    """f and f′ of one activation on ``x = linspace(−span, span, POINTS)`` (read-only)."""

    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray


@dataclass(frozen=True, eq=False)  # compared by identity: the cache hands out the same object
class CurveData:
    """One activation as the lab shows it for one x-range.

    ``x``, ``y``, ``dy`` are the shared :class:`Samples` (they reach a little beyond the view);
    every other fact is about the part inside ±``x_range``.
    """

    name: str
    display_name: str
    index: int  # position in the registry: fixes the colour
    params: tuple[tuple[str, float | str], ...]
    formula: str
    latex: str
    x_range: float
    x: np.ndarray
    y: np.ndarray  # f(x)
    dy: np.ndarray  # f′(x)
    y_extent: tuple[float, float]  # min and max of f over the samples that cover the view
    dy_extent: tuple[float, float]  # the same for f′
    peak_x: float  # where |f′| is largest in view (the sample nearest 0 on a plateau)
    peak_abs: float  # that largest |f′|
    peak_dy: float  # f′ there (signed: where the marker goes)
    max_abs_derivative: float  # sup |f′| over all reals (from the registry)
    saturated: tuple[tuple[float, float], ...]  # x-intervals in view where |f′| < 1 % of max |f′|
    f_at_zero: float
    output_range: tuple[float, float]
    zero_centred: bool
    monotonic: bool
    smooth: bool
    chain: np.ndarray  # (max |f′|)^L for L = 1 … MAX_DEPTH


def grid_span(x_range: float) -> float:
    """The smallest span of :data:`GRID_SPANS` that covers ±``x_range``."""
    for span in GRID_SPANS:
        if span >= x_range:
            return span
    return GRID_SPANS[-1]


def sample_grid(x_range: float, points: int = POINTS) -> np.ndarray:
    """The sample points used for an x-range: ``linspace(−span, span, points)``."""
    span = grid_span(x_range)
    return np.linspace(-span, span, points)


def sample(name: str, params: dict[str, float | str], x_range: float) -> Samples:
    """f and f′ of ``name`` with ``params`` on the grid of ``x_range``, as the core computes."""
    act = activations.get(name, **params)
    x = sample_grid(x_range)
    # derivative without y: bit-identical to what a caller of the core gets
    return Samples(freeze(x), freeze(act.forward(x)), freeze(act.derivative(x)))


def depths() -> np.ndarray:
    return np.arange(1, MAX_DEPTH + 1, dtype=np.float64)


def chain_factor(max_abs_derivative: float, depth: np.ndarray | float) -> np.ndarray:
    """(max |f′|)^L: the most a chain of L such layers can scale a gradient by."""
    return np.power(float(max_abs_derivative), depth)


def peak_of(x: np.ndarray, dy: np.ndarray) -> tuple[float, float]:
    """(x, |f′|) at the largest |f′| on the grid; on a plateau the sample nearest x = 0."""
    magnitude = np.abs(dy)
    peak = float(magnitude.max())
    candidates = np.flatnonzero(magnitude >= peak - 1e-12 * max(peak, 1.0))
    best = candidates[np.argmin(np.abs(x[candidates]))]
    return float(x[best]), peak


def saturation_intervals(
    x: np.ndarray, dy: np.ndarray, max_abs: float, fraction: float = SATURATION
) -> tuple[tuple[float, float], ...]:
    """Maximal x-intervals where |f′| < fraction · max_abs (all of x when max_abs is 0).

    Each run of saturated samples is widened by half a grid step on either side (clipped to the
    grid), so the shading meets the curve where the condition changes.
    """
    mask = np.ones(x.shape, bool) if max_abs <= 0 else np.abs(dy) < fraction * max_abs
    if not mask.any():
        return ()
    edges = np.diff(mask.astype(np.int8), prepend=0, append=0)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    half = (x[-1] - x[0]) / (len(x) - 1) / 2 if len(x) > 1 else 0.0
    return tuple(
        (float(max(x[a] - half, x[0])), float(min(x[b] + half, x[-1])))
        for a, b in zip(starts, stops, strict=True)
    )


@lru_cache(maxsize=64)
def _saturated_on_fine_grid(
    name: str, params: tuple[tuple[str, float | str], ...]
) -> tuple[tuple[float, float], ...]:
    """Saturated intervals on a fixed grid over the widest view (step 0.005).

    Computed once per activation and parameters, not per view: on the view's own grid the
    boundaries moved by up to a grid step as the x-range changed, and with them the card's
    text, whose re-layout cost a few milliseconds of every frame of an x-range drag.
    """
    act = activations.get(name, **dict(params))
    x = np.linspace(-X_RANGE_MAX, X_RANGE_MAX, 8001)
    return saturation_intervals(x, act.derivative(x), float(act.max_abs_derivative))


def clip_intervals(
    intervals: tuple[tuple[float, float], ...], low: float, high: float
) -> tuple[tuple[float, float], ...]:
    """The parts of ``intervals`` inside [low, high]."""
    clipped = ((max(a, low), min(b, high)) for a, b in intervals)
    return tuple((a, b) for a, b in clipped if a < b)


def compute_curve(
    name: str, params: dict[str, float | str], x_range: float, samples: Samples | None = None
) -> CurveData:
    """The lab's view of activation ``name`` over ±``x_range`` (``samples`` if already taken)."""
    act = activations.get(name, **params)
    if samples is None:
        samples = sample(name, params, x_range)
    x, y, dy = samples.x, samples.y, samples.dy
    first, stop = np.searchsorted(x, -x_range, "left"), np.searchsorted(x, x_range, "right")
    x_in, dy_in = x[first:stop], dy[first:stop]  # the samples in view: markers go there
    cover = slice(max(first - 1, 0), stop + 1)  # and one either side: the line reaches the edge
    peak_x, peak_abs = peak_of(x_in, dy_in)
    peak_dy = float(dy_in[np.argmin(np.abs(x_in - peak_x))])
    sup = float(act.max_abs_derivative)
    return CurveData(
        name=name,
        display_name=act.display_name,
        index=activations.names().index(name),
        params=tuple(act.params.items()),
        formula=act.formula,
        latex=act.latex,
        x_range=float(x_range),
        x=x,
        y=y,
        dy=dy,
        y_extent=(float(y[cover].min()), float(y[cover].max())),
        dy_extent=(float(dy[cover].min()), float(dy[cover].max())),
        peak_x=peak_x,
        peak_abs=peak_abs,
        peak_dy=peak_dy,
        max_abs_derivative=sup,
        saturated=clip_intervals(
            _saturated_on_fine_grid(name, tuple(sorted(act.params.items()))), -x_range, x_range
        ),
        f_at_zero=float(act.forward(0.0)),
        output_range=tuple(float(v) for v in act.output_range),
        zero_centred=bool(act.zero_centred),
        monotonic=bool(act.monotonic),
        smooth=bool(act.smooth),
        chain=freeze(chain_factor(sup, depths())),
    )


def nice_limit(value: float) -> float:
    """The nearest of ±{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8}·10ᵏ at or beyond ``value`` (0 → 0).

    A plot's y-limits snap to these, so an x-range drag changes the y-axis (whose ticks are
    slow to redraw) only now and then, and the axis does not twitch as the data grow.
    """
    if value == 0 or not math.isfinite(value):
        return value
    magnitude = abs(value)
    decade = 10.0 ** math.floor(math.log10(magnitude))
    limit = next(step * decade for step in NICE_STEPS if step * decade >= magnitude * (1 - 1e-9))
    return math.copysign(limit, value)

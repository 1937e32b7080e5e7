"""What the per-layer activation view draws: histogram strips and the saturation band.

Qt-free. A *strip* is one layer's histogram of its pre-activations u (or activations a = f(u))
as a column of an image, layers side by side, so the spread growing, shrinking or piling up in
the saturated tails is seen across depth at a glance. The *saturation band* is the set of u
where |f′(u)| < 0.1 % of max |f′| — the definition of "saturated" in
:mod:`explorer.core.stats` — so an entry inside the band passes (almost) no gradient back.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from explorer.core import activations
from explorer.core import stats as core_stats
from explorer.state.session import freeze

STRIP_BINS = 48
BAND_REACH = 60.0  # the band is found on |u| ≤ 60; beyond, f′ is taken to stay as it is there
BAND_STEP = 0.005
RANGE_CAP = 1e6  # an exploding net's strips clamp here; its mean/std are still printed
Variable = Literal["preact", "act"]


@dataclass(frozen=True, eq=False)
class LayerStrips:
    """Histogram strips of one variable over the hidden layers.

    ``image`` (depth, STRIP_BINS): each layer's histogram divided by its largest bin (1 = the
    fullest bin of that layer); values outside [low, high] are counted in the end bins and
    their fraction is in ``beyond``. ``mean``/``std`` are the layer's statistics."""

    variable: Variable
    image: np.ndarray
    low: float
    high: float
    mean: np.ndarray
    std: np.ndarray
    beyond: np.ndarray


def _inside(activation, u: np.ndarray, threshold: float) -> np.ndarray:
    with np.errstate(all="ignore"):
        d = np.abs(np.asarray(activation.derivative(u), dtype=np.float64))
    return (d == 0) if threshold <= 0 else (d < threshold)


def _edge(activation, inside_at: float, outside_at: float, threshold: float) -> float:
    """Bisect between a saturated and an unsaturated u for the band's edge (to ~1e-9)."""
    a, b = inside_at, outside_at
    for _ in range(40):
        middle = 0.5 * (a + b)
        if _inside(activation, np.array([middle]), threshold)[0]:
            a = middle
        else:
            b = middle
    return round(0.5 * (a + b), 6) + 0.0  # + 0.0: no −0.0


@functools.lru_cache(maxsize=64)
def saturation_band(activation) -> tuple[tuple[float, float], ...]:
    """Intervals of u where |f′(u)| < SATURATION_FRACTION·max|f′| (±inf for open ends)."""
    steps = round(BAND_REACH / BAND_STEP)
    u = np.arange(-steps, steps + 1) * BAND_STEP  # exact multiples: u = 0 is a sample
    threshold = core_stats.SATURATION_FRACTION * float(activation.max_abs_derivative)
    inside = _inside(activation, u, threshold)
    edges = np.flatnonzero(np.diff(inside.astype(np.int8)))
    starts = [0, *(edges + 1)]
    stops = [*(edges + 1), len(u)]
    band = []
    for start, stop in zip(starts, stops, strict=True):
        if not inside[start]:
            continue
        low = -math.inf if start == 0 else _edge(activation, u[start], u[start - 1], threshold)
        high = math.inf if stop == len(u) else _edge(activation, u[stop - 1], u[stop], threshold)
        band.append((low, high))
    return tuple(band)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is ≥ value (value > 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in (1, 2, 5, 10):
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)


def _reach(mean: np.ndarray, std: np.ndarray) -> float:
    reach = np.abs(mean) + 3 * std
    reach = reach[np.isfinite(reach)]
    return float(reach.max()) if reach.size else 0.0


def strip_range(variable: Variable, activation, mean, std) -> tuple[float, float]:
    """A stable plot range: set by the activation, widened in 1-2-5 steps when the data is
    wider (so a depth drag rarely moves the axis)."""
    if variable == "act":
        low, high = (float(v) for v in activation.output_range)
        if math.isfinite(low) and math.isfinite(high):
            pad = 0.05 * (high - low)
            return low - pad, high + pad
    finite_edges = [abs(e) for interval in saturation_band(activation) for e in interval]
    finite_edges = [e for e in finite_edges if math.isfinite(e) and e > 0]
    base = min(max(1.5 * max(finite_edges), 3.0), 20.0) if finite_edges else 4.0
    reach = min(max(base, nice_ceiling(max(_reach(mean, std), 1e-9))), RANGE_CAP)
    if variable == "act":
        low, high = (float(v) for v in activation.output_range)
        return (low if math.isfinite(low) else -reach) - 0.05 * reach, (
            high if math.isfinite(high) else reach
        )
    return -reach, reach


def layer_strips(
    variable: Variable, values: np.ndarray, mean, std, activation, previous=None, reuse=0
) -> LayerStrips:
    """Strips of ``values`` (depth, N, F): one histogram per layer over a shared range.

    ``previous`` strips whose first ``reuse`` layers had the same values (a depth drag keeps
    the layers below) lend those rows when the range is the same."""
    depth = values.shape[0]
    low, high = strip_range(variable, activation, mean, std)
    reuse = min(reuse, depth)
    if (
        previous is not None
        and reuse
        and (previous.variable, previous.low, previous.high) == (variable, low, high)
    ):
        if reuse == depth:
            rows, beyond = previous.image[:depth], previous.beyond[:depth]
        else:
            new = _histograms(values[reuse:], low, high)
            rows = np.concatenate([previous.image[:reuse], new[0]])
            beyond = np.concatenate([previous.beyond[:reuse], new[1]])
    else:
        rows, beyond = _histograms(values, low, high)
    return LayerStrips(
        variable=variable,
        image=freeze(rows),
        low=float(low),
        high=float(high),
        mean=mean,
        std=std,
        beyond=freeze(beyond),
    )


def _histograms(values: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-layer histograms of ``values`` (depth, N, F), each divided by its fullest bin, and
    the fraction of each layer's entries outside [low, high]."""
    depth = values.shape[0]
    flat = values.reshape(depth, -1)
    # bin of each entry, as a float: 0 … BINS−1 inside, −1 below (and NaN), BINS above
    position = np.subtract(flat, low)
    position *= STRIP_BINS / (high - low)
    np.fmax(position, -1, out=position)  # fmax/fmin drop NaN: a NaN entry counts as below
    np.fmin(position, STRIP_BINS, out=position)
    bins = position.astype(np.intp)  # truncation: −0.5 → 0 is fine, the bin edge is fuzzy
    bins += (np.arange(depth) * (STRIP_BINS + 2) + 1)[:, None]
    counts = np.bincount(bins.ravel(), minlength=depth * (STRIP_BINS + 2))
    counts = counts.reshape(depth, STRIP_BINS + 2)
    beyond = (counts[:, 0] + counts[:, -1]) / max(flat.shape[1], 1)
    counts[:, 1] += counts[:, 0]  # clamp into the end bins
    counts[:, -2] += counts[:, -1]
    counts = counts[:, 1:-1].astype(np.float64)
    peak = counts.max(axis=1, keepdims=True)
    image = np.divide(counts, peak, out=np.zeros_like(counts), where=peak > 0)
    return image, beyond


def band_for(name: str, params: dict | None = None):
    """:func:`saturation_band` of a registry activation by name."""
    return saturation_band(activations.get(name, **(params or {})))

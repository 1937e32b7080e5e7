"""Axis ticks and ranges of the Depth & gradients lab's per-layer and log-scale plots, and the
values those plots can draw."""

from __future__ import annotations

import math

import numpy as np

from explorer.ui import theme

LAYER_SLOTS = (4, 8, 12, 16, 24, 32, 48, 64)


def finite(values, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None):
    """``np.nan_to_num(values, nan=…, posinf=…, neginf=…)`` as a float array; the input itself
    when it is all finite (nothing to replace), which is the common case and costs two NumPy
    calls instead of nan_to_num's ~30 µs of Python checks on every frame."""
    values = np.asarray(values, dtype=np.float64)
    if np.isfinite(values).all():
        return values
    return np.nan_to_num(values, nan=nan, posinf=posinf, neginf=neginf)


def decade_ticks(low: int, high: int, max_labels: int = 8):
    """Ticks of a log10 axis: labelled decades (every k-th if many)."""
    every = max(1, math.ceil((high - low + 1) / max_labels))
    major = [(float(d), f"1e{d}" if d not in (0, 1) else f"{10.0**d:g}")
             for d in range(low, high + 1) if d % every == 0]  # fmt: skip
    return [major, []]  # no minor ticks: each is a grid line, and grid lines are costly


def layer_slots(depth: int) -> int:
    """How many layer columns a per-layer plot shows: the depth rounded up to a few fixed
    widths, so a depth drag adds bars in place and rescales the axis only now and then."""
    return next(slots for slots in LAYER_SLOTS if slots >= depth)


def layer_ticks(slots: int):
    """Layer numbers on a per-layer axis: at most ~16 labels at 100 % (fewer when the View
    scale makes them bigger), every 1st, 2nd, 4th, 8th or 16th layer."""
    room = 16 / theme.Scale.factor
    step = next(s for s in (1, 2, 4, 8, 16) if slots / s <= room)
    major = [(float(x), str(x)) for x in range(step, slots + 1, step)]
    if step > 2:  # layer 1 is the one the story is about; with step 2, "2" sits next to it
        major.insert(0, (1.0, "1"))
    return [major, []]


def log_span(values: np.ndarray, floor: float = -320.0) -> tuple[int, int]:
    """Whole decades covering the finite positive ``values`` (log10 already taken)."""
    finite = values[np.isfinite(values) & (values > floor)]
    if finite.size == 0:
        return -1, 1
    low, high = math.floor(float(finite.min())), math.ceil(float(finite.max()))
    # over many decades, both ends move in steps of 2 or 5: a depth drag then rescales the
    # axis (and re-lays out its labels) every few layers, not at every one
    step = 1 if high - low <= 6 else 2 if high - low <= 12 else 5
    low, high = step * math.floor(low / step), step * math.ceil(high / step)
    return low, max(high, low + 1)

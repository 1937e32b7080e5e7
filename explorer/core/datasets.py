"""Toy 2-D classification data sets for decision-region demos.

Every set is made by ``make(name, n, noise, rng=None, seed=0, **params)`` and returns
``X`` — ndarray of shape (n, 2), float64 — and ``y`` — ndarray of shape (n,), int64 labels
``0 .. K−1`` (K = 2 except for ``gaussians`` with ``classes=K``). The classes are balanced
(sizes differ by at most one), rows are shuffled, features lie roughly in [−1.5, 1.5] so one
plot range fits all sets, and ``noise`` is the standard deviation of Gaussian jitter added
to both features (labels are decided before the jitter, so noise makes classes overlap).

Example::

    X, y = datasets.make("moons", n=300, noise=0.1, seed=1)
    P = datasets.grid((-1.5, 1.5), (-1.5, 1.5), 100)     # (10000, 2) points to colour
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

PLOT_RANGE = (-1.5, 1.5)  #: a range on both axes that shows every set


def _class_sizes(n: int, k: int) -> list[int]:
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _xor(m: list[int], rng: np.random.Generator, margin: float) -> list[np.ndarray]:
    """Four quadrant clusters; label = XOR of the signs (class 1: x·y < 0).

    |x| and |y| are uniform in [margin, 1]; each class splits its points over its two
    quadrants."""
    parts = []
    for label, size in enumerate(m):
        pts = rng.uniform(margin, 1.0, size=(size, 2))
        quadrant_sign = np.where(rng.random(size) < 0.5, 1.0, -1.0)
        # class 0: (+,+) and (−,−); class 1: (+,−) and (−,+)
        pts[:, 0] *= quadrant_sign
        pts[:, 1] *= quadrant_sign * (1.0 if label == 0 else -1.0)
        parts.append(pts)
    return parts


def _circles(m: list[int], rng: np.random.Generator, factor: float) -> list[np.ndarray]:
    """Class 0 on the circle of radius 1, class 1 on the circle of radius ``factor``;
    angles evenly spaced, with a random rotation per circle."""
    parts = []
    for label, size in enumerate(m):
        radius = 1.0 if label == 0 else factor
        angle = np.linspace(0.0, 2 * np.pi, size, endpoint=False) + rng.uniform(0, 2 * np.pi)
        parts.append(radius * np.column_stack([np.cos(angle), np.sin(angle)]))
    return parts


def _moons(m: list[int], rng: np.random.Generator) -> list[np.ndarray]:
    """Two interleaved half circles of radius 1 (as scikit-learn's, shifted by
    (−0.5, −0.25) to centre them): class 0 centred at (−0.5, −0.25), upper half; class 1
    centred at (0.5, 0.25), lower half."""
    t0 = np.linspace(0.0, np.pi, m[0])
    t1 = np.linspace(0.0, np.pi, m[1])
    upper = np.column_stack([np.cos(t0) - 0.5, np.sin(t0) - 0.25])
    lower = np.column_stack([0.5 - np.cos(t1), 0.25 - np.sin(t1)])
    return [upper, lower]


def _spirals(m: list[int], rng: np.random.Generator, turns: float) -> list[np.ndarray]:
    """Two interleaved arms r = 0.1 + 1.3 s, θ = 2π·turns·s + πk for s in [0, 1]."""
    parts = []
    for label, size in enumerate(m):
        s = np.linspace(0.0, 1.0, size)
        r = 0.1 + 1.3 * s
        theta = 2 * np.pi * turns * s + np.pi * label
        parts.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
    return parts


def gaussian_centers(classes: int) -> np.ndarray:
    """Centres of the ``gaussians`` blobs: ndarray of shape (classes, 2), evenly spaced on
    the circle of radius 0.8 starting at angle π/4 (two classes sit on the diagonal)."""
    angle = np.pi / 4 + 2 * np.pi * np.arange(classes) / classes
    return 0.8 * np.column_stack([np.cos(angle), np.sin(angle)])


def _gaussians(m: list[int], rng: np.random.Generator, classes: int, spread: float):
    """Isotropic Gaussian blobs of standard deviation ``spread`` at ``gaussian_centers``."""
    centers = gaussian_centers(classes)
    return [c + spread * rng.standard_normal((size, 2)) for c, size in zip(centers, m, strict=True)]


@dataclass(frozen=True)
class DatasetInfo:
    """Description of a data set: ``name``, ``display_name``, ``description`` and its extra
    keyword ``params`` with their defaults."""

    name: str
    display_name: str
    description: str
    params: dict[str, float] = field(default_factory=dict)
    _maker: Callable = field(default=None, repr=False)


_DATASETS = {
    d.name: d
    for d in (
        DatasetInfo("xor", "XOR", "four quadrant clusters, label = XOR of the signs",
                    {"margin": 0.1}, _xor),
        DatasetInfo("circles", "Circles", "a ring (class 0) around a smaller ring (class 1)",
                    {"factor": 0.5}, _circles),
        DatasetInfo("moons", "Moons", "two interleaved half circles", {}, _moons),
        DatasetInfo("spirals", "Spirals", "two interleaved spiral arms", {"turns": 1.25},
                    _spirals),
        DatasetInfo("gaussians", "Gaussian blobs", "one Gaussian blob per class",
                    {"classes": 2, "spread": 0.3}, _gaussians),
    )
}  # fmt: skip


def names() -> tuple[str, ...]:
    """Names of the data sets."""
    return tuple(_DATASETS)


def info(name: str) -> DatasetInfo:
    """The :class:`DatasetInfo` of data set ``name``."""
    if name not in _DATASETS:
        raise ValueError(f"unknown dataset {name!r}; valid: {', '.join(_DATASETS)}")
    return _DATASETS[name]


def _checked_params(d: DatasetInfo, params: dict) -> dict:
    unknown = sorted(set(params) - set(d.params))
    if unknown:
        valid = ", ".join(d.params) or "none"
        raise ValueError(f"unknown parameter {unknown[0]!r} for {d.name}; valid: {valid}")
    p = {**d.params, **params}
    if "classes" in p:
        k = p["classes"]
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 2 <= k <= 10:
            raise ValueError(f"classes must be an integer in [2, 10], got {k!r}")
        p["classes"] = int(k)
    checks = {"margin": (0.0, 0.9), "factor": (0.0, 1.0), "turns": (0.0, 5.0),
              "spread": (0.0, 2.0)}  # fmt: skip
    for key, (low, high) in checks.items():
        if key in p and not low <= p[key] <= high:
            raise ValueError(f"{key} must be in [{low}, {high}], got {p[key]!r}")
    return p


def make(
    name: str,
    n: int = 200,
    noise: float = 0.1,
    rng: np.random.Generator | None = None,
    seed: int = 0,
    **params,
) -> tuple[np.ndarray, np.ndarray]:
    """Make data set ``name``.

    Parameters
    ----------
    name : str
        One of :func:`names`: ``xor`` (param ``margin``: gap to the axes), ``circles``
        (``factor``: inner radius), ``moons``, ``spirals`` (``turns``), ``gaussians``
        (``classes``, ``spread``: blob standard deviation).
    n : int
        Number of points, at least the number of classes.
    noise : float
        Standard deviation of the Gaussian jitter added to both features (≥ 0).
    rng : np.random.Generator, optional
        Source of randomness; when omitted ``np.random.default_rng(seed)``.
    seed : int
        Seed used when ``rng`` is None: the same seed gives the same data.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
    """
    d = info(name)
    p = _checked_params(d, params)
    k = p.get("classes", 2)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < k:
        raise ValueError(f"n must be an integer >= {k} (one point per class), got {n!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    if rng is None:
        rng = np.random.default_rng(seed)
    sizes = _class_sizes(int(n), k)
    parts = d._maker(sizes, rng, **p)
    X = np.concatenate(parts).astype(np.float64)
    y = np.repeat(np.arange(k, dtype=np.int64), sizes)
    if noise > 0:
        X += noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]


def grid(x_range: tuple[float, float], y_range: tuple[float, float], resolution: int = 100):
    """Points of a regular ``resolution × resolution`` mesh, e.g. to colour decision regions.

    Returns
    -------
    ndarray of shape (resolution², 2)
        Row ``i·resolution + j`` is ``(xs[j], ys[i])`` with ``xs = linspace(*x_range,
        resolution)`` and ``ys`` likewise, so ``values.reshape(resolution, resolution)``
        is an image whose rows go along y and columns along x.
    """
    if isinstance(resolution, bool) or not isinstance(resolution, int | np.integer):
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    if resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    for label, (low, high) in (("x_range", x_range), ("y_range", y_range)):
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise ValueError(f"{label} must be finite with low < high, got {(low, high)}")
    xs = np.linspace(x_range[0], x_range[1], resolution)
    ys = np.linspace(y_range[0], y_range[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])

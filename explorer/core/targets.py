"""Named 1-D target functions ``y = f(x)`` for the universal-approximation lab.

Example::

    from explorer.core import targets
    f = targets.get("runge")                   # 1 / (1 + 25 x²) on (-1, 1)
    x, y = targets.sample(f, 50, noise=0.05, seed=1)
    g = targets.parse_expression("sin(3*x) * exp(-x**2)")   # safe: no eval
    y_grid = targets.evaluate_finite(g, np.linspace(-3, 3, 200))

A target (named or parsed) is called on an ndarray of any shape and returns one of the same
shape; float32 input gives float32, anything else float64.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .expression import Expression, evaluate_finite, parse_expression

__all__ = ["Expression", "Target", "evaluate_finite", "get", "names", "parse_expression", "sample"]


@dataclass(frozen=True, eq=False)
class Target:
    """A named function of one variable.

    Attributes
    ----------
    name : str
        Registry name (``"runge"``).
    display_name : str
        Human-readable name (``"Runge function"``).
    formula : str
        Plain-text formula (``"1 / (1 + 25 x²)"``).
    latex : str
        The formula in LaTeX.
    default_range : tuple of float
        ``(x_min, x_max)`` on which it is shown and sampled by default.
    """

    name: str
    display_name: str
    formula: str
    latex: str
    default_range: tuple[float, float]
    _impl: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x) -> np.ndarray:
        """``f(x)``: ndarray of shape S → ndarray of shape S."""
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        with np.errstate(all="ignore"):
            return np.asarray(self._impl(x), dtype=x.dtype)

    def fn(self, x) -> np.ndarray:
        """Same as calling the target."""
        return self(x)


def _zero_one(condition: np.ndarray, x: np.ndarray) -> np.ndarray:
    return condition.astype(x.dtype)


_PI = float(np.pi)
_TARGETS = {
    t.name: t
    for t in (
        Target("sin", "Sine", "sin(x)", r"\sin(x)", (-_PI, _PI), np.sin),
        Target("abs", "Absolute value", "|x|", r"\left|x\right|", (-2.0, 2.0), np.abs),
        Target(
            "step",
            "Step",
            "0 for x < 0, 1 for x ≥ 0",
            r"\begin{cases} 0 & x < 0 \\ 1 & x \ge 0 \end{cases}",
            (-2.0, 2.0),
            lambda x: _zero_one(x >= 0, x),
        ),
        Target(
            "sawtooth",
            "Sawtooth",
            "x − floor(x)",
            r"x - \lfloor x \rfloor",
            (-2.0, 2.0),
            lambda x: x - np.floor(x),
        ),
        Target(
            "gaussian",
            "Gaussian bump",
            "exp(−x²)",
            r"e^{-x^2}",
            (-3.0, 3.0),
            lambda x: np.exp(-(x * x)),
        ),
        Target("cubic", "Cubic", "x³ − x", r"x^3 - x", (-1.5, 1.5), lambda x: x * x * x - x),
        Target(
            "runge",
            "Runge function",
            "1 / (1 + 25 x²)",
            r"\frac{1}{1 + 25 x^2}",
            (-1.0, 1.0),
            lambda x: 1 / (1 + 25 * (x * x)),
        ),
        Target(
            "hinge",
            "Hinge (ReLU)",
            "max(0, x)",
            r"\max(0, x)",
            (-2.0, 2.0),
            lambda x: np.maximum(x, 0),
        ),
        Target(
            "square",
            "Square wave",
            "(−1)^floor(x): +1 on [0, 1), −1 on [1, 2), ...",
            r"(-1)^{\lfloor x \rfloor}",
            (-2.0, 2.0),
            lambda x: 1 - 2 * np.mod(np.floor(x), 2),
        ),
        Target("chirp", "Chirp", "sin(x²)", r"\sin(x^2)", (-3.0, 3.0), lambda x: np.sin(x * x)),
    )
}


def names() -> tuple[str, ...]:
    """Registry names of the built-in targets."""
    return tuple(_TARGETS)


def get(name: str) -> Target:
    """The built-in target ``name`` (one of :func:`names`)."""
    if name not in _TARGETS:
        raise ValueError(f"unknown target {name!r}; valid: {', '.join(_TARGETS)}")
    return _TARGETS[name]


def sample(
    target: str | Callable[[np.ndarray], np.ndarray],
    n: int,
    x_range: tuple[float, float] | None = None,
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
    *,
    spacing: str = "even",
    seed: int = 0,
    dtype=np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample a training set ``(x, f(x) + noise·ε)``, ``ε ~ N(0, 1)``.

    Parameters
    ----------
    target : str or callable
        A name from :func:`names`, a :class:`Target`, an :class:`Expression` or any
        vectorized function.
    n : int
        Number of points, ≥ 1.
    x_range : tuple of float, optional
        ``(x_min, x_max)``; defaults to ``target.default_range``.
    noise : float
        Standard deviation of the Gaussian noise added to y (≥ 0).
    rng : np.random.Generator, optional
        Source of randomness; when omitted, ``np.random.default_rng(seed)``.
    spacing : {"even", "uniform"}
        ``"even"``: ``linspace(x_min, x_max, n)``; ``"uniform"``: sorted uniform draws.
    seed : int
        Seed used when ``rng`` is None.
    dtype : numpy dtype
        float64 (default) or float32.

    Returns
    -------
    x : ndarray of shape (n,), sorted ascending
    y : ndarray of shape (n,)
    """
    fn = get(target) if isinstance(target, str) else target
    if not callable(fn):
        raise ValueError(f"target must be a name or a callable, got {type(target).__name__}")
    if x_range is None:
        x_range = getattr(fn, "default_range", None)
        if x_range is None:
            raise ValueError("x_range is required for a target without a default_range")
    x_min, x_max = (float(v) for v in x_range)
    if not (np.isfinite(x_min) and np.isfinite(x_max) and x_min < x_max):
        raise ValueError(f"x_range must be finite with x_min < x_max, got {tuple(x_range)}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    if np.dtype(dtype) not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
    if spacing not in ("even", "uniform"):
        raise ValueError(f"spacing must be 'even' or 'uniform', got {spacing!r}")
    if rng is None:
        rng = np.random.default_rng(seed)
    even = spacing == "even"
    x = np.linspace(x_min, x_max, n) if even else np.sort(rng.uniform(x_min, x_max, n))
    x = x.astype(dtype)
    y = np.asarray(fn(x), dtype=dtype)
    if noise > 0:
        y = y + (noise * rng.standard_normal(n)).astype(dtype)
    return x, y

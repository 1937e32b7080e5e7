"""2-D test functions ``f(x, y)`` with exact gradients, for watching optimizers move.

Example::

    from explorer.core import optimizers, surfaces
    s = surfaces.get("rosenbrock", b=100)
    path = surfaces.trajectory(s, optimizers.get("adam", lr=0.05), steps=500)  # (≤501, 2)
    s.value(path[-1]), s.minima                      # how close did it get?

``value`` takes points of shape (..., 2) and returns shape (...); ``gradient`` returns
(..., 2). Float32 points give float32 results; anything else float64.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["ExpressionSurface", "Surface", "from_expression", "get", "names", "trajectory"]

_TWO_PI = 2 * math.pi


class Surface:
    """Base class. Subclasses define ``_f(x, y)`` and ``_grad(x, y) -> (∂f/∂x, ∂f/∂y)``.

    Attributes
    ----------
    name, display_name, formula, latex : str
    params : dict
        The effective parameters (defaults filled in).
    default_range : ((x0, x1), (y0, y1))
        Region to draw.
    default_start : (x, y)
        A start point that makes an instructive path.
    minima : list of (x, y)
        The global minima (empty when unbounded below).
    minimum_value : float or None
        ``f`` at the minima.
    log_contours : bool
        Hint: contour levels read better on a log scale (steep walls, flat valleys).
    """

    name = ""
    display_name = ""
    formula = ""
    latex = ""
    defaults: dict[str, float] = {}  # noqa: RUF012 - read-only table
    default_range = ((-3.0, 3.0), (-3.0, 3.0))
    default_start = (-2.5, 1.5)
    log_contours = False

    def __init__(self, **params: float) -> None:
        unknown = sorted(set(params) - set(self.defaults))
        if unknown:
            valid = ", ".join(self.defaults) or "none"
            raise ValueError(f"unknown parameter {unknown[0]!r} for {self.name}; valid: {valid}")
        self.params = {}
        for key, default in self.defaults.items():
            value = params.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ValueError(f"parameter {key!r} must be a number, got {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"parameter {key!r} must be finite, got {value!r}")
            self.params[key] = float(value)
        self._check(self.params)
        self.minima, self.minimum_value = self._minima()

    def _check(self, params: dict[str, float]) -> None:
        """Raise ValueError for parameters out of range (subclasses)."""

    def _minima(self) -> tuple[list[tuple[float, float]], float | None]:
        raise NotImplementedError

    @staticmethod
    def _split(p) -> tuple[np.ndarray, np.ndarray]:
        p = np.asarray(p)
        if not np.issubdtype(p.dtype, np.floating):
            p = p.astype(np.float64)
        if p.ndim == 0 or p.shape[-1] != 2:
            raise ValueError(f"points must have shape (..., 2), got {p.shape}")
        return p[..., 0], p[..., 1]

    def value(self, p) -> np.ndarray:
        """f at points ``p``: ndarray of shape (..., 2) → ndarray of shape (...)."""
        x, y = self._split(p)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(self._f(x, y), dtype=x.dtype)

    def gradient(self, p) -> np.ndarray:
        """∇f at points ``p``: ndarray of shape (..., 2) → ndarray of shape (..., 2)."""
        x, y = self._split(p)
        with np.errstate(over="ignore", invalid="ignore"):
            gx, gy = self._grad(x, y)
        gx, gy = np.broadcast_arrays(gx, gy)
        return np.stack([gx, gy], axis=-1).astype(x.dtype, copy=False)

    def partials(self, x: float, y: float) -> tuple[float, float]:
        """(∂f/∂x, ∂f/∂y) at one point given as two floats: the fast form that
        :func:`explorer.core.trajectories.run` calls every step. May raise OverflowError
        far out (Python floats raise where arrays give inf)."""
        return self._grad(x, y)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({args})"


class Quadratic(Surface):
    """f = ½ (u² + κ v²) with (u, v) the point rotated by −angle: Hessian eigenvalues 1
    and κ = condition_number, so plain gradient descent diverges for lr > 2/κ."""

    name, display_name = "quadratic", "Ill-conditioned quadratic"
    formula = "½ (u² + κ v²),  u = x cos α + y sin α,  v = −x sin α + y cos α"
    latex = r"\tfrac12 (u^2 + \kappa v^2)"
    defaults = {"condition_number": 10.0, "angle": 0.0}  # noqa: RUF012 - angle in degrees
    log_contours = True  # the ellipses at every scale, the flat floor of a large κ included

    def _check(self, params):
        if not params["condition_number"] >= 1.0:
            raise ValueError(f"condition_number must be >= 1, got {params['condition_number']}")

    def _minima(self):
        return [(0.0, 0.0)], 0.0

    def __init__(self, **params: float) -> None:
        super().__init__(**params)
        # (cos α, sin α, κ) once: a trajectory asks for the gradient every step
        angle = math.radians(self.params["angle"])
        self._rotation = (math.cos(angle), math.sin(angle), self.params["condition_number"])

    def _f(self, x, y):
        c, s, kappa = self._rotation
        u, v = c * x + s * y, c * y - s * x
        return 0.5 * (u * u + kappa * v * v)

    def _grad(self, x, y):
        c, s, kappa = self._rotation
        u, v = c * x + s * y, c * y - s * x
        return c * u - s * kappa * v, s * u + c * kappa * v


class Rosenbrock(Surface):
    """f = (a − x)² + b (y − x²)²: a curved flat valley, minimum 0 at (a, a²)."""

    name, display_name = "rosenbrock", "Rosenbrock"
    formula, latex = "(a − x)² + b (y − x²)²", r"(a - x)^2 + b\,(y - x^2)^2"
    defaults = {"a": 1.0, "b": 100.0}  # noqa: RUF012
    default_range = ((-2.0, 2.0), (-1.0, 3.0))
    default_start = (-1.2, 1.0)
    log_contours = True

    def _check(self, params):
        if not params["b"] >= 0.0:
            raise ValueError(f"b must be >= 0, got {params['b']}")

    def _minima(self):
        a = self.params["a"]
        return [(a, a * a)], 0.0

    def _f(self, x, y):
        a, b = self.params["a"], self.params["b"]
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def _grad(self, x, y):
        a, b = self.params["a"], self.params["b"]
        valley = y - x * x
        return -2 * (a - x) - 4 * b * x * valley, 2 * b * valley


class Beale(Surface):
    """f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5)."""

    name, display_name = "beale", "Beale"
    formula = "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²"
    latex = r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2"
    default_range = ((-4.5, 4.5), (-4.5, 4.5))
    default_start = (1.0, 1.5)
    log_contours = True

    def _minima(self):
        return [(3.0, 0.5)], 0.0

    @staticmethod
    def _terms(x, y):
        return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y

    def _f(self, x, y):
        t1, t2, t3 = self._terms(x, y)
        return t1 * t1 + t2 * t2 + t3 * t3

    def _grad(self, x, y):
        t1, t2, t3 = self._terms(x, y)
        gx = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1)
        gy = 2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y * y
        return gx, gy


def _refine_himmelblau(x: float, y: float) -> tuple[float, float]:
    """Newton's method on ∇f = 0 from a published 6-digit minimum, to full precision."""
    for _ in range(8):
        a, b = x * x + y - 11, x + y * y - 7
        gx, gy = 4 * x * a + 2 * b, 2 * a + 4 * y * b
        hxx, hxy, hyy = 12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y * y - 26
        det = hxx * hyy - hxy * hxy
        x, y = x - (hyy * gx - hxy * gy) / det, y - (hxx * gy - hxy * gx) / det
    return x, y


class Himmelblau(Surface):
    """f = (x² + y − 11)² + (x + y² − 7)²: four minima of value 0."""

    name, display_name = "himmelblau", "Himmelblau"
    formula, latex = "(x² + y − 11)² + (x + y² − 7)²", r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
    default_range = ((-5.0, 5.0), (-5.0, 5.0))
    default_start = (0.0, 0.0)
    log_contours = True
    _PUBLISHED = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                  (3.584428, -1.848126))  # fmt: skip

    def _minima(self):
        return [_refine_himmelblau(x, y) for x, y in self._PUBLISHED], 0.0

    def _f(self, x, y):
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def _grad(self, x, y):
        a, b = x * x + y - 11, x + y * y - 7
        return 4 * x * a + 2 * b, 2 * a + 4 * y * b


class Saddle(Surface):
    """f = x² − y²: a saddle point at the origin, unbounded below (no minimum)."""

    name, display_name = "saddle", "Saddle"
    formula, latex = "x² − y²", r"x^2 - y^2"
    default_range = ((-2.0, 2.0), (-2.0, 2.0))
    default_start = (-1.8, 0.01)

    def _minima(self):
        return [], None

    def _f(self, x, y):
        return x * x - y * y

    def _grad(self, x, y):
        return 2 * x, -2 * y


class Rastrigin(Surface):
    """f = 2A + Σ (x_i² − A cos 2πx_i): a bowl covered in local minima, global 0 at (0, 0)."""

    name, display_name = "rastrigin", "Rastrigin"
    formula = "2A + x² − A cos(2πx) + y² − A cos(2πy)"
    latex = r"2A + \sum_i \left(x_i^2 - A\cos(2\pi x_i)\right)"
    defaults = {"A": 10.0}  # noqa: RUF012
    default_range = ((-5.12, 5.12), (-5.12, 5.12))
    default_start = (3.2, -2.3)

    def _check(self, params):
        if not params["A"] >= 0.0:
            raise ValueError(f"A must be >= 0, got {params['A']}")

    def _minima(self):
        return [(0.0, 0.0)], 0.0

    def _f(self, x, y):
        a = self.params["A"]
        return 2 * a + x * x - a * np.cos(_TWO_PI * x) + y * y - a * np.cos(_TWO_PI * y)

    def _grad(self, x, y):
        a = self.params["A"]
        return 2 * x + _TWO_PI * a * np.sin(_TWO_PI * x), 2 * y + _TWO_PI * a * np.sin(_TWO_PI * y)


class ExpressionSurface(Surface):
    """A typed ``f(x, y)`` (the safe parser; exact gradient by forward-mode differentiation,
    :mod:`explorer.core.expression_grad`). Its minima are unknown (``minima == []``)."""

    name, display_name = "custom", "Your f(x, y)"
    default_range = ((-3.0, 3.0), (-3.0, 3.0))
    default_start = (-2.5, 1.5)

    def __init__(self, text: str) -> None:
        from explorer.core.expression_grad import parse_xy

        self.expression = parse_xy(text)  # ValueError with the parser's message
        self.formula = self.latex = self.expression.text
        super().__init__()

    def _minima(self):
        return [], None

    def _f(self, x, y):
        return self.expression.value(x, y)

    def _grad(self, x, y):
        return self.expression.gradient(x, y)

    def partials(self, x: float, y: float) -> tuple[float, float]:
        gx, gy = self.expression.gradient(x, y)
        return float(gx), float(gy)

    def __repr__(self) -> str:
        return f"ExpressionSurface({self.expression.text!r})"


def from_expression(text: str) -> ExpressionSurface:
    """The surface ``f(x, y)`` typed as ``text`` (ValueError: the parser's message)."""
    return ExpressionSurface(text)


_SURFACES = {cls.name: cls for cls in (Quadratic, Rosenbrock, Beale, Himmelblau, Saddle, Rastrigin)}


def names() -> tuple[str, ...]:
    """Names of the surfaces."""
    return tuple(_SURFACES)


def get(name: str, **params: float) -> Surface:
    """Surface ``name`` with parameters ``params`` (e.g. ``get("rosenbrock", b=10)``)."""
    if name not in _SURFACES:
        raise ValueError(f"unknown surface {name!r}; valid: {', '.join(_SURFACES)}")
    return _SURFACES[name](**params)


def trajectory(surface: Surface, optimizer, steps: int = 100, start=None) -> np.ndarray:
    """Run ``optimizer`` (from :mod:`explorer.core.optimizers`) on ``surface``.

    The path starts from fresh state (``optimizer.zero_state()`` is called) and is computed
    by :func:`explorer.core.trajectories.run` with the optimizer's rule and hyper-parameters
    on plain floats: the same numbers as stepping ``optimizer`` on a (2,) array, faster.
    Stops early if the point or its gradient stop being finite (divergence).

    Returns
    -------
    ndarray of shape (k + 1, 2)
        The start point and the point after each of the ``k ≤ steps`` steps.
    """
    from explorer.core import trajectories  # imports optimizers; surfaces stays light

    point = np.array(surface.default_start if start is None else start, dtype=np.float64)
    if point.shape != (2,):
        raise ValueError(f"start must be a point (x, y), got shape {point.shape}")
    optimizer.zero_state()
    return trajectories.run(type(optimizer), optimizer.hyper, surface.partials, point, steps)

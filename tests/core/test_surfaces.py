"""Surfaces: gradients vs finite differences, minima, metadata, dtype, trajectories."""

import math

import numpy as np
import pytest

from explorer.core import optimizers, surfaces

# every surface with its defaults, plus non-default parameters where it has any
CASES = [(name, {}) for name in surfaces.names()] + [
    ("quadratic", dict(condition_number=50.0, angle=30.0)),
    ("quadratic", dict(condition_number=1.0, angle=-110.0)),
    ("rosenbrock", dict(a=-0.5, b=10.0)),
    ("rastrigin", dict(A=3.0)),
]


def _points(surface, count=50, seed=0):
    (x0, x1), (y0, y1) = surface.default_range
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(x0, x1, count), rng.uniform(y0, y1, count)])


@pytest.mark.parametrize(("name", "params"), CASES)
def test_gradient_matches_central_differences(name, params):
    s = surfaces.get(name, **params)
    p = _points(s)
    analytic = s.gradient(p)
    numeric = np.empty_like(p)
    for axis in range(2):
        h = 1e-6 * np.maximum(1.0, np.abs(p[:, axis]))
        step = np.zeros_like(p)
        step[:, axis] = h
        numeric[:, axis] = (s.value(p + step) - s.value(p - step)) / (2 * h)
    scale = np.maximum(1.0, np.abs(analytic))
    assert np.max(np.abs(analytic - numeric) / scale) < 1e-6


@pytest.mark.parametrize(("name", "params"), CASES)
def test_minima_have_the_minimum_value_and_zero_gradient(name, params):
    s = surfaces.get(name, **params)
    for point in s.minima:
        assert s.value(np.array(point)) == pytest.approx(s.minimum_value, abs=1e-12)
        np.testing.assert_allclose(s.gradient(np.array(point)), 0.0, atol=1e-9)
        # and it is a minimum: nearby points are higher
        ring = np.array(point) + 1e-3 * np.array([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1]])
        assert np.all(s.value(ring) > s.minimum_value)
    if s.minima:
        grid = _points(s, 2000, seed=1)
        assert np.all(s.value(grid) >= s.minimum_value - 1e-12)


PUBLISHED_VALUES = [
    # (surface, point, f(point)), computed by hand from the formulas
    ("quadratic", (1.0, 1.0), 5.5),  # ½(1 + 10·1)
    ("rosenbrock", (0.0, 0.0), 1.0),
    ("rosenbrock", (-1.0, 1.0), 4.0),
    ("beale", (0.0, 0.0), 1.5**2 + 2.25**2 + 2.625**2),
    ("himmelblau", (0.0, 0.0), 121.0 + 49.0),
    ("saddle", (1.0, 2.0), -3.0),
    ("rastrigin", (1.0, 0.0), 1.0),  # 20 + (1 − 10) + (0 − 10)
    ("rastrigin", (0.5, 0.5), 20.0 + 2 * (0.25 + 10.0)),
]


@pytest.mark.parametrize(("name", "point", "expected"), PUBLISHED_VALUES)
def test_known_values(name, point, expected):
    assert surfaces.get(name).value(np.array(point)) == pytest.approx(expected, rel=1e-14)


def test_known_minima_positions():
    assert surfaces.get("rosenbrock", a=2.0).minima == [(2.0, 4.0)]
    assert surfaces.get("beale").minima == [(3.0, 0.5)]
    published = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
    np.testing.assert_allclose(surfaces.get("himmelblau").minima, published, atol=1e-6)
    assert surfaces.get("saddle").minima == [] and surfaces.get("saddle").minimum_value is None


def test_quadratic_has_the_requested_condition_number():
    s = surfaces.get("quadratic", condition_number=25.0, angle=35.0)
    # f is ½ pᵀ H p, so ∇f(p) = H p: recover H from the gradients at the unit vectors
    hessian = s.gradient(np.eye(2)).T
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-14)
    np.testing.assert_allclose(np.linalg.eigvalsh(hessian), [1.0, 25.0])
    major = np.linalg.eigh(hessian)[1][:, 1]  # steep direction: angle 35° + 90°
    assert abs(abs(major @ [math.cos(math.radians(125)), math.sin(math.radians(125))]) - 1) < 1e-12


@pytest.mark.parametrize("name", surfaces.names())
def test_metadata_shapes_and_dtypes(name):
    s = surfaces.get(name)
    assert s.name == name and s.display_name and s.formula and s.latex
    (x0, x1), (y0, y1) = s.default_range
    assert x0 < x1 and y0 < y1
    sx, sy = s.default_start
    assert x0 <= sx <= x1 and y0 <= sy <= y1
    p = np.zeros((3, 4, 2))
    assert s.value(p).shape == (3, 4) and s.gradient(p).shape == (3, 4, 2)
    assert s.value([0.5, 0.5]).shape == () and s.gradient([0.5, 0.5]).shape == (2,)
    p32 = _points(s, 5).astype(np.float32)
    assert s.value(p32).dtype == np.float32 and s.gradient(p32).dtype == np.float32
    np.testing.assert_allclose(s.value(p32), s.value(p32.astype(np.float64)), rtol=1e-4, atol=1e-3)


def test_adam_follows_rosenbrock_to_its_minimum():
    s = surfaces.get("rosenbrock")
    path = surfaces.trajectory(s, optimizers.get("adam", lr=0.05), steps=2000)
    assert path.shape == (2001, 2)
    np.testing.assert_array_equal(path[0], s.default_start)
    np.testing.assert_allclose(path[-1], s.minima[0], atol=1e-3)


def test_trajectory_stops_when_diverging():
    s = surfaces.get("quadratic", condition_number=10.0)
    path = surfaces.trajectory(s, optimizers.get("sgd", lr=1.0), steps=10_000, start=(1.0, 1.0))
    assert len(path) < 10_001 and np.all(np.isfinite(path))


@pytest.mark.parametrize(
    ("name", "params", "needle"),
    [
        ("booth", {}, "unknown surface 'booth'; valid: quadratic"),
        ("quadratic", dict(condition_number=0.5), "condition_number"),
        ("quadratic", dict(kappa=3.0), "unknown parameter 'kappa' for quadratic"),
        ("beale", dict(a=1.0), "valid: none"),
        ("rosenbrock", dict(b=-1.0), "b must be"),
        ("rosenbrock", dict(a=float("inf")), "finite"),
        ("rastrigin", dict(A="10"), "number"),
        ("rastrigin", dict(A=-1.0), "A must be"),
    ],
)
def test_bad_parameters_raise(name, params, needle):
    with pytest.raises(ValueError, match=needle):
        surfaces.get(name, **params)


def test_bad_points_raise():
    s = surfaces.get("saddle")
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\), got \(3,\)"):
        s.value(np.zeros(3))
    with pytest.raises(ValueError, match="start"):
        surfaces.trajectory(s, optimizers.get("sgd"), start=(1.0, 2.0, 3.0))


def test_a_typed_surface_has_the_exact_gradient():
    s = surfaces.from_expression("(1 - x)**2 + 100*(y - x**2)**2")
    rosenbrock = surfaces.get("rosenbrock")
    p = _points(rosenbrock)
    np.testing.assert_allclose(s.value(p), rosenbrock.value(p), rtol=1e-13)
    np.testing.assert_allclose(s.gradient(p), rosenbrock.gradient(p), rtol=1e-12, atol=1e-9)
    assert s.partials(0.5, 0.25) == (-1.0, 0.0)
    assert s.minima == [] and s.minimum_value is None and s.name == "custom"


@pytest.mark.parametrize(("text", "needle"), [("x +* y", "syntax error"), ("z", "unknown name")])
def test_a_bad_typed_surface_gets_the_parsers_message(text, needle):
    with pytest.raises(ValueError, match=needle):
        surfaces.from_expression(text)

"""Datasets: shapes, balance, determinism, noise-free geometry, the grid, bad input."""

import numpy as np
import pytest

from explorer.core import datasets


@pytest.mark.parametrize("name", datasets.names())
@pytest.mark.parametrize("n", [2, 7, 200, 301])
def test_shapes_types_and_balance(name, n):
    X, y = datasets.make(name, n=n, noise=0.1, seed=1)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y, minlength=2)
    assert set(np.unique(y)) <= {0, 1} and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", datasets.names())
def test_features_fit_one_plot_range(name):
    X, _ = datasets.make(name, n=500, noise=0.0)
    assert np.all(np.abs(X) <= 1.6)
    X, _ = datasets.make(name, n=500, noise=0.1)
    assert np.mean(np.abs(X) <= 1.5) > 0.97


@pytest.mark.parametrize("name", datasets.names())
def test_deterministic_per_seed(name):
    X1, y1 = datasets.make(name, n=100, seed=5)
    X2, y2 = datasets.make(name, n=100, rng=np.random.default_rng(5))
    X3, _ = datasets.make(name, n=100, seed=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", datasets.names())
def test_rows_are_shuffled(name):
    _, y = datasets.make(name, n=200, seed=0)
    assert 0 < np.count_nonzero(y[:100]) < 100  # not all of one class first


def test_xor_labels_are_the_xor_of_the_signs():
    X, y = datasets.make("xor", n=400, noise=0.0, margin=0.2)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    assert np.all(np.abs(X) >= 0.2) and np.all(np.abs(X) <= 1.0)
    quadrants = np.bincount(2 * (X[:, 0] > 0) + (X[:, 1] > 0), minlength=4)
    assert quadrants.min() > 60  # every quadrant is populated


def test_circles_radii():
    X, y = datasets.make("circles", n=200, noise=0.0, factor=0.3)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_moons_lie_on_their_half_circles():
    X, y = datasets.make("moons", n=200, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0] + 0.5, upper[:, 1] + 0.25), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 0.5, lower[:, 1] - 0.25), 1.0)
    assert np.all(upper[:, 1] >= -0.25 - 1e-12) and np.all(lower[:, 1] <= 0.25 + 1e-12)


def test_spiral_arms_are_half_a_turn_apart():
    turns = 1.25
    X, y = datasets.make("spirals", n=200, noise=0.0, turns=turns)
    for label in (0, 1):
        arm = X[y == label]
        r = np.hypot(arm[:, 0], arm[:, 1])
        s = (r - 0.1) / 1.3  # radius grows linearly along the arm
        assert np.all((s > -1e-12) & (s < 1 + 1e-12))
        expected = 2 * np.pi * turns * s + np.pi * label
        diff = np.angle(np.exp(1j * (np.arctan2(arm[:, 1], arm[:, 0]) - expected)))
        np.testing.assert_allclose(diff, 0.0, atol=1e-9)


def test_gaussians_with_classes_and_no_spread_sit_on_the_centres():
    X, y = datasets.make("gaussians", n=100, noise=0.0, classes=4, spread=0.0)
    assert set(np.unique(y)) == {0, 1, 2, 3}
    assert np.bincount(y).tolist() == [25, 25, 25, 25]
    np.testing.assert_allclose(X, datasets.gaussian_centers(4)[y])
    np.testing.assert_allclose(np.hypot(*datasets.gaussian_centers(5).T), 0.8)


def test_noise_is_the_std_of_the_jitter():
    X1, y1 = datasets.make("circles", n=4000, noise=0.05, seed=2)
    radius = np.hypot(X1[:, 0], X1[:, 1])
    outer = radius[y1 == 0]
    assert np.std(outer - 1.0) == pytest.approx(0.05, rel=0.1)


def test_info_describes_every_set():
    for name in datasets.names():
        d = datasets.info(name)
        assert d.name == name and d.display_name and d.description
    assert datasets.info("gaussians").params == {"classes": 2, "spread": 0.3}


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        (dict(name="blobs"), "unknown dataset 'blobs'; valid: xor"),
        (dict(name="xor", n=1), "n must be"),
        (dict(name="xor", n=10.0), "n must be"),
        (dict(name="gaussians", n=3, classes=4), "n must be"),
        (dict(name="xor", noise=-0.1), "noise"),
        (dict(name="moons", factor=0.5), "unknown parameter 'factor' for moons; valid: none"),
        (dict(name="circles", factor=1.5), "factor"),
        (dict(name="gaussians", classes=1), "classes"),
        (dict(name="gaussians", classes=2.5), "classes"),
        (dict(name="spirals", turns=-1.0), "turns"),
    ],
)
def test_bad_input_raises(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        datasets.make(**kwargs)


def test_grid_layout():
    P = datasets.grid((-1.0, 1.0), (0.0, 2.0), 3)
    assert P.shape == (9, 2)
    np.testing.assert_array_equal(P[:3], [[-1, 0], [0, 0], [1, 0]])  # x varies fastest
    np.testing.assert_array_equal(P[::3, 1], [0, 1, 2])
    image = P[:, 1].reshape(3, 3)  # rows go along y
    np.testing.assert_array_equal(image[:, 0], [0, 1, 2])


@pytest.mark.parametrize(
    "args",
    [((0, 1), (0, 1), 1), ((0, 1), (0, 1), 2.5), ((1, 0), (0, 1), 5), ((0, 1), (0, np.nan), 5)],
)
def test_grid_rejects_bad_input(args):
    with pytest.raises(ValueError):
        datasets.grid(*args)

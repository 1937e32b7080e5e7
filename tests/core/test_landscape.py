"""Filter-normalised directions and projections onto a plane (explorer.core.landscape)."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core import MLP, landscape


def test_each_filter_takes_the_norm_of_the_weights_filter_by_hand():
    # columns are filters (fan_in, fan_out): weights' column norms 5 and 1, direction's 2 and 4
    weights = np.array([[3.0, 0.0], [4.0, 1.0]])
    direction = np.array([[0.0, 4.0], [2.0, 0.0]])
    out = landscape.normalize_filters(direction, weights)
    expected = np.array([[0.0, 1.0], [5.0, 0.0]])  # [0, 2]·5/2 and [4, 0]·1/4
    np.testing.assert_allclose(out, expected, rtol=1e-9)
    # torch's (out, in) layout: rows are filters
    by_rows = landscape.normalize_filters(direction.T, weights.T, filter_axis=0)
    np.testing.assert_allclose(by_rows, expected.T, rtol=1e-9)


def test_a_random_direction_matches_every_block_norm_and_zeroes_the_biases():
    net = MLP([2, 16, 16, 1], "tanh", init="xavier_uniform", seed=3)
    direction = landscape.filter_normalized_direction(net.params, np.random.default_rng(0))
    assert [d.shape for d in direction] == [p.shape for p in net.params]
    for d, p in zip(direction, net.params, strict=True):
        if p.ndim == 1:
            assert not d.any()  # a bias is not moved (Li et al.'s ignore='biasbn')
        else:
            np.testing.assert_allclose(np.linalg.norm(d, axis=0), np.linalg.norm(p, axis=0),
                                       rtol=1e-9)  # fmt: skip
    again = landscape.filter_normalized_direction(net.params, np.random.default_rng(0))
    assert all(np.array_equal(a, b) for a, b in zip(direction, again, strict=True))


def test_a_point_on_the_plane_projects_to_its_coordinates_exactly():
    rng = np.random.default_rng(1)
    centre, d1, d2 = rng.standard_normal((3, 40))
    a, b = np.array([0.3, -1.7, 0.0]), np.array([2.5, 0.1, 0.0])
    points = landscape.plane_points(centre, d1, d2, a, b)
    assert points.shape == (3, 40)
    np.testing.assert_allclose(landscape.project(points, centre, d1, d2),
                               np.stack([a, b], axis=1), atol=1e-12)  # fmt: skip


def test_projection_by_hand_of_a_point_off_a_skew_plane():
    # δ = (1, 0, 0), η = (1, 1, 0): v = (2, 3, 5) → the plane's nearest point (2, 3, 0) = −1·δ + 3·η
    coords = landscape.project(np.array([2.0, 3.0, 5.0]), np.zeros(3),
                               np.array([1.0, 0.0, 0.0]), np.array([1.0, 1.0, 0.0]))  # fmt: skip
    np.testing.assert_allclose(coords, [-1.0, 3.0], atol=1e-12)
    with pytest.raises(ValueError, match="parallel"):
        landscape.project(np.ones(3), np.zeros(3), np.ones(3), 2 * np.ones(3))


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="must match"):
        landscape.normalize_filters(np.ones((2, 3)), np.ones((3, 2)))


def test_filter_normalisation_matches_li_et_al_on_torch_tensors():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    weights = rng.standard_normal((6, 4))  # torch's Linear.weight: (out, in), filters are rows
    direction = rng.standard_normal((6, 4))
    expected = torch.tensor(direction)
    for d, w in zip(expected, torch.tensor(weights), strict=True):  # their normalize_direction
        d.mul_(w.norm() / (d.norm() + 1e-10))
    ours = landscape.normalize_filters(direction, weights, filter_axis=0)
    np.testing.assert_allclose(ours, expected.numpy(), rtol=1e-12)
    # the same in explorer's (fan_in, fan_out) layout, filters as columns
    np.testing.assert_allclose(landscape.normalize_filters(direction.T, weights.T),
                               expected.numpy().T, rtol=1e-12)  # fmt: skip

"""Initializers: exact spreads, torch's gain table, the (fan_in, fan_out) convention."""

import math

import numpy as np
import pytest

from explorer.core import activations, init

# 400 × 600 = 240 000 draws: the relative standard error of a sample std is 1/√(2n) ≈ 0.14 %,
# so 1 % is a 7-sigma band — tight enough to catch any wrong constant (the nearest wrong
# ones, e.g. fan_out for fan_in here, are 22 % off).
SHAPE = (400, 600)
FAN_IN, FAN_OUT = SHAPE
STD_RTOL = 0.01


def rng():
    return np.random.default_rng(12345)


def assert_normal_std(w, std):
    assert abs(w.mean()) < 5 * std / math.sqrt(w.size)
    assert w.std() == pytest.approx(std, rel=STD_RTOL)


def assert_uniform_bound(w, bound):
    assert np.abs(w).max() <= bound
    assert np.abs(w).max() > 0.999 * bound  # the bound is attained, not just respected
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=STD_RTOL)


def test_calculate_gain_is_torchs_table():
    for name in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose2d", "sigmoid"):
        assert init.calculate_gain(name) == 1
    assert init.calculate_gain("tanh") == 5 / 3
    assert init.calculate_gain("relu") == math.sqrt(2)
    assert init.calculate_gain("leaky_relu") == math.sqrt(2 / (1 + 0.01**2))
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    assert init.calculate_gain("leaky_relu", 0) == math.sqrt(2)
    assert init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError, match="gelu"):
        init.calculate_gain("gelu")
    with pytest.raises(ValueError, match="not a valid number"):
        init.calculate_gain("leaky_relu", True)


def test_xavier():
    bound = math.sqrt(6 / (FAN_IN + FAN_OUT))
    assert_uniform_bound(init.xavier_uniform(SHAPE, rng()), bound)
    assert_uniform_bound(init.xavier_uniform(SHAPE, rng(), gain=2.0), 2 * bound)
    assert_normal_std(init.xavier_normal(SHAPE, rng(), gain=5 / 3), 5 / 3 * bound / math.sqrt(3))


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_kaiming(mode):
    fan = FAN_IN if mode == "fan_in" else FAN_OUT
    # defaults a=0, 'leaky_relu' → gain √2
    assert_uniform_bound(init.kaiming_uniform(SHAPE, rng(), mode=mode), math.sqrt(6 / fan))
    assert_normal_std(init.kaiming_normal(SHAPE, rng(), mode=mode), math.sqrt(2 / fan))
    w = init.kaiming_normal(SHAPE, rng(), a=0.3, mode=mode)
    assert_normal_std(w, math.sqrt(2 / (1 + 0.09)) / math.sqrt(fan))
    w = init.kaiming_uniform(SHAPE, rng(), mode=mode, nonlinearity="tanh")
    assert_uniform_bound(w, 5 / 3 * math.sqrt(3 / fan))
    with pytest.raises(ValueError, match="fan_avg"):
        init.kaiming_normal(SHAPE, rng(), mode="fan_avg")


def test_lecun_normal_normal_uniform_zeros():
    assert_normal_std(init.lecun_normal(SHAPE, rng()), 1 / math.sqrt(FAN_IN))
    w = init.normal(SHAPE, rng(), mean=0.5, std=0.1)
    assert w.mean() == pytest.approx(0.5, abs=5 * 0.1 / math.sqrt(w.size))
    assert w.std() == pytest.approx(0.1, rel=STD_RTOL)
    w = init.uniform(SHAPE, rng(), a=-0.2, b=0.6)
    assert w.min() >= -0.2 and w.max() <= 0.6
    assert w.min() < -0.199 and w.max() > 0.599
    assert not init.zeros(SHAPE).any()
    with pytest.raises(ValueError, match="a <= b"):
        init.uniform(SHAPE, rng(), a=1.0, b=0.0)
    with pytest.raises(ValueError, match="std"):
        init.normal(SHAPE, rng(), std=-1.0)


def test_linear_default_is_torch_linear():
    # torch.nn.Linear: kaiming_uniform_(a=√5) → U(±1/√fan_in); bias the same bound
    assert_uniform_bound(init.linear_default(SHAPE, rng()), 1 / math.sqrt(FAN_IN))
    b = init.linear_bias_default(FAN_IN, 200_000, rng())
    assert_uniform_bound(b, 1 / math.sqrt(FAN_IN))


@pytest.mark.parametrize("gain", [1.0, 5 / 3])
def test_orthogonal(gain):
    tall = init.orthogonal((8, 5), rng(), gain=gain)  # fan_out <= fan_in: orthonormal columns
    np.testing.assert_allclose(tall.T @ tall, gain**2 * np.eye(5), atol=1e-12)
    wide = init.orthogonal((5, 8), rng(), gain=gain)  # fan_out > fan_in: orthonormal rows
    np.testing.assert_allclose(wide @ wide.T, gain**2 * np.eye(5), atol=1e-12)
    square = init.orthogonal((6, 6), rng(), gain=gain)
    np.testing.assert_allclose(square.T @ square, gain**2 * np.eye(6), atol=1e-12)


def test_orthogonal_is_haar_not_biased():
    # the sign fix makes Q uniform: without it diag(Q) of QR of a Gaussian is biased positive
    diag = np.array(
        [np.diag(init.orthogonal((4, 4), rng_)) for rng_ in map(np.random.default_rng, range(2000))]
    )
    assert abs(diag.mean()) < 0.05


@pytest.mark.parametrize("name", init.names())
def test_every_initializer_dtype_shape_determinism(name):
    fn = init.get(name)
    w32 = fn((7, 3), np.random.default_rng(1), dtype=np.float32)
    assert w32.dtype == np.float32 and w32.shape == (7, 3)
    a, b = fn((7, 3), np.random.default_rng(1)), fn((7, 3), np.random.default_rng(1))
    assert a.dtype == np.float64
    np.testing.assert_array_equal(a, b)


def test_registry_and_errors():
    assert {"default", "xavier_uniform", "kaiming_normal", "orthogonal", "zeros"} <= set(
        init.names()
    )
    with pytest.raises(ValueError, match="xavier_uniform"):
        init.get("xavier")
    with pytest.raises(ValueError, match="2-D"):
        init.xavier_uniform((5,), rng())
    with pytest.raises(ValueError, match="positive"):
        init.kaiming_normal((0, 3), rng())


def test_nonlinearity_for_covers_registry():
    for name in activations.names():
        act = activations.get(name)
        nonlinearity, param = init.nonlinearity_for(name, act.params)
        init.calculate_gain(nonlinearity, param)  # every activation gets a valid gain
    assert init.nonlinearity_for("tanh") == ("tanh", None)
    assert init.nonlinearity_for("leaky_relu", {"negative_slope": 0.2}) == ("leaky_relu", 0.2)
    assert init.nonlinearity_for("gelu")[0] == "relu"
    assert init.nonlinearity_for("softsign")[0] == "linear"


def test_init_linear_gain_follows_activation_and_bias_default():
    big = 20_000
    w, b = init.init_linear("xavier_normal", 300, big, rng(), "tanh")
    assert_normal_std(w, 5 / 3 * math.sqrt(2 / (300 + big)))
    assert_uniform_bound(b, 1 / math.sqrt(300))  # torch leaves the bias at its default
    w, _ = init.init_linear(
        "kaiming_normal", 300, big, rng(), "leaky_relu", {"negative_slope": 0.5}
    )
    assert_normal_std(w, math.sqrt(2 / 1.25) / math.sqrt(300))
    w, b = init.init_linear("zeros", 3, 4, rng())
    assert not w.any() and not b.any()


def test_matches_torch_gain_table():
    torch = pytest.importorskip("torch")
    for name in ("linear", "conv2d", "sigmoid", "tanh", "relu", "selu"):
        assert init.calculate_gain(name) == torch.nn.init.calculate_gain(name)
    for slope in (None, 0.0, 0.2, 3):
        assert init.calculate_gain("leaky_relu", slope) == torch.nn.init.calculate_gain(
            "leaky_relu", slope
        )

"""Layer pieces (Linear, BatchNorm1d, LayerNorm, activation fast paths) and stats helpers."""

import numpy as np
import pytest

from explorer.core import activations, stats
from explorer.core.gradcheck import numerical_gradient
from explorer.core.layers import ActivationLayer, BatchNorm1d, LayerNorm, Linear, OuterProduct

N, F = 6, 4


def rel_err(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


def make_norm(cls, rng, dtype=np.float64):
    gamma = rng.uniform(0.5, 1.5, F).astype(dtype)
    beta = rng.normal(size=F).astype(dtype)
    return cls(gamma, beta, np.empty_like(gamma), np.empty_like(beta))


def test_linear_forward_backward_by_hand():
    rng = np.random.default_rng(0)
    x, W, b = rng.normal(size=(N, 3)), rng.normal(size=(3, F)), rng.normal(size=F)
    r = rng.normal(size=(N, F))
    lin = Linear(W, b, np.empty_like(W), np.empty_like(b))
    z = lin.forward(x, np.empty((N, F)))
    np.testing.assert_allclose(z, x @ W + b[None, :], rtol=1e-14)
    dx = lin.backward(x, r, np.ones(N), np.empty_like(x))
    loss = lambda: float(np.sum(r * (x @ W + b)))  # noqa: E731
    for got, arr in ((lin.gW, W), (lin.gb, b), (dx, x)):
        assert rel_err(got, numerical_gradient(loss, arr)) < 1e-8


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_outer_product_is_bit_identical_to_the_broadcast_product(dtype):
    rng = np.random.default_rng(3)
    a = rng.normal(size=(50, 1)).astype(dtype) * 1e3
    b = rng.normal(size=(1, 7)).astype(dtype)
    a[3, 0], b[0, 2] = np.inf, np.nan
    product = OuterProduct()
    with np.errstate(invalid="ignore"):
        expected = a * b
        for rows in (50, 20, 50):  # reused and re-shaped padding buffers
            out = np.empty((rows, 7), dtype)
            got = product(a[:rows], b, out=out)
            assert got is out
            np.testing.assert_array_equal(got, expected[:rows])


def test_linear_with_width_one_input_and_output_by_hand():
    rng = np.random.default_rng(4)
    for fan_in, fan_out in ((1, F), (F, 1), (1, 1)):
        x, W, b = (
            rng.normal(size=(N, fan_in)),
            rng.normal(size=(fan_in, fan_out)),
            rng.normal(size=fan_out),
        )
        r = rng.normal(size=(N, fan_out))
        lin = Linear(W, b, np.empty_like(W), np.empty_like(b))
        np.testing.assert_array_equal(
            lin.forward(x, np.empty((N, fan_out))), x * W.T[:, 0] + b if fan_in == 1 else x @ W + b
        )
        np.testing.assert_array_equal(lin.predict(x), lin.forward(x, np.empty((N, fan_out))))
        dx = lin.backward(x, r, np.ones(N), np.empty_like(x))
        np.testing.assert_allclose(dx, r @ W.T, rtol=1e-14)
        np.testing.assert_allclose(lin.gW, x.T @ r, rtol=1e-14)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("cls", [BatchNorm1d, LayerNorm])
def test_norm_gradients_by_finite_differences(cls, training):
    rng = np.random.default_rng(1)
    norm = make_norm(cls, rng)
    if cls is BatchNorm1d:  # non-trivial running stats for eval mode
        norm.running_mean[...] = rng.normal(size=F)
        norm.running_var[...] = rng.uniform(0.5, 2, F)
    z, r, ones = rng.normal(size=(N, F)) * 2 + 1, rng.normal(size=(N, F)), np.ones(N)

    def loss():
        state = norm.get_state() if cls is BatchNorm1d else None
        out = norm.forward(z, np.empty((N, F)), training, ones)
        if state is not None:
            norm.set_state(state)  # the probe must not move the running stats
        return float(np.sum(r * out))

    loss()
    dz = norm.backward(r, np.empty((N, F)), ones, np.empty((N, F)))
    dgamma, dbeta = norm.dgamma.copy(), norm.dbeta.copy()
    assert rel_err(dz, numerical_gradient(loss, z)) < 1e-7
    assert rel_err(dgamma, numerical_gradient(loss, norm.gamma)) < 1e-7
    assert rel_err(dbeta, numerical_gradient(loss, norm.beta)) < 1e-7


def test_batchnorm_training_normalizes_and_tracks_running_stats():
    rng = np.random.default_rng(2)
    gamma, beta = np.ones(F), np.zeros(F)
    bn = BatchNorm1d(gamma, beta, np.empty(F), np.empty(F))
    mean, var = np.zeros(F), np.ones(F)
    for _ in range(4):
        z = rng.normal(size=(N, F)) * 3 + 5
        u = bn.forward(z, np.empty((N, F)), True, np.ones(N))
        # batch mean, biased batch variance, eps 1e-5
        expect = (z - z.mean(0)) / np.sqrt(z.var(0) + 1e-5)
        np.testing.assert_allclose(u, expect, rtol=1e-12, atol=1e-12)
        mean = 0.9 * mean + 0.1 * z.mean(0)
        var = 0.9 * var + 0.1 * z.var(0, ddof=1)  # running stats use the unbiased variance
    np.testing.assert_allclose(bn.running_mean, mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, var, rtol=1e-12)
    assert bn.num_batches_tracked == 4
    z = rng.normal(size=(3, F))
    u = bn.forward(z, np.empty((3, F)), False, np.ones(3))  # eval: running stats
    np.testing.assert_allclose(u, (z - mean) / np.sqrt(var + 1e-5), rtol=1e-12)
    np.testing.assert_allclose(bn.predict(z), u, rtol=1e-14)
    np.testing.assert_allclose(bn.running_mean, mean, rtol=1e-12)  # eval does not update
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        bn.forward(z[:1], np.empty((1, F)), True, np.ones(1))


def test_layernorm_normalizes_rows():
    rng = np.random.default_rng(3)
    ln = LayerNorm(np.ones(F), np.zeros(F), np.empty(F), np.empty(F))
    z = rng.normal(size=(N, F)) * 4 - 2
    u = ln.forward(z, np.empty((N, F)))
    expect = (z - z.mean(1, keepdims=True)) / np.sqrt(z.var(1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(u, expect, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ln.predict(z), u, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu"])
def test_activation_fast_paths_match_registry(name, dtype):
    act = activations.get(name)
    fast = ActivationLayer(act)
    assert fast.fast
    u = np.linspace(-30, 30, 601).astype(dtype).reshape(-1, 1)  # includes exactly 0
    a = fast.forward(u, np.empty_like(u))
    d = fast.derivative(u, a, np.empty_like(u))
    assert a.dtype == dtype and d.dtype == dtype
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(a, act.forward(u), rtol=tol, atol=tol)
    np.testing.assert_allclose(d, act.derivative(u), rtol=tol, atol=tol)
    if name == "relu":
        assert d[u == 0] == 0  # torch autograd: relu′(0) = 0


def test_float32_tanh_fast_path_is_within_two_float32_steps_everywhere():
    fast = ActivationLayer(activations.get("tanh"))
    u = np.concatenate([np.linspace(-1e3, 1e3, 200_001), [0.0, 1e-30, -1e-30, 44.5, -44.5]])
    u = u.astype(np.float32).reshape(-1, 1)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no warnings leak
        a = fast.forward(u, np.empty_like(u))
    exact = np.tanh(u.astype(np.float64))
    assert a.dtype == np.float32 and np.isfinite(a).all()
    assert np.abs(a - exact).max() <= 2.5e-7
    assert a.max() == 1.0 and a.min() == -1.0  # saturates exactly, as torch's does
    assert (np.sign(a) == np.sign(exact))[np.abs(u) > 1e-6].all()


def test_activation_slow_path_keeps_dtype():
    wrapped = ActivationLayer(activations.get("gelu"))
    assert not wrapped.fast
    u = np.linspace(-3, 3, 7, dtype=np.float32).reshape(-1, 1)
    a = wrapped.forward(u, None)
    assert a.dtype == np.float32
    assert wrapped.derivative(u, a, None).dtype == np.float32


def test_stats_helpers_on_known_arrays():
    d = np.array([[0.0, 0.5, 1e-5], [0.0, 0.0, 2e-4]])
    assert stats.frac_dead(d) == pytest.approx(1 / 3, rel=1e-15)  # only column 0 is 0 in each row
    # threshold 1e-3 · 1.0: 0, 0, 0, 1e-5, 2e-4 are saturated; 0.5 is not
    assert stats.frac_saturated(d, 1.0) == pytest.approx(5 / 6, rel=1e-15)
    assert stats.frac_saturated(np.zeros((2, 2)), 0.0) == 1.0  # step: f′ ≡ 0
    gW = np.array([[3.0, -4.0]])
    assert stats.grad_norms(gW) == (5.0, 3.5)
    assert all(np.isnan(stats.grad_norms(None)))
    u = np.array([[1.0, 3.0]])
    s = stats.layer_stats(gW, u, 2 * u, d[:1, :2], 1.0)
    assert set(s) == set(stats.STAT_KEYS)
    assert (s["preact_mean"], s["preact_std"], s["act_mean"], s["act_std"]) == (2, 1, 4, 2)


def test_norms_match_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    for cls, tcls in ((BatchNorm1d, torch.nn.BatchNorm1d), (LayerNorm, torch.nn.LayerNorm)):
        ours = make_norm(cls, rng)
        theirs = tcls(F).double()
        theirs.weight.data[:] = torch.from_numpy(ours.gamma)
        theirs.bias.data[:] = torch.from_numpy(ours.beta)
        for _ in range(3):
            z, r = rng.normal(size=(N, F)) + 2, rng.normal(size=(N, F))
            zt = torch.tensor(z, requires_grad=True)
            out_t = theirs(zt)
            (out_t * torch.from_numpy(r)).sum().backward()
            out = ours.forward(z, np.empty((N, F)), True, np.ones(N))
            dz = ours.backward(r, np.empty((N, F)), np.ones(N), np.empty((N, F)))
            np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(dz, zt.grad.numpy(), rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(ours.dgamma, theirs.weight.grad.numpy(), rtol=1e-10)
            np.testing.assert_allclose(ours.dbeta, theirs.bias.grad.numpy(), rtol=1e-10)
            theirs.zero_grad()
        if cls is BatchNorm1d:
            np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)
            np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)

"""The MLP: finite-difference gradients over the whole activation registry, semantics, stats."""

import math

import numpy as np
import pytest

from explorer.core import activations
from explorer.core.gradcheck import numerical_gradient
from explorer.core.mlp import MLP

SIZES = [2, 5, 5, 1]
N = 7
NORMS = [None, "batchnorm", "layernorm"]
H = 1e-6  # central-difference step
KINK_MARGIN = 1e-4  # no pre-activation may be this close to a kink: FD steps move it < 1e-5
GRAD_RTOL = 1e-6
# Central differences of L carry a round-off of ~1e-16·|L|/H ≈ 1e-10: a gradient that is truly
# 0 (a bias before a BatchNorm, a step layer) cannot be resolved below that, so the test is
# ‖g − fd‖ ≤ GRAD_RTOL·(‖g‖ + ‖fd‖) + GRAD_ATOL, with GRAD_ATOL far below any real gradient.
GRAD_ATOL = 1e-8


def assert_close_grad(got, numeric, what):
    err = np.linalg.norm(got - numeric)
    scale = np.linalg.norm(got) + np.linalg.norm(numeric)
    assert err <= GRAD_RTOL * scale + GRAD_ATOL, (what, err / max(scale, 1e-300), got, numeric)


def near_kink(act, u):
    """True where f or f′ is not smooth within ±KINK_MARGIN of u (found numerically).

    A smooth f changes by at most 2δ·max|f′| and its f′ by about 2δ·|f″| ≪ 0.01 over the
    interval; a jump of f (step) or of f′ (relu, hardtanh, selu, ...) is far larger.
    """
    lo, hi = u - KINK_MARGIN, u + KINK_MARGIN
    f_jump = np.abs(act.forward(hi) - act.forward(lo)) > 2.02 * KINK_MARGIN * act.max_abs_derivative
    d_jump = np.abs(act.derivative(hi) - act.derivative(lo)) > 1e-2
    return f_jump | d_jump


def kink_free_setup(**config):
    """A seeded (net, x, r) whose pre-activations all keep clear of kinks (or fail)."""
    for seed in range(40):
        net = MLP(SIZES, seed=seed, **config)
        rng = np.random.default_rng(seed)
        x, r = rng.normal(size=(N, SIZES[0])), rng.normal(size=(N, SIZES[-1]))
        net.forward(x)
        preacts = [layer["preact"] for layer in net.layer_arrays()]
        checks = [(net.activation, u) for u in preacts]
        if net.output_activation is not None:
            linear = MLP(SIZES, seed=seed, **{**config, "output_activation": None})
            checks.append((net.output_activation, linear.forward(x)))
        if not any(near_kink(act, u).any() for act, u in checks):
            return net, x, r
    raise AssertionError("no kink-free configuration in 40 seeds")


def check_gradients(net, x, r):
    """Backward vs central differences of L = Σ r ⊙ net(x), for every parameter and x."""
    net.forward(x)
    dx = net.backward(r)
    grads = [g.copy() for g in net.grads]

    def loss():
        return float(np.sum(r * net.forward(x)))

    for p, g in zip(net.params, grads, strict=True):
        assert_close_grad(g, numerical_gradient(loss, p, H), p.shape)
    assert_close_grad(dx, numerical_gradient(loss, x, H), "dx")


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("name", activations.names())
def test_gradients_match_finite_differences(name, norm, residual):
    net, x, r = kink_free_setup(activation=name, norm=norm, residual=residual)
    check_gradients(net, x, r)


@pytest.mark.parametrize("name", activations.names())
def test_output_activation_gradients(name):
    net, x, r = kink_free_setup(activation="tanh", output_activation=name)
    check_gradients(net, x, r)


def test_activation_params_reach_the_activation():
    net, x, r = kink_free_setup(activation="leaky_relu", activation_params={"negative_slope": 0.3})
    assert net.activation.params["negative_slope"] == 0.3
    check_gradients(net, x, r)


def manual_forward(net, x):
    """Independent forward of a norm-free net from its params: (hidden preacts, acts, y)."""
    h, us, acts = x, [], []
    n_hidden = len(net.sizes) - 2
    for i in range(n_hidden):
        W, b = net.params[2 * i], net.params[2 * i + 1]
        u = h @ W + b
        a = net.activation.forward(u)
        us.append(u)
        acts.append(a)
        h = h + a if (net.residual and W.shape[0] == W.shape[1]) else a
    return us, acts, h @ net.params[-2] + net.params[-1]


@pytest.mark.parametrize("residual", [False, True])
def test_forward_is_the_documented_composition(residual):
    net = MLP([3, 4, 4, 4, 2], "gelu", residual=residual, seed=5)
    x = np.random.default_rng(0).normal(size=(9, 3))
    _, _, y = manual_forward(net, x)
    np.testing.assert_allclose(net.forward(x), y, rtol=1e-13)
    np.testing.assert_allclose(net.predict(x), y, rtol=1e-13)


def test_params_layout_and_views():
    net = MLP([2, 3, 4, 1], "tanh", norm="batchnorm")
    shapes = [p.shape for p in net.params]
    assert shapes == [(2, 3), (3,), (3,), (3,), (3, 4), (4,), (4,), (4,), (4, 1), (1,)]
    assert net.n_params == sum(math.prod(s) for s in shapes) == net.flat_params.size
    for p, g in zip(net.params, net.grads, strict=True):
        assert np.shares_memory(p, net.flat_params) and np.shares_memory(g, net.flat_grads)
        assert g.shape == p.shape
    np.testing.assert_array_equal(net.params[2], 1)  # gamma
    np.testing.assert_array_equal(net.params[3], 0)  # beta
    net.flat_params[:] = 0  # an optimizer's single-vector update reaches every layer
    assert not any(p.any() for p in net.params)


def test_grads_are_overwritten_not_accumulated():
    net = MLP([2, 6, 1], "tanh")
    x, dy = np.ones((4, 2)), np.ones((4, 1))
    net.forward(x)
    net.backward(dy)
    first = net.flat_grads.copy()
    net.backward(dy)
    np.testing.assert_array_equal(net.flat_grads, first)


def test_default_init_is_torch_linear():
    net = MLP([300, 400, 1], "relu")
    for p in net.params[:2]:  # W1 and b1: U(±1/√300)
        bound = 1 / math.sqrt(300)
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.99 * bound


def test_named_init_follows_activation_gain_and_keeps_default_bias():
    net = MLP([200, 300, 1], "tanh", init="xavier_normal")
    W, b = net.params[:2]
    assert W.std() == pytest.approx(5 / 3 * math.sqrt(2 / 500), rel=0.02)
    assert np.abs(b).max() <= 1 / math.sqrt(200)
    net = MLP([200, 300, 1], "relu", init="kaiming_normal")
    assert net.params[0].std() == pytest.approx(math.sqrt(2 / 200), rel=0.02)
    zero = MLP([2, 3, 1], "tanh", init="zeros")
    assert not zero.flat_params.any()
    a, b = MLP([2, 3, 1], "tanh", seed=7), MLP([2, 3, 1], "tanh", seed=7)
    np.testing.assert_array_equal(a.flat_params, b.flat_params)


def test_layer_stats_equal_direct_computation():
    net = MLP([2, 6, 5, 1], "tanh", seed=1)
    x = np.random.default_rng(1).normal(size=(10, 2))
    y = net.forward(x)
    net.backward(y)
    us, acts, _ = manual_forward(net, x)
    got = net.layer_stats()
    assert len(got) == 2
    for i, (s, u, a) in enumerate(zip(got, us, acts, strict=True)):
        d = net.activation.derivative(u)
        gW = net.grads[2 * i]
        assert s["grad_norm"] == pytest.approx(np.sqrt(np.sum(gW**2)), rel=1e-12)
        assert s["grad_mean_abs"] == pytest.approx(np.mean(np.abs(gW)), rel=1e-12)
        assert s["preact_mean"] == pytest.approx(u.mean(), rel=1e-10)
        assert s["preact_std"] == pytest.approx(u.std(), rel=1e-10)
        assert s["act_mean"] == pytest.approx(a.mean(), rel=1e-10)
        assert s["act_std"] == pytest.approx(a.std(), rel=1e-10)
        assert s["frac_saturated"] == np.mean(np.abs(d) < 1e-3)
        assert s["frac_dead"] == np.mean(np.all(d == 0, axis=0))


def test_layer_stats_before_backward_has_nan_grads_and_needs_forward():
    net = MLP([1, 4, 1], "tanh")
    with pytest.raises(ValueError, match="forward"):
        net.layer_stats()
    net.forward(np.zeros((3, 1)))
    s = net.layer_stats()[0]
    assert math.isnan(s["grad_norm"]) and s["frac_saturated"] == 0.0


def test_relu_with_negative_biases_is_dead():
    net = MLP([2, 8, 8, 1], "relu")
    net.params[1][:] = -100.0  # every pre-activation of layer 1 is negative
    x = np.random.default_rng(0).uniform(-1, 1, (16, 2))
    net.backward(net.forward(x))
    first, second = net.layer_stats()
    assert first["frac_dead"] == 1.0 and first["frac_saturated"] == 1.0
    assert first["grad_norm"] == 0.0 and first["act_std"] == 0.0
    assert second["frac_dead"] < 1.0


def test_sigmoid_gradients_vanish_with_depth():
    net = MLP([1] + [16] * 8 + [1], "sigmoid", seed=0)
    x = np.linspace(-1, 1, 64).reshape(-1, 1)
    y = net.forward(x)
    net.backward(2 * (y - np.sin(3 * x)) / len(x))
    norms = [s["grad_norm"] for s in net.layer_stats()]
    assert norms[0] < norms[-1] / 100  # σ′ ≤ 1/4 per layer
    assert np.mean(np.diff(np.log(norms)) > 0) >= 0.8  # mostly growing towards the output


@pytest.mark.parametrize("norm", NORMS)
@pytest.mark.parametrize("name", activations.names())
def test_float32_stays_float32(name, norm):
    net32 = MLP([2, 5, 5, 1], name, norm=norm, residual=True, dtype=np.float32, seed=2)
    net64 = MLP([2, 5, 5, 1], name, norm=norm, residual=True, seed=2)
    x = np.random.default_rng(2).normal(size=(6, 2))  # float64 input is cast
    y = net32.forward(x)
    dx = net32.backward(np.ones((6, 1)))
    arrays = [y, dx, net32.flat_params, net32.flat_grads, *net32.params, *net32.grads]
    arrays += [a for layer in net32.layer_arrays() for a in layer.values()]
    arrays += [net32.predict(x)]
    if norm == "batchnorm":
        arrays += [net32.norms[0].running_mean, net32.norms[0].running_var]
    assert all(a.dtype == np.float32 for a in arrays)
    np.testing.assert_allclose(y, net64.forward(x), rtol=1e-4, atol=1e-5)


def test_batchnorm_train_and_eval_modes():
    net = MLP([2, 6, 1], "tanh", norm="batchnorm", seed=3)
    assert net.training
    x = np.random.default_rng(3).normal(size=(8, 2)) * 2 + 1
    before = net.get_state()["norms"][0]
    y_train = net.forward(x)
    moved = net.get_state()["norms"][0]
    assert not np.allclose(moved["running_mean"], before["running_mean"])
    assert net.eval() is net and not net.training
    y_eval = net.forward(x)
    np.testing.assert_array_equal(net.norms[0].running_mean, moved["running_mean"])  # frozen
    assert not np.allclose(y_eval, y_train)
    np.testing.assert_allclose(net.forward(x[:3]), y_eval[:3], rtol=1e-13)  # rows independent
    np.testing.assert_allclose(net.predict(x), y_eval, rtol=1e-13)
    net.train()
    assert not np.allclose(net.forward(x[:3]), y_train[:3])  # batch statistics again


def test_set_state_and_copy_restore_identical_outputs():
    net = MLP([2, 6, 6, 1], "relu", norm="batchnorm", seed=4)
    x = np.random.default_rng(4).normal(size=(10, 2))
    state = net.get_state()
    y0 = net.eval().forward(x)
    twin = net.copy()
    net.train()
    for _ in range(5):  # SGD steps change params and running stats
        net.backward(net.forward(x))
        net.flat_params -= 0.1 * net.flat_grads
    assert not np.allclose(net.eval().forward(x), y0)
    np.testing.assert_array_equal(twin.forward(x), y0)  # the copy is independent
    net.set_state(state)
    np.testing.assert_array_equal(net.forward(x), y0)
    with pytest.raises(ValueError, match="parameters"):
        MLP([2, 3, 1], "relu").set_state(state)


def test_changing_batch_size_reuses_and_rebuilds_buffers():
    net = MLP([2, 5, 5, 1], "tanh", norm="layernorm", residual=True, seed=6)
    rng = np.random.default_rng(6)
    for n in (7, 5, 9, 7, 5):
        x, dy = rng.normal(size=(n, 2)), rng.normal(size=(n, 1))
        y = net.forward(x)
        dx = net.backward(dy)
        fresh = MLP([2, 5, 5, 1], "tanh", norm="layernorm", residual=True, seed=6)
        np.testing.assert_array_equal(y, fresh.forward(x))
        np.testing.assert_array_equal(dx, fresh.backward(dy))
        np.testing.assert_array_equal(net.flat_grads, fresh.flat_grads)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    ("name", "norm", "residual"),
    [
        ("tanh", None, False),
        ("sigmoid", None, True),
        ("relu", None, False),
        ("gelu", None, False),
        ("tanh", "layernorm", False),
    ],
)
def test_dropping_preactivations_changes_no_number(name, norm, residual, dtype):
    rng = np.random.default_rng(8)
    kwargs = dict(sizes=[1, 6, 6, 2], activation=name, norm=norm, residual=residual, dtype=dtype)
    kept, lean = MLP(**kwargs), MLP(**kwargs, keep_preactivations=False)
    assert lean._in_place == (name in ("tanh", "sigmoid", "relu") and norm is None)
    for n in (9, 4, 9):
        x, dy = rng.normal(size=(n, 1)) * 3, rng.normal(size=(n, 2))
        np.testing.assert_array_equal(lean.forward(x), kept.forward(x))
        np.testing.assert_array_equal(lean.backward(dy), kept.backward(dy))
        np.testing.assert_array_equal(lean.flat_grads, kept.flat_grads)
        np.testing.assert_array_equal(lean.predict(x), kept.predict(x))
    assert kept.layer_stats() and not lean.keep_preactivations
    assert lean.copy().keep_preactivations is False
    for method in (lean.layer_stats, lean.layer_arrays):
        with pytest.raises(ValueError, match="keep_preactivations=False"):
            method()


@pytest.mark.parametrize("output_activation", [None, "sigmoid"])
def test_outputs_are_not_internal_buffers(output_activation):
    """What forward and backward return belongs to the caller: writing into it changes neither
    the next backward (which reads the stored output for σ′ = y(1 − y)) nor an earlier result."""
    kwargs = dict(sizes=[1, 3, 1], activation="tanh", output_activation=output_activation)
    net, twin = MLP(**kwargs, seed=1), MLP(**kwargs, seed=1)
    x, dy = np.array([[0.5], [-1.0]]), np.array([[1.0], [2.0]])
    y = net.forward(x)
    kept = y.copy()
    y[:] = 99.0  # the caller scribbles on its result
    twin.forward(x)
    dx = net.backward(dy)
    np.testing.assert_array_equal(dx, twin.backward(dy))
    np.testing.assert_array_equal(net.flat_grads, twin.flat_grads)
    dx_kept = dx.copy()
    net.backward(2 * dy)  # into the same buffers
    np.testing.assert_array_equal(dx, dx_kept)  # a new backward leaves earlier results alone
    first = net.forward(x)
    np.testing.assert_array_equal(first, kept)
    net.forward(2 * x)  # the same batch size: the same internal buffers are reused
    np.testing.assert_array_equal(first, kept)  # a new forward leaves earlier results alone


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sizes": [3]}, "at least 2"),
        ({"sizes": [2, 0, 1]}, "positive"),
        ({"sizes": [2, 2.5, 1]}, "positive ints"),
        ({"activation": "sigmod"}, "unknown activation 'sigmod'.*sigmoid"),
        ({"init": "glorot"}, "unknown init 'glorot'.*xavier_uniform"),
        ({"norm": "groupnorm"}, "unknown norm.*batchnorm"),
        ({"output_activation": "nope"}, "unknown activation 'nope'"),
        ({"dtype": np.int32}, "float32 or float64"),
    ],
)
def test_constructor_validation(kwargs, match):
    config = {"sizes": [2, 3, 1], "activation": "tanh", **kwargs}
    with pytest.raises(ValueError, match=match):
        MLP(**config)


def test_input_validation():
    net = MLP([2, 3, 1], "tanh")
    with pytest.raises(ValueError, match="forward"):
        net.backward(np.ones((4, 1)))
    with pytest.raises(ValueError, match="3 features, expected 2"):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="2-D"):
        net.forward(np.ones(4))
    net.forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"\(4, 2\), expected \(4, 1\)"):
        net.backward(np.ones((4, 2)))


def torch_activation(torch, act):
    """The torch function of a registry activation (step has no torch derivative: None)."""
    p = act.params
    if act.name == "step":
        return None
    if act.name == "identity":
        return lambda t: t
    if act.name == "swish":  # x·σ(βx); torch has only β = 1, as silu
        return lambda t: t * torch.sigmoid(p["beta"] * t)
    if act.name in ("tanh", "sigmoid"):
        return getattr(torch, act.name)
    fn = getattr(torch.nn.functional, act.name)
    return lambda t: fn(t, **p)


def torch_twin(torch, net):
    """torch modules with our weights, and a forward with the same wiring."""
    linears, norms = [], []
    for lin in net.linears:
        layer = torch.nn.Linear(*lin.W.shape).double()
        layer.weight.data = torch.tensor(lin.W.T.copy())
        layer.bias.data = torch.tensor(lin.b.copy())
        linears.append(layer)
    for norm in net.norms:
        if norm is None:
            norms.append(None)
            continue
        width = norm.gamma.size
        module = (
            torch.nn.BatchNorm1d(width) if net.norm == "batchnorm" else torch.nn.LayerNorm(width)
        )
        norms.append(module.double())
    f = torch_activation(torch, net.activation)

    def forward(x):
        h = x
        for lin, norm, skip in zip(linears[:-1], norms, net.skips, strict=True):
            u = lin(h)
            u = norm(u) if norm is not None else u
            h = h + f(u) if skip else f(u)
        return linears[-1](h)

    def grads():
        out = []
        for i, lin in enumerate(linears):
            out += [lin.weight.grad.T, lin.bias.grad]
            if i < len(norms) and norms[i] is not None:
                out += [norms[i].weight.grad, norms[i].bias.grad]
        return [g.numpy() for g in out]

    modules = linears + [n for n in norms if n is not None]
    return forward, grads, modules


# every activation plain; the wiring (norms × residual) with a few of different shape — the
# finite-difference test above already covers the full product without torch
# step: torch has no differentiable step to compare with (its derivative is 0 off the kink; the
# finite-difference test above covers it)
TORCH_CASES = [(name, None, False) for name in activations.names() if name != "step"] + [
    (name, norm, residual)
    for name in ("tanh", "relu", "gelu", "hardsigmoid")
    for norm in NORMS
    for residual in (False, True)
    if (norm, residual) != (None, False)
]


@pytest.mark.parametrize(("name", "norm", "residual"), TORCH_CASES)
def test_matches_torch(name, norm, residual):
    torch = pytest.importorskip("torch")
    net = MLP([2, 5, 5, 1], name, norm=norm, residual=residual, seed=8)
    forward, grads, modules = torch_twin(torch, net)
    # torch's float64 hardsigmoid uses the float32 constant 1/6 (3e-8 relative off, more after
    # the cancellations of a residual or norm backward); any real error would be O(1)
    rtol = 1e-6 if name == "hardsigmoid" else 1e-10
    rng = np.random.default_rng(8)
    for _ in range(3):  # a few training steps: running stats evolve the same way
        x, r = rng.normal(size=(N, 2)), rng.normal(size=(N, 1))
        xt = torch.tensor(x, requires_grad=True)
        yt = forward(xt)
        (yt * torch.from_numpy(r)).sum().backward()
        np.testing.assert_allclose(net.forward(x), yt.detach().numpy(), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(net.backward(r), xt.grad.numpy(), rtol=rtol, atol=1e-12)
        for ours, theirs in zip(net.grads, grads(), strict=True):
            np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-12)
        for m in modules:
            m.zero_grad()
    if norm == "batchnorm":
        for ours, theirs in zip(net.norms, modules[len(net.linears) :], strict=True):
            np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)
            np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)
    net.eval()
    for m in modules:
        m.eval()
    x = rng.normal(size=(4, 2))
    with torch.no_grad():
        expect = forward(torch.tensor(x)).numpy()
    np.testing.assert_allclose(net.forward(x), expect, rtol=1e-12, atol=1e-13)


def test_float32_matches_torch_float32():
    torch = pytest.importorskip("torch")
    net = MLP([1, 16, 16, 1], "tanh", norm="batchnorm", dtype=np.float32, seed=9)
    model = torch.nn.Sequential(
        torch.nn.Linear(1, 16), torch.nn.BatchNorm1d(16), torch.nn.Tanh(),
        torch.nn.Linear(16, 16), torch.nn.BatchNorm1d(16), torch.nn.Tanh(),
        torch.nn.Linear(16, 1),
    )  # fmt: skip
    with torch.no_grad():
        for lin, layer in zip(net.linears, model[::3], strict=True):
            layer.weight.copy_(torch.from_numpy(lin.W.T.copy()))
            layer.bias.copy_(torch.from_numpy(lin.b))
    x = np.random.default_rng(9).normal(size=(32, 1)).astype(np.float32)
    yt = model(torch.from_numpy(x))
    yt.sum().backward()
    y = net.forward(x)
    net.backward(np.ones_like(y))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-5, atol=1e-6)
    theirs = [p.grad.numpy() for p in model.parameters()]
    theirs = [g.T if g.ndim == 2 else g for g in theirs]
    scale = max(np.abs(g).max() for g in theirs)
    # both sides round differently in float32: compare to the largest gradient; the bias
    # before each BatchNorm is truly 0 and only its rounding noise is compared here
    for ours, t in zip(net.grads, theirs, strict=True):
        np.testing.assert_allclose(ours, t, rtol=1e-3, atol=1e-5 * scale)

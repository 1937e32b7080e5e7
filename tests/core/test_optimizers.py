"""Optimizers: torch's defaults, torch cross-checks, convergence, hyper-parameters, errors.

The update rules themselves are checked step by step in ``test_optimizer_rules.py``."""

import inspect

import numpy as np
import pytest

from explorer.core import optimizers

# torch.optim's documented signatures (2.13), written out: test_defaults_are_torchs checks this
# table against torch itself where it is installed
TORCH_DEFAULTS = {
    "sgd": dict(lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False),
    "adagrad": dict(lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                    maximize=False),
    "rmsprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                    maximize=False),
    "adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=False),
    "adam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False,
                 maximize=False, decoupled_weight_decay=False),
    "adamw": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
                  maximize=False),
    "nadam": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                  decoupled_weight_decay=False, maximize=False),
    "adamax": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, maximize=False),
    "radam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                  decoupled_weight_decay=False, maximize=False),
}  # fmt: skip


@pytest.mark.parametrize("name", optimizers.names())
def test_default_hyper_parameters_are_torchs_documented_ones(name):
    opt = optimizers.get(name)
    assert opt.hyper == TORCH_DEFAULTS[name]
    assert type(opt).defaults == TORCH_DEFAULTS[name]


def test_sgd_momentum_numbers_by_hand():
    # lr 0.1, μ 0.9, g ≡ 1: buffers 1, 1.9, 2.71 → θ = −0.1, −0.29, −0.561
    opt = optimizers.get("sgd", lr=0.1, momentum=0.9)
    p = np.zeros(1)
    for expected in (-0.1, -0.29, -0.561):
        opt.step([p], [np.ones(1)])
        assert p[0] == pytest.approx(expected, abs=1e-15)
    assert opt.state["momentum_buffer"][0][0] == 0.9 * (0.9 * 1.0 + 1.0) + 1.0  # same operations


def test_adam_first_step_is_lr_times_sign():
    # m̂ = g, v̂ = g² on step 1, so the step is lr·g/(|g| + ε) ≈ lr·sign(g)
    g = np.array([3.0, -1e-3, 50.0])
    p = np.zeros(3)
    optimizers.get("adam", lr=0.01).step([p], [g])
    np.testing.assert_allclose(p, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-15)
    np.testing.assert_allclose(p, -0.01 * np.sign(g), rtol=1e-5)  # ε matters only for tiny g


def test_names_cover_torch_optimizers():
    assert set(optimizers.names()) == {
        "sgd",
        "adagrad",
        "rmsprop",
        "adadelta",
        "adam",
        "adamw",
        "nadam",
        "adamax",
        "radam",
    }


@pytest.mark.parametrize("name", optimizers.names())
def test_metadata_and_specs(name):
    opt = optimizers.get(name)
    assert opt.name == name and opt.display_name
    assert opt.hyper == {k: v for k, v in type(opt).defaults.items()}
    assert opt.param_specs
    for spec in opt.param_specs:
        assert spec.read(opt.hyper) == spec.default, spec.key
        assert spec.min <= spec.default <= spec.max, spec.key
        assert spec.kind in ("float", "bool") and spec.description
        changed = spec.apply(opt.hyper, spec.max)
        assert spec.read(changed) == spec.max
    assert len({s.key for s in opt.param_specs}) == len(opt.param_specs)


# ----- torch cross-check --------------------------------------------------------------------

TORCH_CASES = [
    ("sgd", {}), ("sgd", dict(momentum=0.9)), ("sgd", dict(momentum=0.9, dampening=0.3)),
    ("sgd", dict(momentum=0.9, nesterov=True, weight_decay=0.05)),
    ("sgd", dict(momentum=0.5, maximize=True)),
    ("adagrad", {}),
    ("adagrad", dict(lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.5)),
    ("rmsprop", {}), ("rmsprop", dict(centered=True)), ("rmsprop", dict(momentum=0.9)),
    ("rmsprop", dict(centered=True, momentum=0.9, weight_decay=0.1, alpha=0.9)),
    ("adadelta", {}), ("adadelta", dict(rho=0.5, weight_decay=0.1, maximize=True)),
    ("adam", {}), ("adam", dict(amsgrad=True)), ("adam", dict(weight_decay=0.1)),
    ("adam", dict(weight_decay=0.1, amsgrad=True, betas=(0.8, 0.9))),
    ("adam", dict(weight_decay=0.1, decoupled_weight_decay=True)),
    ("adamw", {}), ("adamw", dict(amsgrad=True, weight_decay=0.1)),
    ("nadam", {}), ("nadam", dict(weight_decay=0.1)),
    ("nadam", dict(weight_decay=0.1, decoupled_weight_decay=True, momentum_decay=0.05)),
    ("adamax", {}), ("adamax", dict(weight_decay=0.1, betas=(0.5, 0.8), eps=1e-3)),
    ("adamax", dict(weight_decay=0.1, maximize=True)),
    ("radam", {}), ("radam", dict(weight_decay=0.1, betas=(0.8, 0.9))),
    ("radam", dict(weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
]  # fmt: skip


@pytest.fixture
def torch64():
    torch = pytest.importorskip("torch")
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # NAdam keeps mu_product in the default dtype
    yield torch
    torch.set_default_dtype(old)


@pytest.mark.parametrize(("name", "hyper"), TORCH_CASES)
def test_matches_torch_for_20_steps(torch64, name, hyper):
    torch = torch64
    rng = np.random.default_rng(sum(map(ord, name)) + len(hyper))
    hyper = {"lr": 0.05, **hyper} if name != "adadelta" else hyper
    params = [rng.normal(size=(3, 4)), rng.normal(size=5)]
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    opt = optimizers.get(name, **hyper)
    topt = optimizers.optimizer_class(name).__name__
    topt = getattr(torch.optim, topt)(tparams, **hyper)
    for _ in range(20):
        grads = [rng.normal(size=p.shape) for p in params]
        opt.step(params, grads)
        for tp, g in zip(tparams, grads, strict=True):
            tp.grad = torch.tensor(g)
        topt.step()
    for p, tp in zip(params, tparams, strict=True):
        assert np.abs(p - tp.detach().numpy()).max() < 1e-12
    for key, buffers in opt.state.items():
        for buf, tp in zip(buffers, tparams, strict=True):
            assert np.abs(buf - topt.state[tp][key].numpy()).max() < 1e-12, key


@pytest.mark.parametrize("name", optimizers.names())
def test_defaults_are_torchs(name):
    torch = pytest.importorskip("torch")
    cls = optimizers.optimizer_class(name)
    signature = inspect.signature(getattr(torch.optim, cls.__name__))
    for key, default in cls.defaults.items():
        assert signature.parameters[key].default == default, key
        assert signature.parameters[key].default == TORCH_DEFAULTS[name][key], key


# ----- behaviour ------------------------------------------------------------------------------

CONVERGENCE_HYPER = {
    "sgd": dict(lr=0.1, momentum=0.5),
    "adagrad": dict(lr=0.5),
    "rmsprop": dict(lr=0.01),
    "adadelta": {},  # torch defaults
    "adam": dict(lr=0.05),
    "adamw": dict(lr=0.05),
    "nadam": dict(lr=0.05),
    "adamax": dict(lr=0.05),
    "radam": dict(lr=0.05),
}


@pytest.mark.parametrize("name", optimizers.names())
def test_converges_on_a_quadratic(name):
    # f(θ) = ½ Σ a_i θ_i², gradient a ⊙ θ, minimum at 0
    curvature = np.array([1.0, 4.0, 0.5])
    theta = np.array([2.0, -1.5, 1.0])
    opt = optimizers.get(name, **CONVERGENCE_HYPER[name])
    for _ in range(600):
        opt.step([theta], [curvature * theta])
    assert 0.5 * np.sum(curvature * theta**2) < 1e-3


def test_grads_are_not_modified_and_single_array_is_accepted():
    p, g = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    opt = optimizers.get("adam", weight_decay=0.1, maximize=True)
    opt.step(p, g)
    np.testing.assert_array_equal(g, [0.5, -0.5])
    assert p[0] > 1.0  # maximize climbs


def test_set_hyper_keeps_state():
    opt = optimizers.get("sgd", lr=0.1, momentum=0.9)
    p = np.zeros(1)
    opt.step([p], [np.ones(1)])
    opt.set_hyper(lr=0.2)
    opt.step([p], [np.ones(1)])
    assert p[0] == pytest.approx(-0.1 - 0.2 * 1.9, rel=1e-15)
    assert opt.hyper["lr"] == 0.2 and opt.hyper["momentum"] == 0.9
    with pytest.raises(ValueError, match="lr"):
        opt.set_hyper(lr=-1.0)


@pytest.mark.parametrize(
    ("name", "hyper", "needle"),
    [
        *[(n, dict(lr=-1e-3), "lr") for n in ("sgd", "adagrad", "rmsprop", "adadelta", "adam")],
        *[(n, dict(lr=-1e-3), "lr") for n in ("adamw", "nadam", "adamax", "radam")],
        ("adamax", dict(betas=(0.9, 1.0)), r"betas\[1\]"),
        ("radam", dict(eps=-1.0), "eps"),
        ("adamax", dict(weight_decay=-0.1), "weight_decay"),
        ("adamax", dict(decoupled_weight_decay=True), "decoupled_weight_decay"),
        ("adam", dict(betas=(1.0, 0.999)), r"betas\[0\]"),
        ("nadam", dict(betas=(0.9, -0.1)), r"betas\[1\]"),
        ("adamw", dict(betas=(0.9,)), "betas"),
        ("adam", dict(eps=-1e-8), "eps"),
        ("rmsprop", dict(eps=-1.0), "eps"),
        ("sgd", dict(nesterov=True), "nesterov"),
        ("sgd", dict(nesterov=True, momentum=0.9, dampening=0.1), "nesterov"),
        ("sgd", dict(momentum=-0.5), "momentum"),
        ("sgd", dict(weight_decay=-0.1), "weight_decay"),
        ("adadelta", dict(rho=1.5), "rho"),
        ("adagrad", dict(lr_decay=-1.0), "lr_decay"),
        ("nadam", dict(momentum_decay=-1.0), "momentum_decay"),
        ("adam", dict(foo=1.0), "foo"),
        ("adamw", dict(decoupled_weight_decay=True), "decoupled_weight_decay"),
        ("sgd", dict(lr="fast"), "lr"),
        ("sgd", dict(nesterov=1), "nesterov"),
        ("adam", dict(lr=float("nan")), "lr"),
    ],
)
def test_invalid_hyper_parameters_raise(name, hyper, needle):
    with pytest.raises(ValueError, match=needle):
        optimizers.get(name, **hyper)


def test_bad_names_and_shapes_raise():
    with pytest.raises(ValueError, match="valid: sgd"):
        optimizers.get("lbfgs")
    assert optimizers.get("AdamW").name == "adamw"
    opt = optimizers.get("sgd")
    with pytest.raises(ValueError, match=r"shape \(3,\), expected \(2,\)"):
        opt.step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(ValueError, match="2 parameter arrays but 1"):
        opt.step([np.zeros(2), np.zeros(2)], [np.zeros(2)])
    with pytest.raises(ValueError, match="floating-point"):
        optimizers.get("sgd").step([np.zeros(2, dtype=int)], [np.zeros(2)])
    opt = optimizers.get("adam")
    opt.step([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="zero_state"):
        opt.step([np.zeros(3)], [np.ones(3)])
    opt.zero_state()
    opt.step([np.zeros(3)], [np.ones(3)])  # fine after a reset

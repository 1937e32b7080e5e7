"""Optimizers against torch.optim's documented algorithms, written out by hand per coordinate:
three steps of every rule and option, the state buffers they keep, ``maximize``, decoupled
weight decay, ``zero_state`` and float32. No torch needed."""

import math

import numpy as np
import pytest

from explorer.core import optimizers

P0 = [1.0, -2.0]
GRADS = [[0.5, -1.0], [0.3, 2.0], [-0.7, 0.1]]  # the gradient at steps 1, 2, 3


# ----- the update rules, written out per coordinate with plain Python floats ---------------


def _record(state, name, k, value):
    """Keep the final value of buffer ``name`` of coordinate ``k`` in ``state`` (if given)."""
    if state is not None:
        state.setdefault(name, [None] * len(P0))[k] = value


def _grad(grads, k, maximize):
    """torch negates the gradient first when maximizing, before any weight decay."""
    return -grads[k] if maximize else grads[k]


def hand_sgd(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
             maximize=False, state=None):  # fmt: skip
    out = []
    for k, theta in enumerate(P0):
        buf = None
        for t, grads in enumerate(GRADS, start=1):
            g = _grad(grads, k, maximize) + weight_decay * theta
            if momentum:
                buf = g if t == 1 else momentum * buf + (1 - dampening) * g
                g = g + momentum * buf if nesterov else buf
            theta = theta - lr * g
        if momentum:
            _record(state, "momentum_buffer", k, buf)
        out.append(theta)
    return out


def hand_adagrad(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10,
                 maximize=False, state=None):  # fmt: skip
    out = []
    for k, theta in enumerate(P0):
        total = initial_accumulator_value
        for t, grads in enumerate(GRADS, start=1):
            g = _grad(grads, k, maximize) + weight_decay * theta
            clr = lr / (1 + (t - 1) * lr_decay)
            total = total + g * g
            theta = theta - clr * g / (math.sqrt(total) + eps)
        _record(state, "sum", k, total)
        out.append(theta)
    return out


def hand_rmsprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
                 maximize=False, state=None):  # fmt: skip
    out = []
    for k, theta in enumerate(P0):
        v = g_avg = buf = 0.0
        for grads in GRADS:
            g = _grad(grads, k, maximize) + weight_decay * theta
            v = alpha * v + (1 - alpha) * g * g
            v_tilde = v
            if centered:
                g_avg = alpha * g_avg + (1 - alpha) * g
                v_tilde = v - g_avg * g_avg
            if momentum > 0:
                buf = momentum * buf + g / (math.sqrt(v_tilde) + eps)
                theta = theta - lr * buf
            else:
                theta = theta - lr * g / (math.sqrt(v_tilde) + eps)
        _record(state, "square_avg", k, v)
        if centered:
            _record(state, "grad_avg", k, g_avg)
        if momentum > 0:
            _record(state, "momentum_buffer", k, buf)
        out.append(theta)
    return out


def hand_adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False, state=None):
    out = []
    for k, theta in enumerate(P0):
        v = u = 0.0
        for grads in GRADS:
            g = _grad(grads, k, maximize) + weight_decay * theta
            v = rho * v + (1 - rho) * g * g
            delta = math.sqrt(u + eps) / math.sqrt(v + eps) * g
            u = rho * u + (1 - rho) * delta * delta
            theta = theta - lr * delta
        _record(state, "square_avg", k, v)
        _record(state, "acc_delta", k, u)
        out.append(theta)
    return out


def hand_adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
              decoupled=False, maximize=False, state=None):  # fmt: skip
    """Adam; ``decoupled``: AdamW's θ ← θ(1 − γλ) before the step instead of g ← g + λθ."""
    b1, b2 = betas
    out = []
    for k, theta in enumerate(P0):
        m = v = v_max = 0.0
        for t, grads in enumerate(GRADS, start=1):
            g = _grad(grads, k, maximize)
            if decoupled:
                theta = theta * (1 - lr * weight_decay)
            else:
                g = g + weight_decay * theta
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            v_max = max(v_max, v)
            v_used = v_max if amsgrad else v
            denom = math.sqrt(v_used) / math.sqrt(1 - b2**t) + eps
            theta = theta - lr / (1 - b1**t) * m / denom
        _record(state, "exp_avg", k, m)
        _record(state, "exp_avg_sq", k, v)
        if amsgrad:
            _record(state, "max_exp_avg_sq", k, v_max)
        out.append(theta)
    return out


def hand_nadam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
               decoupled_weight_decay=False, maximize=False, state=None):  # fmt: skip
    b1, b2 = betas
    out = []
    for k, theta in enumerate(P0):
        m = v = 0.0
        mu_product = 1.0
        for t, grads in enumerate(GRADS, start=1):
            g = _grad(grads, k, maximize)
            if decoupled_weight_decay:
                theta = theta * (1 - lr * weight_decay)
            else:
                g = g + weight_decay * theta
            mu = b1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
            mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
            mu_product = mu_product * mu
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            denom = math.sqrt(v / (1 - b2**t)) + eps
            theta = theta - lr * (1 - mu) / (1 - mu_product) * g / denom
            theta = theta - lr * mu_next / (1 - mu_product * mu_next) * m / denom
        _record(state, "exp_avg", k, m)
        _record(state, "exp_avg_sq", k, v)
        _record(state, "mu_product", k, mu_product)
        out.append(theta)
    return out


def hand_adamax(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False,
                state=None):  # fmt: skip
    b1, b2 = betas
    out = []
    for k, theta in enumerate(P0):
        m = u = 0.0
        for t, grads in enumerate(GRADS, start=1):
            g = _grad(grads, k, maximize) + weight_decay * theta
            m = b1 * m + (1 - b1) * g
            u = max(b2 * u, abs(g) + eps)  # ε inside the max, as torch
            theta = theta - lr / (1 - b1**t) * m / u
        _record(state, "exp_avg", k, m)
        _record(state, "exp_inf", k, u)
        out.append(theta)
    return out


def hand_radam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
               decoupled_weight_decay=False, maximize=False, state=None, grads=GRADS):  # fmt: skip
    b1, b2 = betas
    rho_inf = 2 / (1 - b2) - 1
    out = []
    for k, theta in enumerate(P0):
        m = v = 0.0
        for t, step_grads in enumerate(grads, start=1):
            g = _grad(step_grads, k, maximize)
            if decoupled_weight_decay:
                theta = theta * (1 - lr * weight_decay)
            else:
                g = g + weight_decay * theta
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            m_hat = m / (1 - b1**t)
            rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
            if rho > 5:
                r = math.sqrt(
                    (rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho)
                )
                theta = theta - lr * m_hat * math.sqrt(1 - b2**t) / (math.sqrt(v) + eps) * r
            else:
                theta = theta - lr * m_hat
        _record(state, "exp_avg", k, m)
        _record(state, "exp_avg_sq", k, v)
        out.append(theta)
    return out


HAND_CASES = [
    ("sgd", {}, hand_sgd),
    ("sgd", dict(lr=0.1, momentum=0.9), hand_sgd),
    ("sgd", dict(lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.1), hand_sgd),
    ("sgd", dict(lr=0.1, momentum=0.9, nesterov=True), hand_sgd),
    ("adagrad", {}, hand_adagrad),
    ("adagrad", dict(lr=0.5, lr_decay=0.1, weight_decay=0.2, initial_accumulator_value=0.3),
     hand_adagrad),
    ("rmsprop", {}, hand_rmsprop),
    ("rmsprop", dict(lr=0.1, centered=True), hand_rmsprop),
    ("rmsprop", dict(lr=0.1, momentum=0.8, weight_decay=0.1, alpha=0.5), hand_rmsprop),
    ("adadelta", {}, hand_adadelta),
    ("adadelta", dict(lr=0.5, rho=0.5, eps=1e-2, weight_decay=0.1), hand_adadelta),
    ("adam", {}, hand_adam),
    ("adam", dict(lr=0.1, weight_decay=0.1), hand_adam),
    ("adam", dict(lr=0.1, amsgrad=True, betas=(0.5, 0.6)), hand_adam),
    ("adamw", {}, lambda **kw: hand_adam(weight_decay=1e-2, decoupled=True, **kw)),
    ("adamw", dict(lr=0.1, weight_decay=0.5, amsgrad=True),
     lambda **kw: hand_adam(decoupled=True, **kw)),
    ("nadam", {}, hand_nadam),
    ("nadam", dict(lr=0.1, weight_decay=0.1, momentum_decay=0.2), hand_nadam),
    ("nadam", dict(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True), hand_nadam),
    ("adamax", {}, hand_adamax),
    ("adamax", dict(lr=0.1, betas=(0.5, 0.6), eps=0.4, weight_decay=0.2), hand_adamax),
    # ρ_t ≤ t, so three RAdam steps are momentum steps; test_radam_rectifies_from_step_6 checks
    # the rectified branch
    ("radam", {}, hand_radam),
    ("radam", dict(lr=0.1, betas=(0.5, 0.2), weight_decay=0.1), hand_radam),
    ("radam", dict(lr=0.1, betas=(0.9, 0.9999), weight_decay=0.3, decoupled_weight_decay=True),
     hand_radam),
    # maximize: every optimizer, with weight decay so that the order (−g first) matters
    ("sgd", dict(lr=0.1, momentum=0.9, weight_decay=0.1, maximize=True), hand_sgd),
    ("adagrad", dict(lr=0.5, weight_decay=0.2, maximize=True), hand_adagrad),
    ("rmsprop", dict(lr=0.1, centered=True, momentum=0.5, weight_decay=0.1, maximize=True),
     hand_rmsprop),
    ("adadelta", dict(rho=0.5, weight_decay=0.1, maximize=True), hand_adadelta),
    ("adam", dict(lr=0.1, weight_decay=0.1, amsgrad=True, maximize=True), hand_adam),
    ("adamw", dict(lr=0.1, weight_decay=0.5, maximize=True),
     lambda **kw: hand_adam(decoupled=True, **kw)),
    ("nadam", dict(lr=0.1, weight_decay=0.1, maximize=True), hand_nadam),
    ("adamax", dict(lr=0.1, weight_decay=0.1, maximize=True), hand_adamax),
    ("radam", dict(lr=0.1, weight_decay=0.1, maximize=True), hand_radam),
    # Adam's decoupled_weight_decay is AdamW's rule
    ("adam", dict(lr=0.1, weight_decay=0.5, decoupled_weight_decay=True),
     lambda decoupled_weight_decay, **kw: hand_adam(decoupled=decoupled_weight_decay, **kw)),
    ("adam", dict(lr=0.1, weight_decay=0.5, amsgrad=True, decoupled_weight_decay=True),
     lambda decoupled_weight_decay, **kw: hand_adam(decoupled=decoupled_weight_decay, **kw)),
]  # fmt: skip


def run_three_steps(name, hyper, dtype=np.float64):
    opt = optimizers.get(name, **hyper)
    p = np.array(P0, dtype=dtype)
    for g in GRADS:
        opt.step([p], [np.array(g, dtype=dtype)])
    return p, opt


@pytest.mark.parametrize(("name", "hyper", "hand"), HAND_CASES)
def test_three_steps_match_hand_computation(name, hyper, hand):
    p, opt = run_three_steps(name, hyper)
    np.testing.assert_allclose(p, hand(**hyper), rtol=1e-12, atol=1e-15)
    assert opt.step_count == 3


@pytest.mark.parametrize(("name", "hyper", "hand"), HAND_CASES)
def test_state_buffers_match_hand_computation(name, hyper, hand):
    """The buffers torch's documented algorithm keeps, under torch's names, with the values
    the hand computation ends with after three steps (and no other buffers)."""
    _, opt = run_three_steps(name, hyper)
    expected: dict = {}
    hand(**hyper, state=expected)
    assert set(opt.state) == set(expected)
    for key, values in expected.items():
        (ours,) = opt.state[key]  # one parameter array
        if ours.ndim == 0:  # NAdam's μ-product: one number per parameter, as in torch
            values = values[:1]
        np.testing.assert_allclose(np.ravel(ours), values, rtol=1e-12, atol=1e-300, err_msg=key)


def test_maximize_is_minimizing_the_negated_gradient_bit_for_bit():
    for name, hyper, _hand in HAND_CASES:
        if not hyper.get("maximize"):
            continue
        up = optimizers.get(name, **hyper)
        down = optimizers.get(name, **{**hyper, "maximize": False})
        p, q = np.array(P0), np.array(P0)
        for g in GRADS:
            up.step([p], [np.array(g)])
            down.step([q], [-np.array(g)])
        np.testing.assert_array_equal(p, q, err_msg=name)


def test_adam_decoupled_weight_decay_is_adamw():
    hyper = dict(lr=0.1, weight_decay=0.3, amsgrad=True)
    adam = optimizers.get("adam", decoupled_weight_decay=True, **hyper)
    adamw = optimizers.get("adamw", **hyper)
    coupled = optimizers.get("adam", **hyper)
    p, q, r = np.array(P0), np.array(P0), np.array(P0)
    for g in GRADS:
        adam.step([p], [np.array(g)])
        adamw.step([q], [np.array(g)])
        coupled.step([r], [np.array(g)])
    np.testing.assert_array_equal(p, q)
    assert np.abs(p - r).min() > 1e-3  # and it is not the L2 penalty


@pytest.mark.parametrize(("name", "hyper", "hand"), HAND_CASES[1::2])
def test_zero_state_forgets_everything(name, hyper, hand):
    p, opt = run_three_steps(name, hyper)
    assert opt.state
    opt.zero_state()
    assert opt.state == {} and opt.step_count == 0
    p[:] = P0
    for g in GRADS:
        opt.step([p], [np.array(g)])
    np.testing.assert_allclose(p, hand(**hyper), rtol=1e-12)


@pytest.mark.parametrize(("name", "hyper", "hand"), HAND_CASES)
def test_float32_stays_float32(name, hyper, hand):
    p, opt = run_three_steps(name, hyper, dtype=np.float32)
    assert p.dtype == np.float32
    assert all(b.dtype == np.float32 for bufs in opt.state.values() for b in bufs if b.ndim)
    np.testing.assert_allclose(p, hand(**hyper), rtol=1e-4, atol=1e-6)
    # float64 gradients on float32 parameters must not upcast them either
    opt.step([p], [np.ones(2)])
    assert p.dtype == np.float32


def test_radam_rectifies_from_step_6():
    """ρ_t first exceeds 5 at step 6 (β₂ = 0.999): ten steps run both branches of the rule."""
    rho_inf = 2 / (1 - 0.999) - 1
    rho = [rho_inf - 2 * t * 0.999**t / (1 - 0.999**t) for t in (5, 6)]
    assert rho[0] <= 5 < rho[1]
    grads = np.random.default_rng(3).normal(size=(10, 2)).tolist()
    hyper = dict(lr=0.1, weight_decay=0.05)
    opt, p = optimizers.get("radam", **hyper), np.array(P0)
    for g in grads:
        opt.step([p], [np.array(g)])
    np.testing.assert_allclose(p, hand_radam(**hyper, grads=grads), rtol=1e-12)

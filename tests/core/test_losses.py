"""Tests of explorer.core.losses: every registry entry, without torch except where marked.

Gradients are checked by central finite differences, values against sums done by hand, and
(when torch is installed) both against torch.nn.functional and autograd.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from explorer.core import losses
from explorer.core.gradcheck import numerical_gradient

NON_DEFAULT = {
    "huber": [{"delta": 0.5}, {"delta": 2.0}],
    "smooth_l1": [{"beta": 0.5}, {"beta": 0.0}],
    "cross_entropy": [{"label_smoothing": 0.1}, {"label_smoothing": 1.0}],
    "hinge": [{"margin": 0.5}, {"margin": 0.0}],
    "sigmoid_focal": [{"alpha": -1.0, "gamma": 0.0}, {"alpha": 0.5, "gamma": 0.5}],
}


def _cases():
    for name in losses.names():
        yield pytest.param(name, {}, id=name)
        for i, params in enumerate(NON_DEFAULT.get(name, [])):
            yield pytest.param(name, params, id=f"{name}-{i}")


CASES = list(_cases())


def sample(loss, rng, dtype=np.float64, n=12):
    """(pred, target) for the loss's task, away from every kink of the loss."""
    p = loss.params
    if loss.task == "regression":
        kinks = [0.0] + [s * v for v in p.values() for s in (1, -1)]
        target = rng.normal(size=(n // 2, 2))
        d = rng.uniform(-3.0, 3.0, size=target.shape)
        while True:
            close = np.min([np.abs(d - k) for k in kinks], axis=0) < 1e-2
            if not close.any():
                break
            d[close] = rng.uniform(-3.0, 3.0, size=close.sum())
        pred = target + d
    elif loss.task == "binary":
        target = np.concatenate([rng.integers(0, 2, n - 3), rng.uniform(0.1, 0.9, 3)])
        pred = rng.uniform(0.05, 0.95, n) if loss.name == "bce" else rng.normal(0.0, 3.0, n)
    elif loss.task == "multiclass":
        pred = rng.normal(0.0, 2.0, size=(n, 4))
        target = rng.integers(0, 4, n)
        return pred.astype(dtype), target
    else:  # margin: y·s away from every kink of φ
        target = np.where(rng.uniform(size=n) < 0.5, -1.0, 1.0)
        ys = rng.uniform(-2.0, 3.0, n)
        for kink in loss.kinks:
            ys[np.abs(ys - kink) < 1e-2] += 0.1
        pred = ys * target
    return pred.astype(dtype), target.astype(dtype)


def test_names_and_tasks():
    names = losses.names()
    required = {"mse", "l1", "huber", "smooth_l1", "bce", "bce_with_logits", "cross_entropy",
                "hinge", "sigmoid_focal", "zero_one", "squared_hinge", "soft_margin",
                "exponential"}  # fmt: skip
    assert required <= set(names)
    for name in names:
        assert losses.get(name).task in losses.TASKS
    assert set(losses.names("binary")) == {"bce", "bce_with_logits", "sigmoid_focal"}
    assert losses.names("multiclass") == ["cross_entropy"]
    assert losses.names("margin") == [
        "zero_one", "hinge", "squared_hinge", "soft_margin", "exponential"
    ]  # fmt: skip
    assert losses.names("regression") == ["mse", "l1", "huber", "smooth_l1"]
    with pytest.raises(ValueError, match="unknown task 'ranking'"):
        losses.names("ranking")


def test_every_parametrised_loss_has_a_non_default_case():
    for name in losses.names():
        if losses.get(name).param_specs:
            assert NON_DEFAULT.get(name), f"add non-default parameters for {name} to NON_DEFAULT"


@pytest.mark.parametrize("name, params", CASES)
def test_metadata(name, params):
    loss = losses.get(name, **params)
    assert loss.name == name
    for text in (loss.display_name, loss.formula, loss.latex):
        assert isinstance(text, str) and text
    assert [s.name for s in loss.param_specs] == list(loss.params)
    for spec in loss.param_specs:
        assert spec.min <= losses.get(name).params[spec.name] == spec.default <= spec.max
    assert loss == losses.get(name, **params)


@pytest.mark.parametrize("name", losses.names())
def test_every_slider_end_is_a_valid_parameter(name):
    for spec in losses.get(name).param_specs:
        for value in (spec.min, spec.max):
            assert losses.get(name, **{spec.name: value}).params[spec.name] == value


@pytest.mark.parametrize("name, params", CASES)
def test_gradient_matches_central_differences(name, params):
    loss = losses.get(name, **params)
    rng = np.random.default_rng(1)
    for _ in range(3):
        pred, target = sample(loss, rng)
        grad = loss.gradient(pred, target)
        assert grad.shape == pred.shape and grad.dtype == pred.dtype
        probe = pred.copy()  # perturbed in place and restored
        fd = numerical_gradient(lambda p=probe, t=target: loss.value(p, t), probe, 1e-6)
        rel = np.abs(fd - grad) / np.maximum(np.abs(grad), 1e-3)
        assert rel.max() < 1e-6, f"fd {fd.ravel()} vs gradient {grad.ravel()}"
        value, grad2 = loss.value_and_gradient(pred, target)
        assert value == loss.value(pred, target)
        np.testing.assert_array_equal(grad2, grad)


# --- hand-computed values ----------------------------------------------------------------------

LOG2 = math.log(2.0)
HAND = [  # (name, params, pred, target, value, gradient)
    ("mse", {}, [1.0, 2.0], [0.0, 0.0], 2.5, [1.0, 2.0]),
    ("l1", {}, [1.0, -2.0, 5.0], [0.0, 0.0, 5.0], 1.0, [1 / 3, -1 / 3, 0.0]),
    ("huber", {}, [0.5, 2.0], [0.0, 0.0], 0.8125, [0.25, 0.5]),
    ("huber", {"delta": 0.5}, [1.0, -0.25], [0.0, 0.0], (0.375 + 0.03125) / 2, [0.25, -0.125]),
    ("smooth_l1", {"beta": 2.0}, [1.0, 3.0], [0.0, 0.0], 1.125, [0.25, 0.5]),
    ("smooth_l1", {"beta": 0.0}, [1.0, 0.0], [0.0, 0.0], 0.5, [0.5, 0.0]),
    ("bce", {}, [0.5], [1.0], LOG2, [-2.0]),
    ("bce", {}, [0.25, 0.75], [0.0, 0.0], -(math.log(0.75) + math.log(0.25)) / 2,
     [(0.25 / (0.25 * 0.75)) / 2, (0.75 / (0.75 * 0.25)) / 2]),
    # p = 0: each log clamped at −100; ∂/∂p = (p − y)/max(p(1 − p), ε)/n with torch's ε, the
    # constant 1e-12 of binary_cross_entropy_backward held in a float32
    ("bce", {}, [0.0, 1.0], [1.0, 1.0], 50.0, [-1 / float(np.float32(1e-12)) / 2, 0.0]),
    ("bce_with_logits", {}, [0.0], [1.0], LOG2, [-0.5]),
    ("bce_with_logits", {}, [1000.0, -1000.0], [0.0, 1.0], 1000.0, [0.5, -0.5]),
    ("cross_entropy", {}, [[0.0, 0.0]], [0], LOG2, [[-0.5, 0.5]]),
    ("cross_entropy", {}, [[1000.0, 0.0], [0.0, 0.0]], [1, 0], (1000.0 + LOG2) / 2,
     [[0.5, -0.5], [-0.25, 0.25]]),
    ("cross_entropy", {"label_smoothing": 0.2}, [[math.log(3.0), 0.0]], [0],
     0.8 * math.log(4 / 3) + 0.1 * (math.log(4 / 3) + math.log(4.0)),
     [[0.75 - 0.9, 0.25 - 0.1]]),
    ("hinge", {}, [2.0, 0.5, -1.0, 1.0], [1.0, 1.0, 1.0, 1.0], 2.5 / 4, [0.0, -0.25, -0.25, 0.0]),
    ("hinge", {}, [0.5, -3.0], [-1.0, -1.0], 0.75, [0.5, 0.0]),
    ("hinge", {"margin": 0.0}, [0.5, -3.0], [-1.0, -1.0], 0.25, [0.5, 0.0]),
]  # fmt: skip


@pytest.mark.parametrize("name, params, pred, target, value, grad", HAND)
def test_hand_computed_values(name, params, pred, target, value, grad):
    loss = losses.get(name, **params)
    assert loss.value(pred, target) == pytest.approx(value, rel=1e-15)
    np.testing.assert_allclose(loss.gradient(pred, target), grad, rtol=1e-15, atol=1e-300)


def test_bce_clamps_log_at_minus_100():
    assert losses.get("bce").value([0.0], [1.0]) == 100.0
    assert losses.get("bce").value([1.0], [0.0]) == 100.0


def test_cross_entropy_accepts_whole_floats_as_indices():
    loss = losses.get("cross_entropy")
    z = np.array([[1.0, 2.0, 3.0]])
    assert loss.value(z, np.array([2.0])) == loss.value(z, np.array([2]))


# --- numerics and dtypes -----------------------------------------------------------------------


# e^(−m) overflows to ∞ at m = −1000, as torch's does: test_losses_margin checks that instead
BOUNDED = [case for case in CASES if case.values[0] != "exponential"]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, params", BOUNDED)
def test_stable_and_dtype_preserving(name, params, dtype):
    loss = losses.get(name, **params)
    pred, target = sample(loss, np.random.default_rng(2), dtype)
    if loss.name == "bce":
        pred[:4] = [0.0, 1.0, 0.0, 1.0]
    else:
        pred[:2] = 1e3 * np.array([1, -1]).reshape((2,) + (1,) * (pred.ndim - 1))
    target64 = target.astype(np.float64) if target.dtype.kind == "f" else target
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        v = loss.value(pred, target64)
        g = loss.gradient(pred, target64)
    assert isinstance(v, float) and math.isfinite(v)
    assert g.dtype == dtype and g.shape == pred.shape and np.all(np.isfinite(g))
    v64 = loss.value(pred.astype(np.float64), target64)
    assert v == pytest.approx(v64, rel=1e-5 if dtype == np.float32 else 1e-15)


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, pred, target, message", [
    ("mse", np.zeros(3), np.zeros((3, 1)), r"same shape.*\(3,\).*\(3, 1\)"),
    ("l1", np.zeros(3), np.zeros(4), "same shape"),
    ("mse", np.zeros(0), np.zeros(0), "empty"),
    ("bce", [0.5, 1.5], [0.0, 1.0], r"pred \(probabilities\) must lie in \[0, 1\]"),
    ("bce", [-0.1], [0.0], "pred"),
    ("bce", [0.5], [2.0], "target must lie in"),
    ("bce_with_logits", [0.5], [-1.0], "target must lie in"),
    ("cross_entropy", np.zeros((2, 3)), [0, 3], r"must be in \[0, 2\]"),
    ("cross_entropy", np.zeros((2, 3)), [0, -1], r"must be in \[0, 2\]"),
    ("cross_entropy", np.zeros((2, 3)), [0.0, 1.5], "integer"),
    ("cross_entropy", np.zeros((2, 3)), ["a", "b"], "integer"),
    ("cross_entropy", np.zeros((2, 3)), [0, 1, 2], r"shape \(2,\)"),
    ("cross_entropy", np.zeros(3), [0], r"shape \(N, C\)"),
    ("hinge", [0.5, 0.2], [1.0, 0.0], r"−1 or \+1, found \[0.0\]"),
    ("hinge", [0.5], [1.0, -1.0], "same shape"),
])  # fmt: skip
def test_bad_input_is_named(name, pred, target, message):
    with pytest.raises(ValueError, match=message):
        losses.get(name).value(pred, target)
    with pytest.raises(ValueError, match=message):
        losses.get(name).gradient(pred, target)


@pytest.mark.parametrize("name, params, message", [
    ("huber", {"delta": 0.0}, "delta must be > 0"),
    ("smooth_l1", {"beta": -1.0}, "beta must be ≥ 0"),
    ("cross_entropy", {"label_smoothing": 1.5}, "label_smoothing"),
    ("hinge", {"margin": -1.0}, "margin"),
    ("mse", {"reduction": "sum"}, r"reduction.*valid parameters: \(none\)"),
    ("huber", {"beta": 1.0}, "valid parameters: delta"),
])  # fmt: skip
def test_bad_parameters_are_named(name, params, message):
    with pytest.raises(ValueError, match=message):
        losses.get(name, **params)


def test_unknown_loss_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown loss 'nll'.*mse.*cross_entropy"):
        losses.get("nll")


# --- PyTorch cross-checks (skipped without torch) ----------------------------------------------


def _torch_loss(name, params):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    m = params.get("margin", 1.0)
    return {
        "mse": F.mse_loss,
        "l1": F.l1_loss,
        "huber": lambda p, t: F.huber_loss(p, t, **params),
        "smooth_l1": lambda p, t: F.smooth_l1_loss(p, t, **params),
        "bce": F.binary_cross_entropy,
        "bce_with_logits": F.binary_cross_entropy_with_logits,
        "cross_entropy": lambda p, t: F.cross_entropy(p, t, **params),
        # no torch hinge for ±1 targets: the same maths in torch ops (see also below)
        "hinge": lambda p, t: F.relu(m - t * p).mean(),
        # a step has gradient 0 in autograd: + 0·Σp keeps p in the graph
        "zero_one": lambda p, t: (t * p <= 0).to(p.dtype).mean() + 0.0 * p.sum(),
        "squared_hinge": lambda p, t: F.relu(1.0 - t * p).pow(2).mean(),
        "soft_margin": F.soft_margin_loss,
        "exponential": lambda p, t: torch.exp(-t * p).mean(),
        "sigmoid_focal": lambda p, t: torchvision_focal(torch, p, t, **params).mean(),
    }.get(name)


def torchvision_focal(torch, inputs, targets, alpha=0.25, gamma=2.0):
    """torchvision.ops.sigmoid_focal_loss (v0.28, reduction 'none'), line for line."""
    p = torch.sigmoid(inputs)
    ce_loss = torch.nn.functional.binary_cross_entropy_with_logits(
        inputs, targets, reduction="none"
    )
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss


def test_every_loss_has_a_torch_reference():
    pytest.importorskip("torch")
    for name in losses.names():
        assert _torch_loss(name, {}) is not None, f"add {name} to _torch_loss"


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, params", CASES)
def test_value_and_gradient_match_torch(name, params, dtype):
    torch = pytest.importorskip("torch")
    loss, fn = losses.get(name, **params), _torch_loss(name, params)
    rng = np.random.default_rng(3)
    pred, target = sample(loss, rng, dtype)
    # include the kinks, where autograd's subgradient choice matters
    flat = pred.reshape(-1)
    if loss.task == "regression":
        tf = target.reshape(-1)
        for i, k in enumerate([0.0] + [s * v for v in loss.params.values() for s in (1, -1)]):
            flat[i] = tf[i] + k
    elif loss.name == "bce":
        flat[:3] = [0.0, 1.0, 1e-30]
    elif loss.task == "margin":
        for i, kink in enumerate(loss.kinks):
            flat[i] = kink * target.reshape(-1)[i]
    tp = torch.tensor(pred, requires_grad=True)
    v = fn(tp, torch.tensor(target))
    (g,) = torch.autograd.grad(v, tp)
    tol = 1e-13 if dtype == np.float64 else 2e-6
    assert loss.value(pred, target) == pytest.approx(v.item(), rel=tol, abs=tol)
    np.testing.assert_allclose(loss.gradient(pred, target), g.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize("margin", [1.0, 0.5])
def test_hinge_is_twice_torch_multi_margin_loss_on_two_class_scores(margin):
    torch = pytest.importorskip("torch")
    y = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    s = np.array([margin, -margin, 0.3, 2.0, -1.0, -5.0])  # two exactly at the hinge
    t = torch.tensor(s, requires_grad=True)
    scores = torch.stack([torch.zeros_like(t), t], dim=1)
    v = 2.0 * torch.nn.functional.multi_margin_loss(
        scores, torch.tensor((y > 0).astype(np.int64)), margin=margin
    )
    (g,) = torch.autograd.grad(v, t)
    hinge = losses.get("hinge", margin=margin)
    assert hinge.value(s, y) == pytest.approx(v.item(), rel=1e-15)
    np.testing.assert_allclose(hinge.gradient(s, y), g.numpy(), rtol=1e-15)

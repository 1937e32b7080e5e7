"""The losses the loss-functions lab adds: margin losses as φ(m), the sigmoid focal loss, softmax
with a temperature and cross-entropy with class weights (torch's definitions, and by hand)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.core import losses
from explorer.core.gradcheck import numerical_gradient

MARGIN = losses.names("margin")
GRID = np.array([-3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 1.5, 4.0])  # holds every kink (0 and 1)


@pytest.mark.parametrize("name", MARGIN)
def test_phi_is_the_loss_of_a_single_positive_point(name):
    loss = losses.get(name)
    phi = loss.of_margin(GRID)
    for m, value in zip(GRID, phi, strict=True):
        assert loss.value([m], [1.0]) == pytest.approx(value, rel=1e-15)
        assert loss.value([-m], [-1.0]) == pytest.approx(value, rel=1e-15)
    assert phi.shape == GRID.shape and loss.derivative(GRID).shape == GRID.shape


@pytest.mark.parametrize("name", MARGIN)
def test_derivative_matches_central_differences_away_from_kinks(name):
    loss = losses.get(name)
    m = np.linspace(-3.0, 4.0, 71)
    m = m[np.min([np.abs(m - k) for k in (*loss.kinks, 99.0)], axis=0) > 1e-3]
    fd = np.array([(loss.of_margin(np.array([v + 1e-6])) - loss.of_margin(np.array([v - 1e-6])))[0]
                   / 2e-6 for v in m])  # fmt: skip
    np.testing.assert_allclose(loss.derivative(m), fd, rtol=1e-6, atol=1e-6)


HAND = {  # φ at GRID, computed by hand
    "zero_one": [1, 1, 1, 1, 0, 0, 0, 0],
    "hinge": [4, 2, 1.5, 1, 0.75, 0, 0, 0],
    "squared_hinge": [16, 4, 2.25, 1, 0.5625, 0, 0, 0],
    "soft_margin": [math.log1p(math.exp(-m)) for m in GRID],
    "exponential": [math.exp(-m) for m in GRID],
}
HAND_DERIVATIVE = {  # φ′ at GRID; at a kink autograd's choice (0 at hinge's m = 1)
    "zero_one": [0] * 8,
    "hinge": [-1, -1, -1, -1, -1, 0, 0, 0],
    "squared_hinge": [-8, -4, -3, -2, -1.5, 0, 0, 0],
    "soft_margin": [-1 / (1 + math.exp(m)) for m in GRID],
    "exponential": [-math.exp(-m) for m in GRID],
}


@pytest.mark.parametrize("name", MARGIN)
def test_hand_computed_phi_and_derivative(name):
    loss = losses.get(name)
    np.testing.assert_allclose(loss.of_margin(GRID), HAND[name], rtol=1e-15)
    np.testing.assert_allclose(loss.derivative(GRID), HAND_DERIVATIVE[name], rtol=1e-15)


@pytest.mark.parametrize("name", MARGIN)
def test_phi_and_derivative_match_torch_autograd_at_kinks(name):
    torch = pytest.importorskip("torch")
    m = torch.tensor(GRID, requires_grad=True)
    ref = {
        "zero_one": lambda m: (m <= 0).double() + 0.0 * m,
        "hinge": lambda m: torch.relu(1.0 - m),
        "squared_hinge": lambda m: torch.relu(1.0 - m).pow(2),
        "soft_margin": lambda m: torch.nn.functional.soft_margin_loss(
            m, torch.ones_like(m), reduction="none"
        ),
        "exponential": lambda m: torch.exp(-m),
    }[name](m)
    (grad,) = torch.autograd.grad(ref.sum(), m)
    loss = losses.get(name)
    np.testing.assert_allclose(loss.of_margin(GRID), ref.detach().numpy(), rtol=1e-14)
    np.testing.assert_allclose(loss.derivative(GRID), grad.numpy(), rtol=1e-14)


def test_logistic_margin_loss_is_binary_cross_entropy_with_logits():
    rng = np.random.default_rng(0)
    s, y = rng.normal(0, 3, 20), np.where(rng.uniform(size=20) < 0.5, -1.0, 1.0)
    soft, bce = losses.get("soft_margin"), losses.get("bce_with_logits")
    assert soft.value(s, y) == pytest.approx(bce.value(s, (y + 1) / 2), rel=1e-14)
    np.testing.assert_allclose(soft.gradient(s, y), bce.gradient(s, (y + 1) / 2), rtol=1e-13)


def test_exponential_loss_overflows_to_infinity_like_torch():
    torch = pytest.importorskip("torch")
    loss = losses.get("exponential")
    with np.errstate(all="raise"):
        assert loss.value([-1000.0, 1.0], [1.0, 1.0]) == math.inf
    assert torch.exp(torch.tensor(1000.0, dtype=torch.float64)).item() == math.inf


def test_margin_targets_must_be_plus_or_minus_one():
    for name in MARGIN:
        with pytest.raises(ValueError, match=r"−1 or \+1"):
            losses.get(name).value([0.5, 0.1], [1.0, 0.0])


# --- focal loss ------------------------------------------------------------------------------


def _focal_by_hand(z, y, alpha, gamma):
    p = 1 / (1 + math.exp(-z))
    ce = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    p_t = p * y + (1 - p) * (1 - y)
    a_t = alpha * y + (1 - alpha) * (1 - y) if alpha >= 0 else 1.0
    return a_t * (1 - p_t) ** gamma * ce


@pytest.mark.parametrize("alpha, gamma", [(0.25, 2.0), (0.5, 1.0), (-1.0, 3.0), (0.9, 0.5)])
def test_focal_matches_torchvision_definition_by_hand(alpha, gamma):
    z, y = [0.0, 2.0, -1.5, 0.3], [1.0, 0.0, 0.0, 1.0]
    focal = losses.get("sigmoid_focal", alpha=alpha, gamma=gamma)
    expected = np.mean([_focal_by_hand(a, b, alpha, gamma) for a, b in zip(z, y, strict=True)])
    assert focal.value(z, y) == pytest.approx(expected, rel=1e-14)


def test_focal_at_zero_logit_by_hand():
    # p = ½, ce = ln 2, 1 − pₜ = ½, αₜ = ¼: L = ¼·¼·ln 2;
    # ∂L/∂z = ¼·[(½ − 1)·¼ − 2·ln 2·½·¼·1] = ¼·(−⅛ − ¼·ln 2)
    focal = losses.get("sigmoid_focal")
    assert focal.value([0.0], [1.0]) == pytest.approx(math.log(2) / 16, rel=1e-15)
    grad = focal.gradient([0.0], [1.0])
    assert grad[0] == pytest.approx(0.25 * (-0.125 - 0.25 * math.log(2)), rel=1e-14)


def test_focal_without_focusing_or_weighting_is_bce_with_logits():
    z, y = np.array([-3.0, -0.2, 0.0, 1.0, 5.0]), np.array([0.0, 1.0, 1.0, 0.3, 1.0])
    focal, bce = losses.get("sigmoid_focal", alpha=-1.0, gamma=0.0), losses.get("bce_with_logits")
    assert focal.value(z, y) == pytest.approx(bce.value(z, y), rel=1e-15)
    np.testing.assert_allclose(focal.gradient(z, y), bce.gradient(z, y), rtol=1e-15)


def test_focal_shrinks_the_loss_of_well_classified_points():
    bce, focal = losses.get("bce_with_logits"), losses.get("sigmoid_focal", alpha=-1.0)
    easy, hard = ([4.0], [1.0]), ([-2.0], [1.0])
    assert focal.value(*easy) / bce.value(*easy) < 1e-3  # (1 − pₜ)² ≈ 3e-4
    assert focal.value(*hard) / bce.value(*hard) > 0.7  # (1 − pₜ)² ≈ 0.78


def test_focal_gradient_is_finite_and_exact_when_a_point_is_certain():
    focal = losses.get("sigmoid_focal", gamma=0.5)  # (1 − pₜ)^{γ−1} would be ∞ at pₜ = 1
    grad = focal.gradient([800.0, -800.0], [1.0, 0.0])
    np.testing.assert_array_equal(grad, [0.0, 0.0])


# --- softmax and weighted cross-entropy --------------------------------------------------------


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 3.0, 50.0])
def test_softmax_with_temperature_matches_torch(temperature):
    torch = pytest.importorskip("torch")
    z = np.array([[2.0, -1.0, 0.5, 0.0], [1000.0, 0.0, -1000.0, 3.0]])
    expected = torch.softmax(torch.tensor(z) / temperature, dim=-1).numpy()
    np.testing.assert_allclose(losses.softmax(z, temperature), expected, rtol=1e-14, atol=1e-300)


def test_softmax_limits_and_errors():
    z = np.array([1.0, 3.0, 2.0])
    np.testing.assert_allclose(losses.softmax(z, 1e-3), [0, 1, 0], atol=1e-300)
    np.testing.assert_allclose(losses.softmax(z, 1e6), [1 / 3] * 3, rtol=1e-5)
    assert losses.softmax(z).sum() == pytest.approx(1.0, rel=1e-15)
    assert losses.softmax(z.astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="temperature must be > 0"):
        losses.softmax(z, 0.0)


CE_CASES = [(None, 0.0), (None, 0.2), ([1.0, 2.0, 0.5, 3.0], 0.0), ([1.0, 2.0, 0.5, 3.0], 0.1),
            ([0.0, 1.0, 1.0, 4.0], 1.0), ([1.0, 1.0, 1.0, 1.0], 0.3)]  # fmt: skip


def _ce_batch():
    rng = np.random.default_rng(4)
    return rng.normal(0, 2, (6, 4)), np.array([0, 1, 3, 3, 2, 1])


@pytest.mark.parametrize("weight, eps", CE_CASES)
def test_weighted_cross_entropy_matches_torch(weight, eps):
    torch = pytest.importorskip("torch")
    z, y = _ce_batch()
    tz = torch.tensor(z, requires_grad=True)
    w = None if weight is None else torch.tensor(weight, dtype=torch.float64)
    ref = torch.nn.functional.cross_entropy(tz, torch.tensor(y), weight=w, label_smoothing=eps)
    (grad,) = torch.autograd.grad(ref, tz)
    value, ours = losses.cross_entropy(z, y, weight, eps)
    assert value == pytest.approx(ref.item(), rel=1e-13)
    np.testing.assert_allclose(ours, grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("weight, eps", CE_CASES)
def test_weighted_cross_entropy_gradient_matches_central_differences(weight, eps):
    z, y = _ce_batch()
    _, grad = losses.cross_entropy(z, y, weight, eps)
    fd = numerical_gradient(lambda: losses.cross_entropy(z, y, weight, eps)[0], z)
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-9)


def test_unit_weights_give_the_registry_cross_entropy():
    z, y = _ce_batch()
    registry = losses.get("cross_entropy", label_smoothing=0.3)
    value, grad = losses.cross_entropy(z, y, np.ones(4), 0.3)
    assert value == pytest.approx(registry.value(z, y), rel=1e-14)
    np.testing.assert_allclose(grad, registry.gradient(z, y), rtol=1e-13, atol=1e-16)


def test_class_weights_by_hand():
    # one sample of class 1, logits 0: p = (½, ½); w = (1, 3): L = ln 2 whatever w₁ (w₁/w₁);
    # ε = 0.5: + (ε/C)·(1·ln 2 + 3·ln 2)/3 on top of (1 − ε)·ln 2
    value, grad = losses.cross_entropy([[0.0, 0.0]], [1], [1.0, 3.0], 0.0)
    assert value == pytest.approx(math.log(2), rel=1e-15)
    np.testing.assert_allclose(grad, [[0.5, -0.5]], rtol=1e-15)
    value, _ = losses.cross_entropy([[0.0, 0.0]], [1], [1.0, 3.0], 0.5)
    assert value == pytest.approx(0.5 * math.log(2) + 0.25 * 4 * math.log(2) / 3, rel=1e-14)


@pytest.mark.parametrize("weight, message", [
    ([1.0, 2.0], r"shape \(4,\)"),
    ([1.0, -1.0, 1.0, 1.0], "≥ 0"),
    ([1.0, 0.0, 1.0, 0.0], "sum to 0"),
])  # fmt: skip
def test_bad_class_weights_are_named(weight, message):
    with pytest.raises(ValueError, match=message):
        losses.cross_entropy(np.zeros((2, 4)), [1, 3], weight)


@pytest.mark.parametrize("alpha, gamma", [(0.25, 2.0), (-1.0, 0.5)])
def test_focal_terms_are_the_loss_of_each_point(alpha, gamma):
    z, y = np.array([-4.0, -0.5, 0.0, 0.7, 6.0]), np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    focal = losses.get("sigmoid_focal", alpha=alpha, gamma=gamma)
    by_hand = [_focal_by_hand(a, b, alpha, gamma) for a, b in zip(z, y, strict=True)]
    np.testing.assert_allclose(focal.terms(z, y), by_hand, rtol=1e-12)
    assert focal.terms(z, y).mean() == pytest.approx(focal.value(z, y), rel=1e-15)


def test_bce_with_logits_terms_match_torch_reduction_none():
    torch = pytest.importorskip("torch")
    z, y = np.array([-4.0, 0.0, 2.5]), np.array([1.0, 0.5, 0.0])
    ref = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(z), torch.tensor(y), reduction="none"
    )
    np.testing.assert_allclose(losses.get("bce_with_logits").terms(z, y), ref.numpy(), rtol=1e-14)

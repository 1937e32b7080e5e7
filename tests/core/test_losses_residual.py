"""ℓ(d) and ℓ′(d) of the regression losses as functions of the residual d = ŷ − y (what the
loss-functions lab plots): the mean of ℓ is the loss, ℓ′ is torch's derivative, kinks included."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core import losses

CASES = [("mse", {}), ("l1", {}), ("huber", {}), ("huber", {"delta": 0.5}),
         ("smooth_l1", {}), ("smooth_l1", {"beta": 2.0}), ("smooth_l1", {"beta": 0.0})]  # fmt: skip
D = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 2.0, 4.0])  # holds ±δ, ±β and 0


@pytest.mark.parametrize("name, params", CASES)
def test_terms_average_to_the_loss_and_scale_to_its_gradient(name, params):
    loss = losses.get(name, **params)
    target = np.linspace(-1.0, 1.0, D.size)
    pred = target + D
    assert loss.of_residual(D.copy()).mean() == pytest.approx(loss.value(pred, target), rel=1e-14)
    np.testing.assert_allclose(
        loss.derivative(D.copy()) / D.size, loss.gradient(pred, target), rtol=1e-14, atol=1e-300
    )


@pytest.mark.parametrize("name, params", CASES)
def test_terms_match_torch_elementwise_with_autograd_at_kinks(name, params):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    fn = {"mse": F.mse_loss, "l1": F.l1_loss, "huber": F.huber_loss,
          "smooth_l1": F.smooth_l1_loss}[name]  # fmt: skip
    d = torch.tensor(D, requires_grad=True)
    ref = fn(d, torch.zeros_like(d), reduction="none", **params)
    (grad,) = torch.autograd.grad(ref.sum(), d)
    loss = losses.get(name, **params)
    np.testing.assert_allclose(loss.of_residual(D.copy()), ref.detach().numpy(), rtol=1e-15)
    np.testing.assert_allclose(loss.derivative(D.copy()), grad.numpy(), rtol=1e-15)


def test_huber_by_hand():
    huber = losses.get("huber", delta=1.0)
    np.testing.assert_allclose(huber.of_residual(np.array([0.5, -3.0])), [0.125, 2.5])
    np.testing.assert_allclose(huber.derivative(np.array([0.5, -3.0])), [0.5, -1.0])

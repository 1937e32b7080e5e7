"""Regression losses: MSE, L1, Huber and Smooth L1 (elementwise on d = pred − target).

``pred`` and ``target`` are arrays of one shape, any shape, e.g. (N,) or (N, 1); the loss is the
mean over all n = pred.size elements, as torch's default ``reduction='mean'``.
"""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, require

from ._base import Loss


class ResidualLoss(Loss):
    """Base class: L = (1/n) Σ ℓ(dᵢ) of the residuals d = ŷ − y, so ∂L/∂ŷᵢ = ℓ′(dᵢ)/n.

    Subclasses implement :meth:`of_residual` (ℓ) and :meth:`derivative` (ℓ′, torch's
    choice at a kink), elementwise on a float ndarray that they may overwrite.
    """

    def of_residual(self, d: np.ndarray) -> np.ndarray:
        """ℓ(d) per element (same shape and dtype as ``d``; ``d`` may be overwritten)."""
        raise NotImplementedError

    def derivative(self, d: np.ndarray) -> np.ndarray:
        """ℓ′(d) per element (same shape and dtype as ``d``; ``d`` may be overwritten)."""
        raise NotImplementedError

    def _value(self, pred, target):
        return self.of_residual(pred - target).mean()

    def _gradient(self, pred, target):
        out = self.derivative(pred - target)
        out *= 1.0 / out.size
        return out


class MSELoss(ResidualLoss):
    """Mean squared error L = (1/n) Σ (ŷ − y)²; ∂L/∂ŷ = 2(ŷ − y)/n (``F.mse_loss``)."""

    name = "mse"
    display_name = "Mean squared error"
    latex = r"L = \frac{1}{n}\sum_i (\hat y_i - y_i)^2"
    formula = "L = (1/n) Σ (ŷ − y)²"

    def of_residual(self, d):
        d *= d
        return d

    def derivative(self, d):
        d *= 2.0
        return d

    def _value(self, pred, target):
        d = pred - target
        return np.vdot(d, d) / d.size

    def _gradient(self, pred, target):
        d = pred - target
        d *= 2.0 / d.size  # one rounding, as before ResidualLoss (2d·(1/n) rounds twice)
        return d


class L1Loss(ResidualLoss):
    """Mean absolute error L = (1/n) Σ |ŷ − y|; ∂L/∂ŷ = sign(ŷ − y)/n, 0 where ŷ = y (as torch)."""

    name = "l1"
    display_name = "Mean absolute error (L1)"
    latex = r"L = \frac{1}{n}\sum_i \lvert \hat y_i - y_i \rvert"
    formula = "L = (1/n) Σ |ŷ − y|"

    def of_residual(self, d):
        np.abs(d, out=d)
        return d

    def derivative(self, d):
        np.sign(d, out=d)
        return d


class HuberLoss(ResidualLoss):
    """Huber loss (``F.huber_loss``): with d = ŷ − y,
    ℓ(d) = ½d² for |d| < δ, δ(|d| − ½δ) otherwise; ∂L/∂ŷ = clip(d, −δ, δ)/n.

    Quadratic near zero, linear (slope δ) in the tails, so outliers pull with bounded force.
    """

    name = "huber"
    display_name = "Huber"
    latex = (
        r"L = \frac{1}{n}\sum_i \begin{cases} \tfrac12 d_i^2 & |d_i| < \delta \\"
        r" \delta(|d_i| - \tfrac12\delta) & \text{otherwise} \end{cases}"
    )
    formula = "L = (1/n) Σ [½d² if |d| < δ else δ(|d| − ½δ)],  d = ŷ − y"
    param_specs = (ParamSpec("delta", 1.0, 0.05, 5.0, "where the quadratic turns linear"),)

    def _check_params(self):
        d = self._params["delta"]
        require(d > 0.0, self.name, f"delta must be > 0, got {d}")

    def of_residual(self, d):
        delta = self._params["delta"]
        a = np.abs(d, out=d)
        out = a - 0.5 * delta
        out *= delta
        np.copyto(out, 0.5 * a * a, where=a < delta)
        return out

    def derivative(self, d):
        delta = self._params["delta"]
        np.clip(d, -delta, delta, out=d)
        return d


class SmoothL1Loss(ResidualLoss):
    """Smooth L1 (``F.smooth_l1_loss``): with d = ŷ − y,
    ℓ(d) = ½d²/β for |d| < β, |d| − ½β otherwise; ∂L/∂ŷ = clip(d/β, −1, 1)/n.

    Equals Huber(δ = β)/β; β = 0 is exactly L1 (gradient sign(d), 0 at d = 0, as torch).
    """

    name = "smooth_l1"
    display_name = "Smooth L1"
    latex = (
        r"L = \frac{1}{n}\sum_i \begin{cases} \tfrac12 d_i^2/\beta & |d_i| < \beta \\"
        r" |d_i| - \tfrac12\beta & \text{otherwise} \end{cases}"
    )
    formula = "L = (1/n) Σ [½d²/β if |d| < β else |d| − ½β],  d = ŷ − y"
    param_specs = (ParamSpec("beta", 1.0, 0.0, 5.0, "width of the quadratic zone (0 = L1)"),)

    def _check_params(self):
        b = self._params["beta"]
        require(b >= 0.0, self.name, f"beta must be ≥ 0, got {b}")

    def of_residual(self, d):
        beta = self._params["beta"]
        a = np.abs(d, out=d)
        if beta == 0.0:
            return a
        out = a - 0.5 * beta
        np.copyto(out, 0.5 * a * a / beta, where=a < beta)
        return out

    def derivative(self, d):
        beta = self._params["beta"]
        if beta == 0.0:
            np.sign(d, out=d)
        else:
            d /= beta
            np.clip(d, -1.0, 1.0, out=d)
        return d


__all__ = ["HuberLoss", "L1Loss", "MSELoss", "ResidualLoss", "SmoothL1Loss"]

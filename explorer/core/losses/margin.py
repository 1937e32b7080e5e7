"""Margin losses: functions of the margin m = y·s for targets y ∈ {−1, +1} and real scores s.

Each loss is φ(m) applied elementwise and mean-reduced, L = (1/n) Σ φ(yᵢ·sᵢ), so its gradient
is ∂L/∂sᵢ = yᵢ·φ′(yᵢ·sᵢ)/n. :meth:`MarginLoss.of_margin` and :meth:`MarginLoss.derivative`
give φ and φ′ themselves (for plotting a loss against the margin)::

    >>> from explorer.core import losses
    >>> losses.get("soft_margin").of_margin(np.array([-1.0, 0.0, 1.0]))  # log(1 + e^{−m})

At a kink φ′ is what autograd returns for the same maths in torch ops (``relu(1 − m)``: 0 at
m = 1; a step: 0 everywhere).
"""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, require
from explorer.core.activations._special import sigmoid_of_negative, softplus_of

from ._base import Loss


class MarginLoss(Loss):
    """Base class: a loss φ(m) of the margin m = y·s, mean-reduced.

    ``pred``: scores s, any shape; ``target``: the same shape, every entry −1 or +1.
    Subclasses implement :meth:`of_margin` (φ) and :meth:`derivative` (φ′), elementwise on a
    float ndarray, and list in ``kinks`` the margins where φ is not differentiable.
    """

    task = "margin"

    @property
    def kinks(self) -> tuple[float, ...]:
        """Margins where φ′ jumps (where autograd's choice of subgradient matters)."""
        return ()

    def of_margin(self, m: np.ndarray) -> np.ndarray:
        """φ(m), elementwise; same shape and dtype as ``m``."""
        raise NotImplementedError

    def derivative(self, m: np.ndarray) -> np.ndarray:
        """φ′(m), elementwise; same shape and dtype as ``m``."""
        raise NotImplementedError

    def _prepare(self, pred, target):
        p, t = super()._prepare(pred, target)
        if not np.all((t == 1) | (t == -1)):
            bad = np.unique(t[(t != 1) & (t != -1)])[:5]
            raise ValueError(f"{self.name}: target must be −1 or +1, found {bad.tolist()}")
        return p, t

    def _value(self, pred, target):
        return self.of_margin(pred * target).mean()

    def _gradient(self, pred, target):
        out = self.derivative(pred * target)
        out *= target
        out *= 1.0 / out.size
        return out


class ZeroOneLoss(MarginLoss):
    """The 0-1 loss φ(m) = 1 if m ≤ 0 else 0: the error rate, a point on the boundary counted
    wrong. φ′ = 0 everywhere (what autograd gives a step): it has nothing to learn from, which
    is why training uses a smooth surrogate above it."""

    name = "zero_one"
    display_name = "0-1 (error rate)"
    latex = r"L = \frac{1}{n}\sum_i \mathbb{1}[y_i s_i \le 0]"
    formula = "L = (1/n) Σ 1[y·s ≤ 0]"

    @property
    def kinks(self):
        return (0.0,)

    def of_margin(self, m):
        return (m <= 0).astype(m.dtype)

    def derivative(self, m):
        return np.zeros_like(m)


class HingeLoss(MarginLoss):
    """Hinge (margin) loss for targets y ∈ {−1, +1} and real scores s of the same shape.

    L = (1/n) Σ max(0, μ − y·s), μ = ``margin``; ∂L/∂s = −y/n where y·s < μ, else 0 — the
    subgradient 0 at the hinge y·s = μ, like relu′(0) = 0 in ``relu(μ − y*s).mean()``.
    μ = 0 gives the perceptron criterion. PyTorch has no exact equivalent: the closest are
    ``nn.MultiMarginLoss`` (on 2-class scores [0, s] it equals half this loss, with the same
    0 subgradient) and ``nn.HingeEmbeddingLoss`` (a different loss for distances).
    """

    name = "hinge"
    display_name = "Hinge (SVM)"
    latex = r"L = \frac{1}{n}\sum_i \max(0,\ \mu - y_i s_i)"
    formula = "L = (1/n) Σ max(0, μ − y·s)"
    param_specs = (ParamSpec("margin", 1.0, 0.0, 3.0, "required score margin μ (0 = perceptron)"),)

    def _check_params(self):
        m = self._params["margin"]
        require(m >= 0.0, self.name, f"margin must be ≥ 0, got {m}")

    @property
    def kinks(self):
        return (self._params["margin"],)

    def of_margin(self, m):
        out = np.subtract(self._params["margin"], m, dtype=m.dtype)
        np.maximum(out, 0.0, out=out)
        return out

    def derivative(self, m):
        return -(m < self._params["margin"]).astype(m.dtype)


class SquaredHingeLoss(MarginLoss):
    """Squared hinge φ(m) = max(0, 1 − m)², φ′(m) = −2·max(0, 1 − m) (0 at m = 1, where φ is
    smooth anyway); torch: ``relu(1 - y*s).pow(2).mean()``. It punishes large violations
    quadratically, like MSE, and is differentiable everywhere."""

    name = "squared_hinge"
    display_name = "Squared hinge"
    latex = r"L = \frac{1}{n}\sum_i \max(0,\ 1 - y_i s_i)^2"
    formula = "L = (1/n) Σ max(0, 1 − y·s)²"

    def of_margin(self, m):
        out = np.subtract(1.0, m, dtype=m.dtype)
        np.maximum(out, 0.0, out=out)
        out *= out
        return out

    def derivative(self, m):
        out = np.subtract(1.0, m, dtype=m.dtype)
        np.maximum(out, 0.0, out=out)
        out *= -2.0
        return out


class SoftMarginLoss(MarginLoss):
    """Logistic loss in margin form (``F.soft_margin_loss``): φ(m) = log(1 + e^{−m}),
    φ′(m) = −σ(−m). With labels y01 = (y + 1)/2 it equals ``bce_with_logits(s, y01)``: binary
    cross-entropy is this loss of the margin."""

    name = "soft_margin"
    display_name = "Logistic (BCE with logits)"
    latex = r"L = \frac{1}{n}\sum_i \log\left(1 + e^{-y_i s_i}\right)"
    formula = "L = (1/n) Σ log(1 + e^(−y·s))"

    def of_margin(self, m):
        return softplus_of(-m)

    def derivative(self, m):
        out = sigmoid_of_negative(m)
        np.negative(out, out=out)
        return out


class ExponentialLoss(MarginLoss):
    """Exponential loss φ(m) = e^{−m}, φ′(m) = −e^{−m} (AdaBoost's); torch:
    ``torch.exp(-y*s).mean()``. It grows without bound for a badly wrong point, so one
    mislabelled point can dominate it; e^{−m} overflows to ∞ for m < −709 (as torch's does)."""

    name = "exponential"
    display_name = "Exponential"
    latex = r"L = \frac{1}{n}\sum_i e^{-y_i s_i}"
    formula = "L = (1/n) Σ e^(−y·s)"

    def of_margin(self, m):
        with np.errstate(over="ignore"):  # ∞, as torch gives, without a warning
            return np.exp(-m)

    def derivative(self, m):
        out = self.of_margin(m)
        np.negative(out, out=out)
        return out


__all__ = [
    "ExponentialLoss", "HingeLoss", "MarginLoss", "SoftMarginLoss", "SquaredHingeLoss",
    "ZeroOneLoss",
]  # fmt: skip

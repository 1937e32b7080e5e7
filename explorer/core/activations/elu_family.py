"""Exponential linear units: ELU, SELU and CELU.

All three are x for x > 0 and a scaled α(eˣ − 1) for x ≤ 0 (computed with ``expm1`` of
min(x, 0), so large positive x never reaches ``exp``). As in PyTorch's ``elu_backward`` the
x ≤ 0 branch is used at 0: elu′(0) = α, selu′(0) = λα, celu′(0) = 1.
"""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, require

from ._base import INF, Activation

# Klambauer et al. 2017, "Self-Normalizing Neural Networks"; the values torch uses.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _elu_negative_part(x: np.ndarray, alpha: float, input_scale: float) -> np.ndarray:
    """alpha·(exp(input_scale·x) − 1) for x ≤ 0 and 0 for x > 0."""
    out = np.minimum(x, 0.0)
    if input_scale != 1.0:
        out *= input_scale
    np.expm1(out, out=out)
    out *= alpha
    return out


def _elu_negative_slope(x: np.ndarray, coef: float, input_scale: float) -> np.ndarray:
    """coef·exp(input_scale·min(x, 0)): the x ≤ 0 branch of the derivative, on all of x."""
    out = np.minimum(x, 0.0)
    if input_scale != 1.0:
        out *= input_scale
    np.exp(out, out=out)
    if coef != 1.0:
        out *= coef
    return out


class ELU(Activation):
    """Exponential linear unit: f(x) = x for x > 0, α(eˣ − 1) for x ≤ 0.

    f′ = 1 for x > 0 and αeˣ = f(x) + α for x ≤ 0. Saturates at −α for x → −∞, which pushes
    mean activations towards zero; C¹ only when α = 1.
    """

    name = "elu"
    display_name = "ELU"
    latex = r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}"
    formula = "f(x) = x if x > 0 else α(eˣ − 1)"
    param_specs = (ParamSpec("alpha", 1.0, 0.0, 3.0, "saturation level −α for x → −∞"),)

    def _check_params(self):
        a = self._params["alpha"]
        require(a >= 0.0, self.name, f"alpha must be ≥ 0 (negative α is not monotonic), got {a}")

    @property
    def output_range(self):
        return (-self._params["alpha"], INF)

    @property
    def smooth(self):
        return self._params["alpha"] == 1.0

    @property
    def max_abs_derivative(self):
        return max(1.0, self._params["alpha"])

    def _forward(self, x):
        out = _elu_negative_part(x, self._params["alpha"], 1.0)
        return np.where(x > 0, x, out)

    def _derivative(self, x, y):
        alpha = self._params["alpha"]
        out = _elu_negative_slope(x, alpha, 1.0) if y is None else y + alpha
        return np.where(x > 0, 1.0, out)


class SELU(Activation):
    """Scaled ELU: f(x) = λx for x > 0, λα(eˣ − 1) for x ≤ 0, with the fixed constants
    α = 1.6732632423543772848…, λ = 1.0507009873554804934… that make activations
    self-normalising (mean 0, variance 1) under LeCun-normal initialisation.
    """

    name = "selu"
    display_name = "SELU"
    latex = (
        r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases},"
        r"\ \alpha \approx 1.6733,\ \lambda \approx 1.0507"
    )
    formula = "f(x) = λ·(x if x > 0 else α(eˣ − 1)),  α ≈ 1.6733, λ ≈ 1.0507"
    output_range = (-SELU_SCALE * SELU_ALPHA, INF)
    smooth = False
    max_abs_derivative = SELU_SCALE * SELU_ALPHA

    def _forward(self, x):
        out = _elu_negative_part(x, SELU_SCALE * SELU_ALPHA, 1.0)
        return np.where(x > 0, x * SELU_SCALE, out)

    def _derivative(self, x, y):
        if y is None:
            out = _elu_negative_slope(x, SELU_SCALE * SELU_ALPHA, 1.0)
        else:
            out = y + SELU_SCALE * SELU_ALPHA
        return np.where(x > 0, SELU_SCALE, out)


class CELU(Activation):
    """Continuously differentiable ELU: f(x) = x for x > 0, α(e^{x/α} − 1) for x ≤ 0.

    f′ = 1 for x > 0 and e^{x/α} = f(x)/α + 1 for x ≤ 0, so f′ is continuous (C¹) for every α.
    """

    name = "celu"
    display_name = "CELU"
    latex = r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x/\alpha} - 1) & x \le 0 \end{cases}"
    formula = "f(x) = x if x > 0 else α(e^(x/α) − 1)"
    param_specs = (ParamSpec("alpha", 1.0, 0.1, 3.0, "saturation level −α for x → −∞"),)

    def _check_params(self):
        a = self._params["alpha"]
        require(a > 0.0, self.name, f"alpha must be > 0 (it divides x), got {a}")

    @property
    def output_range(self):
        return (-self._params["alpha"], INF)

    def _forward(self, x):
        alpha = self._params["alpha"]
        out = _elu_negative_part(x, alpha, 1.0 / alpha)
        return np.where(x > 0, x, out)

    def _derivative(self, x, y):
        alpha = self._params["alpha"]
        if y is None:
            out = _elu_negative_slope(x, 1.0, 1.0 / alpha)
        else:
            out = y * (1.0 / alpha)
            out += 1.0
        return np.where(x > 0, 1.0, out)


__all__ = ["CELU", "ELU", "SELU", "SELU_ALPHA", "SELU_SCALE"]

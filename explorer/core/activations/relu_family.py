"""Piecewise-linear activations: ReLU, Leaky ReLU, ReLU6, Hardtanh, Hardsigmoid, Hardswish.

At a kink the derivative is the one PyTorch 2.13 autograd returns (checked in the tests):
the linear piece is taken on the *open* interval, so relu′(0) = 0, relu6′(0) = relu6′(6) = 0,
hardtanh′(min_val) = hardtanh′(max_val) = 0, hardsigmoid′(±3) = 0, hardswish′(−3) = 0 and
hardswish′(3) = 1; except Leaky ReLU, whose kernel tests x > 0, giving leaky_relu′(0) = slope.
"""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, require

from ._base import INF, Activation


def _inside(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """1 where lo < x < hi (open interval), else 0, in the dtype of ``x``."""
    inside = x > lo
    inside &= x < hi
    return inside.astype(x.dtype)


class ReLU(Activation):
    """Rectified linear unit f(x) = max(0, x); f′ = 1 for x > 0, else 0 (also at 0)."""

    name = "relu"
    display_name = "ReLU"
    latex = r"f(x) = \max(0, x)"
    formula = "f(x) = max(0, x)"
    output_range = (0.0, INF)
    smooth = False

    def _forward(self, x):
        return np.maximum(x, 0.0)

    def _derivative(self, x, y):
        return (x > 0).astype(x.dtype)


class LeakyReLU(Activation):
    """f(x) = x for x > 0, ``negative_slope``·x otherwise; f′(0) = negative_slope (as torch)."""

    name = "leaky_relu"
    display_name = "Leaky ReLU"
    latex = r"f(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}"
    formula = "f(x) = x if x > 0 else a·x   (a = negative_slope)"
    param_specs = (ParamSpec("negative_slope", 0.01, 0.0, 1.0, "slope a for x < 0 (0 gives ReLU)"),)

    @property
    def output_range(self):
        return (-INF, INF) if self._params["negative_slope"] > 0 else (0.0, INF)

    @property
    def zero_centred(self):
        return self._params["negative_slope"] == 1.0

    @property
    def monotonic(self):
        return self._params["negative_slope"] >= 0.0

    @property
    def smooth(self):
        return self._params["negative_slope"] == 1.0

    @property
    def max_abs_derivative(self):
        return max(1.0, abs(self._params["negative_slope"]))

    def _forward(self, x):
        slope = self._params["negative_slope"]
        if 0.0 <= slope <= 1.0:  # then max(x, a·x) picks the right piece, and fast
            return np.maximum(x, x * slope)
        return np.where(x > 0, x, x * slope)

    def _derivative(self, x, y):
        one, slope = x.dtype.type(1.0), x.dtype.type(self._params["negative_slope"])
        return np.where(x > 0, one, slope)


class Hardtanh(Activation):
    """f(x) = clip(x, min_val, max_val); f′ = 1 strictly inside (min_val, max_val), else 0."""

    name = "hardtanh"
    display_name = "Hardtanh"
    latex = r"f(x) = \min(\max(x, m), M)"
    formula = "f(x) = min(max(x, m), M)   (m = min_val, M = max_val)"
    param_specs = (
        # disjoint slider ranges, so that no slider position makes m ≥ M
        ParamSpec("min_val", -1.0, -5.0, -0.1, "lower saturation level m"),
        ParamSpec("max_val", 1.0, 0.1, 5.0, "upper saturation level M"),
    )
    smooth = False

    def _check_params(self):
        lo, hi = self._params["min_val"], self._params["max_val"]
        require(lo < hi, self.name, f"min_val must be < max_val, got min_val={lo}, max_val={hi}")

    @property
    def output_range(self):
        return (self._params["min_val"], self._params["max_val"])

    @property
    def zero_centred(self):
        return self._params["min_val"] == -self._params["max_val"]

    def _forward(self, x):
        return np.clip(x, self._params["min_val"], self._params["max_val"])

    def _derivative(self, x, y):
        return _inside(x, self._params["min_val"], self._params["max_val"])


class ReLU6(Activation):
    """f(x) = min(max(0, x), 6) = hardtanh(x, 0, 6); f′(0) = f′(6) = 0 (as torch)."""

    name = "relu6"
    display_name = "ReLU6"
    latex = r"f(x) = \min(\max(0, x), 6)"
    formula = "f(x) = min(max(0, x), 6)"
    output_range = (0.0, 6.0)
    smooth = False

    def _forward(self, x):
        return np.clip(x, 0.0, 6.0)

    def _derivative(self, x, y):
        return _inside(x, 0.0, 6.0)


class Hardsigmoid(Activation):
    """Piecewise-linear sigmoid f(x) = min(max(x + 3, 0), 6) / 6; f′ = 1/6 on (−3, 3), else 0.

    torch's backward kernel rounds the slope 1/6 to float32 even for float64 tensors
    (0.1666666716…); we return the exact 1/6 in the input's dtype.
    """

    name = "hardsigmoid"
    display_name = "Hard sigmoid"
    latex = r"f(x) = \frac{\min(\max(x + 3, 0), 6)}{6}"
    formula = "f(x) = min(max(x + 3, 0), 6) / 6"
    output_range = (0.0, 1.0)
    smooth = False
    max_abs_derivative = 1.0 / 6.0

    def _forward(self, x):
        out = x + 3.0
        np.clip(out, 0.0, 6.0, out=out)
        out /= 6.0
        return out

    def _derivative(self, x, y):
        out = _inside(x, -3.0, 3.0)
        out *= 1.0 / 6.0
        return out


class Hardswish(Activation):
    """f(x) = x · min(max(x + 3, 0), 6) / 6 (MobileNetV3's cheap Swish).

    f′ = 0 for x ≤ −3, x/3 + 1/2 for −3 < x < 3, 1 for x ≥ 3 — PyTorch 2.13 autograd values,
    so hardswish′(−3) = 0 and hardswish′(3) = 1 (the limits from outside the middle piece).
    """

    name = "hardswish"
    display_name = "Hard swish"
    latex = r"f(x) = x\,\frac{\min(\max(x + 3, 0), 6)}{6}"
    formula = "f(x) = x · min(max(x + 3, 0), 6) / 6"
    output_range = (-0.375, INF)  # minimum at x = −3/2
    monotonic = False
    smooth = False
    max_abs_derivative = 1.5  # supremum, approached as x → 3⁻

    def _forward(self, x):
        out = x + 3.0
        np.clip(out, 0.0, 6.0, out=out)
        out *= x
        out /= 6.0
        return out

    def _derivative(self, x, y):
        out = x * (1.0 / 3.0)
        out += 0.5
        out *= _inside(x, -3.0, 3.0)
        out += x >= 3.0
        return out


__all__ = ["Hardsigmoid", "Hardswish", "Hardtanh", "LeakyReLU", "ReLU", "ReLU6"]

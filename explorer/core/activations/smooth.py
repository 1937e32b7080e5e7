"""Smooth (C¹) ReLU-like activations: Softplus, GELU, SiLU, Swish, Mish, and LogSigmoid.

Extremes (minimum values, sup |f′|) were found numerically with a golden-section search in
float64 on the exact formulas; each is checked against a dense grid in the tests.
"""

from __future__ import annotations

import math

import numpy as np

from explorer.core._params import ParamSpec, require

from ._base import INF, Activation
from ._special import (
    exp_minus_abs,
    normal_cdf_pdf,
    sigmoid,
    sigmoid_of_negative,
    softplus_of,
)

_GELU_TANH_K = math.sqrt(2.0 / math.pi)  # torch's kBeta = M_SQRT2 * M_2_SQRTPI * 0.5
_GELU_TANH_C = 0.044715  # torch's kKappa
# −W(1/e), W = Lambert W: the minimum of x·σ(x), reached at x = −1 − W(1/e).
SILU_MIN = -0.2784645427610738
SILU_MAX_SLOPE = 1.0998393201288668  # at x ≈ 2.39936


class Softplus(Activation):
    """f(x) = log(1 + e^{βx}) / β, a smooth ReLU; f′ = σ(βx).

    As in torch, f(x) = x (and f′ = 1) where βx > ``threshold``: there the two differ by less
    than e^{−threshold}/β. Computed as (max(βx, 0) + log1p(e^{−|βx|}))/β, which never overflows.
    """

    name = "softplus"
    display_name = "Softplus"
    latex = r"f(x) = \frac{1}{\beta}\log\left(1 + e^{\beta x}\right)"
    formula = "f(x) = log(1 + e^(βx)) / β   (x where βx > threshold)"
    param_specs = (
        ParamSpec("beta", 1.0, 0.1, 10.0, "sharpness β; β → ∞ approaches ReLU"),
        ParamSpec("threshold", 20.0, 1.0, 50.0, "above βx > threshold return x exactly"),
    )
    output_range = (0.0, INF)

    def _check_params(self):
        b = self._params["beta"]
        require(b > 0.0, self.name, f"beta must be > 0 (it divides the result), got {b}")

    def threshold_drop(self) -> float:
        """How far f falls when βx crosses ``threshold``: log(1 + e^{−threshold})/β."""
        t = self._params["threshold"]
        return (max(-t, 0.0) + math.log1p(math.exp(-abs(t)))) / self._params["beta"]

    # The threshold shortcut makes f jump down by threshold_drop(); with torch's default
    # (≈ 2e-9) that is invisible, with a small threshold f is neither C¹ nor monotonic.
    @property
    def smooth(self):
        return self.threshold_drop() < 1e-6

    @property
    def monotonic(self):
        return self.threshold_drop() < 1e-6

    def _forward(self, x):
        beta, threshold = self._params["beta"], self._params["threshold"]
        z = x * beta if beta != 1.0 else x
        out = softplus_of(z)
        if beta != 1.0:
            out /= beta
        return np.where(z > threshold, x, out)

    def _derivative(self, x, y):
        beta, threshold = self._params["beta"], self._params["threshold"]
        z = x * beta if beta != 1.0 else x
        return np.where(z > threshold, 1.0, sigmoid(z))


class GELU(Activation):
    """Gaussian error linear unit f(x) = x·Φ(x), Φ the standard normal CDF.

    ``approximate='none'``: Φ(x) = ½(1 + erf(x/√2)), f′ = Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π).
    ``approximate='tanh'``: f(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as in BERT/GPT-2.
    Φ is evaluated as ½·erfc(−x/√2), accurate also in the far negative tail.
    """

    name = "gelu"
    display_name = "GELU"
    latex = r"f(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}(x/\sqrt{2})\right)"
    formula = "f(x) = x·Φ(x) = ½x(1 + erf(x/√2))"
    param_specs = (
        ParamSpec("approximate", "none", None, None, "'tanh' uses the tanh approximation",
                  choices=("none", "tanh")),
    )  # fmt: skip
    monotonic = False

    @property
    def output_range(self):
        low = -0.16997120747990369 if self._params["approximate"] == "none" else -0.170040750571254
        return (low, INF)

    @property
    def max_abs_derivative(self):
        if self._params["approximate"] == "none":
            # f″ = φ(x)(2 − x²) vanishes at x = √2: Φ(√2) + √2·φ(√2)
            return 0.5 * (1.0 + math.erf(1.0)) + math.exp(-1.0) / math.sqrt(math.pi)
        return 1.1289930686587715  # at x ≈ 1.41850

    def _forward(self, x):
        if self._params["approximate"] == "tanh":
            inner = x * x
            inner *= _GELU_TANH_C * x
            inner += x
            inner *= _GELU_TANH_K
            np.tanh(inner, out=inner)
            inner += 1.0
            inner *= x
            inner *= 0.5
            return inner
        out, _ = normal_cdf_pdf(x)
        out *= x
        return out

    def _derivative(self, x, y):
        if self._params["approximate"] == "tanh":
            x_sq = x * x
            t = x_sq * (_GELU_TANH_C * x)
            t += x
            t *= _GELU_TANH_K
            np.tanh(t, out=t)
            # ½(1 + t) + ½x(1 − t²)·k(1 + 3c·x²)
            slope = x_sq * (3.0 * _GELU_TANH_C)
            slope += 1.0
            slope *= x
            slope *= 0.5 * _GELU_TANH_K
            out = t * t
            np.subtract(1.0, out, out=out)
            out *= slope
            t += 1.0
            t *= 0.5
            out += t
            return out
        cdf, pdf = normal_cdf_pdf(x)
        pdf *= x
        cdf += pdf
        return cdf


class Swish(Activation):
    """Swish f(x) = x·σ(βx); f′ = σ(βx)(1 + βx(1 − σ(βx))).

    β = 1 is SiLU; β → ∞ approaches ReLU and β = 0 gives the line x/2. PyTorch has only the
    β = 1 case (``F.silu``). For β > 0, f′ as a function of u = βx does not depend on β, so
    sup |f′| ≈ 1.0998 for every β > 0.
    """

    name = "swish"
    display_name = "Swish"
    latex = r"f(x) = x\,\sigma(\beta x)"
    formula = "f(x) = x·σ(βx)"
    param_specs = (ParamSpec("beta", 1.0, 0.0, 10.0, "sharpness β; β → ∞ approaches ReLU"),)

    def _check_params(self):
        b = self._params["beta"]
        require(b >= 0.0, self.name, f"beta must be ≥ 0, got {b}")

    def _beta(self) -> float:
        return self._params["beta"]

    @property
    def output_range(self):
        beta = self._beta()
        return (SILU_MIN / beta, INF) if beta > 0 else (-INF, INF)

    @property
    def zero_centred(self):
        return self._beta() == 0.0

    @property
    def monotonic(self):
        return self._beta() == 0.0

    @property
    def max_abs_derivative(self):
        return SILU_MAX_SLOPE if self._beta() > 0 else 0.5

    def _forward(self, x):
        beta = self._beta()
        out = sigmoid(x * beta if beta != 1.0 else x)
        out *= x
        return out

    def _derivative(self, x, y):
        beta = self._beta()
        z = x * beta if beta != 1.0 else x
        s = sigmoid(z)
        out = 1.0 - s
        out *= z
        out += 1.0
        out *= s
        return out


class SiLU(Swish):
    """Sigmoid linear unit f(x) = x·σ(x) (Swish with β = 1); f′ = σ(x)(1 + x(1 − σ(x)))."""

    name = "silu"
    display_name = "SiLU"
    latex = r"f(x) = x\,\sigma(x)"
    formula = "f(x) = x·σ(x)"
    param_specs = ()

    def _check_params(self):
        pass

    def _beta(self) -> float:
        return 1.0


class Mish(Activation):
    """Mish f(x) = x·tanh(softplus(x)); f′ = tanh(sp) + x·σ(x)·(1 − tanh²(sp)).

    With u = e^{−|x|}, tanh(log(1 + eˣ)) = (1 + 2u)/(1 + 2u + 2u²) for x > 0 and
    (u² + 2u)/(u² + 2u + 2) for x ≤ 0: one exp, no overflow, accurate in both tails.
    """

    name = "mish"
    display_name = "Mish"
    latex = r"f(x) = x \tanh\left(\log(1 + e^{x})\right)"
    formula = "f(x) = x·tanh(log(1 + eˣ))"
    output_range = (-0.30884341301725027, INF)  # at x ≈ −1.19243
    monotonic = False
    max_abs_derivative = 1.0884981612517277  # at x ≈ 1.49057

    @staticmethod
    def _tanh_softplus(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(tanh(softplus(x)), u = e^{−|x|}, x > 0)."""
        u = np.abs(x)
        np.negative(u, out=u)
        np.exp(u, out=u)
        positive = x > 0
        two_u = u + u
        # x > 0: (1 + 2u) / ((1 + 2u) + 2u²);  x ≤ 0: (u² + 2u) / ((u² + 2u) + 2)
        num = np.where(positive, two_u + 1.0, (u + 2.0) * u)
        two_u *= u
        gap = np.where(positive, two_u, 2.0)
        gap += num
        num /= gap
        return num, u, positive

    def _forward(self, x):
        out, _, _ = self._tanh_softplus(x)
        out *= x
        return out

    def _derivative(self, x, y):
        t, u, positive = self._tanh_softplus(x)
        sig = np.where(positive, 1.0, u).astype(x.dtype, copy=False)
        u += 1.0
        sig /= u
        out = t * t
        np.subtract(1.0, out, out=out)
        out *= sig
        out *= x
        out += t
        return out


class LogSigmoid(Activation):
    """f(x) = log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^{−|x|}); f′ = σ(−x) = 1 − σ(x)."""

    name = "logsigmoid"
    display_name = "Log-sigmoid"
    latex = r"f(x) = \log \sigma(x) = -\log\left(1 + e^{-x}\right)"
    formula = "f(x) = log σ(x) = −log(1 + e^(−x))"
    output_range = (-INF, 0.0)

    def _forward(self, x):
        out = exp_minus_abs(x)
        np.log1p(out, out=out)
        np.subtract(np.minimum(x, 0.0), out, out=out)
        return out

    def _derivative(self, x, y):
        return sigmoid_of_negative(x)


__all__ = ["GELU", "SILU_MAX_SLOPE", "SILU_MIN", "LogSigmoid", "Mish", "SiLU", "Softplus", "Swish"]

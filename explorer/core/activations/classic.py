"""The classic activations: identity, Heaviside step, logistic sigmoid, tanh and softsign."""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, require

from ._base import Activation, full_like
from ._special import sigmoid


class Identity(Activation):
    """f(x) = x, f′(x) = 1. A network of identity layers is a single linear map."""

    name = "identity"
    display_name = "Identity (linear)"
    latex = r"f(x) = x"
    formula = "f(x) = x"
    zero_centred = True

    def _forward(self, x):
        # a copy, so a caller writing into the result never alters the pre-activations
        return x.copy()

    def _derivative(self, x, y):
        return full_like(x, 1.0)


class Step(Activation):
    """Heaviside step: f(x) = 0 for x < 0, ``values`` at x = 0, 1 for x > 0.

    The perceptron's threshold unit. f′ = 0 everywhere (we return 0 at the jump as well), which is
    why gradient descent cannot train it. PyTorch has ``torch.heaviside(x, values)`` but no
    derivative: autograd raises "the derivative for 'heaviside' is not implemented".

    ``values`` (named as in ``torch.heaviside``, which has no default) defaults here to 0.5:
    the midpoint of the jump, equal to σ(0), so that the step is exactly the limit of the
    steep sigmoid σ(kx) as k → ∞, including at 0.
    """

    name = "step"
    display_name = "Step (Heaviside)"
    latex = r"H(x) = \begin{cases} 0 & x < 0 \\ v & x = 0 \\ 1 & x > 0 \end{cases}"
    formula = "H(x) = 0 if x < 0, v if x = 0, 1 if x > 0"
    param_specs = (ParamSpec("values", 0.5, 0.0, 1.0, "value at x = 0"),)
    output_range = (0.0, 1.0)
    smooth = False
    max_abs_derivative = 0.0

    def _check_params(self):
        v = self._params["values"]
        require(0.0 <= v <= 1.0, self.name, f"values must be in [0, 1], got {v}")

    def _forward(self, x):
        out = (x > 0).astype(x.dtype)  # NaN gives 0, as torch.heaviside does
        out[x == 0] = self._params["values"]
        return out

    def _derivative(self, x, y):
        return np.zeros_like(x)


class Sigmoid(Activation):
    """Logistic sigmoid σ(x) = 1 / (1 + e^{−x}); σ′ = σ(1 − σ), at most 1/4 (at x = 0).

    Evaluated without overflow for any |x|. The small maximal slope is why deep sigmoid
    networks suffer vanishing gradients.
    """

    name = "sigmoid"
    display_name = "Sigmoid (logistic)"
    latex = r"\sigma(x) = \frac{1}{1 + e^{-x}}"
    formula = "σ(x) = 1 / (1 + e^(−x))"
    output_range = (0.0, 1.0)
    max_abs_derivative = 0.25

    def _forward(self, x):
        return sigmoid(x)

    def _derivative(self, x, y):
        s = sigmoid(x) if y is None else y
        d = 1.0 - s
        d *= s
        return d


class Tanh(Activation):
    """tanh(x) = (eˣ − e^{−x}) / (eˣ + e^{−x}) = 2σ(2x) − 1; tanh′ = 1 − tanh²."""

    name = "tanh"
    display_name = "Tanh"
    latex = r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"
    formula = "tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x))"
    output_range = (-1.0, 1.0)
    zero_centred = True

    def _forward(self, x):
        return np.tanh(x)

    def _derivative(self, x, y):
        t = np.tanh(x) if y is None else y
        d = t * t
        np.subtract(1.0, d, out=d)
        return d


class Softsign(Activation):
    """Softsign f(x) = x / (1 + |x|); f′ = 1 / (1 + |x|)². Like tanh but with polynomial tails."""

    name = "softsign"
    display_name = "Softsign"
    latex = r"f(x) = \frac{x}{1 + |x|}"
    formula = "f(x) = x / (1 + |x|)"
    output_range = (-1.0, 1.0)
    zero_centred = True

    def _forward(self, x):
        d = np.abs(x)
        d += 1.0
        np.divide(x, d, out=d)
        return d

    def _derivative(self, x, y):
        d = np.abs(x)
        d += 1.0
        d *= d
        np.reciprocal(d, out=d)
        return d


__all__ = ["Identity", "Sigmoid", "Softsign", "Step", "Tanh"]

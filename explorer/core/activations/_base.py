"""The :class:`Activation` base class: parameters, array handling and UI facts.

Subclasses implement ``_forward(x)`` and ``_derivative(x, y)`` on a float ndarray with
``ndim >= 1`` (``y`` is ``forward(x)`` or ``None``) and declare their formula and properties as
class attributes, overriding them with a ``property`` where they depend on the parameters.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from explorer.core._params import Parametrized, as_float_array

INF = math.inf


class Activation(Parametrized):
    """An elementwise activation function f and its derivative f′.

    Build one with :func:`explorer.core.activations.get` (``get("leaky_relu",
    negative_slope=0.1)``) rather than the class. Instances are immutable and compare equal when
    name and parameters are equal.

    Attributes
    ----------
    name : str
        Registry key (``"leaky_relu"``).
    display_name : str
        Human name (``"Leaky ReLU"``).
    latex, formula : str
        The definition as LaTeX and as plain Unicode text.
    param_specs : tuple of ParamSpec
        One record per hyper-parameter (name, default, slider min/max, description).
    params : dict
        Effective hyper-parameters, defaults included.
    output_range : tuple of float
        ``(inf f, sup f)`` over the reals; ``±math.inf`` when unbounded.
    zero_centred : bool
        True when f is odd, f(−x) = −f(x): a zero-mean symmetric input gives zero-mean output.
    monotonic : bool
        True when f is non-decreasing.
    smooth : bool
        True when f is continuously differentiable (C¹) everywhere.
    max_abs_derivative : float
        sup |f′(x)| over the reals (the largest factor by which f can amplify a gradient).
    """

    display_name: ClassVar[str] = ""
    latex: ClassVar[str] = ""
    formula: ClassVar[str] = ""

    output_range: tuple[float, float] = (-INF, INF)
    zero_centred: bool = False
    monotonic: bool = True
    smooth: bool = True
    max_abs_derivative: float = 1.0

    def forward(self, x: Any) -> np.ndarray:
        """Evaluate f elementwise.

        Parameters
        ----------
        x : array_like of any shape
            Pre-activations. float32 stays float32; non-float input becomes float64.

        Returns
        -------
        ndarray of the same shape and dtype as ``x``
        """
        a = as_float_array(x)
        if a.ndim == 0:
            return self._forward(a.reshape(1)).reshape(())
        return self._forward(a)

    __call__ = forward

    def derivative(self, x: Any, y: Any = None) -> np.ndarray:
        """Evaluate f′ elementwise, with PyTorch autograd's value at kinks.

        Parameters
        ----------
        x : array_like of any shape
            Points at which to differentiate.
        y : array_like of the same shape, optional
            ``forward(x)`` if already computed; some functions use it to save work
            (σ′ = y(1 − y), tanh′ = 1 − y², ELU′ = y + α for x ≤ 0). Same meaning either way.

        Returns
        -------
        ndarray of the same shape and dtype as ``x``
        """
        a = as_float_array(x)
        if y is not None:
            y = np.asarray(y, dtype=a.dtype)
            if y.shape != a.shape:
                raise ValueError(
                    f"{self.name}: y must have the shape of x {a.shape}, got {y.shape}"
                )
        if a.ndim == 0:
            y1 = None if y is None else y.reshape(1)
            return self._derivative(a.reshape(1), y1).reshape(())
        return self._derivative(a, y)

    def _forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _derivative(self, x: np.ndarray, y: np.ndarray | None) -> np.ndarray:
        raise NotImplementedError


def full_like(x: np.ndarray, value: float) -> np.ndarray:
    """An array shaped and typed like ``x`` filled with ``value``."""
    return np.full(x.shape, value, dtype=x.dtype)


def indicator(mask: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """A boolean mask as 0/1 of ``dtype`` (derivatives of piecewise-linear functions)."""
    return mask.astype(dtype)

"""Activation functions with exact derivatives, as a registry.

Names, keyword parameters and defaults follow ``torch.nn.functional`` (PyTorch 2.13), and
derivatives at kinks are the values PyTorch autograd returns. Everything is NumPy, vectorized,
and keeps the input dtype (float64 by default, float32 on request)::

    >>> from explorer.core import activations
    >>> act = activations.get("leaky_relu", negative_slope=0.1)
    >>> y = act.forward(x)                  # f(x), ndarray shaped like x
    >>> g = act.derivative(x, y)            # f′(x); y is optional, it only saves work
    >>> act.output_range, act.max_abs_derivative, act.param_specs

:func:`names` lists the registry in teaching order; :func:`get` builds an
:class:`Activation` (unknown names or parameters, or values outside a function's domain,
raise ``ValueError``).
"""

from __future__ import annotations

from typing import Any

from explorer.core._params import ParamSpec, lookup

from ._base import Activation
from ._special import erf, erfc
from .classic import Identity, Sigmoid, Softsign, Step, Tanh
from .elu_family import CELU, ELU, SELU, SELU_ALPHA, SELU_SCALE
from .relu_family import Hardsigmoid, Hardswish, Hardtanh, LeakyReLU, ReLU, ReLU6
from .smooth import GELU, LogSigmoid, Mish, SiLU, Softplus, Swish

# Teaching order: the perceptron's units, the squashing era, the ReLU family, smooth
# ReLU-likes, then the cheap piecewise-linear variants and the odd one out.
_REGISTRY: dict[str, type[Activation]] = {
    cls.name: cls
    for cls in (
        Identity, Step, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, SELU, CELU, Softplus,
        GELU, SiLU, Swish, Mish, Softsign, Hardtanh, ReLU6, Hardsigmoid, Hardswish, LogSigmoid,
    )
}  # fmt: skip


def names() -> list[str]:
    """Registry keys in teaching order (identity, step, sigmoid, tanh, relu, …)."""
    return list(_REGISTRY)


def get(name: str, **params: Any) -> Activation:
    """Build the activation ``name`` with hyper-parameters ``params`` (torch keyword names).

    Parameters
    ----------
    name : str
        A key of :func:`names`, e.g. ``"gelu"``.
    **params
        Hyper-parameters, e.g. ``negative_slope=0.1``; omitted ones take torch's default.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        Unknown name (the message lists valid names), unknown parameter (lists valid ones),
        or an invalid value (says which and why).
    """
    return lookup(_REGISTRY, "activation", name)(**params)


__all__ = [
    "CELU", "ELU", "GELU", "SELU", "SELU_ALPHA", "SELU_SCALE", "Activation", "Hardsigmoid",
    "Hardswish", "Hardtanh", "Identity", "LeakyReLU", "LogSigmoid", "Mish", "ParamSpec", "ReLU",
    "ReLU6", "SiLU", "Sigmoid", "Softplus", "Softsign", "Step", "Swish", "Tanh", "erf", "erfc",
    "get", "names",
]  # fmt: skip

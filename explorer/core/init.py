"""Weight initializers, named and parametrized like ``torch.nn.init`` (2.13).

.. important::
   **Shape convention: a weight ``W`` has shape ``(fan_in, fan_out)``** and a layer computes
   ``y = x @ W + b``. This is the *transpose* of ``torch.nn.Linear.weight`` (shape
   ``(out_features, in_features)``). Here ``fan_in = shape[0]`` and ``fan_out = shape[1]``,
   so ``xavier_uniform((3, 5), rng)`` has the same distribution as
   ``torch.nn.init.xavier_uniform_(torch.empty(5, 3)).T``.

Every initializer is ``f(shape, rng, ..., dtype=np.float64)`` and returns a new array; the
randomness comes only from the passed ``np.random.Generator``. Names are torch's minus the
trailing underscore (``kaiming_uniform`` for ``kaiming_uniform_``), and so are the keyword
parameters and their defaults. Weights must be 2-D (``(fan_in, fan_out)``) for the fan-based
initializers; ``normal``/``uniform``/``zeros`` take any shape.

Example::

    rng = np.random.default_rng(0)
    W = kaiming_normal((64, 32), rng, nonlinearity="relu")   # std = sqrt(2) / sqrt(64)
"""

import math
from collections.abc import Callable

import numpy as np

_LINEAR_FNS = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""Recommended gain for a nonlinearity — torch's table, value for value.

    ================= =====================================================
    nonlinearity      gain
    ================= =====================================================
    linear, conv*     1
    sigmoid           1
    tanh              5/3
    relu              √2
    leaky_relu        √(2 / (1 + negative_slope²)), negative_slope = param
                      (default 0.01)
    selu              3/4
    ================= =====================================================

    Parameters
    ----------
    nonlinearity : str
        A ``torch.nn.functional`` name from the table.
    param : float or None
        The negative slope for ``leaky_relu``; ignored otherwise.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For a name outside the table, or a ``param`` that is not a number.
    """
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, int | float | np.floating | np.integer) and not isinstance(
            param, bool
        ):
            slope = float(param)
        else:
            raise ValueError(f"negative_slope {param!r} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    valid = ", ".join([*_LINEAR_FNS, "sigmoid", "tanh", "relu", "leaky_relu", "selu"])
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}; valid: {valid}")


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """``(fan_in, fan_out) = (shape[0], shape[1])`` of a 2-D weight of shape (fan_in, fan_out)."""
    shape = tuple(shape)
    if len(shape) != 2:
        raise ValueError(
            f"fan-based initializers need a 2-D weight shape (fan_in, fan_out), got {shape}"
        )
    fan_in, fan_out = int(shape[0]), int(shape[1])
    if fan_in <= 0 or fan_out <= 0:
        raise ValueError(f"fan_in and fan_out must be positive, got shape {shape}")
    return fan_in, fan_out


def _uniform(shape, rng: np.random.Generator, low: float, high: float, dtype) -> np.ndarray:
    return rng.uniform(low, high, size=shape).astype(dtype, copy=False)


def _normal(shape, rng: np.random.Generator, mean: float, std: float, dtype) -> np.ndarray:
    return rng.normal(mean, std, size=shape).astype(dtype, copy=False)


def xavier_uniform(shape, rng: np.random.Generator, gain: float = 1.0, dtype=np.float64):
    """Glorot uniform: ``W ~ U(-a, a)``, ``a = gain·√(6 / (fan_in + fan_out))``.

    Parameters
    ----------
    shape : tuple (fan_in, fan_out)
    rng : np.random.Generator
    gain : float
        Usually ``calculate_gain(nonlinearity)``.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    fan_in, fan_out = fans(shape)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return _uniform(shape, rng, -bound, bound, dtype)


def xavier_normal(shape, rng: np.random.Generator, gain: float = 1.0, dtype=np.float64):
    """Glorot normal: ``W ~ N(0, std²)``, ``std = gain·√(2 / (fan_in + fan_out))``.

    Returns ndarray of shape (fan_in, fan_out).
    """
    fan_in, fan_out = fans(shape)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return _normal(shape, rng, 0.0, std, dtype)


def _kaiming_std(shape, a: float, mode: str, nonlinearity: str) -> float:
    fan_in, fan_out = fans(shape)
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode!r} not supported, please use one of 'fan_in', 'fan_out'")
    fan = fan_in if mode == "fan_in" else fan_out
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform(
    shape,
    rng: np.random.Generator,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    dtype=np.float64,
):
    """He uniform: ``W ~ U(-bound, bound)``, ``bound = gain·√(3 / fan)``.

    ``gain = calculate_gain(nonlinearity, a)`` and ``fan`` is ``fan_in`` (``mode='fan_in'``,
    preserves the forward variance) or ``fan_out`` (preserves the backward variance). With the
    defaults (``a=0``, ``'leaky_relu'``) the gain is √2, the ReLU gain.

    Returns ndarray of shape (fan_in, fan_out).
    """
    bound = math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity)
    return _uniform(shape, rng, -bound, bound, dtype)


def kaiming_normal(
    shape,
    rng: np.random.Generator,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    dtype=np.float64,
):
    """He normal: ``W ~ N(0, std²)``, ``std = gain / √fan`` (see :func:`kaiming_uniform`).

    Returns ndarray of shape (fan_in, fan_out).
    """
    std = _kaiming_std(shape, a, mode, nonlinearity)
    return _normal(shape, rng, 0.0, std, dtype)


def lecun_normal(shape, rng: np.random.Generator, dtype=np.float64):
    """LeCun normal: ``W ~ N(0, 1 / fan_in)``.

    Not in ``torch.nn.init``: this is the initializer of the SELU paper (Klambauer et al.,
    2017) and ``jax.nn.initializers.lecun_normal`` — except that JAX draws from a *truncated*
    normal rescaled to the same std, while this one is a plain normal. In torch one writes
    ``kaiming_normal_(w, nonlinearity='linear')``, which is the same distribution.

    Returns ndarray of shape (fan_in, fan_out).
    """
    fan_in, _ = fans(shape)
    return _normal(shape, rng, 0.0, 1.0 / math.sqrt(fan_in), dtype)


def orthogonal(shape, rng: np.random.Generator, gain: float = 1.0, dtype=np.float64):
    """(Semi-)orthogonal matrix times ``gain`` (Saxe et al., 2013), torch's algorithm.

    As in torch, on the torch-shaped matrix ``M`` of shape (fan_out, fan_in): draw ``M`` from
    N(0, 1), transpose it if it is wide, take ``Q, R = qr(M)``, multiply the columns of Q by
    ``sign(diag(R))`` (so Q is Haar-uniform), transpose back, scale by ``gain``; the result
    is ``M.T``. Hence ``WᵀW = gain²·I`` when ``fan_out <= fan_in`` and ``WWᵀ = gain²·I``
    otherwise.

    Returns ndarray of shape (fan_in, fan_out).
    """
    fan_in, fan_out = fans(shape)
    rows, cols = fan_out, fan_in
    flat = rng.standard_normal((rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    # q is torch's (fan_out, fan_in) weight; ours is its transpose
    return np.ascontiguousarray((gain * q).T, dtype=dtype)


def normal(shape, rng: np.random.Generator, mean: float = 0.0, std: float = 1.0, dtype=np.float64):
    """``W ~ N(mean, std²)``. Returns ndarray of the given shape."""
    if std < 0:
        raise ValueError(f"std must be non-negative, got {std}")
    return _normal(tuple(shape), rng, mean, std, dtype)


def uniform(shape, rng: np.random.Generator, a: float = 0.0, b: float = 1.0, dtype=np.float64):
    """``W ~ U(a, b)``. Returns ndarray of the given shape."""
    if b < a:
        raise ValueError(f"uniform needs a <= b, got a={a}, b={b}")
    return _uniform(tuple(shape), rng, a, b, dtype)


def zeros(shape, rng: np.random.Generator | None = None, dtype=np.float64):
    """All zeros (``rng`` is accepted for a uniform signature and unused)."""
    return np.zeros(tuple(shape), dtype=dtype)


def linear_default(shape, rng: np.random.Generator, dtype=np.float64):
    """What ``torch.nn.Linear`` does on its own: ``W ~ U(-1/√fan_in, 1/√fan_in)``.

    torch writes it as ``kaiming_uniform_(weight, a=√5)``: gain √(2/(1+5)) = √(1/3), bound
    √3·gain/√fan_in = 1/√fan_in. Its bias uses the same bound (see :func:`linear_bias_default`).

    Returns ndarray of shape (fan_in, fan_out).
    """
    return kaiming_uniform(shape, rng, a=math.sqrt(5), dtype=dtype)


def linear_bias_default(fan_in: int, fan_out: int, rng: np.random.Generator, dtype=np.float64):
    """``torch.nn.Linear``'s bias: ``b ~ U(-1/√fan_in, 1/√fan_in)``, ndarray of shape (fan_out,)."""
    bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
    return _uniform((fan_out,), rng, -bound, bound, dtype)


_REGISTRY: dict[str, Callable[..., np.ndarray]] = {
    "default": linear_default,
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "kaiming_uniform": kaiming_uniform,
    "kaiming_normal": kaiming_normal,
    "lecun_normal": lecun_normal,
    "orthogonal": orthogonal,
    "normal": normal,
    "uniform": uniform,
    "zeros": zeros,
}

#: initializers that take a ``gain`` (xavier, orthogonal) or a ``nonlinearity`` (kaiming)
GAIN_AWARE = ("xavier_uniform", "xavier_normal", "orthogonal", "kaiming_uniform", "kaiming_normal")


def names() -> list[str]:
    """Registered initializer names; ``'default'`` is torch.nn.Linear's own init."""
    return list(_REGISTRY)


def get(name: str) -> Callable[..., np.ndarray]:
    """The initializer function registered under ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown initializer {name!r}; valid: {', '.join(_REGISTRY)}") from None


# Activations of the explorer registry that torch's gain table lacks are mapped to the entry
# they behave most like at initialization. ReLU-like units (zero or near-zero for negative
# input, identity for large positive input) halve the signal variance as ReLU does, so they
# get the ReLU gain √2 — the choice torch users make in practice for GELU/SiLU/ELU nets.
# Saturating or linear-near-zero units without a table entry (softsign, hardtanh,
# hardsigmoid, logsigmoid, step) get the 'linear' gain 1: no principled value exists, and 1
# keeps the plain fan-based variance rather than inventing one.
_GAIN_NONLINEARITY = {
    "identity": "linear",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "leaky_relu": "leaky_relu",
    "selu": "selu",
    "relu6": "relu",
    "elu": "relu",
    "celu": "relu",
    "gelu": "relu",
    "silu": "relu",
    "swish": "relu",
    "mish": "relu",
    "softplus": "relu",
    "hardswish": "relu",
}


def nonlinearity_for(activation: str, params: dict | None = None) -> tuple[str, float | None]:
    """Map an explorer activation name to ``(nonlinearity, param)`` for :func:`calculate_gain`.

    Torch's own names map to themselves (``leaky_relu`` passes its ``negative_slope``); the
    ReLU family (relu6, elu, celu, gelu, silu, swish, mish, softplus, hardswish) → ``'relu'``;
    anything else → ``'linear'`` (gain 1). See the comment above the table for why.
    """
    nonlinearity = _GAIN_NONLINEARITY.get(activation, "linear")
    param = None
    if nonlinearity == "leaky_relu":
        param = (params or {}).get("negative_slope", 0.01)
    return nonlinearity, param


def init_linear(
    name: str,
    fan_in: int,
    fan_out: int,
    rng: np.random.Generator,
    activation: str = "identity",
    activation_params: dict | None = None,
    dtype=np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    """Initial ``(W, b)`` of one Linear layer as :class:`explorer.core.mlp.MLP` draws them.

    ``'default'`` is torch.nn.Linear's own init, W and b ~ U(±1/√fan_in). Any other name
    initializes W, with the gain of ``activation`` for the gain-aware initializers
    (:func:`nonlinearity_for`; kaiming gets ``nonlinearity=…`` and, for leaky_relu,
    ``a=negative_slope``); the bias keeps torch's default U(±1/√fan_in) — what
    ``nn.init.xavier_uniform_(layer.weight)`` leaves — except for ``'zeros'``, which zeroes
    it too. Draw order: W, then b.

    Returns
    -------
    W : ndarray of shape (fan_in, fan_out)
    b : ndarray of shape (fan_out,)
    """
    fn = get(name)
    shape = (fan_in, fan_out)
    if name == "zeros":
        return zeros(shape, dtype=dtype), zeros((fan_out,), dtype=dtype)
    kwargs = {}
    if name in GAIN_AWARE:
        nonlinearity, param = nonlinearity_for(activation, activation_params)
        if name.startswith("kaiming"):
            kwargs["nonlinearity"] = nonlinearity
            if param is not None:
                kwargs["a"] = param
        else:
            kwargs["gain"] = calculate_gain(nonlinearity, param)
    W = fn(shape, rng, dtype=dtype, **kwargs)
    return W, linear_bias_default(fan_in, fan_out, rng, dtype=dtype)

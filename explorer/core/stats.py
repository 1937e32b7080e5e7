"""Per-layer statistics of an MLP, for a live "what is each layer doing" plot.

All helpers read arrays the MLP already stored during its last forward/backward — nothing is
recomputed through the network — and return plain Python floats.

Definitions, for one hidden layer with pre-activation ``u`` (N, F) (the input of the
activation, i.e. after the normalization if any), activation output ``a = f(u)`` (N, F),
local derivative ``d = f′(u)`` (N, F) and weight gradient ``gW = ∂L/∂W`` (fan_in, F):

- ``grad_norm``      = ‖gW‖_F (Frobenius norm)
- ``grad_mean_abs``  = mean |gW|
- ``preact_mean``, ``preact_std`` = mean and (population) std of all entries of ``u``
- ``act_mean``, ``act_std``       = the same for ``a``
- ``frac_saturated`` = fraction of entries with |d| < 1e-3 · max_x |f′(x)| (for an
  activation whose derivative is 0 everywhere, like ``step``, every entry counts)
- ``frac_dead``      = fraction of units (columns) with d = 0 for every sample of the batch
"""

import math

import numpy as np

#: an entry counts as saturated when |f′| is below this fraction of the largest |f′|
SATURATION_FRACTION = 1e-3

STAT_KEYS = (
    "grad_norm",
    "grad_mean_abs",
    "preact_mean",
    "preact_std",
    "act_mean",
    "act_std",
    "frac_saturated",
    "frac_dead",
)


def mean_std(x: np.ndarray) -> tuple[float, float]:
    """Mean and population standard deviation of all entries of ``x``, as floats."""
    mean = float(x.mean(dtype=np.float64))
    return mean, float(x.std(dtype=np.float64))


def grad_norms(gW: np.ndarray | None) -> tuple[float, float]:
    """``(‖gW‖_F, mean |gW|)``; NaNs when there is no gradient yet (``gW is None``)."""
    if gW is None:
        return math.nan, math.nan
    flat = gW.reshape(-1)
    # a dot product is one BLAS pass; keep its accumulation in float64 for float32 grads
    flat64 = flat.astype(np.float64, copy=False)
    return math.sqrt(float(flat64 @ flat64)), float(np.abs(flat).mean(dtype=np.float64))


def frac_saturated(d: np.ndarray, max_abs_derivative: float) -> float:
    """Fraction of entries of ``d`` (N, F) with ``|d| < 1e-3·max_abs_derivative``."""
    threshold = SATURATION_FRACTION * max_abs_derivative
    if threshold <= 0:  # f′ ≡ 0 (step): nothing ever passes a gradient, all saturated
        return float(np.count_nonzero(d == 0)) / d.size
    return float(np.count_nonzero(np.abs(d) < threshold)) / d.size


def frac_dead(d: np.ndarray) -> float:
    """Fraction of columns of ``d`` (N, F) that are exactly 0 for every row (dead units)."""
    alive = np.any(d != 0, axis=0)
    return 1.0 - float(np.count_nonzero(alive)) / d.shape[1]


def layer_stats(
    gW: np.ndarray | None, u: np.ndarray, a: np.ndarray, d: np.ndarray, max_abs_derivative: float
) -> dict[str, float]:
    """All the statistics of one hidden layer as a dict keyed by :data:`STAT_KEYS`.

    Parameters
    ----------
    gW : ndarray of shape (fan_in, F) or None
        Weight gradient of the last backward (None → grad entries are NaN).
    u, a, d : ndarray of shape (N, F)
        Pre-activation, activation output and activation derivative of the last forward.
    max_abs_derivative : float
        ``max_x |f′(x)|`` of the activation, the scale for ``frac_saturated``.
    """
    grad_norm, grad_mean_abs = grad_norms(gW)
    preact_mean, preact_std = mean_std(u)
    act_mean, act_std = mean_std(a)
    return {
        "grad_norm": grad_norm,
        "grad_mean_abs": grad_mean_abs,
        "preact_mean": preact_mean,
        "preact_std": preact_std,
        "act_mean": act_mean,
        "act_std": act_std,
        "frac_saturated": frac_saturated(d, max_abs_derivative),
        "frac_dead": frac_dead(d),
    }

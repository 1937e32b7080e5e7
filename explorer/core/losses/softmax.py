"""Softmax with a temperature, and cross-entropy with torch's class weights and label smoothing.

:func:`softmax` is ``F.softmax(z / T, dim=-1)``; :func:`cross_entropy` is
``F.cross_entropy(logits, target, weight=w, label_smoothing=ε)`` (mean reduction) returning
its value and its gradient, the registry's ``cross_entropy`` loss extended by ``weight``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.core._params import as_float_array

from .classification import CrossEntropyLoss


def softmax(z: Any, temperature: float = 1.0) -> np.ndarray:
    """pⱼ = e^{zⱼ/T} / Σₖ e^{zₖ/T} over the last axis, without overflow (the max is taken out).

    Parameters
    ----------
    z : array_like, shape (..., C)
        Logits.
    temperature : float
        T > 0; T → 0 approaches one-hot at the largest logit, T → ∞ the uniform 1/C.

    Returns
    -------
    ndarray of the shape and float dtype of ``z``; each row sums to 1.
    """
    if not temperature > 0:
        raise ValueError(f"softmax: temperature must be > 0, got {temperature}")
    out = as_float_array(z) / temperature
    out -= out.max(axis=-1, keepdims=True)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out


def cross_entropy(
    logits: Any, target: Any, weight: Any = None, label_smoothing: float = 0.0
) -> tuple[float, np.ndarray]:
    """Value and gradient of ``F.cross_entropy(logits, target, weight, label_smoothing=ε)``.

    With log-softmax ℓᵢ꜀ = log pᵢ꜀, class weights w (C,), wᵢ = w[yᵢ] and W = Σᵢ wᵢ, torch's
    mean is a weighted mean over the samples, and the smoothing term is weighted by class:

        L = (1 − ε)·Σᵢ wᵢ(−ℓᵢ,yᵢ)/W + (ε/C)·Σᵢ Σ꜀ w꜀(−ℓᵢ꜀)/W
        ∂L/∂zᵢ = [(1 − ε)·wᵢ(pᵢ − e_yᵢ) + (ε/C)(Σ꜀w꜀·pᵢ − w)]/W

    With w = 1 this is the registry's ``cross_entropy`` ((p − q)/N, q the smoothed one-hot).

    Parameters
    ----------
    logits : array_like, shape (N, C)
    target : array_like of int, shape (N,), class indices in [0, C)
    weight : array_like, shape (C,), or None
        Non-negative class weights (None: all 1); their sum over the batch must be > 0.
    label_smoothing : float in [0, 1]

    Returns
    -------
    (float, ndarray of shape (N, C))
    """
    loss = CrossEntropyLoss(label_smoothing=label_smoothing)
    if weight is None:
        return loss.value_and_gradient(logits, target)
    z, y = loss._prepare(logits, target)
    n, c = z.shape
    w = as_float_array(weight).astype(z.dtype, copy=False)
    if w.shape != (c,):
        raise ValueError(f"cross_entropy: weight must have shape ({c},), got {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("cross_entropy: class weights must be finite and ≥ 0")
    rows = np.arange(n)
    w_i = w[y]
    total = w_i.sum()
    if not total > 0:
        raise ValueError("cross_entropy: the targets' class weights sum to 0; the mean is 0/0")
    eps = label_smoothing
    log_p = CrossEntropyLoss._log_softmax(z)
    value = (1.0 - eps) * (-(w_i * log_p[rows, y]).sum()) / total
    p = np.exp(log_p)
    grad = p * ((1.0 - eps) * w_i)[:, None]
    grad[rows, y] -= (1.0 - eps) * w_i
    if eps != 0.0:
        value += (eps / c) * (-(log_p * w).sum()) / total
        grad += (eps / c) * (w.sum() * p - w)
    grad /= total
    return float(value), grad


__all__ = ["cross_entropy", "softmax"]

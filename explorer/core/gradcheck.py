"""Central finite differences: an independent check of any hand-written gradient.

The tests prove every activation, loss, layer and network gradient with it; in a notebook it
shows students how such a check works::

    >>> from explorer.core.gradcheck import numerical_gradient
    >>> net.forward(x); net.backward(r)                      # analytic ∂L/∂W1 in net.grads[0]
    >>> numeric = numerical_gradient(lambda: float(np.sum(r * net.forward(x))), net.params[0])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(fn: Callable[[], float], array: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """∂fn/∂array by central differences, (fn(a + h) − fn(a − h)) / 2h per entry.

    Parameters
    ----------
    fn : callable with no arguments returning a float
        Reads ``array`` (e.g. a network's loss with ``array`` one of its parameters).
    array : ndarray of any shape
        Perturbed in place one entry at a time, and restored exactly afterwards.
    h : float
        Step; 1e-6 balances truncation and rounding error in float64.

    Returns
    -------
    ndarray of the same shape and dtype as ``array``
    """
    grad = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + h
        plus = fn()
        array[idx] = old - h
        minus = fn()
        array[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad

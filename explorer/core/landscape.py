"""Loss landscapes of a real network: filter-normalised random planes and projections onto them.

Li, Xu, Taylor, Studer & Goldstein, "Visualizing the Loss Landscape of Neural Nets" (NeurIPS
2018) draw ``L(θ* + α δ + β η)`` over a plane through trained weights ``θ*`` spanned by two
random directions ``δ, η``. A raw Gaussian direction is meaningless for a net, whose function
does not change when one neuron's incoming weights are scaled (ReLU) or barely changes
(saturating units): so each *filter* of a direction — in a fully connected layer, the
incoming weights of one neuron — is rescaled to the norm of the same filter of the weights::

    δ_f ← δ_f / ‖δ_f‖ · ‖θ_f‖        for every filter f of every weight matrix

Biases (and any other parameter of one dimension) get a zero direction, as in the paper's code
(``ignore='biasbn'``, its default for the published plots): the plane moves the weight matrices
only; biases stay at the centre's values.

A point ``θ`` off the plane is shown at the least-squares coordinates of ``θ − θ_c`` in the
basis ``(δ, η)``: ``argmin_{a, b} ‖a δ + b η − (θ − θ_c)‖``. The two random directions are not
orthogonal (nearly so in many dimensions), so this is not two dot products. A point on the
plane is recovered exactly; what lies off it is not seen.

Shapes: a weight matrix here is ``(fan_in, fan_out)`` (:mod:`explorer.core.mlp`), so a neuron's
filter is a *column* (``filter_axis=-1``); torch's ``Linear.weight`` is ``(out, in)``
(``filter_axis=0``).
"""

from __future__ import annotations

import numpy as np

EPS = 1e-10  # the paper's guard against a zero-norm direction filter


def normalize_filters(direction: np.ndarray, weights: np.ndarray, filter_axis: int = -1
                      ) -> np.ndarray:  # fmt: skip
    """``direction`` with each filter scaled to the norm of the same filter of ``weights``.

    Parameters
    ----------
    direction, weights : ndarray of the same shape, at least 2-D
        A random direction and the weights it belongs to.
    filter_axis : int
        The axis that indexes filters (neurons): -1 for ``(fan_in, fan_out)``, 0 for torch's
        ``(out, in)``. The norm of a filter is taken over every other axis.

    Returns
    -------
    ndarray, the shape of ``direction``: ``δ_f · ‖θ_f‖ / (‖δ_f‖ + 1e-10)``.
    """
    direction = np.asarray(direction, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    if direction.shape != weights.shape or direction.ndim < 2:
        raise ValueError(
            f"direction {direction.shape} and weights {weights.shape} must match and be ≥ 2-D"
        )
    axes = tuple(a for a in range(direction.ndim) if a != filter_axis % direction.ndim)
    d_norm = np.sqrt(np.sum(direction**2, axis=axes, keepdims=True))
    w_norm = np.sqrt(np.sum(weights**2, axis=axes, keepdims=True))
    return direction * (w_norm / (d_norm + EPS))


def filter_normalized_direction(params: list[np.ndarray], rng: np.random.Generator,
                                filter_axis: int = -1) -> list[np.ndarray]:  # fmt: skip
    """A random direction for the parameter arrays ``params`` (Li et al. 2018).

    Each array of two or more dimensions gets a standard Gaussian direction of its shape
    (drawn from ``rng`` in the order of ``params``), filter-normalised against it
    (:func:`normalize_filters`); each 1-D array (a bias, a norm's γ or β) gets zeros.

    Returns a list of float64 arrays, one per parameter, of the parameters' shapes.
    """
    out = []
    for p in params:
        p = np.asarray(p, dtype=np.float64)
        if p.ndim <= 1:
            out.append(np.zeros_like(p))
        else:
            out.append(normalize_filters(rng.standard_normal(p.shape), p, filter_axis))
    return out


def plane_points(centre: np.ndarray, d1: np.ndarray, d2: np.ndarray, a, b) -> np.ndarray:
    """``θ_c + a δ + b η`` for the coordinates ``a``, ``b`` (same shape S): shape (*S, n)."""
    a = np.asarray(a, dtype=np.float64)[..., None]
    b = np.asarray(b, dtype=np.float64)[..., None]
    return np.asarray(centre, dtype=np.float64) + a * d1 + b * d2


def project(points: np.ndarray, centre: np.ndarray, d1: np.ndarray, d2: np.ndarray
            ) -> np.ndarray:  # fmt: skip
    """Least-squares coordinates of ``points`` (…, n) on the plane ``θ_c + a δ + b η``.

    Solves the 2 × 2 normal equations ``G [a, b]ᵀ = [δ·v, η·v]ᵀ`` with ``G = [[δ·δ, δ·η],
    [η·δ, η·η]]`` and ``v = θ − θ_c``. Returns shape (…, 2). Raises ``ValueError`` when the
    directions are parallel (G singular).
    """
    basis = np.stack([np.asarray(d1, np.float64), np.asarray(d2, np.float64)], axis=1)  # (n, 2)
    gram = basis.T @ basis
    if abs(np.linalg.det(gram)) <= 1e-12 * float(np.trace(gram)) ** 2:
        raise ValueError("the two directions are parallel: they span no plane")
    offsets = np.asarray(points, dtype=np.float64) - np.asarray(centre, dtype=np.float64)
    return np.linalg.solve(gram, (offsets @ basis).reshape(-1, 2).T).T.reshape(
        *offsets.shape[:-1], 2
    )

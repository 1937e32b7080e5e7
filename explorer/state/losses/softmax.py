"""The softmax tab's maths: probabilities at a temperature, the smoothed target, CE and p − q,
and the binary focal loss against cross-entropy.

Qt-free. The logits z are divided by T before the softmax (``F.softmax(z / T)``), and the loss
is ``F.cross_entropy(z / T, y, weight, label_smoothing=ε)`` of one sample, so ∂L/∂z is the
gradient with respect to z/T divided by T. Class c has weight w꜀ (torch's ``weight=``); with one
sample torch's weighted mean divides by w_y, so the weights change the loss only through label
smoothing's term (ε/C)·Σ꜀ w꜀(−log p꜀)/w_y.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import losses
from explorer.state.losses.config import LossesConfig
from explorer.state.session import freeze

FOCAL_POINTS = 300  # p from 0.005 to 0.995


@dataclass(frozen=True, eq=False)
class SoftmaxView:
    logits: np.ndarray  # (C,)
    target: int
    probabilities: np.ndarray  # (C,) softmax(z/T)
    smoothed: np.ndarray  # (C,) q = (1 − ε)·onehot(y) + ε/C
    weights: np.ndarray  # (C,) torch's weight=
    loss: float  # F.cross_entropy(z/T, y, weight, label_smoothing=ε)
    gradient: np.ndarray  # (C,) ∂L/∂z
    entropy: float  # of p, in nats: ln C when uniform, 0 when one-hot
    # binary focal vs BCE, against pₜ (the probability of the true class)
    p_grid: np.ndarray  # (FOCAL_POINTS,)
    bce_curve: np.ndarray
    focal_curve: np.ndarray
    p_true: float  # the softmax's p_y, where the focal plot's markers sit
    bce_at_p: float
    focal_at_p: float


_P = freeze(np.linspace(0.005, 0.995, FOCAL_POINTS))
_LOGIT_OF_P = freeze(np.log(_P / (1.0 - _P)))  # z with σ(z) = p


@lru_cache(maxsize=16)
def focal_curve(focal) -> np.ndarray:
    """The focal loss of one point against pₜ on the grid; the same array while γ and α stay
    (a logit drag then moves only the markers)."""
    return freeze(focal.terms(_LOGIT_OF_P, np.ones(FOCAL_POINTS)))


def compute_softmax(config: LossesConfig) -> SoftmaxView:
    z = np.array(config.softmax_logits)
    c, y, t = z.size, config.softmax_target, config.softmax_temperature
    eps = config.softmax_smoothing
    weight = np.array(config.softmax_weights)
    p = losses.softmax(z, t)
    value, grad = losses.cross_entropy((z / t)[None, :], [y], weight, eps)
    q = np.full(c, eps / c)
    q[y] += 1.0 - eps
    safe = p[p > 0]
    focal = losses.get("sigmoid_focal", alpha=config.focal_alpha, gamma=config.focal_gamma)
    p_true = float(np.clip(p[y], 1e-12, 1.0 - 1e-12))
    z_true = np.array([np.log(p_true) - np.log1p(-p_true)])
    return SoftmaxView(
        logits=freeze(z),
        target=y,
        probabilities=freeze(p),
        smoothed=freeze(q),
        weights=freeze(weight),
        loss=value,
        gradient=freeze(grad[0] / t),
        entropy=float(-(safe * np.log(safe)).sum()),
        p_grid=_P,
        bce_curve=_BCE_CURVE,
        focal_curve=focal_curve(focal),
        p_true=float(p[y]),
        bce_at_p=float(-np.log(p_true)),
        focal_at_p=focal.value(z_true, np.ones(1)),
    )


_BCE_CURVE = freeze(losses.get("bce_with_logits").terms(_LOGIT_OF_P, np.ones(FOCAL_POINTS)))

"""Classification losses: binary cross-entropy (on probabilities or logits), cross-entropy on
logits, and the hinge (margin) loss."""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, as_float_array, require
from explorer.core.activations._special import sigmoid, softplus_of

from ._base import Loss, check_unit_interval

_LOG_FLOOR = -100.0  # torch clamps log p and log(1 − p) at −100 so that p ∈ {0, 1} stays finite
# torch's EPSILON in binary_cross_entropy_backward: 1e-12 rounded to float32 (9.99999996e-13)
# even for float64 tensors; using the same number makes our gradient bit-for-bit torch's.
_BCE_EPS = 9.999999960041972e-13


def _clamped_log(a: np.ndarray, log1p_of_negative: bool = False) -> np.ndarray:
    """max(log a, −100), or max(log(1 − a), −100); no divide-by-zero warning at 0."""
    out = np.full(a.shape, _LOG_FLOOR, dtype=a.dtype)
    if log1p_of_negative:
        np.log1p(-a, out=out, where=a < 1)
    else:
        np.log(a, out=out, where=a > 0)
    np.maximum(out, _LOG_FLOOR, out=out)
    return out


class BCELoss(Loss):
    """Binary cross-entropy on probabilities (``F.binary_cross_entropy``).

    L = −(1/n) Σ [y·log p + (1 − y)·log(1 − p)], each log clamped at −100 as torch does.
    ∂L/∂p = (p − y) / max(p(1 − p), ε) / n with torch's ε ≈ 1e-12 (its backward formula).
    ``pred`` holds probabilities in [0, 1] (after a sigmoid), ``target`` values in [0, 1]
    (usually 0/1), both of one shape. Prefer ``bce_with_logits`` for training: it is stabler.
    """

    name = "bce"
    display_name = "Binary cross-entropy"
    latex = r"L = -\frac{1}{n}\sum_i \left[y_i \log p_i + (1 - y_i)\log(1 - p_i)\right]"
    formula = "L = −(1/n) Σ [y·log p + (1 − y)·log(1 − p)]"
    task = "binary"

    def _prepare(self, pred, target):
        p, t = super()._prepare(pred, target)
        check_unit_interval(self.name, "pred (probabilities)", p)
        check_unit_interval(self.name, "target", t)
        return p, t

    def _value(self, pred, target):
        log_p = _clamped_log(pred)
        log_q = _clamped_log(pred, log1p_of_negative=True)
        log_p -= log_q
        log_p *= target
        log_p += log_q  # y·log p + (1 − y)·log(1 − p)
        return -log_p.mean()

    def _gradient(self, pred, target):
        denom = 1.0 - pred
        denom *= pred
        np.maximum(denom, _BCE_EPS, out=denom)
        out = pred - target
        out /= denom
        out *= 1.0 / out.size
        return out


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy on logits z (``F.binary_cross_entropy_with_logits``).

    L = (1/n) Σ [softplus(z) − y·z] = (1/n) Σ [max(z, 0) − y·z + log(1 + e^{−|z|})],
    the same as ``bce(σ(z), y)`` but without overflow or log(0); ∂L/∂z = (σ(z) − y)/n.
    """

    name = "bce_with_logits"
    display_name = "Binary cross-entropy (logits)"
    latex = r"L = \frac{1}{n}\sum_i \left[\log(1 + e^{z_i}) - y_i z_i\right]"
    formula = "L = (1/n) Σ [log(1 + e^z) − y·z]"
    task = "binary"

    def _prepare(self, pred, target):
        p, t = super()._prepare(pred, target)
        check_unit_interval(self.name, "target", t)
        return p, t

    def _value(self, pred, target):
        out = softplus_of(pred)
        out -= target * pred
        return out.mean()

    def _gradient(self, pred, target):
        out = sigmoid(pred)
        out -= target
        out *= 1.0 / out.size
        return out


class CrossEntropyLoss(Loss):
    """Cross-entropy on logits (``F.cross_entropy`` with class-index targets).

    ``pred``: logits, ndarray of shape (N, C); ``target``: class indices of shape (N,), integers
    in [0, C). With the stable log-softmax log pᵢⱼ = zᵢⱼ − max_k zᵢₖ − log Σₖ e^{zᵢₖ − max},
    L = −(1/N) Σᵢ Σⱼ qᵢⱼ log pᵢⱼ with q = (1 − ε)·onehot(y) + ε/C (ε = ``label_smoothing``),
    ∂L/∂z = (softmax(z) − q)/N.
    """

    name = "cross_entropy"
    display_name = "Cross-entropy (softmax)"
    latex = r"L = -\frac{1}{N}\sum_i \log \frac{e^{z_{i,y_i}}}{\sum_k e^{z_{i,k}}}"
    formula = "L = −(1/N) Σ log softmax(z)[y]"
    task = "multiclass"
    param_specs = (
        ParamSpec("label_smoothing", 0.0, 0.0, 0.5, "mass ε spread uniformly over all classes"),
    )

    def _check_params(self):
        e = self._params["label_smoothing"]
        require(0.0 <= e <= 1.0, self.name, f"label_smoothing must be in [0, 1], got {e}")

    def _prepare(self, pred, target):
        z = as_float_array(pred)
        t = np.asarray(target)
        if z.ndim != 2 or z.shape[0] == 0 or z.shape[1] == 0:
            raise ValueError(f"{self.name}: pred must be logits of shape (N, C), got {z.shape}")
        if t.shape != (z.shape[0],):
            raise ValueError(
                f"{self.name}: target must be class indices of shape ({z.shape[0]},), got {t.shape}"
            )
        if t.dtype.kind == "f":
            if not np.all(np.isfinite(t)) or np.any(t != np.round(t)):
                raise ValueError(f"{self.name}: target must hold integer class indices")
        elif t.dtype.kind not in "iu":
            raise ValueError(f"{self.name}: target must hold integer class indices, got {t.dtype}")
        if t.min() < 0 or t.max() >= z.shape[1]:
            raise ValueError(
                f"{self.name}: target class indices must be in [0, {z.shape[1] - 1}], "
                f"got values in [{t.min()}, {t.max()}]"
            )
        return z, t.astype(np.intp)

    @staticmethod
    def _log_softmax(z: np.ndarray) -> np.ndarray:
        out = z - z.max(axis=1, keepdims=True)
        out -= np.log(np.exp(out).sum(axis=1, keepdims=True))
        return out

    def _value(self, pred, target):
        eps = self._params["label_smoothing"]
        log_p = self._log_softmax(pred)
        nll = -log_p[np.arange(len(target)), target].mean()
        if eps == 0.0:
            return nll
        return (1.0 - eps) * nll - eps * log_p.mean()

    def _gradient(self, pred, target):
        eps = self._params["label_smoothing"]
        n, c = pred.shape
        grad = pred - pred.max(axis=1, keepdims=True)
        np.exp(grad, out=grad)
        grad /= grad.sum(axis=1, keepdims=True)
        if eps != 0.0:
            grad -= eps / c
        grad[np.arange(n), target] -= 1.0 - eps
        grad *= 1.0 / n
        return grad


class HingeLoss(Loss):
    """Hinge (margin) loss for targets y ∈ {−1, +1} and real scores s of the same shape.

    L = (1/n) Σ max(0, m − y·s), m = ``margin``; ∂L/∂s = −y/n where y·s < m, else 0 — the
    subgradient 0 at the hinge y·s = m, like relu′(0) = 0 in ``relu(m − y*s).mean()``.
    m = 0 gives the perceptron criterion. PyTorch has no exact equivalent: the closest are
    ``nn.MultiMarginLoss`` (on 2-class scores [0, s] it equals half this loss, with the same
    0 subgradient) and ``nn.HingeEmbeddingLoss`` (a different loss for distances).
    """

    name = "hinge"
    display_name = "Hinge (SVM)"
    latex = r"L = \frac{1}{n}\sum_i \max(0,\ m - y_i s_i)"
    formula = "L = (1/n) Σ max(0, m − y·s)"
    task = "margin"
    param_specs = (ParamSpec("margin", 1.0, 0.0, 3.0, "required score margin m (0 = perceptron)"),)

    def _check_params(self):
        m = self._params["margin"]
        require(m >= 0.0, self.name, f"margin must be ≥ 0, got {m}")

    def _prepare(self, pred, target):
        p, t = super()._prepare(pred, target)
        if not np.all((t == 1) | (t == -1)):
            bad = np.unique(t[(t != 1) & (t != -1)])[:5]
            raise ValueError(f"{self.name}: target must be −1 or +1, found {bad.tolist()}")
        return p, t

    def _value(self, pred, target):
        out = pred * target
        np.subtract(self._params["margin"], out, out=out)
        np.maximum(out, 0.0, out=out)
        return out.mean()

    def _gradient(self, pred, target):
        active = (pred * target) < self._params["margin"]
        out = -target
        out *= active
        out *= 1.0 / out.size
        return out


__all__ = ["BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "HingeLoss"]

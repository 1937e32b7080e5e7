"""Classification losses: binary cross-entropy (on probabilities or logits), the sigmoid focal
loss, and cross-entropy on logits. The margin losses (hinge …) are in :mod:`.margin`."""

from __future__ import annotations

import numpy as np

from explorer.core._params import ParamSpec, as_float_array, require
from explorer.core.activations._special import sigmoid, sigmoid_of_negative, softplus_of

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

    def terms(self, pred, target) -> np.ndarray:
        """The loss of each element (``reduction='none'``), same shape as ``pred``."""
        p, t = self._prepare(pred, target)
        return self._terms(p, t)

    def _terms(self, pred, target):
        out = softplus_of(pred)
        out -= target * pred
        return out

    def _value(self, pred, target):
        return self._terms(pred, target).mean()

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


class SigmoidFocalLoss(Loss):
    """Focal loss on logits (``torchvision.ops.sigmoid_focal_loss``, mean-reduced).

    With p = σ(z), ce = bce_with_logits(z, y) per element, pₜ = p·y + (1 − p)(1 − y) and
    αₜ = α·y + (1 − α)(1 − y) (no weighting, αₜ = 1, when α < 0):
    L = (1/n) Σ αₜ·(1 − pₜ)^γ·ce. γ = 0 and α < 0 give ``bce_with_logits``; γ > 0 shrinks
    the loss of points already classified well ((1 − pₜ)^γ → 0) so the hard ones dominate.
    ∂L/∂z = αₜ·[(p − y)(1 − pₜ)^γ − γ·ce·(1 − pₜ)^{γ−1}·p(1 − p)(2y − 1)]/n, the second term 0
    where 1 − pₜ = 0 (its limit). 1 − pₜ = p(1 − y) + (1 − p)y is computed without
    cancellation, so the loss stays accurate for confident points. torchvision's default
    reduction is 'none'; this registry's losses are all means.
    """

    name = "sigmoid_focal"
    display_name = "Focal (sigmoid)"
    latex = r"L = \frac{1}{n}\sum_i \alpha_t (1 - p_t)^\gamma\,\mathrm{BCE}(z_i, y_i)"
    formula = "L = (1/n) Σ αₜ·(1 − pₜ)^γ·BCE(z, y)"
    task = "binary"
    param_specs = (
        ParamSpec("alpha", 0.25, -1.0, 1.0, "weight α of the positive class (< 0: none)"),
        ParamSpec("gamma", 2.0, 0.0, 5.0, "focusing exponent γ (0 = cross-entropy)"),
    )

    def _check_params(self):
        a, g = self._params["alpha"], self._params["gamma"]
        require(a <= 1.0, self.name, f"alpha must be ≤ 1 (or < 0 for no weighting), got {a}")
        require(g >= 0.0, self.name, f"gamma must be ≥ 0, got {g}")

    def _prepare(self, pred, target):
        p, t = super()._prepare(pred, target)
        check_unit_interval(self.name, "target", t)
        return p, t

    def _parts(self, z, y):
        """(p, 1 − p, ce, 1 − pₜ, αₜ) elementwise."""
        p, q = sigmoid(z), sigmoid_of_negative(z)
        ce = softplus_of(z)
        ce -= y * z
        miss = p * (1.0 - y) + q * y  # 1 − pₜ
        alpha = self._params["alpha"]
        weight = alpha * y + (1.0 - alpha) * (1.0 - y) if alpha >= 0 else None
        return p, q, ce, miss, weight

    def terms(self, pred, target) -> np.ndarray:
        """The loss of each element (torchvision's ``reduction='none'``), shape of ``pred``."""
        p, t = self._prepare(pred, target)
        return self._terms(p, t)

    def _terms(self, pred, target):
        _p, _q, ce, miss, weight = self._parts(pred, target)
        out = ce * miss ** self._params["gamma"]
        if weight is not None:
            out *= weight
        return out

    def _value(self, pred, target):
        return self._terms(pred, target).mean()

    def _gradient(self, pred, target):
        gamma = self._params["gamma"]
        p, q, ce, miss, weight = self._parts(pred, target)
        out = (p - target) * miss**gamma
        if gamma != 0.0:
            pull = np.zeros_like(miss)  # (1 − pₜ)^{γ−1}, 0 where 1 − pₜ = 0 (see docstring)
            np.power(miss, gamma - 1.0, out=pull, where=miss > 0)
            out -= gamma * ce * pull * p * q * (2.0 * target - 1.0)
        if weight is not None:
            out *= weight
        out *= 1.0 / out.size
        return out


__all__ = ["BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "SigmoidFocalLoss"]

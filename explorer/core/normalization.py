"""Normalization layers with torch's semantics: BatchNorm1d, LayerNorm, RMSNorm, GroupNorm.

Every layer normalizes a batch ``z`` (N, F) over some *group* of its entries and then applies
a per-feature affine map. What differs is the group (:func:`group_labels` says which entries
share one):

============  ===========================  ==============================================
layer         group of entry (n, f)        statistic
============  ===========================  ==============================================
BatchNorm1d   column f (all samples)       mean μ and biased variance σ² over the batch
LayerNorm     row n (all features)         mean and biased variance over the features
RMSNorm       row n (all features)         root mean square √(mean z²) only (no mean)
GroupNorm     row n, the G-th of features  mean and biased variance over F/G features
============  ===========================  ==============================================

Each layer computes its forward into a caller-given buffer and its backward by hand, as the
MLP's other pieces do (:mod:`explorer.core.layers`): parameters and gradients are *views*
given to the constructor, and backward **overwrites** the gradient views. ``gamma`` is torch's
``weight``, ``beta`` its ``bias``, both (F,). :func:`make` builds one with its own arrays, for
notebooks and the Normalization lab.

Everything stays in the dtype of the arrays passed in; sums are accumulated in float64, as
torch's CPU kernels do (statistics and their gradients are differences of nearly equal sums).
"""

from __future__ import annotations

import numpy as np


def column_sums(a, ones):
    """Σ_n a[n, :] as float64 (accumulated in float64 for a float32 ``a``, as torch's CPU
    kernels do: batch statistics and their gradients are differences of nearly equal sums)."""
    if a.dtype == np.float64:
        return np.matmul(ones, a)
    return a.sum(axis=0, dtype=np.float64)


def row_means(a):
    """Mean of each row of ``a`` (N, F) as (N, 1), accumulated in float64, in ``a``'s dtype."""
    return (a.sum(axis=1, keepdims=True, dtype=np.float64) / a.shape[1]).astype(a.dtype)


def batch_size_error(shape) -> str:
    """torch's words when BatchNorm trains on one sample (``F.batch_norm``'s check)."""
    return (
        "Expected more than 1 value per channel when training, "
        f"got input size torch.Size([{', '.join(str(int(s)) for s in shape)}])"
    )


class _Norm:
    """Shared parts: ``u = gamma * xhat + beta`` and its parameter gradients.

    ``beta``/``dbeta`` may be None (RMSNorm has no bias)."""

    def __init__(self, gamma, beta, dgamma, dbeta, eps=1e-5):
        self.gamma, self.beta, self.dgamma, self.dbeta = gamma, beta, dgamma, dbeta
        self.eps = eps
        self.xhat = None  # (N, F) normalized input of the last forward
        self.inv_std = None  # (F,) BatchNorm1d; (N, 1) LayerNorm, RMSNorm; (N, G, 1) GroupNorm

    def _xhat_buffer(self, z):
        if self.xhat is None or self.xhat.shape != z.shape or self.xhat.dtype != z.dtype:
            self.xhat = np.empty_like(z)
        return self.xhat

    def _affine(self, out):
        np.multiply(self.xhat, self.gamma, out=out)
        if self.beta is not None:
            out += self.beta
        return out

    def _affine_grads(self, du, ones, scratch):
        """``dbeta = Σ_n du``, ``dgamma = Σ_n du ⊙ xhat`` (scratch: (N, F) buffer)."""
        if ones is None or ones.shape[0] != du.shape[0] or ones.dtype != du.dtype:
            ones = np.ones(du.shape[0], dtype=du.dtype)
        if self.dbeta is not None:
            self.dbeta[...] = column_sums(du, ones)
        np.multiply(du, self.xhat, out=scratch)
        self.dgamma[...] = column_sums(scratch, ones)


class BatchNorm1d(_Norm):
    r"""Batch normalization over the batch axis, torch semantics (eps 1e-5, momentum 0.1).

    Training: with the batch mean ``μ`` and *biased* variance ``σ²`` of each feature,
    ``xhat = (z − μ)/√(σ² + eps)``, ``u = γ·xhat + β``, and the running statistics move by
    ``r ← (1 − momentum)·r + momentum·stat`` using the *unbiased* variance ``σ²·N/(N−1)``.
    Eval: the running statistics replace ``μ``, ``σ²``. Running mean starts at 0, variance at 1.
    Training on N = 1 raises ``ValueError`` with torch's message (:func:`batch_size_error`).

    Backward (training), per feature, with ``du = ∂L/∂u``::

        ∂L/∂β = Σ du,   ∂L/∂γ = Σ du·xhat
        ∂L/∂z = γ/√(σ²+eps) · (du − mean(du) − xhat·mean(du·xhat))

    In eval mode the statistics are constants and ``∂L/∂z = du·γ/√(running_var + eps)``.
    """

    def __init__(self, gamma, beta, dgamma, dbeta, eps=1e-5, momentum=0.1):
        super().__init__(gamma, beta, dgamma, dbeta, eps)
        self.momentum = momentum
        n = gamma.shape[0]
        self.running_mean = np.zeros(n, dtype=gamma.dtype)
        self.running_var = np.ones(n, dtype=gamma.dtype)
        self.num_batches_tracked = 0
        self._trained_last = True
        self.batch_mean = None  # (F,) μ_B of the last training forward
        self.batch_var = None  # (F,) biased σ²_B of the last training forward

    def forward(self, z, out, training=True, ones=None):
        """Normalize ``z`` (N, F) into ``out`` (N, F); update running stats when training."""
        n = z.shape[0]
        if training and n < 2:
            raise ValueError(batch_size_error(z.shape))
        if ones is None or ones.shape[0] != n or ones.dtype != z.dtype:
            ones = np.ones(n, dtype=z.dtype)
        xhat = self._xhat_buffer(z)
        if training:
            mean = (column_sums(z, ones) / n).astype(z.dtype)
            np.subtract(z, mean, out=xhat)
            np.multiply(xhat, xhat, out=out)  # out as scratch
            var = (column_sums(out, ones) / n).astype(z.dtype)
            m = self.momentum
            self.running_mean *= 1.0 - m
            self.running_mean += m * mean
            self.running_var *= 1.0 - m
            self.running_var += (m * n / (n - 1)) * var
            self.num_batches_tracked += 1
            self.batch_mean, self.batch_var = mean, var
        else:
            np.subtract(z, self.running_mean, out=xhat)
            var = self.running_var
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        xhat *= self.inv_std
        self._trained_last = training
        return self._affine(out)

    def backward(self, du, dz_out, ones, scratch):
        """Set ``dgamma``, ``dbeta``; write ∂L/∂z (N, F) into ``dz_out`` and return it."""
        self._affine_grads(du, ones, scratch)
        scale = self.gamma * self.inv_std
        if self._trained_last:
            n = du.shape[0]
            # dz = scale * (du - dbeta/N - xhat * dgamma/N)
            np.multiply(self.xhat, self.dgamma / n, out=dz_out)
            np.subtract(du, dz_out, out=dz_out)
            dz_out -= self.dbeta / n
            dz_out *= scale
        else:
            np.multiply(du, scale, out=dz_out)
        return dz_out

    def get_state(self):
        """Running statistics (copies)."""
        return {
            "running_mean": self.running_mean.copy(),
            "running_var": self.running_var.copy(),
            "num_batches_tracked": self.num_batches_tracked,
        }

    def set_state(self, state):
        """Restore what :meth:`get_state` returned."""
        self.running_mean[...] = state["running_mean"]
        self.running_var[...] = state["running_var"]
        self.num_batches_tracked = int(state["num_batches_tracked"])

    def predict(self, z):
        """Eval-mode output for ``z`` (N, F) as a new array; touches no state."""
        inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
        return (z - self.running_mean) * (inv_std * self.gamma) + self.beta


class LayerNorm(_Norm):
    r"""Layer normalization over the features of each sample, torch semantics (eps 1e-5).

    For each row, ``xhat = (z − μ)/√(σ² + eps)`` with the row mean and biased variance, and
    ``u = γ·xhat + β`` (elementwise affine, γ and β of shape (F,)). Same in train and eval.

    Backward, per row, with ``g = γ·du``::

        ∂L/∂z = 1/√(σ²+eps) · (g − mean_f(g) − xhat·mean_f(g·xhat))
    """

    def forward(self, z, out, training=True, ones=None):
        """Normalize each row of ``z`` (N, F) into ``out`` (N, F) and return it."""
        xhat = self._xhat_buffer(z)
        mean = row_means(z)
        np.subtract(z, mean, out=xhat)
        np.multiply(xhat, xhat, out=out)  # out as scratch
        var = row_means(out)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)  # (N, 1)
        xhat *= self.inv_std
        return self._affine(out)

    def backward(self, du, dz_out, ones, scratch):
        """Set ``dgamma``, ``dbeta``; write ∂L/∂z (N, F) into ``dz_out`` and return it."""
        self._affine_grads(du, ones, scratch)
        g = np.multiply(du, self.gamma, out=scratch)
        np.multiply(g, self.xhat, out=dz_out)
        proj = row_means(dz_out)  # (N, 1) mean of g·xhat
        mean_g = row_means(g)
        np.multiply(self.xhat, proj, out=dz_out)
        np.subtract(g, dz_out, out=dz_out)
        dz_out -= mean_g
        dz_out *= self.inv_std
        return dz_out

    def predict(self, z):
        """Output for ``z`` (N, F) as a new array; touches no state."""
        xhat = z - row_means(z)
        return xhat / np.sqrt(row_means(xhat * xhat) + self.eps) * self.gamma + self.beta


class RMSNorm(_Norm):
    r"""Root-mean-square normalization of each sample, ``torch.nn.RMSNorm`` semantics.

    For each row, ``u = γ · z / √(mean_f(z²) + eps)``: LayerNorm without the mean (the row is
    scaled, not centred) and without a bias. ``eps=None`` (torch's default) is
    ``torch.finfo(z.dtype).eps`` (2.2e-16 in float64, 1.2e-7 in float32). Same in train and
    eval.

    Backward, per row, with ``r = 1/√(mean(z²)+eps)``, ``xhat = z·r`` and ``g = γ·du``::

        ∂L/∂γ = Σ_n du·xhat,   ∂L/∂z = r · (g − xhat·mean_f(g·xhat))
    """

    def __init__(self, gamma, dgamma, eps=None):
        super().__init__(gamma, None, dgamma, None, eps)

    def eps_for(self, dtype) -> float:
        """The ε used for inputs of ``dtype``: the one given, or ``finfo(dtype).eps``."""
        return float(np.finfo(dtype).eps) if self.eps is None else self.eps

    def forward(self, z, out, training=True, ones=None):
        """Scale each row of ``z`` (N, F) into ``out`` (N, F) and return it."""
        xhat = self._xhat_buffer(z)
        np.multiply(z, z, out=out)  # out as scratch
        self.inv_std = 1.0 / np.sqrt(row_means(out) + self.eps_for(z.dtype))  # (N, 1)
        np.multiply(z, self.inv_std, out=xhat)
        return self._affine(out)

    def backward(self, du, dz_out, ones, scratch):
        """Set ``dgamma``; write ∂L/∂z (N, F) into ``dz_out`` and return it."""
        self._affine_grads(du, ones, scratch)
        g = np.multiply(du, self.gamma, out=scratch)
        np.multiply(g, self.xhat, out=dz_out)
        proj = row_means(dz_out)  # (N, 1) mean of g·xhat
        np.multiply(self.xhat, proj, out=dz_out)
        np.subtract(g, dz_out, out=dz_out)
        dz_out *= self.inv_std
        return dz_out

    def predict(self, z):
        """Output for ``z`` (N, F) as a new array; touches no state."""
        return z / np.sqrt(row_means(z * z) + self.eps_for(z.dtype)) * self.gamma


class GroupNorm(_Norm):
    r"""Group normalization of the features, ``torch.nn.GroupNorm(G, F)`` on (N, F) input.

    The F features of each sample are split into G consecutive groups of F/G; each group is
    normalized with its own mean and biased variance (LayerNorm is G = 1; G = F normalizes
    every entry alone — InstanceNorm on one value, ``xhat = 0``), then ``u = γ·xhat + β``
    per feature. eps 1e-5; same in train and eval. F must be divisible by G.

    Backward per (sample, group), with ``g = γ·du`` and the group's mean ``mean_k``::

        ∂L/∂z = 1/√(σ²+eps) · (g − mean_k(g) − xhat·mean_k(g·xhat))
    """

    def __init__(self, num_groups, gamma, beta, dgamma, dbeta, eps=1e-5):
        super().__init__(gamma, beta, dgamma, dbeta, eps)
        features = gamma.shape[0]
        check_groups(num_groups, features)
        self.num_groups = int(num_groups)

    def _grouped(self, a):
        """(N, F) → (N, G, F/G) view."""
        return a.reshape(a.shape[0], self.num_groups, -1)

    @staticmethod
    def _means(a3):
        """Mean over the last axis of (N, G, K) as (N, G, 1), accumulated in float64."""
        return a3.mean(axis=2, keepdims=True, dtype=np.float64).astype(a3.dtype)

    def forward(self, z, out, training=True, ones=None):
        """Normalize each group of each row of ``z`` (N, F) into ``out`` and return it."""
        xhat = self._xhat_buffer(z)
        z3, x3, o3 = self._grouped(z), self._grouped(xhat), self._grouped(out)
        np.subtract(z3, self._means(z3), out=x3)
        np.multiply(x3, x3, out=o3)  # out as scratch
        self.inv_std = 1.0 / np.sqrt(self._means(o3) + self.eps)  # (N, G, 1)
        x3 *= self.inv_std
        return self._affine(out)

    def backward(self, du, dz_out, ones, scratch):
        """Set ``dgamma``, ``dbeta``; write ∂L/∂z (N, F) into ``dz_out`` and return it."""
        self._affine_grads(du, ones, scratch)
        g3 = self._grouped(np.multiply(du, self.gamma, out=scratch))
        x3, d3 = self._grouped(self.xhat), self._grouped(dz_out)
        np.multiply(g3, x3, out=d3)
        proj = self._means(d3)
        mean_g = self._means(g3)
        np.multiply(x3, proj, out=d3)
        np.subtract(g3, d3, out=d3)
        d3 -= mean_g
        d3 *= self.inv_std
        return dz_out

    def predict(self, z):
        """Output for ``z`` (N, F) as a new array; touches no state."""
        z3 = self._grouped(np.asarray(z))
        c = z3 - self._means(z3)
        xhat = (c / np.sqrt(self._means(c * c) + self.eps)).reshape(np.shape(z))
        return xhat * self.gamma + self.beta


def check_groups(num_groups: int, features: int) -> None:
    """torch's check: ``num_channels must be divisible by num_groups``."""
    if int(num_groups) < 1:
        raise ValueError(f"num_groups must be at least 1, got {num_groups}")
    if features % int(num_groups):
        raise ValueError(
            f"num_channels must be divisible by num_groups (got {features} features "
            f"and {num_groups} groups)"
        )


#: registry names, in the order the lab lists them
NAMES = ("batchnorm", "layernorm", "rmsnorm", "groupnorm")
TITLES = {
    "batchnorm": "BatchNorm",
    "layernorm": "LayerNorm",
    "rmsnorm": "RMSNorm",
    "groupnorm": "GroupNorm",
}


def names() -> tuple[str, ...]:
    return NAMES


def make(name: str, features: int, *, dtype=np.float64, num_groups: int = 2, eps=None, **kw):
    """A norm layer with its own γ = 1, β = 0 and gradient arrays (torch's initial values).

    ``eps=None`` keeps each layer's torch default (1e-5; RMSNorm's finfo eps); ``num_groups``
    applies to GroupNorm, ``momentum`` (in ``kw``) to BatchNorm1d."""
    gamma, dgamma = np.ones(features, dtype), np.zeros(features, dtype)
    beta, dbeta = np.zeros(features, dtype), np.zeros(features, dtype)
    extra = {} if eps is None else {"eps": eps}
    if name == "batchnorm":
        return BatchNorm1d(gamma, beta, dgamma, dbeta, **extra, **kw)
    if name == "layernorm":
        return LayerNorm(gamma, beta, dgamma, dbeta, **extra)
    if name == "rmsnorm":
        return RMSNorm(gamma, dgamma, eps=eps)
    if name == "groupnorm":
        return GroupNorm(num_groups, gamma, beta, dgamma, dbeta, **extra)
    raise ValueError(f"unknown normalization {name!r}; valid: {', '.join(NAMES)}")


def group_labels(name: str, shape: tuple[int, int], num_groups: int = 2) -> np.ndarray:
    """(N, F) int array: entries with the same label are normalized together by ``name``.

    BatchNorm: the column index; LayerNorm and RMSNorm: the row index; GroupNorm: ``n·G + f //
    (F/G)``."""
    n, f = shape
    rows = np.arange(n)[:, None]
    cols = np.arange(f)[None, :]
    if name == "batchnorm":
        return np.broadcast_to(cols, (n, f)).copy()
    if name in ("layernorm", "rmsnorm"):
        return np.broadcast_to(rows, (n, f)).copy()
    if name == "groupnorm":
        check_groups(num_groups, f)
        return rows * num_groups + cols // (f // num_groups)
    raise ValueError(f"unknown normalization {name!r}; valid: {', '.join(NAMES)}")

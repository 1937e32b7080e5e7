"""Layer pieces of the MLP: Linear, BatchNorm1d, LayerNorm and an activation wrapper.

Each piece computes its forward into a caller-given buffer and its backward by hand, with
torch's semantics (``torch.nn.Linear``, ``BatchNorm1d``, ``LayerNorm``). Parameters and
gradients are *views* given to the constructor (the MLP keeps them in one flat buffer), and
backward **overwrites** the gradient views. Shapes: a batch ``x`` is (N, fan_in), a weight
``W`` is (fan_in, fan_out) — the transpose of ``torch.nn.Linear.weight`` — and ``b``,
``gamma``, ``beta`` are (fan_out,).

Everything stays in the dtype of the arrays passed in: scalars are Python floats, which
NumPy treats as "weak" and never upcasts a float32 array with.
"""

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


def _padded(buf, rows, cols, dtype):
    """A zeroed (rows, cols) array, reusing ``buf`` when it already has that shape and dtype."""
    if buf is None or buf.shape != (rows, cols) or buf.dtype != dtype:
        buf = np.zeros((rows, cols), dtype=dtype)
    return buf


class OuterProduct:
    """``a @ b`` for ``a`` (N, 1) and ``b`` (1, F), written into ``out`` (N, F).

    NumPy's ``matmul`` leaves BLAS for a slow generic loop when the inner dimension is 1:
    150 µs for (1000, 1) @ (1, 64) against 13 µs for the same product as a K = 2 matmul
    with a zero column appended to ``a`` and a zero row to ``b`` (measured, float32). The
    padding adds ``0·0`` to every entry, so the result is bit-identical.
    """

    def __init__(self):
        self._a = self._b = None

    def __call__(self, a, b, out):
        self._a = _padded(self._a, a.shape[0], 2, a.dtype)
        self._b = _padded(self._b, 2, b.shape[1], b.dtype)
        self._a[:, :1] = a
        self._b[:1] = b
        return np.matmul(self._a, self._b, out=out)


class Linear:
    """Affine map ``z = x @ W + b``.

    Backward, for ``dz = ∂L/∂z`` of shape (N, fan_out)::

        ∂L/∂W = xᵀ dz          (fan_in, fan_out)
        ∂L/∂b = 1ᵀ dz          (fan_out,)   — a GEMV with a ones vector, faster than sum
        ∂L/∂x = dz Wᵀ          (N, fan_in)

    A width-1 input (forward) or output (∂L/∂x) makes that product an outer product, which
    goes through :class:`OuterProduct`.
    """

    def __init__(self, W, b, gW, gb):
        self.W, self.b, self.gW, self.gb = W, b, gW, gb
        fan_in, fan_out = W.shape
        self._forward_product = OuterProduct() if fan_in == 1 else np.matmul
        self._backward_product = OuterProduct() if fan_out == 1 else np.matmul

    def forward(self, x, out):
        """Write ``x @ W + b`` (N, fan_out) into ``out`` and return it."""
        self._forward_product(x, self.W, out=out)
        out += self.b
        return out

    def backward(self, x, dz, ones, dx_out=None):
        """Set ``gW``, ``gb``; write ∂L/∂x into ``dx_out`` if given and return it.

        ``ones`` is a (N,) vector of ones in the working dtype.
        """
        np.matmul(x.T, dz, out=self.gW)
        np.matmul(ones, dz, out=self.gb)
        if dx_out is None:
            return None
        return self._backward_product(dz, self.W.T, out=dx_out)

    def predict(self, x):
        """``x @ W + b`` as a new array; touches no buffer the training path uses."""
        out = np.empty((x.shape[0], self.W.shape[1]), dtype=np.result_type(x, self.W))
        product = OuterProduct() if self.W.shape[0] == 1 else np.matmul
        product(x, self.W, out=out)
        out += self.b
        return out


class _Norm:
    """Shared parts of the two normalizations: ``u = gamma * xhat + beta``."""

    def __init__(self, gamma, beta, dgamma, dbeta, eps=1e-5):
        self.gamma, self.beta, self.dgamma, self.dbeta = gamma, beta, dgamma, dbeta
        self.eps = eps
        self.xhat = None  # (N, F) normalized input of the last forward
        self.inv_std = None  # (F,) for BatchNorm1d, (N, 1) for LayerNorm

    def _xhat_buffer(self, z):
        if self.xhat is None or self.xhat.shape != z.shape:
            self.xhat = np.empty_like(z)
        return self.xhat

    def _affine(self, out):
        np.multiply(self.xhat, self.gamma, out=out)
        out += self.beta
        return out

    def _affine_grads(self, du, ones, scratch):
        """``dbeta = Σ_n du``, ``dgamma = Σ_n du ⊙ xhat`` (scratch: (N, F) buffer)."""
        self.dbeta[...] = column_sums(du, ones)
        np.multiply(du, self.xhat, out=scratch)
        self.dgamma[...] = column_sums(scratch, ones)


class BatchNorm1d(_Norm):
    r"""Batch normalization over the batch axis, torch semantics (eps 1e-5, momentum 0.1).

    Training: with the batch mean ``μ`` and *biased* variance ``σ²`` of each feature,
    ``xhat = (z − μ)/√(σ² + eps)``, ``u = γ·xhat + β``, and the running statistics move by
    ``r ← (1 − momentum)·r + momentum·stat`` using the *unbiased* variance ``σ²·N/(N−1)``.
    Eval: the running statistics replace ``μ``, ``σ²``. Running mean starts at 0, variance at 1.

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

    def forward(self, z, out, training, ones):
        """Normalize ``z`` (N, F) into ``out`` (N, F); update running stats when training."""
        xhat = self._xhat_buffer(z)
        n = z.shape[0]
        if training:
            if n < 2:
                raise ValueError(
                    f"BatchNorm1d in training mode needs more than 1 sample per batch, got N={n}"
                )
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


def _tanh_float32(u, out):
    """tanh(u) = 2σ(2u) − 1 = 2 / (1 + e^{−2u}) − 1 in float32, written into ``out``.

    NumPy's float32 ``exp`` is vectorized and its ``tanh`` much less so: five passes of this
    cost 0.7× one ``np.tanh`` on a (1000, 64) batch (measured), about 5 % of a training step of
    a deep tanh net. The result is within 2.5e-7 of the exact tanh (1–2 float32 steps near ±1,
    where torch's own float32 kernels also differ by a step between CPUs); near 0 the error
    stays absolute, like that of the pre-activation a float32 matmul delivers. e^{−2u}
    overflows to inf for u < −44, which gives exactly −1.
    """
    np.multiply(u, -2.0, out=out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1.0
    np.divide(2.0, out, out=out)
    out -= 1.0
    return out


class ActivationLayer:
    """Elementwise nonlinearity ``a = f(u)`` with its derivative taken from the stored output.

    Wraps an :mod:`explorer.core.activations` object. tanh, sigmoid and relu are computed in
    place into buffers (float32 tanh through ``exp``: see :func:`_tanh_float32`), with the
    derivative from the output (``1 − a²``, ``a(1 − a)``,
    ``[a > 0]`` — the last is torch's value 0 at the kink); other activations call the
    object's ``forward``/``derivative(u, y=a)`` and are cast to the working dtype.
    """

    _FAST = ("tanh", "sigmoid", "relu")

    def __init__(self, act, fast_ok=True):
        self.act = act
        self.name = act.name
        self.max_abs_derivative = float(act.max_abs_derivative)
        self.fast = fast_ok and self.name in self._FAST

    def forward(self, u, out):
        """``f(u)`` for ``u`` (N, F); written into ``out`` on the fast path. Returns the array."""
        if not self.fast:
            return np.asarray(self.act.forward(u), dtype=u.dtype)
        if self.name == "tanh":
            return np.tanh(u, out=out) if u.dtype != np.float32 else _tanh_float32(u, out)
        if self.name == "relu":
            return np.maximum(u, 0, out=out)
        # sigmoid = 1 / (1 + exp(-u)); exp overflows to inf for u < -88 (f32), giving 0: fine
        np.negative(u, out=out)
        with np.errstate(over="ignore"):
            np.exp(out, out=out)
        out += 1
        return np.reciprocal(out, out=out)

    def derivative(self, u, a, out):
        """``f′(u)`` (N, F) given ``a = f(u)``; written into ``out`` on the fast path."""
        if not self.fast:
            return np.asarray(self.act.derivative(u, y=a), dtype=u.dtype)
        if self.name == "tanh":
            np.multiply(a, a, out=out)
            return np.subtract(1, out, out=out)
        if self.name == "relu":
            return np.greater(a, 0, out=out)  # bool→float cast into out
        np.subtract(1, a, out=out)
        return np.multiply(out, a, out=out)

    def predict(self, u):
        """``f(u)`` as a new array."""
        return self.forward(u, np.empty_like(u))

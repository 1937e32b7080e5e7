"""Layer pieces of the MLP: Linear, the norms (from :mod:`.normalization`), activations.

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

# the norms live in their own module; imported here so `layers.BatchNorm1d` keeps working
from explorer.core.normalization import (  # noqa: F401
    BatchNorm1d,
    GroupNorm,
    LayerNorm,
    RMSNorm,
    column_sums,
    row_means,
)


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

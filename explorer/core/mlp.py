"""A multilayer perceptron in pure NumPy with a hand-written backward pass, torch semantics.

``MLP([1, 16, 16, 1], "tanh")`` is the NumPy twin of ::

    nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1))

with one convention change: **a weight W has shape (fan_in, fan_out)** and a layer computes
``z = x @ W + b`` (torch's ``Linear.weight`` is the transpose, ``W.T``).

Each hidden layer is Linear → (BatchNorm1d | LayerNorm) → activation; with ``residual=True``
a hidden layer whose input and output widths match returns ``h + layer(h)``. The output
layer is Linear (→ ``output_activation``). All parameters live in one flat vector
``flat_params`` (gradients in ``flat_grads``); ``params``/``grads`` are views into them in the
order ``[W1, b1, (gamma1, beta1,) W2, b2, ...]``, so an optimizer can update one vector.

Example::

    net = MLP([1, 32, 32, 1], "tanh", init="xavier_uniform", seed=0)
    y = net.forward(x)                      # x: (N, 1) → y: (N, 1)
    net.backward(2 * (y - t) / len(t))      # dL/dy of the MSE loss → fills net.grads
    net.flat_params -= 0.1 * net.flat_grads # one SGD step
"""

import numpy as np

from explorer.core import activations
from explorer.core import init as initializers
from explorer.core._mlp_buffers import Buffers
from explorer.core.layers import ActivationLayer, BatchNorm1d, LayerNorm, Linear
from explorer.core.stats import layer_stats as _layer_stats

NORMS = {"batchnorm": BatchNorm1d, "layernorm": LayerNorm}


def check_sizes(sizes) -> tuple[int, ...]:
    """Validate layer widths: at least 2 positive ints."""
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise ValueError(f"sizes must be a sequence of ints, got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least 2 entries (input, output), got {list(sizes)}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or s <= 0:
            raise ValueError(f"layer widths must be positive ints, got {list(sizes)}")
    return tuple(int(s) for s in sizes)


def check_dtype(dtype) -> np.dtype:
    """float32 or float64 only."""
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype must be float32 or float64, got {dt}")
    return dt


def resolve_activation(activation, params):
    """An activation object from a registry name (with keyword ``params``) or as given."""
    if isinstance(activation, str):
        valid = activations.names()
        if activation not in valid:
            raise ValueError(f"unknown activation {activation!r}; valid: {', '.join(valid)}")
        return activations.get(activation, **(params or {}))
    if params:
        raise ValueError("activation_params only apply to an activation given by name")
    for attr in ("forward", "derivative", "max_abs_derivative", "name"):
        if not hasattr(activation, attr):
            raise ValueError(f"activation object {activation!r} lacks {attr!r}")
    return activation


def is_registry_activation(act) -> bool:
    """True when ``act`` equals the registry's activation of its name (safe for fast paths)."""
    try:
        return bool(act == activations.get(act.name, **getattr(act, "params", {})))
    except (ValueError, TypeError):
        return False


class MLP:
    """Fully connected network ``sizes[0] → sizes[1] → … → sizes[-1]``.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths, input first, output last (at least 2 entries, all positive).
    activation : str or activation object
        Hidden activation: a name of :mod:`explorer.core.activations` or an object from it.
    init : str
        ``'default'`` — what ``torch.nn.Linear`` does by itself: W and b ~ U(±1/√fan_in).
        Any other name of :mod:`explorer.core.init` initializes the weights of *every* Linear
        layer (the usual ``for m in model.modules(): init_(m.weight)`` loop), with the gain
        of the hidden activation for xavier/orthogonal/kaiming (see
        :func:`explorer.core.init.nonlinearity_for`). Biases keep torch's default
        U(±1/√fan_in) — exactly what calling ``nn.init.xavier_uniform_(layer.weight)`` leaves
        — except with ``'zeros'``, which zeroes them too. Norm layers start at γ = 1, β = 0.
    norm : None, 'batchnorm' or 'layernorm'
        Normalization after each hidden Linear (eps 1e-5; batchnorm momentum 0.1).
    residual : bool
        Skip connection around every hidden layer whose input and output widths match.
    output_activation : None or str
        Activation after the output Linear.
    seed : int
        Seed of the ``np.random.Generator`` that draws the initial parameters.
    dtype : np.float64 or np.float32
        Working precision of parameters, buffers and outputs.
    activation_params : dict or None
        Keyword parameters of the hidden activation, e.g. ``{"negative_slope": 0.2}``.
    keep_preactivations : bool
        ``False`` lets tanh, sigmoid and relu nets without a norm compute each activation in
        place over its pre-activation, as torch's autograd keeps only a tanh's output: one
        (N, F) buffer less per hidden layer, about 5 % off a float32 training step of a deep
        net (measured, ``benchmarks/core.py``). :meth:`layer_stats` and :meth:`layer_arrays`
        then raise, since the pre-activations are gone.
    """

    def __init__(
        self,
        sizes,
        activation,
        init="default",
        norm=None,
        residual=False,
        output_activation=None,
        seed=0,
        dtype=np.float64,
        activation_params=None,
        keep_preactivations=True,
    ):
        self.sizes = check_sizes(sizes)
        self.dtype = check_dtype(dtype)
        if init not in initializers.names():
            raise ValueError(f"unknown init {init!r}; valid: {', '.join(initializers.names())}")
        if norm is not None and norm not in NORMS:
            raise ValueError(f"unknown norm {norm!r}; valid: None, {', '.join(NORMS)}")
        self._config = dict(
            sizes=self.sizes,
            activation=activation,
            init=init,
            norm=norm,
            residual=bool(residual),
            output_activation=output_activation,
            seed=seed,
            dtype=self.dtype,
            activation_params=activation_params,
            keep_preactivations=bool(keep_preactivations),
        )
        self.init, self.norm, self.residual, self.seed = init, norm, bool(residual), seed
        self.activation = resolve_activation(activation, activation_params)
        self.output_activation = (
            None if output_activation is None else resolve_activation(output_activation, None)
        )
        self._act = ActivationLayer(
            self.activation, fast_ok=is_registry_activation(self.activation)
        )
        self._out_act = None
        if self.output_activation is not None:
            out = self.output_activation
            self._out_act = ActivationLayer(out, fast_ok=is_registry_activation(out))
        self.keep_preactivations = bool(keep_preactivations)
        self._in_place = not self.keep_preactivations and self._act.fast and norm is None
        self._build(np.random.default_rng(seed))
        self.training = True
        self._buffers = {}  # N → Buffers, at most two kept (e.g. train batch + full data)
        self._last = None  # Buffers of the last forward
        self._backward_done = False

    # ------------------------------------------------------------------ construction
    def _build(self, rng):
        sizes, dt = self.sizes, self.dtype
        n_hidden = len(sizes) - 2
        shapes = []  # (fan_in, fan_out, has_norm) per Linear layer
        for i in range(len(sizes) - 1):
            shapes.append((sizes[i], sizes[i + 1], self.norm is not None and i < n_hidden))
        total = sum(fi * fo + fo + (2 * fo if nm else 0) for fi, fo, nm in shapes)
        self.flat_params = np.zeros(total, dtype=dt)
        self.flat_grads = np.zeros(total, dtype=dt)
        self.params, self.grads = [], []
        self.linears, self.norms, self.skips = [], [], []
        act = self.activation
        offset = 0

        def take(shape):
            nonlocal offset
            size = int(np.prod(shape))
            p = self.flat_params[offset : offset + size].reshape(shape)
            g = self.flat_grads[offset : offset + size].reshape(shape)
            offset += size
            self.params.append(p)
            self.grads.append(g)
            return p, g

        for i, (fan_in, fan_out, has_norm) in enumerate(shapes):
            W, gW = take((fan_in, fan_out))
            b, gb = take((fan_out,))
            W[...], b[...] = initializers.init_linear(
                self.init, fan_in, fan_out, rng, act.name, getattr(act, "params", None), dt
            )
            self.linears.append(Linear(W, b, gW, gb))
            if i == n_hidden:
                break
            if has_norm:
                gamma, dgamma = take((fan_out,))
                beta, dbeta = take((fan_out,))
                gamma[...] = 1
                self.norms.append(NORMS[self.norm](gamma, beta, dgamma, dbeta))
            else:
                self.norms.append(None)
            self.skips.append(self.residual and fan_in == fan_out)

    # ------------------------------------------------------------------ properties
    @property
    def n_params(self) -> int:
        """Number of trainable scalars (``flat_params.size``)."""
        return int(self.flat_params.size)

    @property
    def n_hidden(self) -> int:
        """Number of hidden layers (``len(sizes) - 2``)."""
        return len(self.sizes) - 2

    def train(self, mode: bool = True):
        """Training mode (batch statistics in BatchNorm1d); returns self."""
        self.training = bool(mode)
        return self

    def eval(self):
        """Eval mode (running statistics in BatchNorm1d); returns self."""
        return self.train(False)

    # ------------------------------------------------------------------ forward / backward
    def _check_x(self, x):
        x = np.asarray(x)
        if x.ndim != 2:
            raise ValueError(f"x must be 2-D of shape (N, {self.sizes[0]}), got shape {x.shape}")
        if x.shape[1] != self.sizes[0]:
            raise ValueError(
                f"x has {x.shape[1]} features, expected {self.sizes[0]}: "
                f"shape (N, {self.sizes[0]}), got {x.shape}"
            )
        if x.shape[0] < 1:
            raise ValueError("x has no rows (N = 0)")
        return x

    def _buffers_for(self, n):
        bufs = self._buffers.get(n)
        if bufs is None:
            if len(self._buffers) >= 2:
                self._buffers.pop(next(iter(self._buffers)))
            bufs = self._buffers[n] = Buffers(
                n,
                self.sizes,
                self.dtype,
                self.norm is not None,
                self.skips,
                self._act.fast,
                self._in_place,
            )
        return bufs

    def forward(self, x):
        """Output of the network for ``x`` (N, sizes[0]) → new ndarray (N, sizes[-1]).

        Stores what :meth:`backward` and :meth:`layer_stats` need; in training mode it also
        updates the BatchNorm running statistics, as torch does.
        """
        x = self._check_x(x)
        bufs = self._buffers_for(x.shape[0])
        bufs.x[...] = x
        h, act, training, ones = bufs.x, self._act, self.training, bufs.ones
        inputs, us, acts, skips, norms = bufs.inputs, bufs.us, bufs.acts, self.skips, self.norms
        in_place = self._in_place
        for i, lin in enumerate(self.linears[:-1]):
            inputs[i] = h
            if in_place:
                u = lin.forward(h, bufs.a[i])
                a = acts[i] = act.forward(u, u)
            else:
                u = lin.forward(h, bufs.z[i])
                norm = norms[i]
                if norm is not None:
                    u = norm.forward(u, bufs.u[i], training, ones)
                us[i] = u
                a = acts[i] = act.forward(u, bufs.a[i])
            h = np.add(h, a, out=bufs.h[i]) if skips[i] else a
        bufs.inputs[-1] = h
        y = self.linears[-1].forward(h, bufs.z[-1])
        if self._out_act is not None:
            bufs.z_out = y
            y = self._out_act.forward(y, bufs.y)
        bufs.y_out = y
        self._last, self._backward_done = bufs, False
        return y.copy()

    __call__ = forward

    def backward(self, dy):
        """Back-propagate ``dy = ∂L/∂y`` (N, sizes[-1]); returns ∂L/∂x (N, sizes[0]).

        Overwrites ``grads`` (``flat_grads``) with ∂L/∂params of the last forward.
        """
        bufs = self._last
        if bufs is None:
            raise ValueError("backward() needs a forward() first")
        dy = np.asarray(dy)
        expected = (bufs.n, self.sizes[-1])
        if dy.shape != expected:
            raise ValueError(f"dy has shape {dy.shape}, expected {expected} (the output's shape)")
        g = dy if dy.dtype == self.dtype else dy.astype(self.dtype)
        ones = bufs.ones
        if self._out_act is not None:
            d = self._out_act.derivative(bufs.z_out, bufs.y_out, bufs.d_out)
            g = np.multiply(g, d, out=bufs.dz_out)
        act, skips, norms, linears = self._act, self.skips, self.norms, self.linears
        n_hidden = len(norms)
        g = linears[-1].backward(bufs.inputs[-1], g, ones, bufs.dx[n_hidden])
        for i in range(n_hidden - 1, -1, -1):
            d = act.derivative(bufs.us[i], bufs.acts[i], bufs.d[i])
            skip, norm = skips[i], norms[i]
            # g is a ping-pong buffer nobody reads again, unless the skip path still needs it
            du = np.multiply(g, d, out=bufs.du[i] if skip else g)
            if norm is not None:
                du = norm.backward(du, bufs.dz[i], ones, bufs.scratch[i])
            dx = linears[i].backward(bufs.inputs[i], du, ones, bufs.dx[i])
            if skip:
                dx += g
            g = dx
        self._backward_done = True
        return g.copy()

    def predict(self, x):
        """Inference for ``x`` (N, sizes[0]) → new ndarray (N, sizes[-1]); changes nothing.

        Uses eval semantics whatever the mode (BatchNorm with its running statistics), like
        ``net.eval(); with torch.no_grad(): net(x)``, and stores no buffers — use it for
        plotting the function on a grid.
        """
        h = self._check_x(x).astype(self.dtype)
        for lin, norm, skip in zip(self.linears[:-1], self.norms, self.skips, strict=True):
            u = lin.predict(h)
            if norm is not None:
                u = norm.predict(u)
            a = self._act.predict(u)
            h = h + a if skip else a
        y = self.linears[-1].predict(h)
        return y if self._out_act is None else self._out_act.predict(y)

    # ------------------------------------------------------------------ statistics / state
    def layer_stats(self):
        """One dict per hidden layer from the last forward/backward (see :mod:`.stats`).

        Keys: grad_norm, grad_mean_abs, preact_mean, preact_std, act_mean, act_std,
        frac_saturated, frac_dead. ``preact`` is the activation's input (after the norm);
        ``act`` its output (before a residual add). Grad entries are NaN until the last
        forward has been followed by a backward.
        """
        bufs = self._last
        if bufs is None:
            raise ValueError("layer_stats() needs a forward() first")
        self._check_preactivations_kept("layer_stats")
        out = []
        for i, lin in enumerate(self.linears[:-1]):
            u, a = bufs.us[i], bufs.acts[i]
            d = self._act.derivative(u, a, np.empty_like(u))
            gW = lin.gW if self._backward_done else None
            out.append(_layer_stats(gW, u, a, d, self._act.max_abs_derivative))
        return out

    def layer_arrays(self):
        """Arrays of the last forward, one dict per hidden layer: ``input`` (N, fan_in),
        ``preact`` (N, F) (the activation's input, after the norm) and ``act`` (N, F).

        Views of internal buffers, valid until the next forward — for histograms; do not
        write into them.
        """
        bufs = self._last
        if bufs is None:
            raise ValueError("layer_arrays() needs a forward() first")
        self._check_preactivations_kept("layer_arrays")
        return [
            {"input": bufs.inputs[i], "preact": bufs.us[i], "act": bufs.acts[i]}
            for i in range(self.n_hidden)
        ]

    def _check_preactivations_kept(self, method):
        if not self.keep_preactivations:
            raise ValueError(
                f"{method}() needs the pre-activations, which this MLP was built not to keep "
                "(keep_preactivations=False)"
            )

    def get_state(self):
        """Copies of everything that changes during training: params, norm running stats."""
        return {
            "flat_params": self.flat_params.copy(),
            "norms": [n.get_state() if isinstance(n, BatchNorm1d) else None for n in self.norms],
        }

    def set_state(self, state):
        """Restore a :meth:`get_state` result (same architecture required)."""
        flat = np.asarray(state["flat_params"])
        if flat.shape != self.flat_params.shape:
            raise ValueError(
                f"state has {flat.size} parameters, this network has {self.flat_params.size}"
            )
        self.flat_params[...] = flat
        for norm, s in zip(self.norms, state["norms"], strict=True):
            if s is not None:
                norm.set_state(s)
        self._last, self._backward_done = None, False

    def copy(self):
        """An independent network with the same configuration, parameters and running stats."""
        twin = MLP(**self._config)
        twin.set_state(self.get_state())
        twin.training = self.training
        return twin

    def __repr__(self):
        extras = "".join(
            f", {k}={v!r}"
            for k, v in (("norm", self.norm), ("residual", self.residual))
            if v not in (None, False)
        )
        return (
            f"MLP({list(self.sizes)}, {self.activation.name!r}, init={self.init!r}{extras}, "
            f"dtype={np.dtype(self.dtype).name}, n_params={self.n_params})"
        )

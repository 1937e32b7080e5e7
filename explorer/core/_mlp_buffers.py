"""Preallocated work arrays of :class:`explorer.core.mlp.MLP`, one set per batch size."""

import numpy as np


class Buffers:
    """Preallocated arrays of one batch size N, reused by every forward/backward with that N.

    Kept per hidden layer i of width F_i (what backward and layer_stats read): ``z[i]``
    Linear output, ``u[i]`` norm output (if a norm), ``a[i]`` activation output (fast-path
    activations; others return a fresh array), ``h[i]`` residual sum (skip layers), all
    (N, F_i). Backward scratch is shared by all layers (a layer is done with it before the
    next starts), so it stays in cache: ``d`` f′, ``du``, ``dz``, ``scratch``. ``dx[i]``,
    ∂L/∂(input of Linear i) of shape (N, sizes[i]), alternates between two flat arrays so a
    layer never overwrites the gradient it reads. ``inputs``/``us``/``acts`` hold the arrays
    the last forward used. With ``in_place`` (an MLP that keeps no pre-activations) the hidden
    layers have no ``z``: the Linear writes into ``a`` and the activation overwrites it.
    """

    def __init__(self, n, sizes, dtype, has_norm, skips, fast_activation, in_place=False):
        self.n = n
        hidden = sizes[1:-1]

        def new(width):
            return np.empty((n, width), dtype=dtype)

        def shared():
            flat = np.empty(n * max(sizes), dtype=dtype)
            return [flat[: n * w].reshape(n, w) for w in hidden]

        self.ones = np.ones(n, dtype=dtype)
        self.x = new(sizes[0])
        # in place: each hidden Linear writes into ``a``, and the activation overwrites it
        self.z = [None if in_place else new(w) for w in hidden] + [new(sizes[-1])]
        self.u = [new(w) if has_norm else None for w in hidden]
        self.a = [new(w) if fast_activation else None for w in hidden]
        self.h = [new(w) if skip else None for w, skip in zip(hidden, skips, strict=True)]
        self.d, self.du = shared(), shared()
        self.dz, self.scratch = (shared(), shared()) if has_norm else (None, None)
        self.y, self.d_out, self.dz_out = new(sizes[-1]), new(sizes[-1]), new(sizes[-1])
        ping_pong = [np.empty(n * max(sizes[:-1]), dtype=dtype) for _ in range(2)]
        last = len(sizes) - 2
        self.dx = [
            ping_pong[(last - i) % 2][: n * sizes[i]].reshape(n, sizes[i])
            for i in range(len(sizes) - 1)
        ]
        self.inputs = [None] * (len(sizes) - 1)
        self.us = [None] * len(hidden)
        self.acts = [None] * len(hidden)
        self.z_out = self.y_out = None

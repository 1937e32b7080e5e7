"""Initial weights exactly as the core's ``MLP`` draws them, cached so a depth drag is cheap.

``MLP(sizes, activation, init, seed=s)`` draws, from one ``np.random.default_rng(s)``, the
weights and bias of every Linear layer in order (:func:`explorer.core.init.init_linear`). A
net one layer deeper therefore shares every hidden layer with the shallower one — only its new
last hidden layer and its output layer differ. :class:`WeightBank` keeps the hidden layers
drawn so far and the generator's state after each, so dragging the depth from 63 to 64 draws
one 128×128 matrix instead of 64 of them (orthogonal init: one QR instead of 64).

Two activations whose recommended gain is the same (sigmoid and identity under xavier) draw
the same weights, so they share a chain too. :func:`make_network` builds the core MLP from the
bank; tests check it against ``MLP(..., init=...)`` value for value.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from explorer.core import init as initializers
from explorer.core.mlp import MLP
from explorer.state.depth.config import DepthConfig

MAX_CHAINS = 2  # a chain holds up to 64 × 256² float64 (33 MB): keep the current and one more


def _draw_key(init: str, activation: str, params: dict | None):
    """What, besides the seed and shapes, decides the draws of ``init_linear``."""
    if init not in initializers.GAIN_AWARE:
        return None
    nonlinearity, param = initializers.nonlinearity_for(activation, params)
    if init.startswith("kaiming"):
        return (nonlinearity, param)
    return initializers.calculate_gain(nonlinearity, param)


class _Chain:
    """Hidden layers drawn so far for one (init, seed, gain, input, width), and rng states."""

    def __init__(self, seed: int) -> None:
        self.layers: list[tuple[np.ndarray, np.ndarray]] = []
        self.states = [np.random.default_rng(seed).bit_generator.state]
        self.outputs: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        self.gain = 1.0  # the gain of ``scaled``: the hidden layers times it, drawn on demand
        self.scaled: list[tuple[np.ndarray, np.ndarray]] = []

    def rng_after(self, n_layers: int) -> np.random.Generator:
        rng = np.random.default_rng()
        rng.bit_generator.state = self.states[n_layers]
        return rng

    def hidden(self, n_hidden: int, gain: float) -> list[tuple[np.ndarray, np.ndarray]]:
        """The first ``n_hidden`` layers times ``gain``; the same objects on every call, so a
        cache keyed by identity (the probe's) stays valid while only the depth changes."""
        if gain == 1.0:
            return self.layers[:n_hidden]
        if gain != self.gain:
            self.gain, self.scaled = gain, []
        while len(self.scaled) < n_hidden:
            W, b = self.layers[len(self.scaled)]
            self.scaled.append(_frozen(W * gain, b))
        return self.scaled[:n_hidden]


def _frozen(W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    W.flags.writeable = False
    b.flags.writeable = False
    return W, b


class WeightBank:
    """Float64 initial ``(W, b)`` of every Linear layer, as ``MLP(...).linears`` hold them."""

    def __init__(self, max_chains: int = MAX_CHAINS) -> None:
        self._chains: OrderedDict[tuple, _Chain] = OrderedDict()
        self._max = max_chains
        self.draws = 0  # Linear layers drawn (tests check that a depth step draws few)

    def weights(
        self, sizes, activation: str, init: str, seed: int, activation_params=None, gain=1.0
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Read-only ``[(W₁, b₁), …, (W_out, b_out)]`` for ``MLP(sizes, …)`` (uniform hidden
        width: ``sizes = (in, w, …, w, out)``), every W multiplied by ``gain``."""
        sizes = tuple(int(s) for s in sizes)
        n_hidden = len(sizes) - 2
        if len(set(sizes[1:-1])) > 1:
            raise ValueError(f"the bank expects one hidden width, got sizes {sizes}")
        width = sizes[1] if n_hidden else sizes[-1]
        key = (init, seed, _draw_key(init, activation, activation_params), sizes[0], width)
        chain = self._chains.pop(key, None) or _Chain(seed)
        self._chains[key] = chain
        while len(self._chains) > self._max:
            self._chains.popitem(last=False)

        def draw(fan_in: int, fan_out: int, rng: np.random.Generator):
            self.draws += 1
            W, b = initializers.init_linear(
                init, fan_in, fan_out, rng, activation, activation_params, np.float64
            )
            return _frozen(W, b)

        while len(chain.layers) < n_hidden:
            i = len(chain.layers)
            rng = chain.rng_after(i)
            chain.layers.append(draw(sizes[i], sizes[i + 1], rng))
            chain.states.append(rng.bit_generator.state)
        out_key = (n_hidden, sizes[-1])
        if out_key not in chain.outputs:
            chain.outputs[out_key] = draw(sizes[-2], sizes[-1], chain.rng_after(n_hidden))
        W_out, b_out = chain.outputs[out_key]
        output = (W_out, b_out) if gain == 1.0 else _frozen(W_out * gain, b_out)
        return [*chain.hidden(n_hidden, gain), output]

    def for_config(self, config: DepthConfig) -> list[tuple[np.ndarray, np.ndarray]]:
        """The initial weights of ``config``'s network, times ``config.gain``."""
        return self.weights(
            config.sizes, config.activation, config.init, config.seed, gain=config.gain
        )


def make_network(bank: WeightBank, config: DepthConfig, dtype=np.float32) -> MLP:
    """The core MLP of ``config`` at its initial weights (what ``MLP(sizes, activation,
    init=config.init, norm, residual, seed)`` gives, with the weights times ``config.gain``).

    Built with ``init='zeros'`` (no draws) and filled from the bank; a float32 net gets the
    float64 draws rounded, exactly as the core's initializers round them."""
    net = MLP(
        config.sizes,
        config.activation,
        init="zeros",
        norm=config.norm_or_none,
        residual=config.residual,
        output_activation="sigmoid" if config.loss == "bce" else None,
        seed=config.seed,
        dtype=dtype,
    )
    for linear, (W, b) in zip(net.linears, bank.for_config(config), strict=True):
        linear.W[...] = W
        linear.b[...] = b
    return net

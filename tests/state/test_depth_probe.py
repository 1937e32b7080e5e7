"""The Depth lab's probe and weight bank against the core: MLP weights, layer_stats, caching."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.core import losses
from explorer.core.mlp import MLP
from explorer.core.stats import STAT_KEYS
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import PROBE_POINTS, make_task_data
from explorer.state.depth.layer_strips import saturation_band
from explorer.state.depth.session import DepthSession
from explorer.state.depth.weight_bank import WeightBank, make_network

STATS = [k for k in STAT_KEYS if k != "grad_mean_abs"]


def core_layer_stats(config: DepthConfig) -> list[dict]:
    """What the core gives for ``config`` on its probe batch: one forward/backward, layer_stats."""
    data = make_task_data(config)
    net = MLP(
        config.sizes,
        config.activation,
        init=config.init,
        norm=config.norm_or_none,
        residual=config.residual,
        output_activation="sigmoid" if config.loss == "bce" else None,
        seed=config.seed,
    )
    for linear in net.linears:
        linear.W *= config.gain
    out = net.forward(data.probe_x())
    _value, grad = losses.get(config.loss).value_and_gradient(out, data.probe_target())
    net.backward(grad)
    return net.layer_stats()


CASES = [
    {},
    {"activation": "relu", "init": "kaiming_normal", "norm": "batchnorm", "residual": True},
    {"activation": "gelu", "norm": "layernorm", "task": "sin", "loss": "mse"},
    {"loss": "bce", "depth": 3},
    {"task": "gaussians", "classes": 4, "loss": "cross_entropy", "width": 2, "residual": True},
    {"init": "orthogonal", "activation": "tanh", "gain": 2.5, "depth": 6},
    {"width": 1, "depth": 3, "task": "xor", "loss": "hinge"},
    {"activation": "leaky_relu", "init": "kaiming_uniform", "task": "runge", "loss": "huber"},
    {"init": "normal", "activation": "relu", "depth": 20},  # explodes: still equal
    {"init": "zeros", "activation": "relu"},  # all dead
]


@pytest.mark.parametrize("changes", CASES)
def test_probe_equals_the_core_layer_stats(changes):
    config = dataclasses.replace(DepthConfig(), **changes)
    result = DepthSession(config).probe_result()
    expected = core_layer_stats(config)
    assert result.depth == config.depth
    for key in STATS:
        got = getattr(result, key)
        want = np.array([layer[key] for layer in expected])
        # the gradient norm comes from Gram matrices: equal to rounding, not bit for bit
        rtol = 1e-10 if key == "grad_norm" else 1e-12
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-300, err_msg=key)


def test_bank_draws_what_the_core_mlp_draws():
    bank = WeightBank()
    for init in ("xavier_uniform", "kaiming_normal", "orthogonal", "default", "normal"):
        config = DepthConfig(depth=5, width=12, activation="tanh", init=init, seed=3)
        reference = MLP(config.sizes, "tanh", init=init, seed=3)
        for (W, b), linear in zip(bank.for_config(config), reference.linears, strict=True):
            np.testing.assert_array_equal(W, linear.W)
            np.testing.assert_array_equal(b, linear.b)
        net = make_network(bank, config, np.float32)
        np.testing.assert_array_equal(
            net.flat_params,
            MLP(config.sizes, "tanh", init=init, seed=3, dtype=np.float32).flat_params,
        )


def test_a_deeper_net_draws_only_its_new_layers():
    bank = WeightBank()
    bank.for_config(DepthConfig(depth=30, width=16))
    before = bank.draws
    bank.for_config(DepthConfig(depth=31, width=16))
    assert bank.draws - before == 2  # the new hidden layer and the new output layer
    bank.for_config(DepthConfig(depth=12, width=16))
    assert bank.draws - before == 3  # only depth 12's output layer
    # equal recommended gain (sigmoid, identity: 1 under xavier) shares the draws
    bank.for_config(DepthConfig(depth=12, width=16, activation="identity"))
    assert bank.draws - before == 3


def test_the_bank_keeps_a_bounded_number_of_chains():
    bank = WeightBank(max_chains=2)
    for width in range(1, 40):
        bank.for_config(DepthConfig(depth=4, width=width))
    assert len(bank._chains) == 2


def test_probe_reruns_only_the_layers_that_changed():
    session = DepthSession(DepthConfig(depth=30, width=16))
    session.snapshot()
    probe = session.probe
    before = probe.forward_layers
    session.update(depth=31)
    session.snapshot()
    assert probe.forward_layers - before == 1
    session.update(depth=20)
    session.snapshot()
    assert probe.forward_layers - before == 1
    session.update(seed=1)
    session.snapshot()
    assert probe.forward_layers - before == 21  # new weights: all layers again
    # and the cached layers still give exactly the core's numbers
    got = session.probe_result().grad_norm
    want = [layer["grad_norm"] for layer in core_layer_stats(session.config)]
    np.testing.assert_allclose(got, want, rtol=1e-10)


def test_probe_batch_size_and_learning_rate_do_not_rerun_the_probe():
    session = DepthSession()
    first = session.probe_result()
    assert session.data().probe.size == PROBE_POINTS
    session.update(learning_rate=0.01, optimizer="adam", batch_size=32)
    assert session.probe_result() is first


def test_sigmoid_vanishes_and_relu_kaiming_does_not():
    sigmoid = DepthSession(DepthConfig(depth=20, width=32, init="xavier_uniform"))
    assert sigmoid.probe_result().ratio() < 1e-4
    relu = DepthSession(DepthConfig(depth=20, width=32, activation="relu", init="kaiming_normal"))
    assert 1e-3 < relu.probe_result().ratio() < 1e3


def test_saturation_band_of_sigmoid_relu_and_leaky_relu():
    from explorer.core import activations

    (low, high), (low2, high2) = saturation_band(activations.get("sigmoid"))
    assert low == -np.inf and high2 == np.inf
    assert high == pytest.approx(-8.29, abs=0.01) and low2 == pytest.approx(8.29, abs=0.01)
    assert saturation_band(activations.get("relu")) == ((-np.inf, 0.0),)
    assert saturation_band(activations.get("leaky_relu")) == ()
    assert saturation_band(activations.get("step")) == ((-np.inf, np.inf),)


def test_strips_of_a_deeper_net_reuse_the_rows_of_the_layers_it_kept():
    from explorer.core import activations
    from explorer.state.depth.layer_strips import layer_strips

    session = DepthSession(DepthConfig(depth=20, width=16, init="normal"))
    before = session.snapshot().strips
    session.update(depth=21)
    after = session.snapshot().strips
    probe = session.probe_result()
    assert probe.reused == 20
    fresh = layer_strips("preact", probe.preact, probe.preact_mean, probe.preact_std,
                         activations.get("sigmoid"))  # fmt: skip
    np.testing.assert_array_equal(after.image, fresh.image)
    np.testing.assert_array_equal(after.beyond, fresh.beyond)
    assert (after.low, after.high) == (before.low, before.high)

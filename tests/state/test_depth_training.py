"""The Depth lab's training run: learning, determinism, diagnoses, views, A/B pinning."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.core import losses, optimizers
from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import make_task_data
from explorer.state.depth.runner import HEAT_STEPS, Runner
from explorer.state.depth.session import DepthSession
from explorer.state.depth.weight_bank import WeightBank, make_network

RELU = {"activation": "relu", "init": "kaiming_normal"}


def session_for(**changes) -> DepthSession:
    return DepthSession(dataclasses.replace(DepthConfig(), **changes))


def test_training_lowers_the_loss_on_circles():
    session = session_for(depth=4, **RELU)
    session.train(300)
    view = session.train_view
    assert view.step == 300
    assert view.loss[-1] < 0.3 * view.loss[0]
    assert view.full_accuracy > 0.9
    assert view.diagnosis is None


def test_a_step_is_the_core_mlp_step_with_the_flat_optimizer():
    config = DepthConfig(depth=3, width=8, optimizer="adam", learning_rate=0.01)
    data = make_task_data(config)
    runner = Runner(config, WeightBank(), data)
    runner.advance(3)
    net = make_network(WeightBank(), config, np.float32)
    optimizer = optimizers.get("adam", lr=0.01)
    loss = losses.get(config.loss)
    X, T = data.X.astype(np.float32), data.target.astype(np.float32)
    for _ in range(3):
        _value, grad = loss.value_and_gradient(net.forward(X), T)
        net.backward(grad)
        optimizer.step(net.params, net.grads)  # per array, as a torch user writes it
    np.testing.assert_allclose(runner.net.flat_params, net.flat_params, rtol=1e-6, atol=1e-7)


def test_the_same_seed_gives_the_same_run_and_minibatches_cover_the_data():
    first, second = session_for(batch_size=32), session_for(batch_size=32)
    first.train(50)
    second.train(50)
    np.testing.assert_array_equal(first.train_view.loss, second.train_view.loss)
    third = session_for(batch_size=32, seed=1)
    third.train(50)
    assert not np.array_equal(first.train_view.loss, third.train_view.loss)


def test_heat_map_holds_the_per_layer_gradient_norms_of_the_last_steps():
    session = session_for(depth=5, width=8)
    session.train(HEAT_STEPS + 7)
    view = session.train_view
    assert view.heat.shape == (5, HEAT_STEPS)
    assert view.heat_steps[0] == 8 and view.heat_steps[-1] == HEAT_STEPS + 7
    # the last column is the last step's ‖∂L/∂Wₗ‖, as the core's layer_stats defines it
    runner = session.runner
    fresh = Runner(session.config, WeightBank(), session.data())
    fresh.advance(HEAT_STEPS + 6)
    X = fresh._X
    out = fresh.net.forward(X)
    _value, grad = fresh.loss.value_and_gradient(out, fresh._target)
    fresh.net.backward(grad)
    norms = [layer["grad_norm"] for layer in fresh.net.layer_stats()]
    np.testing.assert_allclose(view.heat[:, -1], np.log10(norms), rtol=1e-5)
    assert runner.step_count == HEAT_STEPS + 7


def test_nan_pauses_with_a_diagnosis_instead_of_raising():
    session = session_for(learning_rate=10.0, **RELU)
    taken = session.train(200)
    diagnosis = session.train_view.diagnosis
    assert taken < 200
    assert diagnosis is not None and diagnosis.kind in ("nan", "exploded")
    assert "Likely cause" in diagnosis.cause
    assert diagnosis.suggested_lr == pytest.approx(1.0)
    assert session.runner.stopped
    assert session.train(10) == 0  # stays paused until restarted


def test_bad_init_is_blamed_on_the_initialization():
    session = session_for(depth=20, init="normal", activation="relu")
    session.train(5)
    diagnosis = session.train_view.diagnosis
    assert diagnosis.step == 1 and diagnosis.kind == "exploded"
    assert "initialization" in diagnosis.cause and "normal" in diagnosis.cause


def first_diagnosis(session: DepthSession, steps: int = 1000):
    for _ in range(steps // 25):
        session.train(25)
        if session.train_view.diagnosis is not None:
            return session.train_view.diagnosis
    return None


def test_dead_relus_pause_with_the_layer_named():
    # which seed kills a whole layer first depends on the CPU's float rounding (lr = 1 is
    # chaotic): some seed of the first few does on every machine measured
    for seed in range(6):
        session = session_for(depth=8, learning_rate=1.0, seed=seed, **RELU)
        diagnosis = first_diagnosis(session)
        if diagnosis is not None and diagnosis.kind == "dead":
            break
    assert diagnosis is not None and diagnosis.kind == "dead"
    assert f"layer {diagnosis.layer} are dead" in diagnosis.cause
    assert session.train_view.layers.frac_dead[diagnosis.layer - 1] == 1.0


def test_a_config_change_restarts_but_the_view_setting_does_not():
    session = session_for(depth=3)
    session.train(5)
    session.update(layer_view="act")
    assert session.train_view is not None and session.train_view.step == 5
    session.update(learning_rate=0.2)
    assert session.train_view is None and not session.has_runner


def test_pinning_keeps_run_a():
    session = session_for(depth=3)
    session.train(20)
    losses_of_a = session.train_view.loss
    pinned = session.pin_current()
    session.update(activation="tanh")
    snapshot = session.snapshot()
    assert snapshot.pinned is pinned and pinned.step == 20
    assert snapshot.train is None  # B starts from step 0
    np.testing.assert_array_equal(pinned.loss, losses_of_a)
    assert pinned.config.activation == "sigmoid"
    assert pinned.grad_norm.shape == (3,)
    session.clear_pinned()
    assert session.snapshot().pinned is None


def test_regression_and_multiclass_runs():
    sine = session_for(task="sin", loss="mse", activation="tanh", depth=2, learning_rate=0.05)
    sine.train(300)
    assert sine.train_view.loss[-1] < 0.2 * sine.train_view.loss[0]
    assert sine.train_view.fit.ys.shape == sine.data().curve_x.shape
    blobs = session_for(task="gaussians", classes=4, loss="cross_entropy", depth=2,
                        optimizer="adam", learning_rate=0.01, **RELU)  # fmt: skip
    blobs.train(200)
    view = blobs.train_view
    assert view.full_accuracy > 0.8
    assert view.fit.probabilities.shape[2] == 4
    np.testing.assert_allclose(view.fit.probabilities.sum(axis=2), 1.0)


def test_a_run_built_elsewhere_is_installed_only_for_its_own_settings():
    session = session_for(depth=4)
    built = session.new_runner(session.config)
    assert not session.has_runner  # building does not install
    session.update(learning_rate=0.1)  # another run's settings meanwhile
    assert not session.install_runner(built) and not session.has_runner
    same = session.new_runner(session.config)
    session.update(layer_view="act")  # a view setting: still this run's settings
    assert session.install_runner(same) and session.runner is same
    assert not session.install_runner(session.new_runner(session.config))  # one run at a time
    session.train(3)
    inline = session_for(depth=4, learning_rate=0.1)
    inline.train(3)
    np.testing.assert_array_equal(session.train_view.loss, inline.train_view.loss)

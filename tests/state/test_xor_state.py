"""XOR panel state: the claim itself (linear fails, one hidden layer succeeds), rebuilds, resets,
blow-ups, the p = ½ contour and the session-file round trip."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.core import datasets, losses
from explorer.state.approximation import xor
from explorer.state.approximation.xor import GRID, XorConfig, XorSession, contour_segments, thin
from explorer.state.serialize import load_session, save_session

CLEAN = XorConfig(noise=0.0)  # noise-free XOR, default seed


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def test_linear_model_cannot_solve_xor_but_one_hidden_layer_can():
    session = XorSession(CLEAN)
    session.train(600)
    snap = session.snapshot()
    assert snap.step == 600
    assert snap.linear.accuracy <= 0.75
    assert snap.linear.loss == pytest.approx(math.log(2), abs=0.02)  # stalls at ln 2
    assert snap.hidden.accuracy >= 0.95
    assert snap.hidden.loss < 0.1


def test_accuracy_and_loss_are_those_of_the_models_on_the_data():
    session = XorSession(CLEAN)
    session.train(50)
    snap = session.snapshot()
    X, y = datasets.make("xor", CLEAN.points, 0.0, seed=CLEAN.seed)
    np.testing.assert_array_equal(snap.X, X)
    for view, model in ((snap.linear, session.linear), (snap.hidden, session.hidden)):
        logits = model.predict(X)
        assert view.accuracy == np.mean((logits[:, 0] > 0) == (y == 1))
        bce = losses.get("bce_with_logits").value(logits, y[:, None].astype(float))
        assert view.loss == pytest.approx(bce, rel=1e-12)


def test_heat_map_is_the_predicted_probability_on_the_grid():
    session = XorSession()
    session.train(40)
    snap = session.snapshot()
    grid = datasets.grid((snap.xs[0], snap.xs[-1]), (snap.ys[0], snap.ys[-1]), GRID)
    for view, model in ((snap.linear, session.linear), (snap.hidden, session.hidden)):
        expected = sigmoid(model.predict(grid)[:, 0]).reshape(GRID, GRID)
        np.testing.assert_allclose(view.probability, expected, rtol=1e-12, atol=1e-15)
        assert not view.probability.flags.writeable


def test_changing_hidden_units_rebuilds_the_net_and_restarts_both_models():
    session = XorSession()
    session.train(30)
    session.update(hidden_units=9)
    assert list(session.hidden.sizes) == [2, 9, 1]
    assert session.steps == 0 and session.snapshot().loss_steps.size == 0
    session.undo()
    assert list(session.hidden.sizes) == [2, 4, 1]


def test_changing_the_activation_rebuilds_the_net():
    session = XorSession()
    session.update(activation="relu")
    assert session.hidden.activation.name == "relu"


def test_learning_rate_change_keeps_training_and_retunes_adam():
    session = XorSession()
    session.train(20)
    weights = session.hidden.flat_params.copy()
    session.update(learning_rate=0.05)
    assert session.steps == 20
    np.testing.assert_array_equal(session.hidden.flat_params, weights)
    assert session._hidden.optimizer.hyper["lr"] == 0.05
    assert session._linear.optimizer.hyper["lr"] == 0.05


def test_new_seed_gives_new_data_and_weights():
    a, b = XorSession(), XorSession(XorConfig(seed=1))
    assert not np.array_equal(a.snapshot().X, b.snapshot().X)
    assert not np.array_equal(a.hidden.flat_params, b.hidden.flat_params)


def test_restart_restores_the_initial_weights():
    session = XorSession()
    initial = session.hidden.flat_params.copy(), session.linear.flat_params.copy()
    session.train(25)
    first = session.snapshot().hidden.losses[0], session.snapshot().linear.losses[0]
    assert not np.array_equal(session.hidden.flat_params, initial[0])
    session.restart()
    np.testing.assert_array_equal(session.hidden.flat_params, initial[0])
    np.testing.assert_array_equal(session.linear.flat_params, initial[1])
    session.train(1)
    snap = session.snapshot()
    assert (snap.hidden.losses[0], snap.linear.losses[0]) == first


def test_blow_up_stops_training_with_a_message_instead_of_raising():
    session = XorSession()
    session._hidden.optimizer.set_hyper(lr=1e308)  # a learning rate no config would allow
    taken = session.train(50)
    assert session.stopped and taken < 50
    assert "diverged" in session.message and "Lower the learning rate" in session.message
    assert session.train(10) == 0  # stays stopped
    snap = session.snapshot()  # drawing the wreck must not raise either
    assert snap.message == session.message and snap.hidden.boundary.shape == (0, 2)
    session.restart()
    assert not session.stopped and session.train(3) == 3


def test_training_stops_at_the_step_limit(monkeypatch):
    monkeypatch.setattr(xor, "MAX_STEPS", 12)
    session = XorSession()
    assert session.train(100) == 12
    assert "12" in session.message


def test_time_budget_caps_the_steps_of_one_call():
    session = XorSession(XorConfig(points=400, hidden_units=16))
    assert session.train(100_000, budget_s=0.002) < 1000


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(points=10), "points"),
        (dict(hidden_units=17), "hidden units"),
        (dict(learning_rate=0.0), "learning rate"),
        (dict(noise=-0.1), "noise"),
        (dict(activation="swishy"), "unknown activation"),
        (dict(speed=0), "speed"),
    ],
)
def test_invalid_config_is_refused_with_a_reason(changes, message):
    session = XorSession()
    with pytest.raises(ValueError, match=message):
        session.update(**changes)
    assert session.config == XorConfig()


def test_config_round_trips_through_a_session_file(tmp_path):
    config = XorConfig(points=120, noise=0.05, hidden_units=7, activation="gelu",
                       learning_rate=0.003, seed=42, speed=9)  # fmt: skip
    path = save_session(tmp_path / "xor.json", "approximation", config)
    assert load_session(path, "approximation", XorConfig) == config


def test_contour_of_a_plane_is_the_straight_line_where_it_crosses_the_level():
    xs = np.linspace(-1.5, 1.5, 31)
    gx, gy = np.meshgrid(xs, xs)
    segments = contour_segments(0.5 + gx - 0.25 * gy, xs, xs)
    assert segments.shape[0] % 2 == 0 and segments.shape[0] > 0
    np.testing.assert_allclose(segments[:, 0] - 0.25 * segments[:, 1], 0.0, atol=1e-12)


def test_contour_of_a_circle_and_the_xor_saddle():
    xs = np.linspace(-1.5, 1.5, 80)
    gx, gy = np.meshgrid(xs, xs)
    ring = contour_segments(gx**2 + gy**2, xs, xs, level=1.0)
    np.testing.assert_allclose(np.hypot(ring[:, 0], ring[:, 1]), 1.0, atol=5e-3)
    cross = contour_segments(sigmoid(8 * gx * gy), xs, xs)  # the ideal XOR boundary: the axes
    assert np.abs(cross).min(axis=1).max() < 1e-9
    assert contour_segments(np.zeros((5, 5)), xs[:5], xs[:5]).shape == (0, 2)


def test_thin_keeps_the_ends_and_at_most_the_limit():
    assert list(thin(3)) == [0, 1, 2]
    kept = thin(10_000)
    assert kept[0] == 0 and kept[-1] == 9_999 and len(kept) <= xor.PLOT_POINTS

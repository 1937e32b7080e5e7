"""The approximation lab's Qt-free state: config, curves, greedy, least squares, training."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from explorer.core import activations
from explorer.state.approximation.greedy import GreedySearch, greedy_candidates
from explorer.state.approximation.network import (
    MAX_NEURONS,
    hidden,
    random_hidden,
    resized,
    solve_output,
)
from explorer.state.approximation.session import ApproximationConfig, ApproximationSession
from explorer.state.serialize import load_session, save_session


def curves(config: ApproximationConfig, x: np.ndarray):
    act = activations.get(config.activation)
    parts = [v * act.forward(w * x + b) for w, b, v in config.neurons]
    return parts, sum(parts) + config.output_bias


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"x_min": 2.0, "x_max": 1.0}, "x-range"),
        ({"n_points": 5}, "points must be 10–2000"),
        ({"neurons": ()}, "1–64 hidden neurons"),
        ({"neurons": ((1.0, 2.0, 3.0),) * 65}, "1–64 hidden neurons"),
        ({"neurons": ((99.0, 0.0, 1.0),)}, "neuron 1"),
        ({"neurons": ((float("nan"), 0.0, 1.0),)}, "non-finite"),
        ({"activation": "swishy"}, "unknown activation"),
        ({"target": "custom", "expression": "sin(3*x"}, "column 4"),
        ({"target": "custom", "expression": "__import__('os')"}, "__import__"),
        ({"target": "custom", "expression": "log(x)"}, "non-finite"),
        ({"learning_rate": 100.0}, "learning rate"),
    ],
)
def test_invalid_configs_are_refused_with_a_reason(changes, message):
    session = ApproximationSession()
    before = session.config
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        session.update(**changes)
    assert session.config == before


def test_config_round_trips_through_a_session_file(tmp_path):
    config = ApproximationConfig(
        mode="fit", target="custom", expression="abs(x)", neurons=((1.5, -2.0, 0.25),),
        fitter="lstsq", noise=0.3, seed=7,
    )  # fmt: skip
    path = save_session(tmp_path / "a.json", "approximation", config)
    assert load_session(path, "approximation", ApproximationConfig) == config


def test_build_snapshot_is_the_sum_of_the_neurons_and_reuses_unchanged_curves():
    session = ApproximationSession()
    first = session.snapshot()
    parts, total = curves(session.config, first.data.grid_x)
    for drawn, expected in zip(first.contributions, parts, strict=True):
        np.testing.assert_allclose(drawn, expected, rtol=1e-12)
    np.testing.assert_allclose(first.total, total, rtol=1e-12, atol=1e-12)
    session.set_neuron(1, w=-3.0)
    second = session.snapshot()
    assert second.contributions[0] is first.contributions[0]  # not recomputed
    assert second.contributions[1] is not first.contributions[1]
    assert not second.total.flags.writeable  # snapshots are read-only
    _, total = curves(session.config, second.data.grid_x)
    np.testing.assert_allclose(second.total, total, rtol=1e-12, atol=1e-12)
    residual = second.data.y - curves(session.config, second.data.x)[1]
    assert second.mse == pytest.approx(np.mean(residual**2))


def test_adding_neurons_leaves_the_sum_unchanged_until_v_moves():
    session = ApproximationSession()
    before = session.snapshot().total
    session.add_neuron()
    session.set_neuron_count(10)
    assert session.config.n_hidden == 10
    assert all(v == 0.0 for _, _, v in session.config.neurons[3:])
    np.testing.assert_allclose(session.snapshot().total, before, atol=1e-15)
    session.remove_neuron(0)
    assert session.config.n_hidden == 9
    session.set_neuron_count(1)
    with pytest.raises(ValueError, match="at least one"):
        session.remove_neuron(0)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "step", "tanh"])
@pytest.mark.parametrize("target", ["sin", "abs", "gaussian"])
def test_greedy_next_always_lowers_the_error(activation, target):
    session = ApproximationSession()
    session.select_target(target)
    session.update(activation=activation)
    errors = [session.snapshot().mse]
    for _ in range(4):
        session.greedy_next()
        errors.append(session.snapshot().mse)
    assert all(b < a for a, b in itertools.pairwise(errors)), errors
    assert session.config.n_hidden == 7


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "gelu"])
def test_greedy_search_in_slices_picks_what_scoring_every_unit_by_least_squares_picks(activation):
    """One unit of work per call (a zero budget) gives the same columns as the search in one
    go, and its choice is the unit whose own least-squares fit (v, Δc) to the residual leaves
    the smallest error, found here by solving every candidate separately."""
    session = ApproximationSession(ApproximationConfig(activation=activation, n_points=300))
    config, data = session.config, session.data()
    residual = session.snapshot().residual
    act = activations.get(activation)
    sliced = GreedySearch(act, data.x, config.x_range)
    calls = 1
    while not sliced.advance(0.0):
        calls += 1
    assert calls > 3  # it really came in pieces
    whole = GreedySearch(act, data.x, config.x_range).run_to_end()
    assert sliced.best(residual) == whole.best(residual)
    w, b = greedy_candidates(*config.x_range)
    errors = []
    for wk, bk in zip(w, b, strict=True):
        design = np.column_stack([np.ones_like(data.x), act.forward(wk * data.x + bk)])
        coef, *_ = np.linalg.lstsq(design, residual, rcond=None)
        v = coef[1] if np.ptp(design[:, 1]) > 1e-6 else 0.0
        if abs(v) > 10.0:  # the slider range: the search clips v, so score it clipped
            v = np.sign(v) * 10.0
        c = np.mean(residual - v * design[:, 1])
        errors.append(np.mean((residual - v * design[:, 1] - c) ** 2))
    neuron, delta_c = whole.best(residual)
    w_k, b_k, v_k = neuron
    assert v_k == pytest.approx(coef_v(act, w_k, b_k, data.x, residual), abs=1e-4)
    new_residual = residual - v_k * act.forward(w_k * data.x + b_k) - delta_c
    # the smallest error of all (σ(wx + b) and σ(−wx − b) can tie: either is right)
    assert np.mean(new_residual**2) == pytest.approx(min(errors), rel=1e-3)
    assert np.mean(new_residual**2) < 0.9 * np.mean((residual - residual.mean()) ** 2)


def coef_v(act, w, b, x, residual) -> float:
    design = np.column_stack([np.ones_like(x), act.forward(w * x + b)])
    return float(np.clip(np.linalg.lstsq(design, residual, rcond=None)[0][1], -10.0, 10.0))


def test_greedy_candidates_are_kept_while_the_activation_and_points_stay():
    session = ApproximationSession()
    search = session.greedy_search()
    assert not search.done  # computed only when asked
    session.greedy_next()
    assert search.done and session.greedy_search() is search
    session.set_neuron(0, w=-3.0)  # the network changes: the candidates do not
    assert session.greedy_search() is search
    session.update(activation="tanh")
    assert session.greedy_search() is not search
    session.update(activation="sigmoid")
    assert session.greedy_search() is search  # undo-like returns find it again
    session.update(n_points=120)
    assert session.greedy_search() is not search


def test_best_output_weights_are_the_least_squares_solution():
    session = ApproximationSession()
    before = session.snapshot().mse
    session.solve_output_weights()
    config, data = session.config, session.data()
    assert session.snapshot().mse < before
    w, b, _ = np.array(config.neurons).T
    design = np.column_stack(
        [hidden(activations.get("sigmoid"), w, b, data.x), np.ones_like(data.x)]
    )
    exact = np.linalg.lstsq(design, data.y, rcond=None)[0]
    np.testing.assert_allclose([n[2] for n in config.neurons], exact[:-1], atol=1e-3)


def test_least_squares_error_falls_with_n_and_random_units_are_nested():
    w8, b8 = random_hidden(8, -3.0, 3.0, seed=4)
    w3, b3 = random_hidden(3, -3.0, 3.0, seed=4)
    np.testing.assert_array_equal(w8[:3], w3)
    np.testing.assert_array_equal(b8[:3], b3)
    session = ApproximationSession(ApproximationConfig(mode="fit", fitter="lstsq"))
    errors = []
    for n in (2, 8, 32):
        session.set_neuron_count(n)
        errors.append(session.snapshot().mse)
    assert errors[0] > 10 * errors[1] > 100 * errors[2]


def test_error_vs_n_matches_a_direct_solve_and_works_in_slices():
    session = ApproximationSession()
    job = session.error_vs_n()
    data = session.data()
    assert job.computed == 0 and not job.done
    job.advance(0.0)  # at least one unit of work per call, however small the budget
    slices = 1
    while not job.advance(0.0):
        slices += 1
    assert slices > 64  # one N per unit: the UI can stop after any of them
    act = activations.get("sigmoid")
    for n in (1, 5, 40):
        errors = []
        for seed in (0, 1, 2):
            w, b = random_hidden(n, *session.config.x_range, seed)
            v, c = solve_output(hidden(act, w, b, data.x), data.y)
            errors.append(np.mean((hidden(act, w, b, data.grid_x) @ v + c - data.grid_f) ** 2))
        assert job.errors[n - 1] == pytest.approx(np.mean(errors), rel=1e-6)
    assert job.errors[31] < 1e-3 * job.errors[1]


def test_training_lowers_the_loss_and_a_learning_rate_change_keeps_the_run():
    session = ApproximationSession(ApproximationConfig(mode="fit"))
    assert session.train(150) == 150
    session.update(learning_rate=0.02)
    assert session.training_steps == 150
    session.train(150)
    history = session.fit_run().loss_history
    assert history.size == 300 and history[-1] < 0.2 * history[0]
    session.set_neuron_count(5)  # a new network: the run starts over
    assert session.training_steps == 0


def test_a_diverging_run_stops_with_the_reason_and_finite_weights():
    config = ApproximationConfig(mode="fit", optimizer="sgd", learning_rate=10.0)
    session = ApproximationSession(config)
    steps = session.train(1000)
    run = session.fit_run()
    assert steps < 1000 and run.diverged is not None
    assert f"at step {run.steps}" in run.diverged and "learning rate 10" in run.diverged
    assert np.isfinite(run.net.flat_params).all()
    assert np.isfinite(session.snapshot().total).all()
    assert session.train(10) == 0
    session.restart_fit()
    assert session.fit_run().diverged is None and session.training_steps == 0


def test_copying_the_fit_to_build_mode_reproduces_the_network():
    session = ApproximationSession(ApproximationConfig(mode="fit"))
    session.train(300)
    fitted = session.snapshot()
    assert session.copy_fit_to_build() == 0
    built = session.snapshot()
    assert session.config.mode == "build"
    np.testing.assert_allclose(built.total, fitted.total, atol=1e-3)


def test_padding_neurons_stays_inside_the_range():
    neurons = resized((), MAX_NEURONS, -2.0, 5.0)
    config = dataclasses.replace(ApproximationConfig(), neurons=neurons, x_min=-2.0, x_max=5.0)
    config.validate()
    centres = [-b / w for w, b, _ in neurons]
    assert min(centres) > -2.0 and max(centres) < 5.0

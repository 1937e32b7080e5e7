"""The Normalization lab's config, the heat map's group statistics and the four-variant run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.core.normalization import RMSNorm, batch_size_error
from explorer.state.normalization.axis import axis_view, make_net, task_data
from explorer.state.normalization.breaks import (
    EVAL_EVERY,
    NOISE_STEPS,
    EvalGapRun,
    batch_noise,
    hidden_preacts,
)
from explorer.state.normalization.config import NormalizationConfig
from explorer.state.normalization.inputs import LEVELS, input_scale_view, make_data, solve
from explorer.state.normalization.lr_sweep import FINAL_WINDOW, SWEEP_LRS, SWEEP_STEPS, LRSweep
from explorer.state.normalization.session import NormalizationSession
from explorer.state.normalization.variants import (
    VARIANTS,
    RMSNormMLP,
    VariantsRun,
    make_variant,
    row_quantiles,
)


def test_defaults_are_valid_and_cells_and_layers_are_clamped():
    config = NormalizationConfig()
    config.validate()
    small = config.replace(row=15, column=15, layer=9).replace(batch=4, width=8, depth=5)
    assert (small.row, small.column, small.layer) == (3, 7, 5)
    small.validate()


@pytest.mark.parametrize(
    "changes, words",
    [({"norm": "instancenorm"}, "normalization"), ({"row": -1}, "row"), ({"batch": 1}, "batch"),
     ({"learning_rate": 0.0}, "learning rate"), ({"task": "sin"}, "task"),
     ({"tab": "when"}, "tab"), ({"momentum": 2.0}, "momentum")],
)  # fmt: skip
def test_invalid_settings_are_refused_by_name(changes, words):
    with pytest.raises(ValueError, match=words):
        NormalizationConfig().replace(**changes).validate()


@pytest.mark.parametrize("width, asked, used", [(16, 4, 4), (12, 5, 4), (7, 4, 1), (8, 16, 8)])
def test_groupnorm_uses_the_largest_divisor_of_the_width(width, asked, used):
    assert NormalizationConfig(width=width, groups=asked).effective_groups == used


def test_the_heat_map_is_the_nets_real_batch_at_the_chosen_layer():
    session = NormalizationSession(NormalizationConfig(layer=4, batch=8))
    view = session.snapshot().axis
    data = session.batches.data(session.config)
    rows = np.random.default_rng(0).permutation(data.n)[:8]
    net = make_net(session.config)  # float64, no norm, the config's seed
    net.forward(np.asarray(data.X)[rows])
    np.testing.assert_allclose(view.z, net.layer_arrays()[3]["preact"], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("norm", ["batchnorm", "layernorm", "rmsnorm", "groupnorm"])
def test_the_clicked_cells_numbers_are_its_groups(norm):
    config = NormalizationConfig(norm=norm, row=5, column=6, groups=4)
    z = np.random.default_rng(1).normal(size=(16, 16)) * 2 + 1
    view = axis_view(config, z)
    if norm == "batchnorm":
        members = z[:, 6]
    elif norm == "groupnorm":
        members = z[5, 4:8]  # features 4…7 form the second of four groups
    else:
        members = z[5]
    assert view.count == members.size == view.mask.sum()
    assert np.array_equal(np.sort(z[view.mask]), np.sort(members))
    if norm == "rmsnorm":
        assert math.isnan(view.mean)
        assert view.var == pytest.approx(np.mean(members**2), rel=1e-12)
        eps = float(np.finfo(np.float64).eps)
        expected = z[5, 6] / math.sqrt(np.mean(members**2) + eps)
    else:
        assert (view.mean, view.var) == pytest.approx((members.mean(), members.var()), rel=1e-12)
        expected = (z[5, 6] - members.mean()) / math.sqrt(members.var() + 1e-5)
    assert view.normalized == pytest.approx(expected, rel=1e-10)
    assert view.value == z[5, 6]
    assert view.group_before.sum() == view.count and view.all_before.sum() == z.size
    assert view.group_after.sum() == view.count


def test_rmsnorm_net_shares_the_layernorm_nets_weights_and_never_moves_its_beta():
    config = NormalizationConfig(depth=3, width=8)
    net = RMSNormMLP(config.sizes, "sigmoid", init=config.init, seed=0)
    assert all(isinstance(n, RMSNorm) for n in net.norms)
    run = VariantsRun(config)
    np.testing.assert_array_equal(run.nets[3].linears[0].W, run.nets[2].linears[0].W)
    run.train(5)
    betas = [p for p in run.nets[3].params if p.ndim == 1][2::3]  # b, γ, β per hidden layer
    assert all(np.all(beta == 0) for beta in betas)


def test_variants_train_in_lock_step_and_batchnorm_rescues_the_deep_sigmoid_net():
    session = NormalizationSession()
    assert session.train(300) == 300
    view = session.snapshot().variants
    assert view.step == 300 and view.losses.shape == (4, 300)
    losses = dict(zip(VARIANTS, view.losses[:, -50:].mean(axis=1), strict=True))
    assert losses["batchnorm"] < 0.35 < 0.6 < losses["none"]
    grads = dict(zip(VARIANTS, view.grad_norms[:, 0], strict=True))
    assert grads["batchnorm"] > 1e4 * grads["none"]
    same_seed = NormalizationSession()
    same_seed.train(300)
    np.testing.assert_array_equal(same_seed.snapshot().variants.losses, view.losses)


def test_a_training_setting_restarts_the_run_and_a_view_setting_does_not():
    session = NormalizationSession()
    session.train(3)
    session.update(norm="layernorm", row=2, tab="layers")
    assert session.training_steps == 3
    session.update(tab="axis", learning_rate=0.1)
    assert session.snapshot().variants is None and session.training_steps == 0
    session.update(tab="layers")  # its tab builds the new run, at step 0
    assert session.snapshot().variants.step == 0 and session.training_steps == 0


def test_a_diverging_run_stops_with_a_reason():
    session = NormalizationSession(NormalizationConfig(activation="relu", init="normal",
                                                       learning_rate=10.0))  # fmt: skip
    with np.errstate(all="ignore"):
        session.train(200)
    assert session.stop_reason() is not None and "not finite" in session.stop_reason()
    assert session.train(5) == 0


# --- when it breaks ------------------------------------------------------------------------------
def test_batch_noise_follows_sampling_theory_and_batch_one_is_refused_like_torch():
    values = np.random.default_rng(3).normal(size=200) * 2 + 5
    noise = batch_noise(values, 8, seed=0, features=16)
    assert noise.error is None and noise.batch_mu.shape == (NOISE_STEPS,)
    assert (noise.mu, noise.sigma) == (values.mean(), values.std())
    ratio = noise.measured / noise.predicted
    assert np.all((ratio > 0.8) & (ratio < 1.2))  # 200 draws: within 20 % of σ/√B·√((n−B)/(n−1))
    refused = batch_noise(values, 1, seed=0, features=16)
    assert refused.error == batch_size_error((1, 16))
    assert "Expected more than 1 value per channel when training" in refused.error
    assert refused.batch_mu.size == 0


def test_eval_gap_run_tracks_batchnorms_running_statistics():
    config = NormalizationConfig(tab="breaks", depth=3, layer=2, column=5, noise_batch=8,
                                 momentum=0.5, learning_rate=0.0001)  # fmt: skip
    run = EvalGapRun(config)
    assert all(norm.momentum == 0.5 for norm in run.net.norms)
    run.train(3 * EVAL_EVERY)
    view = run.view()
    norm = run.net.norms[1]
    assert view.running_mean[-1] == norm.running_mean[5]
    assert view.running_var[-1] == norm.running_var[5]
    assert view.batch_mean[-1] == norm.batch_mean[5]
    assert list(view.eval_steps) == [0, 10, 20, 30]
    z = hidden_preacts(run.net, run.X, 2, whole_batch=True)[:, 5]
    assert view.true_mean[-1] == pytest.approx(z.mean(), rel=1e-12)
    eval_out = run.net.predict(run.X)
    assert view.eval_accuracy[-1] == np.mean((eval_out > 0) == (run.target > 0.5))
    assert 0 <= view.train_accuracy[-1] <= 1


def test_hidden_preacts_in_eval_mode_is_what_the_net_predicts_with():
    config = NormalizationConfig(depth=3)
    run = EvalGapRun(config.replace(noise_batch=16))
    run.train(20)
    net, X = run.net, run.X
    net.eval()
    net.forward(X)  # eval mode: layer_arrays' preact is after the norm; compare z before it
    z2 = hidden_preacts(net, X, 2)
    h1 = net.layer_arrays()[0]["act"]
    np.testing.assert_allclose(z2, h1 @ net.linears[1].W + net.linears[1].b, rtol=1e-12)


def test_batch_one_stops_the_eval_gap_run_with_torchs_words():
    session = NormalizationSession(NormalizationConfig(tab="breaks", noise_batch=1))
    assert session.gap.train(10) == 0
    assert session.gap.stop_reason() == batch_size_error((1, 16))
    snapshot = session.snapshot()
    assert snapshot.noise.error == batch_size_error((1, 16))
    assert snapshot.gap.step == 0


def test_row_quantiles_are_numpys():
    a = np.random.default_rng(4).normal(size=(6, 101))
    qs = (0.05, 0.25, 0.5, 0.75, 0.95)
    np.testing.assert_allclose(row_quantiles(a, qs), np.quantile(a, qs, axis=1).T, rtol=1e-14)


# --- the learning-rate sweep ------------------------------------------------------------------
def test_the_sweep_runs_in_slices_and_matches_a_run_of_its_own():
    config = NormalizationConfig(depth=3, width=8, activation="relu", init="kaiming_uniform")
    sweep = LRSweep(config)
    slices = 0
    while not sweep.advance(0.001):
        slices += 1
        assert slices < 100_000
    assert slices > 1 and sweep.view().finished
    final = sweep.view().final
    assert final.shape == (len(VARIANTS), len(SWEEP_LRS))
    # cell (BatchNorm, 0.1) by hand: the same net, the same batches, SWEEP_STEPS SGD steps
    r = SWEEP_LRS.index(0.1)
    run = VariantsRun(config.replace(learning_rate=0.1))
    run.rng = np.random.default_rng(config.seed)
    run.nets = [make_variant(config, v) for v in VARIANTS]  # fresh: no probe pass
    run.train(SWEEP_STEPS)
    expected = run.losses[1, SWEEP_STEPS - FINAL_WINDOW : SWEEP_STEPS].mean()
    assert final[1, r] == pytest.approx(expected, rel=1e-6)


def test_a_diverging_sweep_cell_is_infinite_and_not_stable():
    config = NormalizationConfig(depth=3, width=16, activation="relu", init="normal")
    sweep = LRSweep(config)
    while not sweep.advance(0.05):
        pass
    view = sweep.view()
    assert np.isinf(view.final[0, -1])  # no norm, lr 10, N(0, 1) weights: blows up
    stable = view.largest_stable(0)
    assert math.isnan(stable) or stable < 10


def test_the_session_keeps_its_sweep_for_a_learning_rate_change_only():
    session = NormalizationSession(NormalizationConfig(tab="layers", depth=2, width=4))
    while session.sweep.done == 0:
        session.advance_sweep(0.01)
    sweep = session.sweep
    session.update(learning_rate=0.1)
    assert session.sweep is sweep and session.snapshot().sweep.done == sweep.done > 0
    session.update(train_batch=16)
    assert session.sweep is not sweep and session.sweep.done == 0


# --- input scale ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1.0, 3.0, 10.0])
def test_the_condition_number_grows_like_the_scale_squared_and_standardizing_removes_it(scale):
    view = input_scale_view(scale, 0.01, seed=0)
    X, y = make_data(scale, 0)
    H = 2 / X.shape[0] * X.T @ X
    np.testing.assert_allclose(view.raw.eigenvalues, np.linalg.eigvalsh(H), rtol=1e-12)
    assert view.raw.kappa == pytest.approx(scale**2, rel=0.35)
    assert view.standardized.kappa < 1.3
    np.testing.assert_allclose(view.raw.w_star, np.linalg.lstsq(X, y, rcond=None)[0],
                               rtol=1e-10)  # fmt: skip


def test_gradient_descent_steps_by_hand_and_diverges_past_two_over_lambda_max():
    X, y = make_data(3.0, 0)
    problem = solve(X, y, 0.1)
    step = -0.1 * (2 / X.shape[0] * X.T @ (X @ np.zeros(2) - y))
    np.testing.assert_allclose(problem.path[1], step, rtol=1e-12)
    assert problem.losses[0] == pytest.approx(np.mean(y**2), rel=1e-12)
    limit = 2 / problem.eigenvalues[-1]
    assert not solve(X, y, 0.95 * limit).diverged
    assert solve(X, y, 1.05 * limit).diverged
    rings = problem.contours[:, np.isfinite(problem.contours[0])]
    d = rings - problem.w_star[:, None]
    H = 2 / X.shape[0] * X.T @ X
    levels = 0.5 * np.einsum("in,ij,jn->n", d, H, d)  # each ring is a level set of L − L*
    assert set(np.round(levels, 9)) <= {round(v, 9) for v in LEVELS}


def test_batch_noise_traces_are_means_and_biased_stds_of_real_batches():
    values = np.random.default_rng(5).normal(size=50)
    noise = batch_noise(values, 6, seed=2)
    rng = np.random.default_rng(2)
    order = np.argsort(rng.random((NOISE_STEPS, 50)), axis=1)
    batches = values[order[:, :6]]  # the first 6 of each random permutation
    np.testing.assert_allclose(noise.batch_mu, batches.mean(axis=1), rtol=1e-12)
    np.testing.assert_allclose(noise.batch_sigma, batches.std(axis=1), rtol=1e-9, atol=1e-12)
    assert len(set(map(tuple, np.sort(order[:, :6], axis=1)))) > NOISE_STEPS * 0.9  # distinct


@pytest.mark.parametrize("standardized", [False, True])
@pytest.mark.parametrize("scale, lr", [(3.0, 0.1), (20.0, 0.002)])
def test_the_optimizers_lab_gets_the_same_loss_surface(standardized, scale, lr):
    """The typed f(x, y) is the tab's mean squared error: the same minimum and loss there,
    the same Hessian (so κ), and SGD at the same η takes the tab's path."""
    from explorer.core import optimizers, surfaces
    from explorer.state.normalization.surface_link import optimizers_config, problem_data

    config = optimizers_config(scale, lr, seed=3, standardized=standardized)
    config.validate()
    optimizers_config(scale, lr, seed=9999, standardized=standardized).validate()  # any seed
    surface = config.make_surface()
    view = input_scale_view(scale, lr, 3)
    problem = view.standardized if standardized else view.raw
    X, y = problem_data(scale, 3, standardized)
    for w in (problem.w_star, np.array([0.3, -1.2]), np.zeros(2)):
        expected = np.mean((X @ w - y) ** 2)
        assert float(surface.value(w)) == pytest.approx(expected, rel=1e-9, abs=1e-11)
    assert float(surface.value(problem.w_star)) == pytest.approx(problem.min_loss, rel=1e-6)
    # the Hessian by central differences of the gradient: the tab's eigenvalues
    h, hessian = 1e-4, np.zeros((2, 2))
    for j in range(2):
        step = np.eye(2)[j] * h
        hessian[:, j] = (surface.gradient(step) - surface.gradient(-step)) / (2 * h)
    assert np.linalg.eigvalsh(hessian) == pytest.approx(problem.eigenvalues, rel=1e-5)
    path = surfaces.trajectory(surface, optimizers.get("sgd", lr=config.hyper_for("sgd")["lr"]),
                               steps=config.steps, start=config.start)  # fmt: skip
    finite = np.all(np.isfinite(problem.path), axis=1)
    assert path[: finite.sum()] == pytest.approx(problem.path[finite], rel=1e-6, abs=1e-9)
    assert config.start == (0.0, 0.0) and config.surface == "custom"


def test_a_snapshot_keeps_every_view_whose_fields_did_not_change():
    """The page redraws a plot only for a new view object: each must be new exactly when
    what it shows changed."""
    session = NormalizationSession(NormalizationConfig(depth=3, width=8))
    axis = session.snapshot().axis
    session.invalidate()  # as a training step or a sweep slice does
    assert session.snapshot().axis is axis
    session.update(row=2)
    moved = session.snapshot().axis
    assert moved is not axis and moved.row == 2
    session.update(norm="layernorm")
    assert session.snapshot().axis.norm == "layernorm"
    session.update(tab="breaks")
    snapshot = session.snapshot()
    assert snapshot.axis is None  # not on screen there, and its status line does not quote it
    session.invalidate()
    again = session.snapshot()
    assert again.noise is snapshot.noise and again.gap is snapshot.gap
    session.gap.train(1)
    stepped = session.snapshot()
    assert stepped.noise is snapshot.noise and stepped.gap is not snapshot.gap
    assert stepped.gap.step == 1
    session.update(tab="inputs")
    inputs = session.snapshot().inputs
    session.invalidate()
    assert session.snapshot().inputs is inputs and session.snapshot().axis is None
    session.update(input_lr=0.2)
    assert session.snapshot().inputs.learning_rate == 0.2


def test_the_data_set_is_built_once_per_task_and_seed():
    config = NormalizationConfig()
    assert task_data(config) is task_data(config.replace(depth=4, width=8))
    other = task_data(config.replace(seed=1))
    assert other is not task_data(config)
    assert not np.array_equal(other.X, task_data(config).X)
    assert not task_data(config).X.flags.writeable  # shared, so read-only


def test_a_slice_of_the_sweep_changes_the_snapshot_only_when_a_run_finishes():
    session = NormalizationSession(NormalizationConfig(depth=2, width=4, train_batch=8,
                                                       tab="layers"))  # fmt: skip
    first = session.snapshot()
    sweep, calls = session.sweep, 0
    while sweep.done == 0:  # a run is 150 steps: many slices of half a millisecond
        assert session.snapshot() is first  # nothing new to draw while the first run goes on
        session.advance_sweep(0.0005)
        calls += 1
    assert calls > 1 and first.sweep.done == 0
    finished = session.snapshot()
    assert finished is not first and finished.sweep.done == 1
    assert np.isfinite(finished.sweep.final).sum() + np.isinf(finished.sweep.final).sum() == 1
    assert finished.variants is first.variants  # the four nets did not train meanwhile

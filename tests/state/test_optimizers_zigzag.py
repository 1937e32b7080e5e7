"""The sigmoid-vs-tanh tab's state: sign pairs, steps to the target, gradients (finite
differences and torch), the loss bowl, validation, the tab's cached view, sessions, preset."""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from explorer.core import losses
from explorer.core.gradcheck import numerical_gradient
from explorer.state.optimizers import zigzag
from explorer.state.optimizers.config import TABS, OptimizersConfig
from explorer.state.optimizers.session import TAB_VIEWS, OptimizersSession
from explorer.state.serialize import config_from_dict, load_session, save_session

PRESET = Path(__file__).parents[2] / "resources/presets/optimizers/08-sigmoid-zigzag.json"


def view_for(**changes) -> zigzag.ZigzagView:
    return zigzag.compute(dataclasses.replace(OptimizersConfig(), **changes))


def test_the_tab_is_registered_with_its_prefix():
    assert "zigzag" in TABS
    prefix, compute = TAB_VIEWS["zigzag"]
    assert prefix == "zig_" and compute is zigzag.compute
    fields = [f.name for f in dataclasses.fields(OptimizersConfig) if f.name.startswith("zig_")]
    assert fields == ["zig_lr", "zig_steps", "zig_batch", "zig_seed", "zig_w1", "zig_w2",
                      "zig_offset", "zig_target"]  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("offset", [-2.0, 0.0, 1.5])
@pytest.mark.parametrize("start", [(-1.5, 1.5), (3.0, -3.0), (0.0, 0.0)])
def test_every_one_example_sigmoid_update_has_equal_signs(seed, offset, start):
    view = view_for(zig_seed=seed, zig_offset=offset, zig_w1=start[0], zig_w2=start[1])
    run = view.run("sigmoid")
    assert np.all(run.problem.features > 0)
    moved = np.any(run.updates != 0, axis=1)
    assert moved.sum() > 0
    u = run.updates[moved]
    assert np.all(np.sign(u[:, 0]) == np.sign(u[:, 1]))
    assert run.count(zigzag.MIXED) == 0 and run.share(zigzag.MIXED) == 0.0


def test_tanh_mixes_signs_and_reaches_the_target_sooner_on_the_defaults():
    view = view_for()
    sig, tanh = view.run("sigmoid"), view.run("tanh")
    assert tanh.share(zigzag.MIXED) > 0.25
    assert 0.3 < tanh.problem.positive_share < 0.7  # zero-centred outputs
    assert sig.share(zigzag.BOTH_PLUS) > 0.3 and sig.share(zigzag.BOTH_MINUS) > 0.3
    assert sig.steps_to_target == 62 and tanh.steps_to_target == 21
    assert sig.problem.condition > 5 * tanh.problem.condition


def test_steps_to_target_is_the_first_step_at_or_below_it():
    for run in view_for().runs:
        n = run.steps_to_target
        assert run.loss[n] <= run.target < run.loss[:n].min()
    short = view_for(zig_steps=10)
    assert all(run.steps_to_target is None for run in short.runs if run.activation == "sigmoid")
    assert short.run("sigmoid").loss.min() > short.target


def test_a_batch_sums_the_examples_and_can_mix_sigmoid_signs():
    view = view_for(zig_batch=8)
    assert view.run("sigmoid").count(zigzag.MIXED) > 0  # the notes' claim is per example


def test_the_quadrant_of_an_update():
    updates = np.array([[1, 2], [-1, -3], [1, -1], [-2, 5], [0, 0], [0, 3], [-1e300, -1e300]])
    assert zigzag.quadrants(updates).tolist() == [
        zigzag.BOTH_PLUS, zigzag.BOTH_MINUS, zigzag.MIXED, zigzag.MIXED, zigzag.STILL,
        zigzag.BOTH_PLUS, zigzag.BOTH_MINUS,
    ]  # fmt: skip


@pytest.mark.parametrize("activation", zigzag.ACTIVATIONS)
@pytest.mark.parametrize("batch", [[3], [0, 5, 9, 30]])
def test_the_gradient_matches_finite_differences(activation, batch):
    problem = zigzag.problem(activation, 3, 0.5)
    h, y = problem.features[batch], problem.targets[batch]
    w = np.array([-0.7, 1.3])
    mse = losses.get("mse")
    numeric = numerical_gradient(lambda: mse.value(h @ w, y), w)
    np.testing.assert_allclose(zigzag.gradient(w, h, y), numeric, rtol=1e-6, atol=1e-9)
    if len(batch) == 1:  # one example: δ·h
        delta = 2 * (h[0] @ w - y[0])
        np.testing.assert_allclose(zigzag.gradient(w, h, y), delta * h[0], rtol=1e-12)


@pytest.mark.parametrize("batch", [1, 3, 32])
def test_the_precomputed_affine_gradients_are_the_core_mse_gradients(batch):
    problem = zigzag.problem("tanh", 5, -0.5)
    order = zigzag.batch_order(5, batch, 30)
    maps, shifts = zigzag.linear_gradients(problem, order)
    rng = np.random.default_rng(0)
    for t, rows in enumerate(order):
        w = rng.uniform(-3, 3, 2)
        core = zigzag.gradient(w, problem.features[rows], problem.targets[rows])
        np.testing.assert_allclose(maps[t] @ w - shifts[t], core, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("activation", zigzag.ACTIVATIONS)
def test_gradients_and_the_run_match_torch(activation):
    torch = pytest.importorskip("torch")
    config = dataclasses.replace(OptimizersConfig(), zig_batch=2, zig_steps=40)
    run = zigzag.compute(config).run(activation)
    x = torch.tensor(zigzag.inputs(config.zig_seed, config.zig_offset))
    h = torch.sigmoid(x) if activation == "sigmoid" else torch.tanh(x)
    y = h @ torch.tensor(zigzag.TEACHER, dtype=torch.float64)
    np.testing.assert_allclose(run.problem.features, h.numpy(), rtol=1e-15)
    w = torch.tensor([config.zig_w1, config.zig_w2], dtype=torch.float64, requires_grad=True)
    sgd = torch.optim.SGD([w], lr=config.zig_lr)
    order = zigzag.batch_order(config.zig_seed, config.zig_batch, config.zig_steps)
    for t, batch in enumerate(order):
        index = torch.tensor(batch)
        sgd.zero_grad()
        loss = torch.nn.functional.mse_loss(h[index] @ w, y[index])
        loss.backward()
        ours = zigzag.gradient(run.path[t], run.problem.features[batch],
                               run.problem.targets[batch])  # fmt: skip
        # a sum of terms of either sign: equal up to rounding of the terms (~1e-16 each)
        np.testing.assert_allclose(ours, w.grad.numpy(), rtol=1e-10, atol=1e-14)
        sgd.step()
        np.testing.assert_allclose(run.path[t + 1], w.detach().numpy(), rtol=1e-12, atol=1e-14)
        full = torch.nn.functional.mse_loss(h @ w.detach(), y).item()
        assert run.loss[t + 1] == pytest.approx(full, rel=1e-12, abs=1e-14)


def test_the_loss_is_the_quadratic_bowl_around_the_teacher():
    problem = zigzag.problem("sigmoid", 0, 0.0)
    np.testing.assert_allclose(problem.minimum, zigzag.TEACHER, atol=1e-12)
    w = np.array([[0.3, -2.0], [1.0, 1.0]])
    d = w - np.array(zigzag.TEACHER)
    bowl = np.einsum("ni,ij,nj->n", d, problem.curvature, d)
    np.testing.assert_allclose(problem.loss(w), bowl, rtol=1e-12)
    mse = losses.get("mse")
    assert problem.loss(w[0]) == pytest.approx(mse.value(problem.features @ w[0],
                                                         problem.targets))  # fmt: skip
    assert problem.shade.min() == 0 and problem.shade.max() == zigzag.BANDS - 1


def test_the_batch_order_shuffles_each_epoch_and_more_steps_extend_it():
    order = zigzag.batch_order(4, 1, 80)
    for epoch in range(2):
        assert sorted(order[epoch * 32 : (epoch + 1) * 32, 0]) == list(range(32))
    np.testing.assert_array_equal(zigzag.batch_order(4, 1, 200)[:80], order)
    assert zigzag.batch_order(4, 5, 20).shape == (20, 5)
    longer = view_for(zig_steps=300).run("tanh")
    np.testing.assert_array_equal(longer.path[:201], view_for().run("tanh").path)


def test_a_too_large_learning_rate_diverges():
    run = view_for(zig_lr=2.0, zig_batch=32, zig_steps=1000).run("sigmoid")
    assert run.steps_to_target is None and not np.isfinite(run.loss[-1])


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("zig_lr", 5.0, "learning rate"), ("zig_lr", float("nan"), "learning rate"),
     ("zig_steps", 0, "steps"), ("zig_steps", 2.5, "whole number"),
     ("zig_batch", 33, "examples per step"), ("zig_seed", -1, "seed"),
     ("zig_w1", 3.5, "start w₁"), ("zig_w2", True, "start w₂"),
     ("zig_offset", -4.0, "input mean"), ("zig_target", 0.0, "target loss")],
)  # fmt: skip
def test_out_of_range_fields_are_refused_by_name(field, value, words):
    session = OptimizersSession()
    with pytest.raises(ValueError, match=words):
        session.update(**{field: value})
    assert session.config == OptimizersConfig()


def test_the_view_is_recomputed_only_when_a_zig_field_changes():
    session = OptimizersSession()
    first = session.snapshot().view("zigzag")
    session.update(steps=120, tab="zigzag")  # a race field
    assert session.snapshot().view("zigzag") is first
    session.update(zig_lr=0.2)
    second = session.snapshot().view("zigzag")
    assert second is not first and second.lr == 0.2


def test_a_session_file_keeps_the_tab_and_its_fields(tmp_path):
    fields = dict(zig_lr=0.25, zig_batch=4, zig_w1=1.0, zig_w2=-2.5, zig_offset=1.0)
    config = dataclasses.replace(OptimizersConfig(), tab="zigzag", zig_target=1e-4, **fields)
    path = tmp_path / "zig.json"
    save_session(path, "optimizers", config)
    assert load_session(path, "optimizers", OptimizersConfig) == config


def test_the_preset_opens_the_tab_on_its_defaults():
    document = json.loads(PRESET.read_text(encoding="utf-8"))
    assert document["lab"] == "optimizers" and document["title"]
    config = config_from_dict(OptimizersConfig, document["config"])
    config.validate()
    assert config.tab == "zigzag"
    view = zigzag.compute(config)
    assert view.run("sigmoid").count(zigzag.MIXED) == 0

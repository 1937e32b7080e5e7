"""The fast 2-D paths (one rule, run on floats) against the optimizer classes stepped on
arrays, bit for bit, and against torch.optim on the same surfaces."""

import numpy as np
import pytest

from explorer.core import optimizers, surfaces, trajectories

# every optimizer with its defaults but a larger lr, plus its flags switched on
HYPER = {
    "sgd": [dict(lr=2e-3), dict(lr=2e-3, momentum=0.9), dict(lr=2e-3, momentum=0.9, nesterov=True),
            dict(lr=1e-3, momentum=0.5, dampening=0.3, weight_decay=0.1, maximize=False)],
    "adagrad": [dict(lr=0.3), dict(lr=0.3, lr_decay=0.01, initial_accumulator_value=0.1)],
    "rmsprop": [dict(lr=0.01), dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.01)],
    "adadelta": [{}, dict(lr=3.0, rho=0.5, weight_decay=0.01)],
    "adam": [dict(lr=0.05), dict(lr=0.05, amsgrad=True, weight_decay=0.1)],
    "adamw": [dict(lr=0.05), dict(lr=0.05, amsgrad=True)],
    "nadam": [dict(lr=0.05), dict(lr=0.05, decoupled_weight_decay=True, weight_decay=0.1)],
    "adamax": [dict(lr=0.05), dict(lr=0.05, weight_decay=0.1, eps=1e-3)],
    "radam": [dict(lr=0.05), dict(lr=0.05, decoupled_weight_decay=True, weight_decay=0.1)],
}  # fmt: skip
CASES = [(name, h) for name, hs in HYPER.items() for h in hs]
SURFACES = [("rosenbrock", {}), ("quadratic", dict(condition_number=20.0, angle=30.0)),
            ("himmelblau", {}), ("rastrigin", {}), ("beale", {}), ("saddle", {})]  # fmt: skip


def stepped_path(name, hyper, surface, start, steps, lrs=None, noise=None):
    """The reference: the optimizer class stepped on a (2,) array, as a network would be."""
    opt = optimizers.get(name, **hyper)
    point = np.array(start, dtype=float)
    path = [point.copy()]
    with np.errstate(all="ignore"):
        for t in range(steps):
            grad = surface.gradient(point)
            if noise is not None:
                grad = grad + noise[t]
            if not np.all(np.isfinite(grad)):
                break
            if lrs is not None:
                opt.set_hyper(lr=lrs[t])
            opt.step([point], [grad])
            if not np.all(np.isfinite(point)):
                break
            path.append(point.copy())
    return np.array(path)


def test_the_race_has_nine_optimizers():
    assert set(HYPER) == set(optimizers.names()) and len(HYPER) >= 9


@pytest.mark.parametrize(("surface", "params"), SURFACES)
@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_fast_path_equals_the_class_bit_for_bit(name, hyper, surface, params):
    s = surfaces.get(surface, **params)
    fast = trajectories.run(name, hyper, s.partials, s.default_start, 120)
    np.testing.assert_array_equal(fast, stepped_path(name, hyper, s, s.default_start, 120))


@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_fast_path_with_noise_and_a_schedule_equals_the_class(name, hyper):
    s = surfaces.get("quadratic", condition_number=5.0)
    lr = hyper.get("lr", 1.0)
    lrs = [lr * 0.5 ** (t // 20) for t in range(80)]  # a StepLR by hand
    noise = trajectories.gradient_noise(80, 0.5, seed=4)
    fast = trajectories.run(name, hyper, s.partials, (2.0, -1.5), 80, lrs=lrs, noise=noise)
    slow = stepped_path(name, hyper, s, (2.0, -1.5), 80, lrs=lrs, noise=noise)
    np.testing.assert_array_equal(fast, slow)
    assert len(fast) == 81


def test_divergence_stops_where_the_class_stops():
    s = surfaces.get("rosenbrock")
    fast = trajectories.run("sgd", dict(lr=0.01), s.partials, (-1.2, 1.0), 300)
    assert 2 < len(fast) < 301 and np.all(np.isfinite(fast))
    np.testing.assert_array_equal(fast, stepped_path("sgd", dict(lr=0.01), s, (-1.2, 1.0), 300))


def test_surface_trajectory_uses_the_fast_path_and_resets_the_optimizer():
    s = surfaces.get("himmelblau")
    opt = optimizers.get("adam", lr=0.1)
    opt.step([np.zeros(2)], [np.ones(2)])
    path = surfaces.trajectory(s, opt, steps=50, start=(0.5, 0.5))
    assert opt.step_count == 0
    np.testing.assert_array_equal(path, stepped_path("adam", dict(lr=0.1), s, (0.5, 0.5), 50))


def test_noise_is_seeded():
    a = trajectories.gradient_noise(10, 0.3, seed=1)
    assert a.shape == (10, 2)
    np.testing.assert_array_equal(a, trajectories.gradient_noise(10, 0.3, seed=1))
    assert not np.array_equal(a, trajectories.gradient_noise(10, 0.3, seed=2))
    np.testing.assert_array_equal(trajectories.gradient_noise(5, 0.0, seed=1), 0.0)


def test_bad_arguments_raise():
    s = surfaces.get("saddle")
    with pytest.raises(ValueError, match="lr"):
        trajectories.run("adam", dict(lr=-1.0), s.partials, (0, 0), 5)
    with pytest.raises(ValueError, match="lrs has 3"):
        trajectories.run("adam", {}, s.partials, (0, 0), 5, lrs=[0.1] * 3)
    with pytest.raises(ValueError, match="noise has 2"):
        trajectories.run("adam", {}, s.partials, (0, 0), 5, noise=np.zeros((2, 2)))


@pytest.fixture
def torch64():
    torch = pytest.importorskip("torch")
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # NAdam keeps mu_product in the default dtype
    yield torch
    torch.set_default_dtype(old)


@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_fast_path_matches_torch_on_rosenbrock(torch64, name, hyper):
    torch = torch64
    s = surfaces.get("rosenbrock")
    start = (-1.0, 1.5)
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    topt = getattr(torch.optim, optimizers.optimizer_class(name).__name__)([point], **hyper)
    expected = [np.array(start)]
    for _ in range(100):
        x, y = point[0], point[1]
        loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2  # autograd's gradient, not ours
        topt.zero_grad()
        loss.backward()
        topt.step()
        expected.append(point.detach().numpy().copy())
    expected = np.array(expected)
    fast = trajectories.run(name, hyper, s.partials, start, 100)
    finite = np.all(np.isfinite(expected), axis=1)
    assert len(fast) == (
        np.argmin(finite) if not finite.all() else 101
    )  # stops where torch blows up
    np.testing.assert_allclose(fast, expected[: len(fast)], rtol=1e-9, atol=1e-12)


def test_run_many_steps_in_lockstep_as_run_does():
    s = surfaces.get("rosenbrock")
    racers = [(name, hyper, None) for name, hyper in CASES[:8]] + [("sgd", dict(lr=0.05), None)]
    noise = trajectories.gradient_noise(150, 0.2, seed=0)
    records = [[] for _ in racers]
    paths = trajectories.run_many(racers, lambda x, y: s._grad(x, y), (-1.2, 1.0), 150, noise,
                                  records=records)  # fmt: skip
    for (name, hyper, _lrs), path, record in zip(racers, paths, records, strict=True):
        expected_record: list = []
        expected = trajectories.run(name, hyper, s.partials, (-1.2, 1.0), 150, noise=noise,
                                    record=expected_record)  # fmt: skip
        np.testing.assert_array_equal(path, expected)
        assert record == expected_record and len(record) == len(path) - 1
    assert any(len(p) < 151 for p in paths) and any(len(p) == 151 for p in paths)


def test_run_many_on_a_typed_surface():
    s = surfaces.from_expression("0.5*x**2 + 2*y**2 + sin(2*x)*sin(2*y)")
    racers = [("adam", dict(lr=0.05), None), ("sgd", dict(lr=0.01, momentum=0.9), [0.01] * 80)]
    paths = trajectories.run_many(racers, s.expression.gradient, (-2.5, 1.5), 80)
    for (name, hyper, lrs), path in zip(racers, paths, strict=True):
        expected = trajectories.run(name, hyper, s.partials, (-2.5, 1.5), 80, lrs=lrs)
        np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", sorted(HYPER))
def test_grid_run_is_run_for_every_cell(name):
    """A grid of hyper-parameter sets run as arrays gives each cell run()'s path (to rounding:
    the gradient's NumPy calls on arrays), divergence as NaN, refused cells not run."""
    s = surfaces.get("rosenbrock")
    base = HYPER[name][-1]
    lrs0 = [base.get("lr", 1.0) * f for f in (0.1, 1.0, 30.0)]  # the last may diverge
    hypers = [{**base, "lr": lr} for lr in lrs0]
    if name == "sgd":  # SGD branches on momentum: the cells run in groups
        hypers += [{**base, "momentum": 0.0, "dampening": 0.0}, {**base, "nesterov": True}]
    noise = trajectories.gradient_noise(60, 0.3, seed=2)
    lrs = np.array([np.linspace(h["lr"], h["lr"] / 2, 60) for h in hypers])
    grid = trajectories.GridRun(name, hypers, (-1.2, 1.0), 60, lrs=lrs, noise=noise)
    assert not grid.done and grid.t == 0
    while not grid.advance(s.gradient, 7):
        pass
    assert grid.t == 60 and grid.points.shape == (61, len(hypers), 2)
    if name == "sgd":
        assert grid.groups > 1 and not grid.valid[-1]  # Nesterov with dampening 0.3: refused
        assert np.isnan(grid.points[:, -1]).all()
    for cell, hyper in enumerate(hypers):
        if not grid.valid[cell]:
            continue
        path = trajectories.run(name, hyper, s.partials, (-1.2, 1.0), 60, lrs=lrs[cell],
                                noise=noise)  # fmt: skip
        k = len(path)
        np.testing.assert_allclose(grid.points[:k, cell], path, rtol=1e-9, atol=1e-12)
        assert np.isnan(grid.points[k:, cell]).all()  # where run() stopped: NaN from there on


def test_grid_run_branch_free_rules_are_one_array():
    hypers = [dict(lr=lr, betas=(b1, 0.999)) for b1 in (0.0, 0.5, 0.9) for lr in (0.01, 0.1)]
    assert trajectories.GridRun("adam", hypers, (0.0, 0.0), 5).groups == 1
    # SGD branches on momentum != 0: one group per sign, not one per momentum
    hypers = [dict(lr=lr, momentum=m) for m in (0.0, 0.5, 0.9) for lr in (0.01, 0.1)]
    assert trajectories.GridRun("sgd", hypers, (0.0, 0.0), 5).groups == 2

"""The Optimizers lab's config and session: validation, overrides, runs, cache, Play."""

import dataclasses

import numpy as np
import pytest

from explorer.core import schedules, surfaces, trajectories
from explorer.state.optimizers import entries
from explorer.state.optimizers.config import TABS, OptimizersConfig
from explorer.state.optimizers.race import BANDS, surface_grid
from explorer.state.optimizers.session import TAB_VIEWS, OptimizersSession
from explorer.state.serialize import load_session, save_session


def session_for(**changes) -> OptimizersSession:
    return OptimizersSession(dataclasses.replace(OptimizersConfig(), **changes))


def test_defaults_race_nine_optimizers_to_the_end():
    config = OptimizersConfig()
    config.validate()
    assert len(entries.ENTRIES) >= 9 and len(config.ticked) == 9
    snapshot = OptimizersSession().snapshot()
    assert [run.key for run in snapshot.runs] == list(config.ticked)
    for run in snapshot.runs:
        assert run.path.shape == (301, 2) and not run.diverged, run.key
        assert run.loss.shape == (301,) and run.distance.shape == (301,)
        assert not run.path.flags.writeable
    assert snapshot.step == 300


def test_sgd_momentum_and_nesterov_are_entries_of_their_own():
    config = OptimizersConfig()
    assert config.hyper_for("sgd")["momentum"] == 0.0
    assert config.hyper_for("momentum")["momentum"] == 0.9
    assert config.hyper_for("momentum")["nesterov"] is False
    assert config.hyper_for("nesterov")["nesterov"] is True
    assert "nesterov" not in {s.name for s in entries.entry("nesterov").specs}
    assert "momentum" not in {s.name for s in entries.entry("sgd").specs}
    assert "momentum" in {s.name for s in entries.entry("momentum").specs}


def test_a_run_is_the_cores_trajectory():
    config = OptimizersConfig()
    snapshot = OptimizersSession().snapshot()
    surface = surfaces.get("rosenbrock")
    for run in snapshot.runs:
        entry = entries.entry(run.key)
        expected = trajectories.run(entry.optimizer, config.hyper_for(run.key), surface.partials,
                                    config.start, config.steps)  # fmt: skip
        np.testing.assert_array_equal(run.path, expected)
        np.testing.assert_array_equal(run.loss, surface.value(expected))


def test_overrides_are_canonical():
    config = OptimizersConfig().with_hyper("adam", "lr", 0.05)
    assert config.hyper == (("adam.lr", 0.05),)
    assert config.value("adam", "lr") == 0.05 and config.hyper_for("adam")["lr"] == 0.05
    back = config.with_hyper("adam", "lr", entries.entry("adam").start["lr"])
    assert back.hyper == () and back == OptimizersConfig()
    betas = OptimizersConfig().with_hyper("adam", "betas[1]", 0.9).hyper_for("adam")["betas"]
    assert betas == (0.9, 0.9)
    assert OptimizersConfig(surface_params=(("quadratic.angle", 0.0),)).surface_params == ()


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        (dict(steps=0), "steps"),
        (dict(steps=1001), "steps"),
        (dict(step=301), "step on show"),
        (dict(ticked=("adam", "lbfgs")), "lbfgs"),
        (dict(ticked=("adam", "adam")), "twice"),
        (dict(selected="sgdx"), "sgdx"),
        (dict(hyper=(("adam.lr", 5.0),)), "adam.lr"),
        (dict(hyper=(("adam.amsgrad", 1.0),)), "true or false"),
        (dict(hyper=(("sgd.momentum", 0.5),)), "unknown hyper-parameter"),
        (dict(hyper=(("nesterov.momentum", 0.0),)), "SGD \\+ Nesterov hyper-parameters: nesterov"),
        (dict(surface="booth"), "booth"),
        (dict(surface_params=(("quadratic.condition_number", 0.5),)), "condition_number"),
        (dict(start=(float("nan"), 0.0)), "start"),
        (dict(noise=-1.0), "noise"),
        (dict(seed=5000), "seed"),
        (dict(schedule="linear"), "schedule"),
        (dict(schedule_params=(("step.gamma", 2.0),)), "step.gamma"),
    ],
)
def test_invalid_settings_are_refused_and_change_nothing(changes, needle):
    session = OptimizersSession()
    before = session.config
    with pytest.raises(ValueError, match=needle):
        session.update(**changes)
    assert session.config == before


def test_a_slider_recomputes_only_its_optimizer():
    session = OptimizersSession()
    before = {run.key: run for run in session.snapshot().runs}
    session.set_hyper("adam", "lr", 0.05)
    after = {run.key: run for run in session.snapshot().runs}
    assert after["adam"] is not before["adam"]
    assert all(after[key] is before[key] for key in before if key != "adam")
    assert after["adam"].hyper["lr"] == 0.05


def test_play_moves_the_step_on_show_without_undo_steps():
    session = OptimizersSession()
    session.set_hyper("adam", "lr", 0.05)  # one undo step
    assert session.stop_reason() is not None  # the default shows the end
    session.rewind()
    assert session.snapshot().step == 0 and session.stop_reason() is None
    runs = session.snapshot().runs
    assert session.train(120) == 120 and session.config.step == 120
    assert session.snapshot().runs[0] is runs[0]  # from the cache
    assert session.train(1000) == 180 and session.config.step is None
    assert "last step" in session.stop_reason()
    assert session.training_steps == 300
    session.undo()
    assert session.config.hyper == ()


def test_ticking_keeps_the_table_order():
    session = session_for(ticked=("adam",))
    session.set_ticked("sgd", True)
    session.set_ticked("radam", True)
    assert session.config.ticked == ("sgd", "adam", "radam")
    session.set_ticked("adam", False)
    assert [run.key for run in session.snapshot().runs] == ["sgd", "radam"]


def test_selected_run_and_a_divergence():
    session = session_for(selected="sgd", hyper=(("sgd.lr", 0.05),))
    snapshot = session.snapshot()
    run = snapshot.selected
    assert run.key == "sgd" and run.diverged and len(run.path) < 301
    assert np.all(np.isfinite(run.path))
    assert run.at(300) == len(run.path) - 1
    assert session_for(selected="adadelta").snapshot().selected is None  # not ticked


def test_distance_is_to_the_nearest_minimum():
    s = surfaces.get("himmelblau")
    start = s.minima[2]
    snapshot = session_for(surface="himmelblau", start=start, ticked=("adam",)).snapshot()
    (run,) = snapshot.runs
    assert run.distance[0] == pytest.approx(0.0, abs=1e-12)
    assert session_for(surface="saddle", start=(-1.8, 0.01)).snapshot().runs[0].distance is None


def test_noise_is_seeded_and_the_same_for_every_optimizer():
    a = session_for(noise=5.0, seed=1).snapshot().runs
    b = session_for(noise=5.0, seed=1).snapshot().runs
    c = session_for(noise=5.0, seed=2).snapshot().runs
    np.testing.assert_array_equal(a[0].path, b[0].path)
    assert not np.array_equal(a[0].path, c[0].path)
    assert not np.array_equal(a[0].path, session_for().snapshot().runs[0].path)


def test_schedule_gives_each_run_its_learning_rates():
    config = OptimizersConfig(schedule="step", schedule_params=(("step.step_size", 50.0),))
    snapshot = OptimizersSession(config).snapshot()
    adam = next(run for run in snapshot.runs if run.key == "adam")
    expected = schedules.get("step", step_size=50, gamma=0.5).lrs(0.1, 300)
    np.testing.assert_array_equal(adam.lrs, expected)


def test_condition_number_sets_the_quadratic():
    config = OptimizersConfig(surface="quadratic",
                              surface_params=(("quadratic.condition_number", 100.0),))  # fmt: skip
    config.validate()
    assert config.make_surface().params["condition_number"] == 100.0


@pytest.mark.parametrize("name", surfaces.names())
def test_surface_grid_bands(name):
    grid = surface_grid(name, ())
    assert grid.shade.shape == grid.values.shape
    assert grid.shade.min() >= 0 and grid.shade.max() <= BANDS - 1
    assert grid.shade.max() > grid.shade.min()  # more than one colour
    # log bands where the surface has steep walls and a flat floor
    assert grid.log == (name in ("quadratic", "rosenbrock", "beale", "himmelblau"))


def test_session_file_round_trip(tmp_path):
    config = OptimizersConfig(surface="quadratic", start=(2.0, -1.0), steps=500, step=20,
                              ticked=("sgd", "adam"), selected="sgd", noise=1.5, seed=3,
                              hyper=(("adam.amsgrad", True), ("sgd.lr", 0.01)),
                              surface_params=(("quadratic.condition_number", 50.0),),
                              schedule="warmup_cosine",
                              schedule_params=(("warmup_cosine.warmup", 40.0),))  # fmt: skip
    path = save_session(tmp_path / "s.json", "optimizers", config)
    assert load_session(path, "optimizers", OptimizersConfig) == config


def test_a_typed_surface_races_with_an_estimated_minimum():
    session = session_for(surface="custom", expression="(x - 1)**2 + 4*(y + 0.5)**2",
                          start=(-2.5, 1.5))  # fmt: skip
    snapshot = session.snapshot()
    assert snapshot.estimated_minimum
    np.testing.assert_allclose(snapshot.minima[0], (1.0, -0.5), atol=0.04)  # the grid's lowest
    adam = next(run for run in snapshot.runs if run.key == "adam")
    expected = trajectories.run("adam", session.config.hyper_for("adam"),
                                surfaces.from_expression(session.config.expression).partials,
                                (-2.5, 1.5), 300)  # fmt: skip
    np.testing.assert_allclose(adam.path, expected, rtol=1e-12, atol=1e-14)
    assert adam.distance[-1] < 0.1


def test_a_bad_typed_surface_is_refused_with_the_parsers_message():
    session = session_for(surface="custom")
    with pytest.raises(ValueError, match="expression f\\(x, y\\): unknown name 'z' at column 5"):
        session.update(expression="x + z")
    assert session.config.expression == OptimizersConfig().expression


def test_a_run_that_flies_off_counts_as_diverged():
    session = session_for(surface="quadratic", start=(-2.5, 1.5), steps=100,
                          ticked=("sgd", "momentum"), hyper=(("sgd.lr", 0.25),))  # fmt: skip
    sgd, momentum = session.snapshot().runs
    assert not sgd.diverged and sgd.exploded  # finite, but f grew by ~1e36
    assert not momentum.exploded


def test_step_detail_is_the_optimizers_own_state():
    from explorer.core import optimizers

    session = session_for(step=3, selected="adam")
    snapshot = session.snapshot()
    detail = session.step_detail(snapshot)
    assert detail.step == 4  # the update from step 3 to 4
    run = snapshot.selected
    np.testing.assert_array_equal(detail.point, run.path[3])
    np.testing.assert_array_equal(detail.move, run.path[4] - run.path[3])
    opt, point = optimizers.get("adam", **session.config.hyper_for("adam")), run.path[0].copy()
    surface = surfaces.get("rosenbrock")
    for _ in range(4):
        grad = surface.gradient(point)
        opt.step([point], [grad])
    np.testing.assert_array_equal(detail.gradient, grad)
    for key, (vx, vy) in detail.state.items():
        np.testing.assert_array_equal(opt.state[key][0], [vx, vy])
    assert set(detail.state) == {"exp_avg", "exp_avg_sq"} and detail.lr == 0.1
    end = session_for().snapshot()  # at the end: the last update
    assert OptimizersSession().step_detail(end).step == 300
    unticked = session_for(selected="adadelta")
    assert unticked.step_detail(unticked.snapshot()) is None


def test_a_full_cache_keeps_the_runs_it_hands_out(monkeypatch):
    from explorer.state.optimizers import race

    monkeypatch.setattr(race, "CACHE_RUNS", 9)  # exactly the nine runs of the defaults
    session = OptimizersSession()
    before = session.snapshot().runs
    session.set_hyper("adam", "lr", 0.05)  # eight runs from the cache, one new: one evicted
    after = session.snapshot().runs
    assert [run.key for run in after] == [run.key for run in before]
    assert sum(a is b for a, b in zip(after, before, strict=True)) == 8
    assert len(session.runner._cache) == 9


def test_phase_diagram_cells_are_runs_of_the_core():
    from explorer.state.optimizers.phase import PHASE_SIZE, PhaseJob, phase_axes

    assert [s.key for s in phase_axes("adam")] == ["lr", "betas[0]"]
    assert [s.key for s in phase_axes("momentum")] == ["lr", "momentum"]
    assert phase_axes("sgd") is None  # plain SGD has only its lr on a slider worth pairing
    config = OptimizersConfig(selected="adam", steps=120)
    job = PhaseJob(config)
    assert not job.done and job.steps == 120
    while not job.advance(0.01):
        pass
    assert job.computed == PHASE_SIZE**2
    surface = surfaces.get("rosenbrock")
    for row, column in ((0, 0), (5, 17), (PHASE_SIZE - 1, PHASE_SIZE - 1)):
        hyper = job.cell_hyper(row, column)
        assert hyper["lr"] == job.axes.lrs[column] and hyper["betas"][0] == job.axes.others[row]
        path = trajectories.run("adam", hyper, surface.partials, config.start, 120)
        if len(path) == 121 and surface.value(path[-1]) < 1e6:
            # all cells as one array: the same rule, the gradient's NumPy calls on arrays
            expected = np.log10(max(surface.value(path[-1]), 1e-12))
            assert job.values[row, column] == pytest.approx(expected, abs=1e-9)
        else:
            assert np.isnan(job.values[row, column])
    assert PhaseJob(session_for(surface="saddle", start=(-1.8, 0.01)).config).done  # no f*


def test_phase_diagram_steps_to_converge():
    from explorer.state.optimizers.phase import CONVERGED, PhaseJob

    config = OptimizersConfig(selected="momentum", surface="quadratic", start=(-2.5, 1.5),
                              steps=150)  # fmt: skip
    job = PhaseJob(config)
    while not job.advance(0.01):
        pass
    surface = config.make_surface()
    target = CONVERGED * float(surface.value(np.array(config.start)))  # f* = 0
    assert np.isfinite(job.converged).any() and np.isnan(job.converged).any()
    for row, column in zip(*np.nonzero(np.isfinite(job.converged)), strict=True):
        if (row + column) % 7:
            continue  # a sample of the converged cells
        hyper = job.cell_hyper(row, column)
        path = trajectories.run("sgd", hyper, surface.partials, config.start, 150)
        below = np.flatnonzero(surface.value(path) <= target)
        assert job.converged[row, column] == below[0]
    with pytest.raises(ValueError, match="phase diagram"):
        OptimizersConfig(phase_metric="speed").validate()


def test_the_tab_on_screen_is_not_an_undo_step_and_an_unknown_tab_is_refused():
    session = OptimizersSession()
    for tab in reversed(TABS):
        session.update(tab=tab)
        assert session.config.tab == tab
    assert not session.can_undo
    with pytest.raises(ValueError, match="unknown tab 'bowl'"):
        session.update(tab="bowl")
    assert session.config.tab == TABS[0]


def test_a_tab_view_is_computed_once_while_its_fields_stay_the_same(monkeypatch):
    calls = []
    monkeypatch.setitem(TAB_VIEWS, "probe", ("seed", lambda config: calls.append(config.seed)))
    session = OptimizersSession()
    session.snapshot().view("probe")
    session.update(seed=3)
    session.snapshot().view("probe")
    session.update(noise=1.0)  # not one of the view's fields
    session.snapshot().view("probe")
    assert calls == [0, 3]


def test_step_detail_reads_the_state_the_selected_run_recorded():
    """A drag recomputes the selected run once: "what this step does" reads the state that
    run recorded, which is what a run computed again for it records."""
    session = session_for(step=40, selected="adam")
    for x in (-1.1, -1.0, -0.9):  # three frames of a start drag
        session.update(start=(x, 1.0))
        snapshot = session.snapshot()
        detail = session.step_detail(snapshot)
        assert detail.step == 41
        assert detail.point == tuple(snapshot.selected.path[40])
    assert session.runner.recomputed == 0
    other = OptimizersSession(session.config)  # its runner never recorded this run
    assert other.step_detail(snapshot) == detail and other.runner.recomputed == 1
    session.update(hyper=(("sgd.lr", 0.002),))  # Adam's run comes from the cache
    assert session.snapshot().selected is snapshot.selected
    assert session.step_detail(session.snapshot()) == detail
    assert session.runner.recomputed == 0


def test_a_typed_surface_records_the_selected_run_too():
    """On a typed f(x, y) the runs step in lockstep; the selected one records its state there,
    so "what this step does" never evaluates the formula again step by step."""
    session = session_for(surface="custom", expression="x**2 + 3*y**2 + sin(x)", step=20,
                          start=(-2.0, 1.0), selected="adam")  # fmt: skip
    snapshot = session.snapshot()
    detail = session.step_detail(snapshot)
    assert session.runner.recomputed == 0
    other = OptimizersSession(session.config)
    assert other.step_detail(snapshot) == detail and other.runner.recomputed == 1


@pytest.mark.parametrize("changes", [{}, {"noise": 0.5, "seed": 3}, {"schedule": "step"}])
def test_fewer_steps_are_cut_from_the_longer_runs(monkeypatch, changes):
    """A run of s steps is the start of a longer one with the same settings: moving the Steps
    slider down (or back up to a length run before) computes nothing, and gives what a
    fresh computation gives, the state of "what this step does" included."""
    session = session_for(steps=300, step=40, selected="adam", **changes)
    session.snapshot()
    calls = []
    real_run = trajectories.run
    monkeypatch.setattr(trajectories, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    for steps in (120, 300, 41):
        session.update(steps=steps)
        snapshot = session.snapshot()
        assert not calls  # cut from the 300-step runs
        fresh = session_for(steps=steps, step=40, selected="adam", **changes)
        for cut, computed in zip(snapshot.runs, fresh.snapshot().runs, strict=True):
            np.testing.assert_array_equal(cut.path, computed.path)
            np.testing.assert_array_equal(cut.loss, computed.loss)
            np.testing.assert_array_equal(cut.lrs, computed.lrs)
            assert cut.steps == steps and cut.diverged == computed.diverged
        calls.clear()  # the fresh session's
        assert session.step_detail(snapshot) == fresh.step_detail(fresh.snapshot())
        assert session.runner.recomputed == 0 and not calls


def test_a_schedule_over_the_whole_run_is_computed_again_for_fewer_steps():
    session = session_for(steps=300, schedule="cosine")
    long = session.snapshot().runs
    session.update(steps=150)
    short = session.snapshot().runs
    fresh = session_for(steps=150, schedule="cosine").snapshot().runs
    for cut, computed, whole in zip(short, fresh, long, strict=True):
        np.testing.assert_array_equal(cut.path, computed.path)
        assert not np.array_equal(cut.lrs, whole.lrs[:150])  # cosine spans the 150 steps


def test_a_run_that_diverged_early_is_cut_where_it_stopped():
    session = session_for(surface="quadratic", start=(-2.5, 1.5), steps=300, ticked=("sgd",),
                          hyper=(("sgd.lr", 10.0),))  # fmt: skip
    (long,) = session.snapshot().runs
    assert long.diverged and 100 < len(long.path) < 250
    session.update(steps=250)
    (cut,) = session.snapshot().runs
    np.testing.assert_array_equal(cut.path, long.path)
    assert cut.diverged and cut.steps == 250
    session.update(steps=100)  # before it diverged
    (cut,) = session.snapshot().runs
    np.testing.assert_array_equal(cut.path, long.path[:101])
    assert not cut.diverged and cut.steps == 100

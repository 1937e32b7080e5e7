"""The loss lab's work in slices: the small MLPs' fits and the margin tab's training finish to
the same numbers as an unsliced fit, the shown result is a function of the config alone once
the work rests, and the views say when a picture is part-way or approximate. Driven by step
counts (``max_steps``), never by the clock."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from explorer.state.losses import small_mlp
from explorer.state.losses.config import LossesConfig
from explorer.state.losses.margin import compute_margin, margin_data
from explorer.state.losses.regression import compute_regression
from explorer.state.losses.session import LossesSession
from explorer.state.losses.slices import run_slices
from explorer.state.losses.training import LOGISTIC, STEPS, RunTask, train, trained_run

MLP = LossesConfig(reg_model="mlp")


def finish(session: LossesSession, steps: int = 37) -> int:
    """Advance in slices of ``steps`` optimizer steps until done; the number of slices."""
    for count in itertools.count(1):
        if session.advance(max_steps=steps):
            return count
        assert count < 1000


# --- the slicing helper --------------------------------------------------------------------


class Counter:
    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def step(self) -> None:
        self.done += 1


def test_run_slices_stops_at_its_step_count_or_its_time_budget():
    tasks = [Counter(3), Counter(4)]
    assert run_slices(tasks, max_steps=5) == 5
    assert (tasks[0].done, tasks[1].done) == (3, 2)  # in order: the first task first
    ticks = iter(range(100))  # a fake clock: one "second" per reading
    assert run_slices(tasks, budget_s=2.5, clock=lambda: next(ticks)) == 2
    assert run_slices(tasks) == 0 and all(t.finished for t in tasks)


# --- regression: the small MLPs -------------------------------------------------------------


def test_sliced_fits_show_their_progress_and_finish_to_the_unsliced_fit():
    session = LossesSession(MLP)
    view = session.snapshot().regression
    assert [f.state for f in view.fits] == ["partial"] * 4 and view.progress == 0
    assert session.pending
    session.advance(max_steps=150)  # the first loss's fit, three quarters of it
    view = session.snapshot().regression
    assert [f.steps for f in view.fits] == [150, 0, 0, 0] and not view.exact
    slices = finish(session)
    assert slices > 10 and not session.pending
    view, exact = session.snapshot().regression, compute_regression(MLP)
    assert view.exact and view.progress == 1
    for sliced, whole in zip(view.fits, exact.fits, strict=True):
        np.testing.assert_array_equal(sliced.model_y, whole.model_y)
        np.testing.assert_array_equal(sliced.residuals, whole.residuals)


def drag(session: LossesSession, index: int, path) -> list[str]:
    """Move point ``index`` along ``path``, reading the view at each move (as a redraw does);
    the states seen."""
    states = []
    for x, y in path:
        session.move_point(index, x, y)
        states.extend(f.state for f in session.snapshot().regression.fits)
    return states


def test_the_curve_is_a_function_of_the_config_not_of_the_drag_path():
    target = (2.7, 1.5)
    short, long = LossesSession(MLP), LossesSession(MLP)
    finish(short), finish(long)
    assert set(drag(short, 8, [target])) == {"warm"}
    wandering = [(2.7, y) for y in np.linspace(-3.5, 3.9, 12)] + [(1.0, 0.0), target]
    assert set(drag(long, 8, wandering)) == {"warm"}
    # during the drags the approximations differ with the path: that is why they are marked
    warm = [s.snapshot().regression.fit("mse").model_y for s in (short, long)]
    assert not np.array_equal(*warm)
    finish(short), finish(long)
    config = dataclasses.replace(MLP, reg_points=short.config.reg_points, reg_selected=8)
    assert short.config == long.config == config
    exact = compute_regression(config)
    for session in (short, long):
        view = session.snapshot().regression
        assert view.exact
        for shown, whole in zip(view.fits, exact.fits, strict=True):
            np.testing.assert_array_equal(shown.model_y, whole.model_y)


def test_undo_shows_the_finished_fit_at_once_and_the_line_stops_the_work():
    session = LossesSession(MLP)
    finish(session)
    before = session.snapshot().regression.fit("huber").model_y
    session.move_point(8, 2.7, 0.0)
    assert session.pending
    session.undo()
    view = session.snapshot().regression
    assert view.exact and not session.pending
    np.testing.assert_array_equal(view.fit("huber").model_y, before)
    session.move_point(8, 2.7, 0.5)
    assert session.pending
    session.update(reg_model="line")
    assert not session.pending and session.advance(max_steps=1)


def test_a_changed_loss_parameter_refits_only_that_loss():
    session = LossesSession(MLP)
    finish(session)
    session.update(reg_delta=2.0)
    view = session.snapshot().regression
    assert {f.name: f.state for f in view.fits} == {
        "mse": "exact", "l1": "exact", "huber": "warm", "smooth_l1": "exact"}  # fmt: skip
    finish(session)
    np.testing.assert_array_equal(
        session.snapshot().regression.fit("huber").model_y,
        compute_regression(session.config).fit("huber").model_y,
    )


# --- margin: training in slices ---------------------------------------------------------------


@pytest.mark.parametrize("model", ["linear", "mlp"])
def test_runs_under_each_loss_finish_to_the_unsliced_runs(model):
    config = LossesConfig(tab="margin", margin_trained=True, margin_model=model, margin_set="xor")
    session = LossesSession(config)
    view = session.snapshot().margin
    assert view.pending and not any(run.complete for run in view.trained)
    session.advance(max_steps=120)  # the first run in line: the live MLP's, for the MLP
    first = LOGISTIC if model == "mlp" else config.margin_losses[0]
    partial = next(r for r in session.snapshot().margin.trained if r.name == first)
    assert (partial.complete, partial.steps, partial.errors.size) == (False, 119, 120)
    finish(session, steps=97)
    view = session.snapshot().margin
    assert not view.pending and not session.pending
    X, y = margin_data("xor", 0.3)
    for run in view.trained:
        whole = train(run.name, X, y, model)
        assert run.complete and run.steps == whole.steps
        np.testing.assert_array_equal(run.losses, whole.losses)
        np.testing.assert_array_equal(run.errors, whole.errors)
        np.testing.assert_array_equal(run.scores, whole.scores)
    assert session.snapshot().margin.trained[0] is view.trained[0]  # kept, not retrained


def test_a_diverging_run_is_the_same_sliced_or_not():
    X, y = margin_data("spirals", 1.0)
    task = RunTask("exponential", X, y, "linear")
    while not task.finished:
        run_slices([task], max_steps=7)
    sliced, whole = task.run(), train("exponential", X, y, "linear")
    assert sliced.diverged == whole.diverged
    np.testing.assert_array_equal(sliced.errors, whole.errors)
    np.testing.assert_array_equal(sliced.losses, whole.losses)


def test_the_live_mlp_trains_in_slices_and_a_noise_drag_shows_the_last_finished_net():
    config = LossesConfig(tab="margin", margin_model="mlp", margin_set="moons")
    session = LossesSession(config)
    assert session.snapshot().margin.live == "partial"
    finish(session)
    view = session.snapshot().margin
    whole = trained_run(LOGISTIC, "moons", 0.3, "mlp")
    assert view.live == "final"
    np.testing.assert_array_equal(view.margins, view.y * whole.train_scores)
    session.update(margin_noise=0.5)
    view = session.snapshot().margin
    assert (view.live, view.live_source) == ("previous", ("moons", 0.3))
    assert view.mlp_run is session.stores["margin"].finished((LOGISTIC, "moons", 0.3, "mlp"))
    # the margins are the moons-0.3 net's scores on the noise-0.5 data: what the plot shows
    np.testing.assert_allclose(view.margins, view.y * whole.net.predict(view.X)[:, 0])
    finish(session)
    view = session.snapshot().margin
    assert view.live == "final" and view.live_source is None
    unsliced = compute_margin(session.config)
    np.testing.assert_array_equal(view.margins, unsliced.margins)


def test_the_regression_exact_fit_needs_its_fixed_steps():
    session = LossesSession(MLP)
    session.advance(max_steps=4 * small_mlp.COLD_STEPS - 1)
    assert session.pending
    assert session.advance(max_steps=1) and not session.pending
    assert STEPS == 200

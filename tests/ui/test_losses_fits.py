"""The loss lab's slow fits with real widgets: they run in slices from the page's timer (driven
here tick by tick, never by the clock), the picture and the words say what is on screen while
they run, and they finish to the numbers of an unsliced fit."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

from explorer.state.losses.config import LossesConfig
from explorer.state.losses.margin import DATA_EXTENT, compute_margin
from explorer.state.losses.regression import compute_regression
from explorer.state.losses.training import GRID
from explorer.ui.labs.losses import LossesLab
from explorer.ui.labs.losses.contour import level_lines

MOUSE = runpy.run_path(str(Path(__file__).with_name("losses_mouse.py")))
finish_fits = MOUSE["finish_fits"]
STEP = 2 * DATA_EXTENT / (GRID - 1)  # of the score images' grid


@pytest.fixture
def lab(show_page) -> LossesLab:
    page = show_page(LossesLab(), (1300, 850))
    MOUSE["hold_fits"](page)
    return page


def test_the_runner_works_only_for_a_training_tab_on_screen(lab):
    runner = lab.fit_runner
    assert runner._active  # the regression tab, shown
    lab.session.update(tab="softmax")
    assert not runner._active and not runner.running
    lab.session.update(tab="margin", margin_model="mlp")
    assert runner._active and runner.running and lab.busy()
    lab.hide()
    assert not runner._active and not runner.running and not lab.busy()
    lab.show()
    assert runner._active


def test_a_rested_config_resumes_the_slices_and_each_tick_advances(lab):
    lab.session.update(reg_model="mlp")
    lab.flush()
    runner = lab.fit_runner
    runner.resume()  # what the quiet period's end does
    assert runner.timer.isActive()
    runner.tick(budget_s=None, max_steps=100)
    lab.flush()
    view = lab.session.snapshot().regression
    assert [f.steps for f in view.fits] == [100, 0, 0, 0]
    assert "fitting… 12 %" in lab.tabs[0].data_view._title  # 100 of 4 × 200 steps
    assert "12 %" in lab.status_text()
    lab.session.move_point(3, -0.5, 1.0)  # a change stops the slices until the next rest
    assert not runner.timer.isActive() and runner.quiet.isActive()
    finish_fits(lab)
    assert not runner.timer.isActive()


def test_the_switch_to_the_mlp_shows_fitting_then_the_exact_fits(lab):
    tab = lab.tabs[0]
    tab.panel.model.setCurrentIndex(tab.panel.model.findData("mlp"))
    lab.flush()
    lines = tab.data_view.lines
    assert lab.busy() and "fitting… 0 %" in tab.data_view._title
    assert lines["huber"].opacity() < 1
    assert "Curves fitting… 0 %" in lab.notes.text() and "fitting" in lab.status_text()
    ticks = finish_fits(lab, steps=60)
    assert ticks >= 4 * 200 // 60
    assert not lab.busy() and "fitting" not in tab.data_view._title + lab.status_text()
    assert lines["huber"].opacity() == 1 and "Curves" not in lab.notes.text()
    exact = compute_regression(lab.session.config)
    for fit in exact.fits:
        np.testing.assert_array_equal(lines[fit.name].getData()[1], fit.model_y)


def test_a_drag_is_approximate_until_it_rests_then_exact_whatever_the_path(lab):
    lab.session.update(reg_model="mlp")
    finish_fits(lab)
    for y in np.linspace(-3.4, 3.0, 8):  # the outlier dragged up, as the mouse moves it
        lab.session.move_point(8, 2.7, float(y))
        lab.flush()
        assert "approximate" in lab.tabs[0].data_view._title
        assert "MLP (approximate)" in lab.notes.text()
    finish_fits(lab)
    shown = lab.tabs[0].data_view.lines["mse"].getData()[1]
    direct = compute_regression(
        LossesConfig(reg_model="mlp", reg_points=lab.session.config.reg_points)
    )
    np.testing.assert_array_equal(shown, direct.fit("mse").model_y)


def test_training_under_each_loss_with_the_mlp_shows_progress_then_the_final_runs(lab):
    lab.session.update(tab="margin", margin_model="mlp", margin_set="xor")
    lab.flush()
    tab = lab.tabs[1]
    assert "training…" in tab.data_view._title and "training… 0 %" in lab.status_text()
    finish_fits(lab)
    assert tab.data_view._title.endswith("(trained, logistic loss)")
    tab.panel.trained.setChecked(True)
    lab.flush()
    titles = {name: plot._title for name, plot in tab.boundaries.plots.items()}
    # the logistic run is the live classifier's, trained already; the others start
    assert titles["soft_margin"].endswith("wrong") and titles["hinge"] == "Hinge: training…"
    assert "Small MLPs trained from seed 0" in lab.notes.text() and "so far" in lab.notes.text()
    lab.fit_runner.tick(budget_s=None, max_steps=50)
    lab.flush()
    _, errors = tab.training_view.curves["zero_one"].getData()
    assert errors.size == 50  # the error curve grows as the run trains: 50 records
    finish_fits(lab)
    assert all(t.endswith("wrong") for t in (p._title for p in tab.boundaries.plots.values()))
    assert "wrong at the end" in lab.notes.text() and "training" not in lab.status_text()
    unsliced = compute_margin(lab.session.config)
    for run in unsliced.trained:
        plot = tab.boundaries.plots[run.name]
        expected = level_lines(run.scores, 0.0, (-DATA_EXTENT, -DATA_EXTENT), STEP)
        np.testing.assert_array_equal(plot.boundary.getData()[0], expected[0])
        np.testing.assert_array_equal(plot.boundary.getData()[1], expected[1])


def test_a_noise_drag_shows_the_last_finished_mlp_and_says_so(lab):
    lab.session.update(tab="margin", margin_model="mlp", margin_set="moons")
    finish_fits(lab)
    tab = lab.tabs[1]
    for noise in (0.35, 0.4, 0.45):
        tab.panel.noise.spin.setValue(noise)  # as a user types it
        lab.flush()
        assert lab.session.config.margin_noise == noise
        assert tab.data_view._title == (
            "Data and the small MLP trained on Moons, noise 0.3 · retraining…"
        )
        assert "trained on Moons, noise 0.3 (the net of these data is training)" in (
            lab.notes.text()
        )
        assert tab.data_view.iso[0].opacity() < 1
    finish_fits(lab)
    assert tab.data_view._title.endswith("(trained, logistic loss)")
    assert tab.data_view.iso[0].opacity() == 1


def test_the_strip_redraws_two_plots_a_frame(lab):
    lab.session.update(tab="margin", margin_trained=True)
    finish_fits(lab)
    strip = lab.tabs[1].boundaries
    lab.session.set_checked("margin_losses", "hinge", True)  # nothing new: all drawn
    lab.session.update(margin_model="mlp")  # five new runs at step 0 (one the live net's)
    lab.scheduler.flush()  # one frame only
    titles = [plot._title for plot in strip.plots.values()]
    assert sum(t.endswith("training…") for t in titles) == strip.PER_FRAME
    assert lab.scheduler.pending  # the rest in the next frames
    lab.flush()
    titles = [plot._title for plot in strip.plots.values()]
    assert sum(t.endswith("training…") for t in titles) == 5  # all drawn, none trained yet

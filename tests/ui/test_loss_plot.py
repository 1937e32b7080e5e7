"""LossPlot, the loss-vs-step plot the training labs share, and StyledPlot's build hook; in
the process's mode and in the other one."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.ui import theme
from explorer.ui.plot import LossPlot, StyledPlot
from explorer.ui.plot.loss import decade_ticks, nice_ceiling, thinned, whole_decades


class TwoRuns(LossPlot):
    """A loss plot as a lab would write one: two named curves, made in build."""

    def build(self) -> None:
        super().build()
        self.run_a = self.curve("run A", theme.PALETTE[0])
        self.run_b = self.curve("run B", theme.PALETTE[1], dash=True, z=2)


@pytest.fixture(params=[True, False], ids=["fast", "plain"])
def loss_plot(request, app, qtbot):
    plot = TwoRuns("Training loss", legend=True, fast=request.param)
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def test_curves_are_named_in_the_legend_on_a_log_step_axis(loss_plot):
    assert loss_plot.plot_item.getAxis("left").logMode
    assert loss_plot.plot_item.getAxis("bottom").labelText == "step"
    names = [label.text for _sample, label in loss_plot.legend.items]
    assert names == ["run A", "run B"]
    assert loss_plot.run_b.opts["pen"].style() != loss_plot.run_a.opts["pen"].style()  # dashed


def test_non_finite_losses_leave_gaps_and_zero_is_drawn_at_the_floor(loss_plot):
    steps = np.arange(1.0, 8.0)
    loss = np.array([1.0, 0.5, np.nan, 0.25, np.inf, 0.0, 0.1])
    loss_plot.show_losses(loss_plot.run_a, steps, loss)
    x, y = loss_plot.run_a.getOriginalDataset()
    np.testing.assert_array_equal(x, steps)
    assert np.isnan(y[[2, 4]]).all()  # divergence: a gap, not a spike to the top
    assert y[5] == loss_plot.floor and y[0] == 1.0
    _x, shown_y = loss_plot.run_a.getData()  # log10 on the log axis
    assert np.isfinite(shown_y[np.isfinite(y)]).all()
    assert math.isclose(shown_y[0], 0.0) and math.isclose(shown_y[5], -12.0)
    loss_plot.show_losses(loss_plot.run_a, [], [])
    assert loss_plot.run_a.getOriginalDataset() == (None, None)  # cleared


def test_a_long_history_is_thinned_keeping_its_ends(loss_plot):
    count = 3 * loss_plot.max_points + 1
    steps = np.arange(1.0, count + 1)
    loss_plot.show_losses(loss_plot.run_b, steps, 1.0 / steps)
    x, y = loss_plot.run_b.getOriginalDataset()
    assert len(x) <= loss_plot.max_points and x[0] == 1 and x[-1] == count
    np.testing.assert_allclose(y, 1.0 / x)
    np.testing.assert_array_equal(thinned(5, 10), np.arange(5))  # short: all of it


def test_ranges_are_set_only_when_they_change(loss_plot):
    view = loss_plot.plot_item.getViewBox()
    changes = []
    view.sigRangeChanged.connect(lambda *_args: changes.append(1))
    loss_plot.show_steps(200)
    loss_plot.show_decades(-3, 0, ticks=True)
    (x0, x1), (y0, y1) = view.viewRange()
    assert x0 < 0 < 200 < x1 and (y0, y1) == pytest.approx((-3.1, 0.1))
    fixed = loss_plot.plot_item.getAxis("left")._tickLevels  # what setTicks was given
    assert fixed == decade_ticks(-3, 0)
    count = len(changes)
    loss_plot.show_steps(200)
    loss_plot.show_decades(-3, 0, ticks=True)
    assert len(changes) == count  # the same ranges again: nothing redrawn


def test_whole_decades_and_nice_steps():
    assert whole_decades([0.3, 0.002, np.nan, np.inf], 1e-12) == (-3, 0)
    assert whole_decades([0.5, 0.6], 1e-12) == (-1, 0)  # at least one decade
    assert whole_decades([0.0], 1e-8) == (-8, -7)  # zero: the floor's decade
    assert whole_decades([np.nan, -np.inf], 1e-12) is None
    assert [nice_ceiling(v) for v in (7, 10, 11, 101, 350, 0)] == [10, 10, 20, 200, 500, 0]
    major, minor = decade_ticks(-2, 0)
    assert [text for _value, text in major] == ["0.01", "0.1", "1"]
    assert len(minor) == 16 and all(text == "" for _value, text in minor)


def test_build_runs_once_before_the_first_apply_scale(app, qtbot):
    calls = []

    class Probe(StyledPlot):
        def build(self) -> None:
            calls.append("build")
            self.marker = self.points(None, "#000000")

        def apply_scale(self) -> None:
            super().apply_scale()
            calls.append(("apply_scale", self.marker.opts["symbolSize"]))

    plot = Probe("t", "x", "y")
    qtbot.addWidget(plot)
    assert calls == ["build", ("apply_scale", 6.0 * theme.Scale.factor)]
    plot.apply_scale()
    assert calls.count("build") == 1

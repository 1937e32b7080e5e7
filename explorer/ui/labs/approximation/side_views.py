"""The two small plots under the main one: the residual (build view) and the loss (fit view)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from explorer.state.approximation.snapshot import ApproximationSnapshot
from explorer.ui import theme
from explorer.ui.labs.approximation.axes import plain_axes
from explorer.ui.labs.approximation.palette import GUIDE_COLOUR, RESIDUAL_COLOUR
from explorer.ui.plot_items import Backdrop
from explorer.ui.plotting import StyledPlot

LOSS_NAMES = {"mse": "MSE", "l1": "L1", "huber": "Huber", "smooth_l1": "smooth L1"}


class ResidualView(StyledPlot):
    """y − ŷ at every sample point: what is still missing (and what "Greedy next" attacks)."""

    def __init__(self) -> None:
        super().__init__("What is still missing", "x", "y − ŷ", legend=False)
        plain_axes(self)
        self.plot_item.getViewBox().disableAutoRange()
        self._data = None
        self._half_range = 0.0
        self.residual_item = self.points(None, RESIDUAL_COLOUR, size=4)
        # y = 0, painted in pixels with the grid's pass: an InfiniteLine repaints (in Python)
        # whenever the points move across it
        self.backdrop = Backdrop(self.plot_item)
        self._restyle_zero_line()

    def show_snapshot(self, snapshot: ApproximationSnapshot) -> None:
        data = snapshot.data
        if data is not self._data:
            self._data = data
            self.setXRange(float(data.grid_x[0]), float(data.grid_x[-1]), padding=0.02)
        self.residual_item.setData(data.x, snapshot.residual)
        self._fit_range(float(np.max(np.abs(snapshot.residual))) if data.x.size else 0.0)

    def _fit_range(self, largest: float) -> None:
        """Symmetric y-range ±R that changes only when the residual outgrows it or shrinks a
        lot: a range change redraws the tick labels, far dearer than the points."""
        if not np.isfinite(largest):
            return
        if self._half_range * 0.3 <= largest <= self._half_range and self._half_range > 0:
            return
        self._half_range = max(_nice_ceiling(1.25 * largest), 1e-6)
        self.setYRange(-self._half_range, self._half_range, padding=0)

    def apply_scale(self) -> None:
        super().apply_scale()
        if hasattr(self, "backdrop"):
            self._restyle_zero_line()

    def _restyle_zero_line(self) -> None:
        self.backdrop.set_guide("zero", "y", 0.0, pg.mkPen(GUIDE_COLOUR, width=theme.Scale.factor))


class LossView(StyledPlot):
    """The training loss after every step, on a log scale."""

    def __init__(self) -> None:
        super().__init__("Training loss", "training step", "loss (MSE)", log_y=True, legend=False)
        plain_axes(self)
        self.plot_item.getViewBox().disableAutoRange()
        self.loss_item = self.line(None, theme.PALETTE[0])
        self._loss_name = "mse"
        self._ranges: tuple | None = None

    def show_snapshot(self, snapshot: ApproximationSnapshot) -> None:
        loss = snapshot.config.loss
        if loss != self._loss_name:
            self._loss_name = loss
            self._labels["left"] = (f"loss ({LOSS_NAMES.get(loss, loss)})", None)
            self.apply_scale()
        if snapshot.loss_steps is None or snapshot.loss_steps.size == 0:
            self.loss_item.setData([], [])
            self._fit_range(1, 1e-3, 1.0)
        else:
            self.loss_item.setData(snapshot.loss_steps, snapshot.loss_values)
            values = snapshot.loss_values
            self._fit_range(snapshot.loss_steps[-1], float(values.min()), float(values.max()))

    def _fit_range(self, last_step: float, low: float, high: float) -> None:
        """Steps up to the next 1-2-5 number, losses in whole decades: the range (and with it
        every tick label) changes a few times per run, not every frame."""
        steps = _nice_ceiling(max(last_step, 10.0))
        decades = (math.floor(math.log10(max(low, 1e-30))), math.ceil(math.log10(max(high, 1e-30))))
        ranges = (steps, decades[0], max(decades[1], decades[0] + 1))
        if ranges != self._ranges:
            self._ranges = ranges
            self.setXRange(0, steps, padding=0.02)
            self.setYRange(ranges[1] - 0.1, ranges[2] + 0.1, padding=0)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10ᵏ that is at least ``value``."""
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= value)

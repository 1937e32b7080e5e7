"""Training loss against the step on a log axis: the plot every training lab shows.

Curves are made once (:meth:`LossPlot.curve`, in :meth:`~LossPlot.build`) and fed with
:meth:`LossPlot.show_losses`, which thins long histories, leaves gaps where a loss is not finite
(NaN, ±inf after a divergence) and lifts exact zeros to :attr:`LossPlot.floor` (a log axis
cannot show 0). The ranges change in coarse steps only (:meth:`~LossPlot.show_steps`,
:meth:`~LossPlot.show_decades`): a new range redraws every tick label, far dearer than the
curves.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from explorer.ui.plot.styled import StyledPlot


class LossPlot(StyledPlot):
    """Loss curves (log y) against the training step (x from 0)."""

    floor = 1e-12  # the smallest loss drawn: a log axis cannot show 0
    max_points = 2000  # longer histories are thinned to this many points

    def __init__(self, title: str, x_label: str = "step", y_label: str = "loss", **kwargs) -> None:
        kwargs.setdefault("legend", False)
        super().__init__(title, x_label, y_label, log_y=True, **kwargs)

    def build(self) -> None:
        super().build()
        self._right: float | None = None  # the x-range shown: 0 … right
        self._decades: tuple | None = None  # the y-range shown: see show_decades

    def curve(
        self,
        name: str | None,
        colour: str | QColor,
        *,
        dash: bool = False,
        width: float | None = None,
        z: float = 0.0,
    ) -> pg.PlotDataItem:
        """A loss curve, named in the legend (if the plot has one), fed by
        :meth:`show_losses`."""
        return self.line(name, colour, width=width, dash=dash, z=z)

    def show_losses(self, item: pg.PlotDataItem, steps, values) -> None:
        """Draw ``values`` at ``steps`` on ``item`` (no points: an empty curve)."""
        steps = np.asarray(steps, dtype=np.float64)
        if steps.size == 0:
            item.setData([], [])
            return
        values = np.asarray(values, dtype=np.float64)
        if steps.size > self.max_points:
            keep = thinned(steps.size, self.max_points)
            steps, values = steps[keep], values[keep]
        shown = np.where(np.isfinite(values), values, np.nan)
        item.setData(steps, np.maximum(shown, self.floor), connect="finite")

    def show_steps(self, right: float, padding: float | None = 0.02) -> None:
        """Steps 0 … ``right`` on the x-axis, set only when ``right`` changes (``padding`` as
        in ``setXRange``: None lets the view choose)."""
        if right != self._right:
            self._right = right
            self.plot_item.setXRange(0, right, padding=padding)

    def show_decades(
        self, low: int, high: int, *, below: float = 0.1, above: float = 0.1, ticks: bool = False
    ) -> None:
        """Losses 10^low … 10^high on the y-axis, with ``below`` and ``above`` decades of room;
        with ``ticks``, labels at the decades only (:func:`decade_ticks`). Set only when one of
        them changes; :meth:`apply_scale` sets them again."""
        key = (low, high, below, above, ticks)
        if key == self._decades:
            return
        self._decades = key
        self.plot_item.setYRange(low - below, high + above, padding=0)
        if ticks:
            self.plot_item.getAxis("left").setTicks(decade_ticks(low, high))

    def apply_scale(self) -> None:
        super().apply_scale()
        self._decades = None  # room for labels may depend on the scale: the next show sets it


def whole_decades(values, floor: float) -> tuple[int, int] | None:
    """The whole decades (log10) that hold the finite ``values`` (each at least ``floor``), at
    least one decade; None when no value is finite."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    low = math.floor(math.log10(max(float(finite.min()), floor)))
    high = math.ceil(math.log10(max(float(finite.max()), floor)))
    return low, max(high, low + 1)


def decade_ticks(low: int, high: int) -> list[list[tuple[float, str]]]:
    """Ticks of a log10 axis from 10^low to 10^high: labelled decades, unlabelled 2…9 between
    (pyqtgraph's own labels every minor tick when the range is short, and they collide)."""
    major = [(float(d), f"{10.0**d:g}") for d in range(low, high + 1)]
    minor = [(d + math.log10(k), "") for d in range(low, high) for k in range(2, 10)]
    return [major, minor]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10ᵏ that is at least ``value`` (0 for ``value`` ≤ 0)."""
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= value)


def thinned(count: int, limit: int) -> np.ndarray:
    """Indices of at most ``limit`` of ``count`` points, evenly spread, first and last kept."""
    return np.unique(np.linspace(0, count - 1, limit).round().astype(np.intp))

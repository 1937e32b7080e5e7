"""The residual plot under the main one (build view): what the network still misses."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.state.approximation.snapshot import ApproximationSnapshot
from explorer.ui import theme
from explorer.ui.labs.approximation.axes import plain_axes
from explorer.ui.labs.approximation.palette import GUIDE_COLOUR, RESIDUAL_COLOUR
from explorer.ui.plot import Backdrop, StyledPlot
from explorer.ui.plot.loss import nice_ceiling


class ResidualView(StyledPlot):
    """y − ŷ at every sample point: what is still missing (and what "Greedy next" attacks)."""

    def __init__(self) -> None:
        super().__init__("What is still missing", "x", "y − ŷ", legend=False)

    def build(self) -> None:
        plain_axes(self)
        self.plot_item.getViewBox().disableAutoRange()
        self._data = None
        self._half_range = 0.0
        self.residual_item = self.points(None, RESIDUAL_COLOUR, size=4)
        # y = 0, painted in pixels with the grid's pass: an InfiniteLine repaints (in Python)
        # whenever the points move across it
        self.backdrop = Backdrop(self.plot_item)

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
        self._half_range = max(nice_ceiling(1.25 * largest), 1e-6)
        self.setYRange(-self._half_range, self._half_range, padding=0)

    def apply_scale(self) -> None:
        super().apply_scale()
        self.backdrop.set_guide("zero", "y", 0.0, pg.mkPen(GUIDE_COLOUR, width=theme.Scale.factor))

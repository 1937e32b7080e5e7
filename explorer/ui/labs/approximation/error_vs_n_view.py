"""The "error vs N" plot: least-squares error as the hidden layer grows, current N marked.

The curve arrives in pieces from :class:`ErrorVsNRunner` (a timer computes a few N per tick),
so the plot fills in from the left while the lab stays responsive.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from explorer.state.approximation.error_vs_n import SEEDS
from explorer.state.approximation.network import MAX_NEURONS
from explorer.ui import theme
from explorer.ui.labs.approximation.axes import place_line_label, plain_axes
from explorer.ui.labs.approximation.palette import (
    GUIDE_COLOUR,
    MARKER_COLOUR,
    REFERENCE_COLOUR,
)
from explorer.ui.plot import StyledPlot
from explorer.ui.plot.loss import decade_ticks

TITLE = "Error vs N"
FLOOR = 1e-30  # log axis: an exact zero would vanish
LABEL_BRUSH = QColor(255, 255, 255, 160)  # the N label's backing: the curve shows through it


class ErrorVsNView(StyledPlot):
    """Mean least-squares error over random hidden units for N = 1 … 64, and this network."""

    def __init__(self) -> None:
        super().__init__(
            TITLE, ("hidden neurons N", "neurons N", "N"), ("error (MSE)", "MSE"), log_y=True
        )

    def build(self) -> None:
        plain_axes(self)
        self.curve_item = self.line("least squares", REFERENCE_COLOUR, width=2.0)
        self.dots_item = self.points(None, REFERENCE_COLOUR, size=4)
        self.marker_item = self.points("this network", MARKER_COLOUR, size=12, z=3)
        self.marker_item.setSymbol("d")
        self.setToolTip(
            f"Error of the least-squares fit with N random hidden units (mean of {SEEDS} seeds), "
            "measured against the noise-free f on a fine grid; the diamond is the network on "
            "screen, measured the same way"
        )
        self.n_line = pg.InfiniteLine(
            pos=1, angle=90, movable=False, label="N = {value:.0f}",
            # on a background of its own, over the curve (the line is a cursor in front of
            # it): beside a low N the label lies where the curve still falls
            labelOpts={"position": 0.06, "color": "#333333", "anchors": [(0, 1), (0, 1)],
                       "fill": LABEL_BRUSH},
        )  # fmt: skip
        self.n_line.setZValue(2.5)  # over the curve, under the diamond
        self.plot_item.addItem(self.n_line, ignoreBounds=True)
        self.setXRange(0, MAX_NEURONS + 1, padding=0)
        self.plot_item.getViewBox().disableAutoRange()
        self.plot_item.getViewBox().sigResized.connect(lambda _box: self._place_n_label())
        self._curve_decades = (np.inf, -np.inf)
        self._marker_decade = np.nan
        self._decades: tuple[float, float] | None = None

    def show_curve(self, n_values: np.ndarray, errors: np.ndarray, computed: int) -> None:
        """Draw the first ``computed`` entries (the rest is still being computed).

        While a new curve fills in, the y-range only grows: it is set to fit exactly once the
        curve is complete, so a drag that restarts the computation does not make the axis
        jump every frame.
        """
        errors = np.maximum(errors[:computed], FLOOR)
        self.curve_item.setData(n_values[:computed], errors)
        self.dots_item.setData(n_values[:computed], errors)
        finite = errors[np.isfinite(errors)]
        decades = (np.inf, -np.inf)
        if finite.size:
            logs = np.log10(finite)
            decades = (float(np.floor(logs.min())), float(np.ceil(logs.max())))
        if computed < len(n_values):
            old = self._curve_decades
            decades = (min(decades[0], old[0]), max(decades[1], old[1]))
        self._curve_decades = decades
        self._fit_range()

    def show_network(self, n: int, error: float) -> None:
        """Mark the current N and the error of the network on screen."""
        if self.n_line.value() != n:
            self.n_line.setValue(n)
            self._place_n_label()
        if np.isfinite(error):
            self.marker_item.setData([n], [max(error, FLOOR)])
            decade = float(np.floor(np.log10(max(error, FLOOR))))
        else:
            self.marker_item.setData([], [])
            decade = np.nan
        if decade != self._marker_decade:
            self._marker_decade = decade
            self._fit_range()

    def _fit_range(self) -> None:
        """Whole decades around the curve and the marker; set only when they change, since a
        new range redraws every tick label."""
        lo, hi = self._curve_decades
        if np.isfinite(self._marker_decade):
            lo, hi = min(lo, self._marker_decade), max(hi, self._marker_decade + 1)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            return
        decades = (lo, max(hi, lo + 1))
        if decades != self._decades:
            self._decades = decades
            self.setYRange(decades[0] - 0.1, decades[1] + 0.1, padding=0)
            # labels at the decades only: over two or three decades pyqtgraph labels every
            # minor tick, and at a projector's text size they run into each other
            self.plot_item.getAxis("left").setTicks(decade_ticks(int(decades[0]),
                                                                 int(decades[1])))  # fmt: skip
            self._place_n_label()

    def _place_n_label(self) -> None:
        place_line_label(self, self.n_line)

    def apply_scale(self) -> None:
        super().apply_scale()
        factor = theme.Scale.factor
        self.n_line.setPen(pg.mkPen(GUIDE_COLOUR, width=1.5 * factor, style=Qt.PenStyle.DashLine))
        self.n_line.label.setFont(self._label_font())

    def _label_font(self):
        font = self.font()
        font.setPointSize(theme.Scale.font_pt())
        return font

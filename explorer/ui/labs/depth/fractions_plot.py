"""Saturated entries and dead units per hidden layer, in percent (the core's layer_stats)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QFont, QFontMetricsF

from explorer.ui.labs.depth.axes import finite, layer_slots, layer_ticks
from explorer.ui.labs.depth.palette import DEAD_COLOUR, SATURATED_COLOUR, mkpen, text_colour
from explorer.ui.labs.depth.plot_base import DepthPlot


class FractionsPlot(DepthPlot):
    """Saturated entries and dead units per layer, in percent."""

    def __init__(self) -> None:
        title = (
            f"<span style='color:{text_colour(SATURATED_COLOUR)}'>saturated entries</span>"
            f" and <span style='color:{text_colour(DEAD_COLOUR)}'>dead units</span>, %"
        )
        short = (
            f"<span style='color:{text_colour(SATURATED_COLOUR)}'>saturated</span>"
            f", <span style='color:{text_colour(DEAD_COLOUR)}'>dead</span>, %"
        )
        super().__init__((title, short), ("hidden layer l", "layer l"), "%", legend=False)

    def build(self) -> None:
        super().build()
        self.show_grid(x=False, y=True)
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.saturated = self.kinds.bars(x=[], height=[], width=0.4)
        self.dead = self.kinds.bars(x=[], height=[], width=0.4)
        for item in (self.saturated, self.dead):
            self.plot_item.addItem(item)
        self.plot_item.setYRange(0, 100, padding=0.02)
        self._percent_ticks: tuple = ()
        self.plot_item.getViewBox().sigResized.connect(lambda _vb: self._fit_percent_ticks())
        self._slots = 0

    def _fit_percent_ticks(self) -> None:
        """0, 50 and 100 %, or only 0 and 100 where three labels would touch (a short plot
        at a large View scale)."""
        label_px = QFontMetricsF(
            self.plot_item.getAxis("left").style["tickFont"] or QFont()
        ).height()
        roomy = self.plot_item.getViewBox().height() >= 3 * label_px
        ticks = (0, 50, 100) if roomy else (0, 100)
        if ticks != self._percent_ticks:
            self._percent_ticks = ticks
            self.plot_item.getAxis("left").setTicks([[(t, str(t)) for t in ticks], []])

    def apply_scale(self) -> None:
        super().apply_scale()
        self._style()
        self._fit_percent_ticks()
        self._slots = 0  # the layer labels thin out at a large scale

    def _style(self) -> None:
        self.saturated.setOpts(brush=SATURATED_COLOUR, pen=mkpen(SATURATED_COLOUR, 0.5))
        self.dead.setOpts(brush=DEAD_COLOUR, pen=mkpen(DEAD_COLOUR, 0.5))

    def show_fractions(self, saturated: np.ndarray, dead: np.ndarray) -> None:
        x = np.arange(1, len(saturated) + 1, dtype=np.float64)
        slots = layer_slots(len(saturated))
        if slots != self._slots:
            self._slots = slots
            self.plot_item.getAxis("bottom").setTicks(layer_ticks(slots))
        self.saturated.setOpts(x=x - 0.2, height=100 * finite(saturated))
        self.dead.setOpts(x=x + 0.2, height=100 * finite(dead))

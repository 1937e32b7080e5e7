"""The selected optimizer's learning rate per step: the schedule, as torch would set it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.state.optimizers.session import RaceSnapshot
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS, STEP_LINE_COLOUR
from explorer.ui.plot import StyledPlot


class LearningRateView(StyledPlot):
    """lr against the step for the selected optimizer (its colour), the step on show marked."""

    def __init__(self) -> None:
        # longest first: the strip beside the map is narrow at a large View scale
        super().__init__(("learning rate (selected)", "lr (selected)", "lr"), "step", "lr",
                         legend=False)  # fmt: skip
        self.setMinimumHeight(120)

    def build(self) -> None:
        super().build()
        self.curves = {key: self.line(None, colour) for key, colour in ENTRY_COLOURS.items()}
        for curve in self.curves.values():
            self.set_attached(curve, False)
        self.step_line = pg.InfiniteLine(angle=90, movable=False)
        self.plot_item.addItem(self.step_line)
        self._shown: tuple | None = None

    def apply_scale(self) -> None:
        super().apply_scale()
        self.step_line.setPen(
            pg.mkPen(STEP_LINE_COLOUR, width=theme.THIN_LINE_WIDTH * theme.Scale.factor)
        )
        self._shown = None

    def show_snapshot(self, snapshot: RaceSnapshot) -> None:
        self.step_line.setPos(snapshot.step)
        run = snapshot.selected
        # a start drag makes new runs with the same learning rates: nothing to redraw
        key = (snapshot.config.selected, None if run is None else run.key,
               None if run is None else tuple(np.asarray(run.lrs).tolist()))  # fmt: skip
        if key == self._shown:
            return
        self._shown = key
        for name, curve in self.curves.items():
            self.set_attached(curve, run is not None and name == run.key)
        if run is None:
            return
        lrs = np.asarray(run.lrs)
        self.curves[run.key].setData(np.arange(len(lrs)), lrs)
        high = float(lrs.max()) if lrs.size else 1.0
        top = high if high > 0 else 1.0
        self.plot_item.setYRange(0.0, top * 1.05, padding=0)
        # two labels: a short plot has no room for pyqtgraph's five
        self.plot_item.getAxis("left").setTicks([[(0.0, "0"), (top, number(top))], []])
        self.plot_item.setXRange(0, max(len(lrs), 1), padding=0.02)

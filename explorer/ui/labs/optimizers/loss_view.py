"""f − f* against the step (log y) for every ticked optimizer, with the step on show marked."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.state.optimizers import entries
from explorer.state.optimizers.race import Run, loss_gap
from explorer.state.optimizers.session import RaceSnapshot
from explorer.ui import theme
from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS, STEP_LINE_COLOUR
from explorer.ui.plot import LossPlot
from explorer.ui.plot.loss import nice_ceiling, whole_decades

MAX_LEGEND = 5


class RunsPlot(LossPlot):
    """One log-y curve per ticked optimizer and a vertical line at the step on show."""

    def __init__(self, title: str, y_label: str, legend: bool = False) -> None:
        super().__init__(title, "step", y_label, legend=legend)

    def build(self) -> None:
        super().build()
        # unnamed: the legend lists the ticked curves only, rebuilt when the ticks change
        self.curves = {e.key: self.curve(None, ENTRY_COLOURS[e.key]) for e in entries.ENTRIES}
        self._listed: tuple[str, ...] | None = None
        self.step_line = pg.InfiniteLine(angle=90, movable=False)
        self.step_line.setZValue(10)
        self.plot_item.addItem(self.step_line)
        self._shown: tuple | None = None
        self._drawn: dict[str, tuple] = {}  # entry → (run, f*) its curve shows

    def apply_scale(self) -> None:
        super().apply_scale()
        self.step_line.setPen(
            pg.mkPen(STEP_LINE_COLOUR, width=theme.THIN_LINE_WIDTH * theme.Scale.factor)
        )
        self._shown = None

    def values(self, run: Run, snapshot: RaceSnapshot) -> np.ndarray | None:
        raise NotImplementedError

    def show_snapshot(self, snapshot: RaceSnapshot) -> None:
        self.step_line.setPos(snapshot.step)
        key = (*(id(run) for run in snapshot.runs), snapshot.minimum_value)
        if key == self._shown:
            return  # Play and scrubbing move only the line (the runs come from the cache)
        self._shown = key
        shown = {run.key for run in snapshot.runs}
        every, moved = [], []
        for entry in entries.ENTRIES:
            self.set_attached(self.curves[entry.key], entry.key in shown)
        self._list(tuple(run.key for run in snapshot.runs))
        for run in snapshot.runs:
            values = self.values(run, snapshot)
            drawn = (run, snapshot.minimum_value)
            if self._drawn.get(run.key) != drawn:  # one slider moves one run: redraw it only
                self._drawn[run.key] = drawn
                moved.append(self.curves[run.key])
                if values is None:
                    self.show_losses(self.curves[run.key], [], [])
                else:
                    self.show_losses(self.curves[run.key], np.arange(len(values)), values)
            if values is not None:
                every.append(np.maximum(values, self.floor))
        self.cache_still_lines(moved)  # the others are copied from pixels
        decades = whole_decades(np.concatenate(every), self.floor) if every else None
        if decades is not None:
            self.show_decades(*decades, ticks=True)
        self.show_steps(nice_ceiling(max(snapshot.config.steps, 10)))

    def _list(self, keys: tuple[str, ...]) -> None:
        if self.legend is None or keys == self._listed:
            return
        self._listed = keys
        self.legend.clear()
        # more names than fit would hide the curves: then the checklist's swatches, right
        # beside the plots, are the legend
        listed = keys if len(keys) <= MAX_LEGEND else ()
        for key in listed:
            self.legend.addItem(self.curves[key], entries.entry(key).label)
        self.legend.setVisible(bool(listed))
        self.set_text_caching(True)  # the new entries' text as pixels too


class LossView(RunsPlot):
    def __init__(self) -> None:
        super().__init__("loss f(θₜ) − f* per step", "f − f*", legend=True)

    def values(self, run: Run, snapshot: RaceSnapshot) -> np.ndarray | None:
        if snapshot.minimum_value is None:  # the saddle: unbounded below
            return None
        return loss_gap(run, snapshot.minimum_value)


class DistanceView(RunsPlot):
    def __init__(self) -> None:
        super().__init__("distance to the nearest minimum", "‖θₜ − θ*‖")

    def values(self, run: Run, snapshot: RaceSnapshot) -> np.ndarray | None:
        return run.distance

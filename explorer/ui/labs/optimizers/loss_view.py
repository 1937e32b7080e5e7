"""f − f* against the step (log y) for every ticked optimizer, with the step on show marked."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.state.optimizers import entries
from explorer.state.optimizers.race import Run, loss_gap
from explorer.state.optimizers.session import RaceSnapshot
from explorer.ui import theme
from explorer.ui.labs.optimizers.lines_item import LinesItem
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
        # unnamed: the legend lists the ticked curves only, rebuilt when the ticks change.
        # Never in the plot: they carry each entry's pen (kept scaled by the plot) and its
        # legend sample; one item draws every curve (see lines_item.py)
        self.curves = {e.key: self.curve(None, ENTRY_COLOURS[e.key]) for e in entries.ENTRIES}
        for item in self.curves.values():
            self.set_attached(item, False)
        self.lines = LinesItem(lambda key: self.curves[key].opts["pen"], straight=True)
        self.plot_item.addItem(self.lines)
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
        self.lines.restyle()

    def values(self, run: Run, snapshot: RaceSnapshot) -> np.ndarray | None:
        raise NotImplementedError

    def show_snapshot(self, snapshot: RaceSnapshot) -> None:
        self.step_line.setPos(snapshot.step)
        key = (*(id(run) for run in snapshot.runs), snapshot.minimum_value)
        if key == self._shown:
            return  # Play and scrubbing move only the line (the runs come from the cache)
        self._shown = key
        shown = {run.key for run in snapshot.runs}
        every = []
        for key in entries.KEYS:
            if key not in shown:
                self.lines.clear_line(key)
                self._drawn.pop(key, None)
        self._list(tuple(run.key for run in snapshot.runs))
        for run in snapshot.runs:
            values = self.values(run, snapshot)
            drawn = (run, snapshot.minimum_value)
            if self._drawn.get(run.key) != drawn:  # one slider moves one run: redraw it only
                self._drawn[run.key] = drawn
                if values is None:
                    self.lines.clear_line(run.key)
                else:  # the y-axis is log10 (the plot's log mode applies to its own items)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        shown_values = np.log10(np.maximum(values, self.floor))
                    self.lines.set_line(run.key, np.arange(len(values)), shown_values)
            if values is not None:
                every.append(np.maximum(values, self.floor))
        self.lines.set_order(tuple(run.key for run in snapshot.runs))
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
        super().__init__(("loss f(θₜ) − f* per step", "loss f − f*", "loss"), "f − f*", legend=True)

    def values(self, run: Run, snapshot: RaceSnapshot) -> np.ndarray | None:
        if snapshot.minimum_value is None:  # the saddle: unbounded below
            return None
        return loss_gap(run, snapshot.minimum_value)


class DistanceView(RunsPlot):
    def __init__(self) -> None:
        super().__init__(
            ("distance to the nearest minimum", "distance to θ*", "distance"), "‖θₜ − θ*‖"
        )

    def values(self, run: Run, snapshot: RaceSnapshot) -> np.ndarray | None:
        return run.distance

"""The margin tab's training, side by side: each ticked loss's trained classifier on the data
(its decision regions and boundary s = 0), and the loss curves of every run."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from explorer.state.losses.config import MARGIN_LOSSES
from explorer.state.losses.margin import DATA_EXTENT, MarginView
from explorer.state.losses.training import STEPS, TrainedRun
from explorer.ui import theme
from explorer.ui.labs.depth.fit_view import region_image
from explorer.ui.labs.losses.contour import level_lines
from explorer.ui.labs.losses.margin_texts import run_title, untrained_title
from explorer.ui.labs.losses.palette import (
    CLASS_NEGATIVE,
    CLASS_POSITIVE,
    LEGEND_NAMES,
    loss_colour,
)
from explorer.ui.labs.losses.plot_base import LossesPlot
from explorer.ui.plot.loss import LossPlot, whole_decades


def score_image(scores: np.ndarray) -> np.ndarray:
    """(G, G, 3) pale class colours of sign(s), fading to white where σ(s) is near ½ (the
    depth lab's decision map, with p(y = +1) = σ(s))."""
    p = 1.0 / (1.0 + np.exp(-np.clip(scores, -30.0, 30.0)))
    return region_image(np.stack([1.0 - p, p], axis=2))


NOTHING_DRAWN = object()  # a plot's run before its first draw (None is "not trained")


class BoundaryPlot(LossesPlot):
    """One loss's trained classifier: its regions, its boundary s = 0 and the data."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(LEGEND_NAMES[name], "x₁", "x₂", legend=False)

    def build(self) -> None:
        super().build()
        self.setMinimumSize(120, 120)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot_item.addItem(self.image)
        width = theme.THIN_LINE_WIDTH * 1.6
        self.boundary = self.line(None, loss_colour(self.name), width=width, z=3)
        self.classes = {
            label: self.points(None, colour, size=5.0, z=2)
            for label, colour in ((1.0, CLASS_POSITIVE), (-1.0, CLASS_NEGATIVE))
        }
        self.fix_range((-DATA_EXTENT, DATA_EXTENT), (-DATA_EXTENT, DATA_EXTENT))
        self.plot_item.vb.setAspectLocked(True)
        self._run: object = NOTHING_DRAWN
        self._data: tuple | None = None

    def show_data(self, view: MarginView) -> None:
        key = (id(view.X), id(view.y))
        if key != self._data:
            self._data = key
            for label, item in self.classes.items():
                item.setData(view.X[view.y == label, 0], view.X[view.y == label, 1])

    def is_showing(self, run: TrainedRun | None) -> bool:
        return run is self._run

    def show_run(self, view: MarginView, run: TrainedRun | None) -> None:
        """Draw ``run`` with the data (None: not trained, an empty plot: a drag of the data's
        noise then redraws no untrained plot)."""
        if run is self._run:
            return
        self._run = run
        if run is None:
            self.image.clear()
            self.boundary.setData([], [])
            for item in self.classes.values():
                item.setData([], [])
            self._data = None
            self.set_title(untrained_title(self.name))
            return
        self.show_data(view)
        grid = run.scores.shape[0]
        self.image.setImage(score_image(run.scores), levels=(0, 255))
        side = 2 * DATA_EXTENT
        step = side / (grid - 1)  # pixel centres on the grid points
        corner = -DATA_EXTENT - step / 2
        self.image.setRect(corner, corner, side + step, side + step)
        x, y = level_lines(run.scores, 0.0, (-DATA_EXTENT, -DATA_EXTENT), step)
        self.boundary.setData(x, y, connect="finite")
        self.image.setOpacity(1.0 if run.complete else 0.5)  # part-way: faint, titled so
        self.set_title(run_title(run))


class TrainingLossView(LossPlot):
    """The mean loss L of each run against the step (log scale)."""

    def __init__(self) -> None:
        super().__init__("Loss per step", "step", ("mean loss L (its own)", "mean loss L", "loss"))

    def build(self) -> None:
        super().build()
        self.curves = {name: self.curve(None, loss_colour(name)) for name in MARGIN_LOSSES}
        self.show_steps(STEPS)
        self._runs: dict = {}

    def show_view(self, view: MarginView) -> None:
        shown = {run.name for run in view.trained}
        for name, item in self.curves.items():
            item.setVisible(name in shown)
        values = []
        for run in view.trained:
            values.append(run.losses)
            if self._runs.get(run.name) is not run:
                self._runs[run.name] = run
                self.show_losses(self.curves[run.name], np.arange(run.losses.size), run.losses)
        decades = whole_decades(np.concatenate(values), self.floor) if values else None
        self.show_decades(*(decades or (-2, 1)), ticks=True)


class BoundaryStrip(QWidget):
    """The classifier trained under each ticked loss, side by side: one small plot per ticked
    loss, there before training (empty, titled "not trained"), so ticking the training lays
    out nothing. A frame redraws at most ``PER_FRAME`` of them, those waiting longest:
    five new images, isocurves and titles at once took 50–60 ms on a loaded machine.

    As many in a row as are :data:`PLOT_MIN` pixels wide at 100 % (:meth:`set_width`), in
    rows of equal length; ``rowsChanged`` when the rows needed change."""

    PER_FRAME = 2
    PLOT_MIN = 140  # px across at 100 %: a small plot's title, axes and a square of data
    ROW_HEIGHT = 170  # px at 100 % of a row of them

    rowsChanged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        self.plots = {name: BoundaryPlot(name) for name in MARGIN_LOSSES}
        self._drawn = dict.fromkeys(MARGIN_LOSSES, 0)  # the frame each plot was last drawn in
        self._frame = 0
        self._most = len(MARGIN_LOSSES)  # plots in a row at most
        self._placed: tuple | None = None  # (the ticked names, the plots in a row) laid out
        self.rows = 0
        self._place(tuple(MARGIN_LOSSES))

    def set_width(self, width: float) -> None:
        """Lay the plots out for ``width`` pixels at 100 %."""
        self._most = max(1, min(len(self.plots), int(width // self.PLOT_MIN)))
        self._place(self._placed[0])

    def _place(self, ticked: tuple) -> None:
        """The ticked losses' plots in rows of equal length (5 as 3 + 2, not 4 + 1)."""
        rows = -(-len(ticked) // self._most)
        columns = -(-len(ticked) // rows) if rows else 1
        if (ticked, columns) == self._placed:
            return
        self._placed = (ticked, columns)
        for plot in self.plots.values():
            self.grid.removeWidget(plot)
        for index, name in enumerate(ticked):
            self.grid.addWidget(self.plots[name], index // columns, index % columns)
        for name, plot in self.plots.items():
            plot.setVisible(name in ticked)
        for column in range(len(self.plots)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        if rows != self.rows:
            self.rows = rows
            self.rowsChanged.emit()

    def show_view(self, view: MarginView) -> bool:
        """Show the runs of ``view``; False while some plots still wait for a frame."""
        self._frame += 1
        runs = {run.name: run for run in view.trained}
        ticked = {curve.name for curve in view.curves}
        self._place(tuple(name for name in self.plots if name in ticked))
        stale = []
        for name, plot in self.plots.items():
            if name in ticked and not plot.is_showing(runs.get(name)):
                stale.append(name)
            elif name in runs:
                plot.show_data(view)
        stale.sort(key=self._drawn.get)
        for name in stale[: self.PER_FRAME]:
            self.plots[name].show_run(view, runs.get(name))
            self._drawn[name] = self._frame
        return len(stale) <= self.PER_FRAME

    def apply_scale(self) -> None:
        for plot in self.plots.values():
            plot.apply_scale()

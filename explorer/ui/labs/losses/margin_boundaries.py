"""The margin tab's training, side by side: each ticked loss's trained classifier on the data
(its decision regions and boundary s = 0), and the loss curves of every run."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from explorer.state.losses.config import MARGIN_LOSSES
from explorer.state.losses.margin import DATA_EXTENT, MarginView
from explorer.state.losses.training import STEPS, TrainedRun
from explorer.text_format import percent
from explorer.ui import theme
from explorer.ui.labs.depth.fit_view import region_image
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
        pen = pg.mkPen(loss_colour(self.name), width=width)
        self.boundary = pg.IsocurveItem(level=0.0, axisOrder="row-major", pen=pen)
        self.boundary.setZValue(3)
        self.plot_item.addItem(self.boundary)
        self.classes = {
            label: self.points(None, colour, size=5.0, z=2)
            for label, colour in ((1.0, CLASS_POSITIVE), (-1.0, CLASS_NEGATIVE))
        }
        self.fix_range((-DATA_EXTENT, DATA_EXTENT), (-DATA_EXTENT, DATA_EXTENT))
        self.plot_item.vb.setAspectLocked(True)
        self._run: TrainedRun | None = None
        self._data: tuple | None = None

    def show_run(self, view: MarginView, run: TrainedRun) -> None:
        key = (id(view.X), id(view.y))
        if key != self._data:
            self._data = key
            for label, item in self.classes.items():
                item.setData(view.X[view.y == label, 0], view.X[view.y == label, 1])
        if run is self._run:
            return
        self._run = run
        grid = run.scores.shape[0]
        self.image.setImage(score_image(run.scores), levels=(0, 255))
        side = 2 * DATA_EXTENT
        step = side / (grid - 1)  # pixel centres on the grid points
        corner = -DATA_EXTENT - step / 2
        self.image.setRect(corner, corner, side + step, side + step)
        # the isocurve is drawn in the pixel coordinates of its data: scaled onto the square
        self.boundary.setData(run.scores)
        corner = -DATA_EXTENT
        self.boundary.setTransform(pg.QtGui.QTransform(step, 0, 0, step, corner, corner))
        overflow = " (overflowed)" if run.diverged else ""
        self.set_title(
            f"{LEGEND_NAMES[self.name]}: {percent(float(run.errors[-1]), 0)} wrong{overflow}"
        )


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
                self.show_losses(self.curves[run.name], np.arange(STEPS + 1), run.losses)
        decades = whole_decades(np.concatenate(values), self.floor) if values else None
        self.show_decades(*(decades or (-2, 1)), ticks=True)


class BoundaryStrip(QWidget):
    """The trained classifiers side by side, one small plot per ticked loss."""

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.plots = {name: BoundaryPlot(name) for name in MARGIN_LOSSES}
        for plot in self.plots.values():
            layout.addWidget(plot)

    def show_view(self, view: MarginView) -> None:
        runs = {run.name: run for run in view.trained}
        self.setVisible(bool(runs))
        for name, plot in self.plots.items():
            plot.setVisible(name in runs)
            if name in runs:
                plot.show_run(view, runs[name])

    def apply_scale(self) -> None:
        for plot in self.plots.values():
            plot.apply_scale()

"""The phase diagram: the selected optimizer's final f − f*, or its steps to converge, over
lr × a second hyper-parameter, computed in slices (drawn as it goes); a click on a cell sets
both sliders."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal

from explorer.state.optimizers import entries
from explorer.state.optimizers.phase import CONVERGED, PHASE_SIZE, PhaseJob
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.optimizers.palette import START_COLOUR
from explorer.ui.plot import StyledPlot

LEVELS = (-8.0, 2.0)  # log10(f − f*) shown from 1e−8 (dark) to 100 (light)
DIVERGED = LEVELS[1] + 1.0  # drawn in the lightest colour, beyond the scale


class PhaseView(StyledPlot):
    """Emits ``cellClicked(lr, other)`` for the cell under a click."""

    cellClicked = Signal(float, float)

    def __init__(self) -> None:
        super().__init__("phase: final f − f* (log₁₀)", "log₁₀ lr", "", legend=False)
        self.setMinimumHeight(160)

    def build(self) -> None:
        super().build()
        self.show_grid(x=False, y=False)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot_item.addItem(self.image)
        cmap = pg.colormap.get("viridis")
        self.colour_bar = pg.ColorBarItem(values=LEVELS, colorMap=cmap, interactive=False,
                                          width=10, colorMapMenu=False)  # fmt: skip
        self.colour_bar.setImageItem(self.image, insert_in=self.plot_item)
        self.marker = self.dot(START_COLOUR, size=9, z=5)
        self.scene().sigMouseClicked.connect(self._on_clicked)
        self._job: PhaseJob | None = None
        self._metric = "loss"
        self._shown: tuple | None = None

    def apply_scale(self) -> None:
        super().apply_scale()
        self.colour_bar.axis.setStyle(tickFont=self.plot_item.getAxis("left").style["tickFont"])
        self._shown = None

    def show_job(self, job: PhaseJob | None, lr: float, other: float | None,
                 metric: str = "loss") -> None:  # fmt: skip
        """Draw what ``job`` has computed so far (coloured by ``metric``, a key of
        ``PHASE_METRICS``) and mark the current settings."""
        if job is None or job.axes is None:
            self.image.clear()
            self.marker.setVisible(False)
            self._job = None
            return
        if other is not None:
            self.marker.setData([math.log10(lr)], [other])
            self.marker.setVisible(True)
        if job is not self._job and self._job is not None and job.step == 0 and not job.done:
            return  # a new diagram not started yet: the old picture until its first steps
        axes = job.axes
        if job is not self._job or metric != self._metric:
            self._job, self._metric, self._shown = job, metric, None
            x0, x1 = math.log10(axes.lrs[0]), math.log10(axes.lrs[-1])
            y0, y1 = float(axes.others[0]), float(axes.others[-1])
            dx, dy = (x1 - x0) / (PHASE_SIZE - 1), (y1 - y0) / (PHASE_SIZE - 1)
            self._rect = QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
            self.plot_item.setXRange(self._rect.left(), self._rect.right(), padding=0)
            self.plot_item.setYRange(self._rect.top(), self._rect.bottom(), padding=0)
            label = axes.other.label or axes.other.name
            css = {"font-size": f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 1)}pt"}
            self.plot_item.getAxis("left").setLabel(label, **css)
            levels = LEVELS if metric == "loss" else (0.0, float(job.steps))
            self.colour_bar.setLevels(values=levels)
        shown = (job.step, job.done)
        if shown != self._shown:
            self._shown = shown
            self.show_title(self._heading(job), f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")
            if metric == "loss":
                image, levels = np.where(np.isnan(job.values), DIVERGED, job.values), LEVELS
            else:  # light: not converged within the steps (or diverged)
                levels = (0.0, float(job.steps))
                image = np.where(np.isnan(job.converged), job.steps + 1.0, job.converged)
            self.image.setImage(image, autoLevels=False, levels=levels)
            self.image.setRect(self._rect)

    def _heading(self, job: PhaseJob) -> tuple[str, ...]:
        """The title, longest first: the shorter ones where the plot is narrow."""
        name = entries.entry(job.axes.entry).label
        progress = "" if job.done else f" · computing, step {job.step} of {job.steps}"
        if self._metric == "loss":
            what = f"final f − f* (log₁₀) after {job.steps} steps"
        else:
            what = (f"steps until f − f* ≤ {number(CONVERGED)}·(f₀ − f*) "
                    f"(lightest: not within {job.steps})")  # fmt: skip
        short = "final f − f*" if self._metric == "loss" else "steps to converge"
        return (f"{name}: {what}{progress} · click a cell", f"{name}: {short}{progress}",
                f"{name}: {short}")  # fmt: skip

    def _on_clicked(self, event) -> None:
        if self._job is None or not self.plot_item.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.plot_item.vb.mapSceneToView(event.scenePos())
        if self._rect.contains(point):
            axes = self._job.axes
            column = int(np.argmin(np.abs(np.log10(axes.lrs) - point.x())))
            row = int(np.argmin(np.abs(axes.others - point.y())))
            self.cellClicked.emit(float(axes.lrs[column]), float(axes.others[row]))

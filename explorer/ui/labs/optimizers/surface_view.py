"""The surface as filled contours, every ticked optimizer's path on it, the start to drag.

Each path is drawn up to the step on show, with a dot where the optimizer is then; the start is
a cross the mouse drags (every optimizer is recomputed while it moves), the minima are stars.
The colour bands are equal steps of f, or of log10 f where the surface has steep walls and a
flat floor (Rosenbrock, Beale, Himmelblau): then the valley floor keeps its contours.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Signal
from PySide6.QtGui import QColor

from explorer.state.optimizers import entries
from explorer.state.optimizers.race import BANDS, StepDetail
from explorer.state.optimizers.session import RaceSnapshot
from explorer.ui import theme
from explorer.ui.labs.optimizers.lines_item import LinesItem
from explorer.ui.labs.optimizers.palette import (
    ENTRY_COLOURS,
    HEAT_STOPS,
    MINIMUM_COLOUR,
    START_COLOUR,
    STEP_SGD_COLOUR,
)
from explorer.ui.plot import StyledPlot


def _lookup_table() -> np.ndarray:
    positions, colours = zip(*HEAT_STOPS, strict=True)
    cmap = pg.ColorMap(positions, [QColor(c) for c in colours])
    return cmap.getLookupTable(0.0, 1.0, BANDS)


def _arrow(x: float, y: float, vector: np.ndarray, head: float) -> tuple[list, list]:
    """A polyline from (x, y) along ``vector`` with a two-barbed head ``head`` long."""
    length = float(np.hypot(*vector))
    if not np.isfinite(length) or length == 0:
        return [], []
    tip = np.array([x, y]) + vector
    back = -vector / length * head
    normal = np.array([-back[1], back[0]]) * 0.6
    left, right = tip + back + normal, tip + back - normal
    return [x, tip[0], left[0], tip[0], right[0]], [y, tip[1], left[1], tip[1], right[1]]


class SurfaceView(StyledPlot):
    """Heat map + paths; emits ``startDragged(x, y)`` while the start cross is dragged."""

    startDragged = Signal(float, float)

    def __init__(self) -> None:
        super().__init__("f(x, y) and the paths", "x", "y", legend=False)

    def build(self) -> None:
        super().build()
        self.show_grid(x=False, y=False)  # the bands are the grid
        self.plot_item.setAspectLocked(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(_lookup_table())
        self.image.setZValue(-10)
        # kept as pixels: the paths change on every frame of a drag, the map only with the
        # surface (a scaled 161 × 161 image costs ~1.5 ms per repaint, measured)
        self.image.setCacheMode(self.image.CacheMode.DeviceCoordinateCache)
        self.plot_item.addItem(self.image)
        # one item draws every path (see lines_item.py); the styled lines, never in the plot,
        # carry each entry's pen, which the plot keeps scaled
        self.pens = {e.key: self.line(None, ENTRY_COLOURS[e.key], z=2) for e in entries.ENTRIES}
        for item in self.pens.values():
            self.set_attached(item, False)
        self.lines = LinesItem(lambda key: self.pens[key].opts["pen"])
        self.lines.setZValue(2)
        self.plot_item.addItem(self.lines)
        self.heads = {e.key: self.dot(ENTRY_COLOURS[e.key], size=10, z=4) for e in entries.ENTRIES}
        self.minima = self.points(None, MINIMUM_COLOUR, size=14, z=3)
        self.minima.setSymbol("star")
        pen, brush = pg.mkPen(START_COLOUR, width=2), pg.mkBrush(START_COLOUR)
        self.start = pg.TargetItem(pos=(0, 0), size=16, symbol="x", movable=True, pen=pen,
                                   brush=brush)  # fmt: skip
        self.start.setZValue(5)
        self.start.setToolTip("Start point: drag it")
        self.plot_item.addItem(self.start)
        self.start.sigPositionChanged.connect(self._on_start_moved)
        # "what this step does": the selected optimizer's update and plain SGD's −γ∇f
        self.step_arrow = self.line(None, START_COLOUR, z=6)
        self.sgd_arrow = self.line(None, STEP_SGD_COLOUR, dash=True, z=6)
        self._grid = None
        self._drawn: dict[str, tuple] = {}  # entry → (run, last index) its path shows

    def apply_scale(self) -> None:
        super().apply_scale()
        self.minima.setSymbolPen(pg.mkPen("#000000", width=theme.Scale.factor))
        self.lines.restyle()

    def show_snapshot(self, snapshot: RaceSnapshot) -> None:
        grid = snapshot.grid
        if grid is not self._grid:
            self._grid = grid
            self.image.setImage(np.asarray(grid.shade), autoLevels=False, levels=(0, BANDS - 1))
            (x0, x1), (y0, y1) = grid.x_range, grid.y_range
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.plot_item.setXRange(x0, x1, padding=0)
            self.plot_item.setYRange(y0, y1, padding=0)
            minima = np.asarray(snapshot.minima).reshape(-1, 2)
            self.minima.setData(minima[:, 0], minima[:, 1])
        shown = {run.key for run in snapshot.runs}
        for key in entries.KEYS:
            self.heads[key].setVisible(key in shown)
            if key not in shown:
                self.lines.clear_line(key)
                self._drawn.pop(key, None)
        for run in snapshot.runs:
            end = run.at(snapshot.step)
            if self._drawn.get(run.key) == (run, end):  # one slider moves one run
                continue
            self._drawn[run.key] = (run, end)
            path = run.path[: end + 1]
            self.lines.set_line(run.key, path[:, 0], path[:, 1])
            self.heads[run.key].setData([path[-1, 0]], [path[-1, 1]])
        self.cache_still_lines([self.step_arrow, self.sgd_arrow])
        self.lines.set_order(tuple(run.key for run in snapshot.runs))
        x, y = snapshot.config.start
        if (self.start.pos().x(), self.start.pos().y()) != (x, y):
            with QSignalBlocker(self.start):
                self.start.setPos((x, y))

    def show_step(self, detail: StepDetail | None, colour: str) -> None:
        """Arrows from θ: the update the optimizer makes (solid, its colour) and plain SGD's
        −γ∇f (dashed), both scaled by one factor so the longer spans a sixth of the map."""
        if detail is None or self._grid is None:
            self.step_arrow.setData([], [])
            self.sgd_arrow.setData([], [])
            return
        x, y = detail.point
        move = np.array(detail.move)
        sgd = -detail.lr * np.array(detail.gradient)
        span = self._grid.x_range[1] - self._grid.x_range[0]
        longest = max(float(np.hypot(*move)), float(np.hypot(*sgd)))
        scale = span / 6 / longest if longest > 0 and np.isfinite(longest) else 0.0
        self.step_arrow.setPen(pg.mkPen(colour, width=theme.BASE_LINE_WIDTH * theme.Scale.factor))
        for item, vector in ((self.step_arrow, move), (self.sgd_arrow, sgd)):
            xs, ys = _arrow(x, y, vector * scale, span / 40)
            item.setData(xs, ys)

    def _on_start_moved(self) -> None:
        pos = self.start.pos()
        self.startDragged.emit(float(pos.x()), float(pos.y()))

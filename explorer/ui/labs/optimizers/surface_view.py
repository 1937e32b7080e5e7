"""The surface as filled contours, every ticked optimizer's path on it, the start to drag.

Each path is drawn up to the step on show, with a dot where the optimizer is then; the start is
a cross the mouse drags (every optimizer is recomputed while it moves), the minima are stars.
The colour bands are equal steps of f, or of log10 f where the surface has steep walls and a
flat floor (Rosenbrock, Beale, Himmelblau): then the valley floor keeps its contours.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor

from explorer.state.optimizers import entries
from explorer.state.optimizers.race import BANDS, SurfaceGrid
from explorer.state.optimizers.session import RaceSnapshot
from explorer.state.optimizers.step_parts import StepParts
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.optimizers.entry_paths import EntryPaths
from explorer.ui.labs.optimizers.palette import (
    HEAT_STOPS,
    MINIMUM_COLOUR,
    START_COLOUR,
    STEP_SGD_COLOUR,
)
from explorer.ui.plot import StyledPlot


def band_lookup_table() -> np.ndarray:
    positions, colours = zip(*HEAT_STOPS, strict=True)
    cmap = pg.ColorMap(positions, [QColor(c) for c in colours])
    return cmap.getLookupTable(0.0, 1.0, BANDS)


def _band_map() -> pg.ColorMap:
    """The map's bands as a colour map of flat steps, for the colour bar."""
    lut = band_lookup_table()
    positions, colours = [], []
    for band, rgb in enumerate(lut):
        positions += [band / BANDS, (band + 1) / BANDS - 1e-9]
        colours += [QColor(*rgb), QColor(*rgb)]
    return pg.ColorMap(positions, colours)


def band_ticks(grid: SurfaceGrid, every: int = 3) -> list[tuple[float, str]]:
    """Colour-bar ticks at every ``every``-th band edge, labelled with f there."""
    span = max(grid.high - grid.low, 1e-12)
    ticks = []
    for edge in range(0, BANDS + 1, every):
        share = edge / BANDS
        value = grid.low + span * (10 ** (-4 + 4 * share) - 1e-4 if grid.log else share)
        ticks.append((float(edge), number(value, 2)))
    return ticks


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
        self.image.setLookupTable(band_lookup_table())
        self.image.setZValue(-10)
        # kept as pixels: the paths change on every frame of a drag, the map only with the
        # surface (a scaled 161 × 161 image costs ~1.5 ms per repaint, measured)
        self.image.setCacheMode(self.image.CacheMode.DeviceCoordinateCache)
        self.plot_item.addItem(self.image)
        # the bands' values; the bar only shows the map's colours (the image keeps its table)
        self.colour_bar = pg.ColorBarItem(
            values=(0, BANDS), colorMap=_band_map(), interactive=False, width=10,
            colorMapMenu=False,
        )  # fmt: skip
        self.colour_bar.axis.setLabel("f")
        self.plot_item.layout.addItem(self.colour_bar, 2, 5)
        self.plot_item.layout.setColumnFixedWidth(4, 5)
        paths = EntryPaths(self)
        self.pens, self.lines, self.heads = paths.pens, paths.lines, paths.heads
        self.minima = self.points(None, MINIMUM_COLOUR, size=14, z=3)
        self.minima.setSymbol("star")
        pen, brush = pg.mkPen(START_COLOUR, width=2), pg.mkBrush(START_COLOUR)
        self.start = pg.TargetItem(pos=(0, 0), size=16, symbol="x", movable=True, pen=pen,
                                   brush=brush)  # fmt: skip
        self.start.setZValue(5)
        self.start.setToolTip("Start point: drag it")
        self.plot_item.addItem(self.start)
        self.start.sigPositionChanged.connect(self._on_start_moved)
        # "what this step does": the selected optimizer's update, plain SGD's −γ∇f and the
        # direction the method's memory points to (−γb or −γm/(1 − β₁ᵗ)), each labelled at its tip
        self.step_arrow = self.line(None, START_COLOUR, z=6)
        self.sgd_arrow = self.line(None, STEP_SGD_COLOUR, dash=True, z=6)
        self.direction_arrow = self.line(None, STEP_SGD_COLOUR, dash=True, z=6)
        self.arrow_labels = {}
        for key in ("update", "plain", "direction"):
            label = self.kinds.text(anchor=(0.5, 0.5), fill=(255, 255, 255, 210))
            label.setZValue(7)
            label.setVisible(False)
            self.plot_item.addItem(label, ignoreBounds=True)
            self.arrow_labels[key] = label
        self._arrow_pens: tuple | None = None  # (colour, width) of the arrows' pens
        self._label_texts: dict[str, tuple] = {}  # arrow → (text, colour) its label shows
        self._grid = None
        self._drawn: dict[str, tuple] = {}  # entry → (run, last index) its path shows

    def apply_scale(self) -> None:
        super().apply_scale()
        self.minima.setSymbolPen(pg.mkPen("#000000", width=theme.Scale.factor))
        self.lines.restyle()
        font = self.plot_item.getAxis("left").style["tickFont"]
        self.colour_bar.axis.setStyle(tickFont=font)
        self.colour_bar.axis.setWidth(int(48 * theme.Scale.factor))
        self._arrow_pens = None  # the plot restyled its lines: the next step sets them again
        self._label_texts.clear()

    def show_snapshot(self, snapshot: RaceSnapshot) -> None:
        grid = snapshot.grid
        if grid is not self._grid:
            self._grid = grid
            self.image.setImage(np.asarray(grid.shade), autoLevels=False, levels=(0, BANDS - 1))
            (x0, x1), (y0, y1) = grid.x_range, grid.y_range
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.plot_item.setXRange(x0, x1, padding=0)
            self.plot_item.setYRange(y0, y1, padding=0)
            self.colour_bar.axis.setTicks([band_ticks(grid), []])
            self.colour_bar.axis.setLabel("f (log bands)" if grid.log else "f")
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
        self.cache_still_lines([self.step_arrow, self.sgd_arrow, self.direction_arrow])
        self.lines.set_order(tuple(run.key for run in snapshot.runs))
        x, y = snapshot.config.start
        if (self.start.pos().x(), self.start.pos().y()) != (x, y):
            with QSignalBlocker(self.start):
                self.start.setPos((x, y))

    def text_items(self) -> list:
        return [*super().text_items(), *(label.textItem for label in self.arrow_labels.values())]

    def show_step(self, parts: StepParts | None, colour: str) -> None:
        """Arrows from θ: the update the optimizer makes (solid, its colour), plain SGD's −γ∇f
        (dashed grey) and the momentum's or first moment's direction (dashed, its colour;
        Nesterov's −γμb from the tip of −γg, since the two add up to its update), all scaled
        by one factor so the longest spans a sixth of the map."""
        arrows = (self.step_arrow, self.sgd_arrow, self.direction_arrow)
        if parts is None or self._grid is None:
            for item in arrows:
                item.setData([], [])
            for label in self.arrow_labels.values():
                label.setVisible(False)
            return
        x, y = parts.detail.point
        vectors = {"update": np.array(parts.update), "plain": np.array(parts.plain)}
        if parts.direction is not None:
            vectors["direction"] = np.array(parts.direction)
        span = self._grid.x_range[1] - self._grid.x_range[0]
        longest = max(float(np.hypot(*v)) for v in vectors.values())
        scale = span / 6 / longest if longest > 0 and np.isfinite(longest) else 0.0
        width = theme.BASE_LINE_WIDTH * theme.Scale.factor
        if self._arrow_pens != (colour, width):  # new pens only for a new colour or scale
            self._arrow_pens = (colour, width)
            self.step_arrow.setPen(pg.mkPen(colour, width=width))
            self.direction_arrow.setPen(pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine))
        short = parts.direction_label if len(parts.direction_label) <= 4 else "1st moment"
        names = {"update": "update", "plain": "−γg", "direction": short}
        for key, item in zip(("update", "plain", "direction"), arrows, strict=True):
            label = self.arrow_labels[key]
            vector = vectors.get(key)
            if vector is None:
                item.setData([], [])
                label.setVisible(False)
                continue
            x0, y0 = (x, y)
            if key == "direction" and parts.tail_to_tip:
                x0, y0 = x + vectors["plain"][0] * scale, y + vectors["plain"][1] * scale
            xs, ys = _arrow(x0, y0, vector * scale, span / 40)
            item.setData(xs, ys)
            if not xs:
                label.setVisible(False)
                continue
            # the label a little beyond the tip, so it never sits on the arrow head, and off
            # to opposite sides for −γg and the direction, which often point alike
            tip = np.array([xs[1], ys[1]])
            along = vector / max(float(np.hypot(*vector)), 1e-300)
            side = {"plain": -1.0, "direction": 1.0}.get(key, 0.0)
            beyond = along * span / 25 + np.array([-along[1], along[0]]) * side * span / 30
            text = (names[key], colour if key != "plain" else STEP_SGD_COLOUR)
            if self._label_texts.get(key) != text:  # a drag moves the labels, rarely renames
                self._label_texts[key] = text
                label.setText(text[0], color=text[1])
            label.setPos(*(tip + beyond))
            label.setVisible(True)

    def _on_start_moved(self) -> None:
        pos = self.start.pos()
        self.startDragged.emit(float(pos.x()), float(pos.y()))

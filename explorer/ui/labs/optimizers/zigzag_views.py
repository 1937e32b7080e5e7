"""The sigmoid-vs-tanh tab's plots: each activation's loss contours over (w₁, w₂) with its
path, every update a segment coloured by its sign pair; and both losses against the step.

The contour plot's bands are equal steps of log10 L (the bowl is a quadratic, so the valley
floor keeps its contours); the start is a cross the mouse drags (both runs start there), the
minimum w* a star. A caption in the corner counts the updates per quadrant.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Signal
from PySide6.QtGui import QColor

from explorer.state.optimizers import zigzag
from explorer.state.optimizers.zigzag import ZigzagRun, ZigzagView
from explorer.text_format import percent
from explorer.ui import theme
from explorer.ui.labs.optimizers.palette import HEAT_STOPS, MINIMUM_COLOUR, START_COLOUR
from explorer.ui.plot import LossPlot, StyledPlot
from explorer.ui.plot.loss import decade_ticks, nice_ceiling, whole_decades

#: an update's sign pair → its colour: the two same-sign quadrants warm, mixed green
QUADRANT_COLOURS = {zigzag.BOTH_PLUS: "#D55E00", zigzag.BOTH_MINUS: "#882255",
                    zigzag.MIXED: "#117733"}  # fmt: skip
RUN_COLOURS = {"sigmoid": "#000000", "tanh": "#0072B2"}
TITLES = {
    name: (f"{name} units: L(w₁, w₂) and the path", f"{name} units: L(w₁, w₂)", name)
    for name in ("sigmoid", "tanh")
}  # the longest that fits its plot is shown
TARGET_COLOUR = "#888888"
FAR = 100.0  # |w| beyond which a diverging path is no longer drawn
CAPTION_NAMES = {zigzag.BOTH_PLUS: "(+,+)", zigzag.BOTH_MINUS: "(−,−)", zigzag.MIXED: "mixed"}


def half_rate_pt(base: int = theme.BASE_FONT_PT) -> str:
    """A font size growing at half the View scale's rate: at a projector's scale a full-size
    legend or caption would cover the paths."""
    return f"{round(base * (1 + (theme.Scale.factor - 1) / 2))}pt"


def restyle_legend(plot: StyledPlot) -> None:
    size = half_rate_pt()
    plot.legend.setLabelTextSize(size)
    for _sample, label in plot.legend.items:
        label.setText(label.text, size=size)


def sparse_decade_ticks(low: int, high: int) -> list[list[tuple[float, str]]]:
    """:func:`decade_ticks` labelling every decade over fewer than 7 decades at the View scale
    100 % (3.5 at 200 %), else every second or third: the loss plot is short."""
    major, minor = decade_ticks(low, high)
    stride = 1 + int((high - low) * theme.Scale.factor // 7)
    major = [(value, text if (round(value) - low) % stride == 0 else "") for value, text in major]
    return [major, minor]


def quadrant_caption(run: ZigzagRun) -> str:
    """The caption "both + 48 % · both − 52 % · mixed 0 %" (of the updates that moved w)."""
    parts = []
    for quadrant, colour in QUADRANT_COLOURS.items():
        share = run.share(quadrant)
        parts.append(f"<span style='color:{colour}'>{CAPTION_NAMES[quadrant]} "
                     f"{percent(share)}</span>")  # fmt: skip
    # on a light backing: the bands under the corner can be dark
    return f"<span style='background-color:#F2FFFFFF'>&nbsp;{' · '.join(parts)}&nbsp;</span>"


class ContourView(StyledPlot):
    """One activation's bowl and path; emits ``startDragged(w₁, w₂)`` while the cross moves."""

    startDragged = Signal(float, float)

    def __init__(self, activation: str) -> None:
        self.activation = activation
        super().__init__(TITLES[activation], "w₁", "w₂")

    def build(self) -> None:
        super().build()
        self.show_grid(x=False, y=False)  # the bands are the grid
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)  # a drag moves the start, not the view
        self.plot_item.setAspectLocked(True)  # the ellipses' true shape
        # bottom left: the start is up left and the minimum right of centre
        self.legend.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(6, -6))
        positions, colours = zip(*HEAT_STOPS, strict=True)
        cmap = pg.ColorMap(positions, [QColor(c) for c in colours])
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(cmap.getLookupTable(0.0, 1.0, zigzag.BANDS))
        self.image.setZValue(-10)
        # kept as pixels: a start drag changes the paths every frame, the map only with the data
        self.image.setCacheMode(self.image.CacheMode.DeviceCoordinateCache)
        self.plot_item.addItem(self.image)
        w = zigzag.WINDOW
        self.plot_item.setRange(xRange=(-w, w), yRange=(-w, w), padding=0)
        self.segments = {
            quadrant: self.line(zigzag.QUADRANT_NAMES[quadrant], colour, z=2)
            for quadrant, colour in QUADRANT_COLOURS.items()
        }
        self.end = self.dot(RUN_COLOURS[self.activation], size=9, z=4)
        self.minimum = self.points("minimum w*", MINIMUM_COLOUR, size=16, z=5)
        self.minimum.setSymbol("star")
        self.minimum.setData([zigzag.TEACHER[0]], [zigzag.TEACHER[1]])
        pen, brush = pg.mkPen(START_COLOUR, width=2), pg.mkBrush(START_COLOUR)
        self.start = pg.TargetItem(pos=(0, 0), size=16, symbol="x", movable=True, pen=pen,
                                   brush=brush)  # fmt: skip
        self.start.setZValue(5)
        self.start.setToolTip("Start of both runs: drag it")
        self.plot_item.addItem(self.start)
        self.start.sigPositionChanged.connect(self._on_start_moved)
        self.caption = pg.LabelItem(justify="left")
        self.caption.setParentItem(self.plot_item.getViewBox())
        self.caption.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(6, 4))
        self.caption_text = ""
        self._problem = None
        self._run: ZigzagRun | None = None

    def text_items(self) -> list:
        return [self.caption.item]

    def apply_scale(self) -> None:
        super().apply_scale()
        self.minimum.setSymbolPen(pg.mkPen("#000000", width=theme.Scale.factor))
        restyle_legend(self)
        if self.caption_text:
            self._show_caption(self.caption_text)

    def show_view(self, view: ZigzagView) -> None:
        run = view.run(self.activation)
        if run.problem is not self._problem:
            self._problem = run.problem
            self.image.setImage(np.asarray(run.problem.shade), autoLevels=False,
                                levels=(0, zigzag.BANDS - 1))  # fmt: skip
            g = zigzag.GRID_SPAN  # after setImage: the rect scales the image's pixels
            self.image.setRect(QRectF(-g, -g, 2 * g, 2 * g))
        if run is not self._run:
            self._run = run
            # a diverging path is drawn while it stays near the window (Qt's painter loses
            # precision, and time, on coordinates of 1e100)
            near = np.all(np.abs(run.path) <= FAR, axis=1)
            for quadrant, item in self.segments.items():
                chosen = (run.quadrants == quadrant) & near[:-1] & near[1:]
                ends = _segments(run.path, chosen)
                item.setData(ends[:, 0], ends[:, 1], connect="pairs")
            end = run.path[-1]
            self.end.setData(*(([end[0]], [end[1]]) if near[-1] else ([], [])))
            text = quadrant_caption(run)
            if text != self.caption_text:
                self._show_caption(text)
        self.place_start(view.start)

    def place_start(self, start: tuple[float, float]) -> None:
        """Put the cross at ``start`` (without reporting it as a drag)."""
        if (self.start.pos().x(), self.start.pos().y()) != tuple(start):
            with QSignalBlocker(self.start):
                self.start.setPos(start)

    def _show_caption(self, text: str) -> None:
        """The caption on one line, or one share a line where the plot is too narrow."""
        self.caption_text = text
        self.caption.setText(text, size=half_rate_pt(), bold=True)
        self.caption.adjustSize()
        room = self.plot_item.getViewBox().width() - 12
        if self.caption.item.boundingRect().width() > room:
            self.caption.setText(text.replace(" · ", "<br>"), size=half_rate_pt(), bold=True)
            self.caption.adjustSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if getattr(self, "caption_text", ""):  # (the first resize comes before build)
            self._show_caption(self.caption_text)

    def _on_start_moved(self) -> None:
        pos = self.start.pos()
        self.startDragged.emit(float(pos.x()), float(pos.y()))


def _segments(path: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The chosen updates as (2m, 2) end points, each pair one segment w_{t−1} → w_t."""
    index = np.flatnonzero(chosen)
    ends = np.empty((2 * index.size, 2))
    ends[0::2] = path[index]
    ends[1::2] = path[index + 1]
    return ends


class ZigzagLossView(LossPlot):
    """L(w_t) over the whole data set for both runs, the target loss dashed."""

    def __init__(self) -> None:
        super().__init__("loss L(wₜ) on all 32 examples per step", "step", "L (MSE)",
                         legend=True, decade_ticks=True)  # fmt: skip

    def build(self) -> None:
        super().build()
        self.curves = {name: self.curve(name, RUN_COLOURS[name]) for name in zigzag.ACTIVATIONS}
        self.target = self.line("target loss", TARGET_COLOUR, dash=True, z=-1)
        self.reached = self.points("target reached", "#000000", size=9, z=3)
        self._view: ZigzagView | None = None
        self._hits: list | None = None
        self._target: tuple | None = None
        self._ticks: list | None = None

    def apply_scale(self) -> None:
        super().apply_scale()
        restyle_legend(self)
        self._view = None
        self._hits = self._target = None

    def show_view(self, view: ZigzagView) -> None:
        if view is self._view:
            return
        self._view = view
        every = []
        for run in view.runs:
            self.show_losses(self.curves[run.activation], np.arange(len(run.loss)), run.loss)
            every.append(np.maximum(run.loss, self.floor))
        hits = [(run.steps_to_target, max(float(run.loss[run.steps_to_target]), self.floor))
                for run in view.runs if run.steps_to_target is not None]  # fmt: skip
        steps = view.runs[0].steps
        # a setData costs ~0.5 ms: a start drag moves the curves, rarely these two
        if hits != self._hits:
            self._hits = hits
            self.reached.setData([h[0] for h in hits], [h[1] for h in hits])
        if (steps, view.target) != self._target:
            self._target = (steps, view.target)
            self.target.setData([0, steps], [view.target, view.target])
        decades = whole_decades(np.concatenate([*every, [view.target]]), self.floor)
        if decades is not None:
            # from three decades below the target (a run at 0 leaves the plot) to three above
            # the start (a diverging run leaves it too, instead of squeezing the rest)
            low = max(decades[0], math.floor(math.log10(view.target)) - 3)
            starts = max(float(run.loss[0]) for run in view.runs)
            high = min(decades[1], math.ceil(math.log10(max(starts, self.floor))) + 3)
            high = max(high, low + 1)
            self.show_decades(low, high)
            ticks = sparse_decade_ticks(low, high)
            if ticks != self._ticks:
                self._ticks = ticks
                self.plot_item.getAxis("left").setTicks(ticks)
        self.show_steps(nice_ceiling(max(steps, 10)))

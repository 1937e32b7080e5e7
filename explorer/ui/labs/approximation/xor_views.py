"""Plots of the XOR panel: a decision-region map per model and the two loss curves.

Items are created once, in ``build``; :meth:`DecisionView.show_model` and
:meth:`LossView.show_snapshot` only call ``setImage``/``setData``, and skip the data points
when the data set did not change.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF

from explorer.state.approximation.xor import LN2, ModelView, XorSnapshot
from explorer.ui import theme
from explorer.ui.labs.approximation.axes import place_line_label
from explorer.ui.plot import LossPlot, StyledPlot
from explorer.ui.plot.loss import whole_decades

CLASS_COLOURS = (theme.PALETTE[0], theme.PALETTE[1])  # blue = class 0, orange = class 1
CLASS_SYMBOLS = ("o", "t1")  # circle and triangle: the classes differ in shape, not only colour
CLASS_NAMES = ("class 0 (x₁·x₂ > 0)", "class 1 (x₁·x₂ < 0)")
LINEAR_COLOUR = theme.PALETTE[4]  # reddish purple
HIDDEN_COLOUR = theme.PALETTE[2]  # bluish green
BOUNDARY_COLOUR = "#222222"
MARKER_SIZE = 8.0
LOSS_FLOOR = 1e-8  # a log axis cannot show 0
# the ln 2 line's label, longest first: the longest that fits the plot's width is shown
CHANCE_LABELS = ("ln 2 ≈ 0.693: always answering p = ½", "ln 2: always p = ½", "ln 2")


def text_colour(colour: str | QColor) -> str:
    """A darker shade of a line colour, legible as text on a light background."""
    return QColor(colour).darker(135).name()


def _tint(colour: str, amount: float) -> QColor:
    """``colour`` mixed with white: amount 0 → white, 1 → the colour itself."""
    c = QColor(colour)
    mix = [round(255 + amount * (v - 255)) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix)


def probability_colour_map() -> pg.ColorMap:
    """Diverging: pale blue (p = 0, class 0) → white (p = ½) → pale orange (p = 1, class 1).

    Pale, so the markers of the same class stay visible on their own region."""
    ends = (_tint(CLASS_COLOURS[0], 0.55), QColor("white"), _tint(CLASS_COLOURS[1], 0.6))
    return pg.ColorMap([0.0, 0.5, 1.0], list(ends))


class DecisionView(StyledPlot):
    """P(class 1) of one model as a heat map, its p = ½ boundary and the data points."""

    def __init__(self, name: str, colour: str) -> None:
        self.name = name
        self.colour = QColor(colour)
        super().__init__(name, "x₁", "x₂", legend=False)

    def build(self) -> None:
        self.setAspectLocked(True)
        self.plot_item.hideButtons()
        # no grid over the heat map (it costs ~4 ms a paint and muddies the colours); the two
        # axes x₁ = 0 and x₂ = 0 are the lines that matter for XOR's quadrants
        self.show_grid(x=False, y=False)
        self.quadrant_axes = [pg.InfiniteLine(pos=0.0, angle=angle) for angle in (0, 90)]
        for line in self.quadrant_axes:
            line.setZValue(-5)
            self.plot_item.addItem(line)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(probability_colour_map().getLookupTable(nPts=256))
        self.image.setLevels((0.0, 1.0))
        self.image.setZValue(-10)
        self.plot_item.addItem(self.image)
        self.boundary = self.line("p = ½", BOUNDARY_COLOUR, z=5)
        self.markers = [
            self.plot_item.plot(name=label, pen=None, symbol=symbol)
            for label, symbol in zip(CLASS_NAMES, CLASS_SYMBOLS, strict=True)
        ]
        for item in self.markers:
            item.setZValue(10)
        self._data_id: int | None = None
        self._extent: float | None = None
        self._title_text = ""

    def apply_scale(self) -> None:
        super().apply_scale()
        axis_pen = pg.mkPen("#8a8a8a", width=theme.THIN_LINE_WIDTH * theme.Scale.factor)
        for line in self.quadrant_axes:
            line.setPen(axis_pen)
        factor = 1 + (theme.Scale.factor - 1) / 2  # full-rate markers would bury the data
        for item, colour in zip(self.markers, CLASS_COLOURS, strict=True):
            item.setSymbolSize(MARKER_SIZE * factor)
            item.setSymbolBrush(QColor(colour))
            item.setSymbolPen(pg.mkPen("#1a1a1a", width=0.8 * factor))
        if self._title_text:
            self._set_title(self._title_text)

    def _set_title(self, text: str) -> None:
        self._title = text  # StyledPlot.apply_scale re-applies it at a new size
        self._title_text = text
        size = theme.Scale.font_pt(theme.BASE_FONT_PT + 1)
        label = self.plot_item.titleLabel
        row_height = label.maximumHeight()  # StyledPlot.apply_scale's, for this View scale
        self.show_title(text, f"{size}pt", color=text_colour(self.colour))
        # pyqtgraph's setTitle fixes the title row at 30 px again: a new accuracy in the title
        # during training clipped its top at 250 %
        if label.maximumHeight() != row_height:
            label.setMaximumHeight(row_height)
            self.plot_item.layout.setRowFixedHeight(0, row_height)

    def show_model(self, view: ModelView, snapshot: XorSnapshot, title: str) -> None:
        xs, ys = snapshot.xs, snapshot.ys
        self.image.setImage(view.probability, autoLevels=False, levels=(0.0, 1.0))
        if self._extent != float(xs[-1]):  # after setImage: setRect scales by the image's size
            self._extent = float(xs[-1])
            dx, dy = xs[1] - xs[0], ys[1] - ys[0]  # pixels are centred on the grid points
            rect = QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
            self.image.setRect(rect)
            self.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0)
        segments = view.boundary
        self.boundary.setData(segments[:, 0], segments[:, 1], connect="pairs")
        if self._data_id != id(snapshot.X):
            self._data_id = id(snapshot.X)
            for label, item in enumerate(self.markers):
                chosen = snapshot.X[snapshot.y == label]
                item.setData(chosen[:, 0], chosen[:, 1])
        if title != self._title_text:
            self._set_title(title)


class LossView(LossPlot):
    """Both models' training loss against the step, on a log axis, with the ln 2 line.

    No legend box (it would cover the curves at a large View scale): the title names the
    curves in their colours."""

    floor = LOSS_FLOOR

    def __init__(self) -> None:
        title = (
            f"Training loss: <span style='color:{text_colour(LINEAR_COLOUR)}'>linear model</span>"
            f" vs <span style='color:{text_colour(HIDDEN_COLOUR)}'>one hidden layer</span>"
        )
        super().__init__(title, "step", ("loss (nats)", "loss"))

    def build(self) -> None:
        super().build()
        self.linear = self.curve("linear model", LINEAR_COLOUR)
        self.hidden = self.curve("one hidden layer", HIDDEN_COLOUR)
        self.chance = pg.InfiniteLine(
            pos=math.log10(LN2),
            angle=0,
            label=CHANCE_LABELS[0],
            # above the line at the right end; the y-range leaves room for it
            labelOpts={"position": 0.98, "anchors": [(1, 1), (1, 1)], "color": "#444444"},
        )
        self.chance.setZValue(-5)
        self.plot_item.addItem(self.chance)
        self.plot_item.getViewBox().sigResized.connect(lambda _box: self._fit_chance_label())
        self.plot_item.getViewBox().sigRangeChanged.connect(
            lambda *_args: place_line_label(self, self.chance)
        )
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)  # no "(x0.001)" on a log axis
        self.show_steps(100)

    def apply_scale(self) -> None:
        super().apply_scale()  # the next snapshot sets the y-range again: the headroom scales
        width = theme.THIN_LINE_WIDTH * theme.Scale.factor
        self.chance.setPen(pg.mkPen("#555555", width=width, style=Qt.PenStyle.DashLine))
        self.chance.label.setFont(self.plot_item.getAxis("bottom").style["tickFont"])
        self._fit_chance_label()

    def _fit_chance_label(self) -> None:
        """The longest wording of the ln 2 label that fits in the plot, right-aligned at 98 %
        of its width (at 250 % the whole sentence is wider than a 1280-px window's plot)."""
        label = self.chance.label
        room = 0.96 * self.plot_item.getViewBox().width()
        metrics = QFontMetricsF(label.textItem.font())
        text = next((t for t in CHANCE_LABELS if metrics.horizontalAdvance(t) <= room),
                    CHANCE_LABELS[-1])  # fmt: skip
        if label.format != text:
            label.setFormat(text)
        place_line_label(self, self.chance)

    def show_snapshot(self, snapshot: XorSnapshot) -> None:
        steps = snapshot.loss_steps
        for item, view in ((self.linear, snapshot.linear), (self.hidden, snapshot.hidden)):
            self.show_losses(item, steps, view.losses)
        self.show_steps(max(100, snapshot.step))
        low, high = loss_decades(snapshot)
        # room for the end tick labels and, above ln 2, for its label
        factor = theme.Scale.factor
        top = max(high + 0.08 * factor, math.log10(LN2) + 0.45 * factor)
        self.show_decades(low, high, below=0.1 * factor, above=top - high, ticks=True)


def loss_decades(snapshot: XorSnapshot) -> tuple[int, int]:
    """Whole decades (log10) holding both loss curves, at least 0.01 … 1, so only decade ticks
    get labels (inside one decade pyqtgraph labels crowded minor ticks)."""
    values = np.concatenate([snapshot.linear.losses, snapshot.hidden.losses])
    low, high = whole_decades(values, LOSS_FLOOR) or (0, 0)
    return min(low, -2), max(high, 0)

"""The loss curve (log axis) and, for classification, the accuracy on a right-hand axis.

Run B (the current settings) is solid, the pinned run A dashed, on the same step axis, so the
effect of one changed setting is read off directly.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from explorer.state.depth.session import DepthSnapshot
from explorer.ui import theme
from explorer.ui.labs.depth.palette import (
    ACCURACY_COLOUR,
    PINNED_COLOUR,
    RUN_COLOUR,
    mkpen,
    text_colour,
)
from explorer.ui.labs.depth.plot_base import DepthPlot
from explorer.ui.plot import LossPlot
from explorer.ui.plot.loss import nice_ceiling, whole_decades

LOSS_TITLE = tuple(  # the longest that fits the plot is shown
    f"<span style='color:{text_colour(RUN_COLOUR)}'>loss</span>, "
    f"<span style='color:{text_colour(ACCURACY_COLOUR)}'>{accuracy}</span>{pinned}"
    for accuracy, pinned in (
        ("accuracy", f" · <span style='color:{text_colour(PINNED_COLOUR)}'>A dashed</span>"),
        ("acc.", f" · <span style='color:{text_colour(PINNED_COLOUR)}'>A dashed</span>"),
        ("acc.", ""),
    )
)


class LossView(DepthPlot, LossPlot):
    """Training loss of B and A (log y) and their accuracy (right axis, 0–100 %)."""

    def __init__(self) -> None:
        super().__init__(LOSS_TITLE, "step", "loss")
        # before training; the view's own padding, for its size once styled
        self.show_steps(100.0, padding=None)

    def build(self) -> None:
        super().build()
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)
        self.loss_b = self.curve("loss B (now)", RUN_COLOUR, z=3)
        self.loss_a = self.curve("loss A", PINNED_COLOUR, dash=True, z=2)
        item = self.plot_item
        item.showAxis("right")
        self.set_axis_label("right", ("accuracy", "acc."), "%")
        item.getAxis("right").setLogMode(False, False)  # setLogMode(y=True) reached it too
        self.accuracy_box = pg.ViewBox()
        item.scene().addItem(self.accuracy_box)
        item.getAxis("right").linkToView(self.accuracy_box)
        self.accuracy_box.setXLink(item)
        self.accuracy_box.setYRange(0, 100, padding=0.02)
        self.accuracy_box.setMouseEnabled(x=False, y=False)
        item.vb.sigResized.connect(self._on_resized)
        self.accuracy_b = self.kinds.data_item()
        self.accuracy_a = self.kinds.data_item()
        for curve in (self.accuracy_b, self.accuracy_a):
            self.accuracy_box.addItem(curve)
        # items that are not PlotDataItems live in log10 coordinates on this log axis
        self.chance = pg.InfiniteLine(angle=0, movable=False, label="predicting\nnothing",
                                      labelOpts={"position": 0.97, "color": "#555555",
                                                 "anchors": [(1, 1), (1, 1)]})  # fmt: skip
        self.chance.setZValue(-5)
        self.chance.hide()
        self.plot_item.addItem(self.chance)
        self._shown: tuple | None = None
        self._shows_accuracy = True
        self._range_of: tuple[list, float | None] = ([], None)  # what the y-range covers

    def _place_chance_label(self, steps, losses, chance: float) -> None:
        """ "predicting nothing" above or below its line, on the side where fewer of the
        losses under the label lie (a net stuck at chance runs along the line, one that
        learns runs below it) and where the label has room inside the plot."""
        view = self.plot_item.vb
        (x0, x1), (y0, y1) = view.viewRange()
        label = self.chance.label
        rect = label.boundingRect()
        if view.width() <= 0 or view.height() <= 0 or x1 <= x0:
            return
        line = math.log10(chance)
        tall = rect.height() / view.height() * (y1 - y0)  # the label's height, in decades
        start = x1 - (x1 - x0) * (rect.width() / view.width() + 0.03)  # its left end, in steps
        under = np.log10(np.maximum(np.asarray(losses)[np.asarray(steps) >= start], 1e-300))
        room_above, room_below = y1 - line >= tall, line - y0 >= tall
        crowded_above = int(np.sum((under > line) & (under < line + tall)))
        crowded_below = int(np.sum((under < line) & (under > line - tall)))
        above = room_above and (not room_below or crowded_above <= crowded_below)
        anchor = (1, 1) if above else (1, 0)
        if label.anchors[0] != anchor:
            label.anchors = [anchor, anchor]
            label.updatePosition()

    def _show_loss_range(self, losses: list[np.ndarray], chance: float | None) -> None:
        """Whole decades around the losses and the chance line, at least one: a net stuck at
        chance has losses within a thousandth of a decade, and the view zoomed to them had no
        tick label left. Around the chance line the range leaves room for its label on either
        side (:meth:`_place_chance_label` picks the side the curve leaves free)."""
        self._range_of = (losses, chance)  # a new height asks again (see _on_resized)
        values = [np.asarray(v, dtype=np.float64).ravel() for v in losses]
        if chance is not None:
            values.append(np.array([chance]))
        decades = whole_decades(np.concatenate(values), self.floor) if values else None
        if decades is None:
            return
        low, high = decades
        below = above = 0.1 * theme.Scale.factor  # room for the end decades' tick labels
        view_height = self.plot_item.vb.height()
        if chance is not None and view_height > 0:
            line = math.log10(chance)
            share = 1.15 * self.chance.label.boundingRect().height() / view_height
            for _ in range(4):  # the room is a share of the range it widens: a few rounds
                tall = share * (high + above - low + below)
                above = max(above, math.ceil(20 * (line + tall - high)) / 20)
                below = max(below, math.ceil(20 * (low - line + tall)) / 20)
        self.show_decades(low, high, below=below, above=above, ticks=True)

    def _on_resized(self) -> None:
        self.accuracy_box.setGeometry(self.plot_item.vb.sceneBoundingRect())
        train = self._shown[0] if self._shown is not None else None
        if train is not None and self.chance.isVisible():  # its room: a share of the height
            self._show_loss_range(*self._range_of)
            self.settle()
            self._place_chance_label(train.steps, train.loss, train.chance)

    def apply_scale(self) -> None:
        super().apply_scale()
        axis = self.plot_item.getAxis("right")
        left = self.plot_item.getAxis("left")
        axis.setStyle(tickFont=left.style["tickFont"], tickTextOffset=int(4 * theme.Scale.factor))
        axis.setPen(pg.mkPen("#333333", width=theme.Scale.factor))
        axis.setTextPen(pg.mkPen("#222222"))
        self.accuracy_b.setPen(mkpen(ACCURACY_COLOUR, theme.THIN_LINE_WIDTH * 1.5))
        self.accuracy_a.setPen(mkpen(PINNED_COLOUR, theme.THIN_LINE_WIDTH * 1.5, dash=True))
        self.chance.setPen(mkpen("#777777", theme.THIN_LINE_WIDTH, dash=True))
        self.chance.label.setFont(self.plot_item.getAxis("bottom").style["tickFont"])
        self._shown = None

    def show_snapshot(self, snapshot: DepthSnapshot) -> None:
        train, pinned = snapshot.train, snapshot.pinned
        key = (train, pinned, snapshot.config.kind)
        if self._shown is not None and all(a is b for a, b in zip(key, self._shown, strict=True)):
            return  # nothing new: a setData, even of the same data, repaints the plot
        self._shown = key
        classification = snapshot.config.kind != "regression"
        if classification != self._shows_accuracy:
            self._shows_accuracy = classification
            self.plot_item.getAxis("right").setVisible(classification)
            self.accuracy_box.setVisible(classification)
        if train is None:
            self.show_losses(self.loss_b, [], [])
            self.accuracy_b.setData([], [])
            self.chance.hide()
        else:
            if train.chance > 0 and math.isfinite(train.chance):
                self.chance.setPos(math.log10(train.chance))
                self.chance.show()
            self.show_losses(self.loss_b, train.steps, train.loss)
            if train.accuracy is not None:
                self.accuracy_b.setData(train.steps, 100 * train.accuracy, connect="finite")
            else:
                self.accuracy_b.setData([], [])
        has_a = pinned is not None and pinned.steps.size > 0
        if has_a:
            self.show_losses(self.loss_a, pinned.steps, pinned.loss)
            accuracy = pinned.accuracy if classification else None
            if accuracy is not None:
                self.accuracy_a.setData(pinned.steps, 100 * accuracy, connect="finite")
            else:
                self.accuracy_a.setData([], [])
        else:
            self.show_losses(self.loss_a, [], [])
            self.accuracy_a.setData([], [])
        last = max(train.step if train is not None else 0, pinned.step if has_a else 0)
        # in 1-2-5 steps: the axis is not redone per frame
        self.show_steps(nice_ceiling(max(100, last)))
        losses = [run.loss for run in (train, pinned if has_a else None) if run is not None]
        self._show_loss_range(losses, train.chance if self.chance.isVisible() else None)
        self.settle()
        if train is not None and self.chance.isVisible():
            self._place_chance_label(train.steps, train.loss, train.chance)

"""The softmax tab's plots: draggable logits, the probabilities against the target, the
gradient p − q, and the binary focal loss against BCE."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

from explorer.state.losses.config import LOGIT_MAX
from explorer.state.losses.softmax import SoftmaxView
from explorer.ui import theme
from explorer.ui.labs.losses.draggable import DraggablePoints
from explorer.ui.labs.losses.palette import (
    GRADIENT_COLOUR,
    LOGIT_COLOUR,
    PROBABILITY_COLOUR,
    TARGET_COLOUR,
    loss_colour,
)
from explorer.ui.labs.losses.plot_base import LossesPlot

HANDLE_SIZE = 16.0
BAR_WIDTH = 0.6


class ClassBars(LossesPlot):
    """Bars over the classes 1 … C, the true class's bar outlined in black."""

    colour = PROBABILITY_COLOUR

    def build(self) -> None:
        super().build()
        self.bars = self.kinds.bars(x=[], height=[], width=BAR_WIDTH)
        self.plot_item.addItem(self.bars)
        self.guide(horizontal=True)
        self.show_grid(x=False, y=True)
        self.plot_item.getAxis("bottom").setTickSpacing(1, 1)
        self._classes = 0
        self._y_span: tuple = ()
        self._style: tuple = ()  # (classes, true class) the pens were made for

    def apply_scale(self) -> None:
        super().apply_scale()
        self._style = ()  # re-style the bars at the next redraw

    def set_bars(self, heights: np.ndarray, target: int, y_span: tuple[float, float]) -> None:
        c = heights.size
        if c != self._classes:
            self._classes = c
            self._y_span = ()
            self.plot_item.setXRange(0.4, c + 0.6, padding=0)
        if y_span != self._y_span:
            self._y_span = y_span
            self.plot_item.setYRange(*y_span, padding=0.02)
        if (c, target) != self._style:  # a drag changes heights only
            self._style = (c, target)
            factor = theme.Scale.factor
            pens = [
                pg.mkPen("#000000", width=2.5 * factor)  # the true class, outlined
                if j == target
                else pg.mkPen(self.colour, width=factor)
                for j in range(c)
            ]
            brush = pg.mkBrush(self.colour)
            x = np.arange(1, c + 1)
            self.bars.setOpts(x=x, height=heights, width=BAR_WIDTH, brush=brush, pens=pens)
        else:
            self.bars.setOpts(height=heights)


class LogitsView(ClassBars):
    """The logits z as bars with a handle on top of each: drag a handle up or down."""

    colour = LOGIT_COLOUR
    logitDragged = Signal(int, float)

    def __init__(self) -> None:
        super().__init__("Logits z: drag a handle", "class", "logit z", legend=False)

    def build(self) -> None:
        super().build()
        self.handles = DraggablePoints(lock_x=True, pen=pg.mkPen("#000000", width=1.5),
                                       brush=pg.mkBrush("#FFFFFF"), size=HANDLE_SIZE)  # fmt: skip
        self.handles.setZValue(5)
        self.plot_item.addItem(self.handles)
        self.handles.pointDragged.connect(self._on_dragged)

    def apply_scale(self) -> None:
        super().apply_scale()
        self.handles.setSize(HANDLE_SIZE * theme.Scale.factor)

    def _on_dragged(self, index: int, _x: float, y: float) -> None:
        self.logitDragged.emit(index, float(np.clip(y, -LOGIT_MAX, LOGIT_MAX)))

    def show_view(self, view: SoftmaxView) -> None:
        self.set_bars(view.logits, view.target, (-LOGIT_MAX, LOGIT_MAX))
        self.handles.setData(np.arange(1, view.logits.size + 1, dtype=float), view.logits)


class ProbabilityView(ClassBars):
    """p = softmax(z/T) as bars, the target q as short black dashes."""

    def __init__(self) -> None:
        super().__init__(("p = softmax(z / T) and target q", "p = softmax(z / T), q"),
                         "class", "probability")  # fmt: skip

    def build(self) -> None:
        super().build()
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-10, 8))
        self.targets = self.kinds.fast_data_item(
            name="target q",
            pen=None,
            symbol="_",
            symbolPen=pg.mkPen(TARGET_COLOUR, width=3),
            symbolBrush=pg.mkBrush(TARGET_COLOUR),
        )
        self.plot_item.addItem(self.targets)
        self.targets.setZValue(4)

    def apply_scale(self) -> None:
        super().apply_scale()
        self.targets.setSymbolSize(28 * theme.Scale.factor)
        self.targets.setSymbolPen(pg.mkPen(TARGET_COLOUR, width=3 * theme.Scale.factor))

    def show_view(self, view: SoftmaxView) -> None:
        self.set_bars(view.probabilities, view.target, (0.0, 1.05))
        self.targets.setData(np.arange(1, view.logits.size + 1, dtype=float), view.smoothed)


class GradientBarsView(ClassBars):
    """∂L/∂z = (p − q)·(weights)/T per class."""

    colour = GRADIENT_COLOUR

    def __init__(self) -> None:
        super().__init__("Gradient ∂L/∂z = (p − q) / T", "class", "∂L/∂z", legend=False)

    def show_view(self, view: SoftmaxView) -> None:
        biggest = float(np.abs(view.gradient).max())
        span = 1.0 if biggest <= 1.0 else float(np.ceil(biggest))
        self.set_bars(view.gradient, view.target, (-span, span))


class FocalView(LossesPlot):
    """BCE −log pₜ and the focal loss against pₜ, the probability of the true class."""

    def __init__(self) -> None:
        title = "Binary: focal αₜ(1 − pₜ)<sup>γ</sup>·BCE vs BCE"
        super().__init__(title, ("pₜ (true class's probability)", "pₜ"), "loss")

    def build(self) -> None:
        super().build()
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-10, 8))
        self.bce = self.line("BCE −log pₜ", loss_colour("bce_with_logits"))
        self.focal = self.line("focal", loss_colour("sigmoid_focal"))
        self.bce_marker = self.dot(loss_colour("bce_with_logits"), size=11.0)
        self.focal_marker = self.dot(loss_colour("sigmoid_focal"), size=11.0)
        self.fix_range((0.0, 1.0), (0.0, 3.0))
        self._focal = None

    def show_view(self, view: SoftmaxView) -> None:
        moved = []
        if self._focal is None:
            self.bce.setData(view.p_grid, view.bce_curve)
            moved.append(self.bce)
        if view.focal_curve is not self._focal:
            self._focal = view.focal_curve
            self.focal.setData(view.p_grid, view.focal_curve)
            moved.append(self.focal)
        self.cache_still_lines(moved)  # during a logit drag only the markers move
        self.bce_marker.setData([view.p_true], [min(view.bce_at_p, 3.0)])
        self.focal_marker.setData([view.p_true], [min(view.focal_at_p, 3.0)])

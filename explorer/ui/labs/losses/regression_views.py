"""The regression tab's plots: the data with each loss's best line (points draggable), the
loss ℓ(r) and its derivative ℓ′(r) against the residual, and each point's pull."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

from explorer.state.losses.config import REGRESSION_LOSSES, X_LIMIT, Y_LIMIT
from explorer.state.losses.regression import RESIDUAL_RANGE, RegressionView
from explorer.ui import theme
from explorer.ui.labs.losses.draggable import DraggablePoints
from explorer.ui.labs.losses.palette import (
    DASHED,
    POINT_COLOUR,
    SELECTED_COLOUR,
    loss_colour,
)
from explorer.ui.labs.losses.plot_base import LossesPlot, nice_ceiling
from explorer.ui.labs.losses.texts import regression_badge

POINT_SIZE = 13.0  # px at 100 %: big enough to grab on a touchpad
BUSY_OPACITY = 0.45  # a curve that is not yet its final fit is drawn faint
BAR_WIDTH = 0.8  # of one point's slot, shared by the ticked losses


class DataView(LossesPlot):
    """The points (drag one; click selects it) and the line each ticked loss fits."""

    pointPressed = Signal(int)
    pointDragged = Signal(int, float, float)

    def __init__(self) -> None:
        super().__init__(self.TITLES["line"], "x", "y")

    #: each model's title, longest first (a narrow plot shows the shortest that fits)
    TITLES: ClassVar[dict[str, tuple[str, ...]]] = {
        "line": ("Data: drag a point — each loss refits its line", "Data: drag a point"),
        "mlp": ("Data: drag a point — each loss refits its small MLP", "Data: drag a point"),
    }

    def build(self) -> None:
        super().build()
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(10, 8))
        self.lines = self.loss_curves(REGRESSION_LOSSES)
        self.scatter = DraggablePoints(pen=None, brush=pg.mkBrush(POINT_COLOUR), size=POINT_SIZE)
        self.scatter.setZValue(5)
        self.plot_item.addItem(self.scatter)
        self.scatter.pointPressed.connect(self.pointPressed)
        self.scatter.pointDragged.connect(self.pointDragged)
        self.ring = self.kinds.fast_data_item(pen=None, symbol="o", symbolBrush=None)
        self.ring.setZValue(4)
        self.plot_item.addItem(self.ring)
        self.fix_range((-X_LIMIT, X_LIMIT), (-Y_LIMIT, Y_LIMIT))
        self._points: tuple | None = None

    def apply_scale(self) -> None:
        super().apply_scale()
        factor = theme.Scale.factor
        self.scatter.setSize(POINT_SIZE * factor)
        self.ring.setSymbolSize(POINT_SIZE * 1.9 * factor)
        self.ring.setSymbolPen(pg.mkPen(SELECTED_COLOUR, width=2.5 * factor))

    def show_view(self, view: RegressionView) -> None:
        points = (view.x.tobytes(), view.y.tobytes(), view.selected)
        if points != self._points:
            self._points = points
            self.scatter.setData(view.x, view.y)
            self.ring.setData([view.x[view.selected]], [view.y[view.selected]])
        shown = {fit.name for fit in view.fits}
        self.show_only(self.lines, shown)
        for fit in view.fits:
            line = self.lines[fit.name]
            line.setData(fit.model_x, fit.model_y)
            line.setOpacity(1.0 if fit.state == "exact" else BUSY_OPACITY)
        badge = regression_badge(view)
        title = (f"Data: small MLPs {badge}",) if badge else self.TITLES[view.model]
        if title[0] != self._title:
            self.set_title(title)


class ResidualCurveView(LossesPlot):
    """ℓ(r) (or ℓ′(r)) of each ticked loss, a marker at the selected point's residual."""

    def __init__(self, derivative: bool) -> None:
        self.derivative = derivative
        title = (("Derivative ℓ′(r): the pull on the prediction", "Derivative ℓ′(r)")
                 if derivative else "Loss ℓ(r) of one point")  # fmt: skip
        y_label = "ℓ′(r)" if derivative else "ℓ(r)"
        super().__init__(title, ("residual r = ŷ − y", "residual r"), y_label, legend=False)

    def build(self) -> None:
        super().build()
        self.curves = self.loss_curves(REGRESSION_LOSSES)
        self.markers = {name: self.dot(loss_colour(name), size=11.0) for name in REGRESSION_LOSSES}
        self.guide(horizontal=True)
        self.guide(horizontal=False)
        self.fix_range((-RESIDUAL_RANGE, RESIDUAL_RANGE), self._y_range(0.0))
        self._top = 0.0
        self._curves: dict[str, int] = {}

    def _y_range(self, top: float) -> tuple[float, float]:
        if self.derivative:
            return (-top, top)
        return (-0.05 * top, top)

    def _fit_markers(self, heights: list[float]) -> None:
        """Room for every marker: at least ±2 (ℓ′) or 6 (ℓ), else rounded up to 1, 2 or
        5 × 10ᵏ, so a drag changes the range (and re-lays out the plot) only now and then."""
        floor = 2.2 if self.derivative else 6.0
        top = max(floor, nice_ceiling(1.1 * max(heights, default=0.0)))
        if top != self._top:
            self._top = top
            self.plot_item.setYRange(*self._y_range(top), padding=0.02)

    def show_view(self, view: RegressionView) -> None:
        shown = {fit.name for fit in view.fits}
        self.show_only(self.curves, shown)
        self.show_only(self.markers, shown)
        moved, heights = [], []
        for fit in view.fits:
            values = fit.curve_derivative if self.derivative else fit.curve
            if self._curves.get(fit.name) is not values:  # unchanged unless δ or β moved
                self._curves[fit.name] = values
                self.curves[fit.name].setData(view.r_grid, values)
                moved.append(self.curves[fit.name])
            r = float(fit.residuals[view.selected])
            inside = abs(r) <= RESIDUAL_RANGE  # else the marker waits at the plot's edge
            r = float(np.clip(r, -RESIDUAL_RANGE, RESIDUAL_RANGE))
            if self.derivative:
                y = fit.pulls[view.selected] if inside else values[0 if r < 0 else -1]
            else:
                y = np.interp(r, view.r_grid, values)
            self.markers[fit.name].setData([r], [float(y)])
            heights.append(abs(float(y)))
        self._fit_markers(heights)
        self.cache_still_lines(moved)  # during a point drag only the markers move


class PullsView(LossesPlot):
    """Grouped bars: ℓ′(rᵢ) of every point at each ticked loss's own line (one bar item for
    all losses: one picture to rebuild per drag step, not four)."""

    def __init__(self) -> None:
        super().__init__("Each point's pull ℓ′(rᵢ) at its loss's fit", "point", "ℓ′(rᵢ)")

    def build(self) -> None:
        super().build()
        self.legend.setVisible(False)  # the colours are the data plot's legend
        self.bars = self.kinds.bars(x=[], height=[], width=0.2)
        self.plot_item.addItem(self.bars)
        self.guide(horizontal=True)
        self.show_grid(x=False, y=True)
        self.plot_item.getAxis("bottom").setTickSpacing(1, 1)
        self._span: tuple = ()
        self._styles: tuple = ()  # (losses, n) the brushes were made for

    def apply_scale(self) -> None:
        super().apply_scale()
        self._styles = ()

    def heights(self, name: str) -> np.ndarray:
        """The bars of loss ``name`` (tests read them)."""
        names, n = self._styles
        j = names.index(name)
        return np.asarray(self.bars.opts["height"][j * n : (j + 1) * n])

    def show_view(self, view: RegressionView) -> None:
        n, k = view.x.size, max(len(view.fits), 1)
        biggest = max((float(np.abs(fit.pulls).max()) for fit in view.fits), default=0.0)
        span = (n, max(2, int(np.ceil(biggest * 1.1))))  # whole units: a drag rarely changes it
        if span != self._span:
            self._span = span
            self.fix_range((0.4, n + 0.6), (-span[1], span[1]))
        self.set_attached(self.bars, bool(view.fits))
        if not view.fits:
            return  # no loss ticked: no bars (pyqtgraph cannot draw an empty styled set)
        width = BAR_WIDTH / k
        slots = np.arange(1, n + 1, dtype=float)
        names = tuple(fit.name for fit in view.fits)
        opts = {}
        if (names, n) != self._styles:
            self._styles = (names, n)
            # Smooth L1's bars are lighter: its line is drawn dashed over Huber's
            fills = [loss_colour(name) + ("99" if name in DASHED else "") for name in names]
            opts["brushes"] = [pg.mkBrush(fill) for fill in fills for _ in range(n)]
            opts["pens"] = [
                pg.mkPen(loss_colour(name), width=theme.Scale.factor)
                for name in names
                for _ in range(n)
            ]
        x = [slots - BAR_WIDTH / 2 + (j + 0.5) * width for j in range(len(names))]
        heights = [fit.pulls for fit in view.fits]
        self.bars.setOpts(x=np.concatenate(x) if x else [], width=width,
                          height=np.concatenate(heights) if heights else [], **opts)  # fmt: skip

"""Gradient norm per layer × training step, as a heat map that scrolls as training goes on.

Rows are the hidden layers (1 at the bottom), columns the last steps; the colour is
log10 ‖∂L/∂Wₗ‖ of that step's mini-batch. A vanishing-gradient net shows dark bottom rows for
the whole run: the early layers never get a gradient to learn from.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from explorer.state.depth.runner import HEAT_STEPS
from explorer.state.depth.session import DepthSnapshot
from explorer.ui import theme
from explorer.ui.labs.depth.axes import layer_slots, layer_ticks
from explorer.ui.labs.depth.plot_base import DepthPlot


class HeatmapView(DepthPlot):
    """log10 ‖∂L/∂Wₗ‖ over (step, layer) with a colour bar."""

    def __init__(self) -> None:
        title = (f"log₁₀ ‖∂L/∂Wₗ‖, last {HEAT_STEPS} steps", f"log₁₀ ‖∂L/∂Wₗ‖, {HEAT_STEPS} steps",
                 "log₁₀ ‖∂L/∂Wₗ‖")  # fmt: skip
        super().__init__(title, "step", ("hidden layer l", "layer l"), legend=False)

    def build(self) -> None:
        super().build()
        self.plot_item.hideButtons()
        self.show_grid(x=False, y=False)  # an image needs no grid over it
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot_item.addItem(self.image)
        self.colour_map = pg.colormap.get("viridis")
        self.colour_bar = pg.ColorBarItem(values=(-6, 0), colorMap=self.colour_map,
                                          interactive=False, width=12,
                                          colorMapMenu=False)  # fmt: skip
        self.colour_bar.setImageItem(self.image, insert_in=self.plot_item)
        self.levels = (-6.0, 0.0)
        self._rect: tuple | None = None

    def show_snapshot(self, snapshot: DepthSnapshot) -> None:
        train = snapshot.train
        if train is None or train.heat.shape[1] == 0:
            slots = layer_slots(snapshot.config.depth)
            if self._rect != (0.0, 0.0, slots):  # clear once; the axes show the layers to come
                self.image.clear()
                self._rect = (0.0, 0.0, slots)
                self._show_steps(0.0, HEAT_STEPS)
                self._show_layers(slots)
                self.settle()  # or the range is applied in the paint, which paints again
            return
        depth = train.heat.shape[0]
        heat = train.heat
        finite = heat[np.isfinite(heat)]
        if finite.size:
            low, high = float(np.floor(finite.min())), float(np.ceil(finite.max()))
            if high - low < 1:
                high = low + 1
            if (low, high) != self.levels:
                self.levels = (low, high)
                self.colour_bar.setLevels((low, high))
        shown = np.where(np.isfinite(heat), heat, self.levels[0])
        self.image.setImage(shown, autoLevels=False, levels=self.levels)
        self._place(float(train.heat_steps[0]) - 0.5, float(heat.shape[1]), depth)
        self.settle()

    def _place(self, x0: float, columns: float, depth: int) -> None:
        rect = (x0, columns, depth)
        if rect != self._rect:  # after setImage: setRect scales by the image size
            self._rect = rect
            self.image.setRect(QRectF(x0, 0.5, columns, depth))
            self._show_steps(x0, x0 + max(columns, HEAT_STEPS))
            self._show_layers(layer_slots(depth))

    def _show_steps(self, left: float, right: float) -> None:
        """The x-axis spans steps [left, right], labelled at fixed steps: pyqtgraph's own
        labels collide at a large View scale (also before training starts)."""
        self.plot_item.setXRange(left, right, padding=0)
        step = 100 if theme.Scale.factor < 1.5 else 200
        first = int(np.ceil(left / step)) * step
        ticks = [(float(t), str(t)) for t in range(max(first, 0), int(right) + 1, step)]
        self.plot_item.getAxis("bottom").setTicks([ticks, []])

    def _show_layers(self, slots: int) -> None:
        """The y-axis spans the same layer slots as the bar plots, so a depth drag rescales
        it (and re-lays out its labels) only when the bars' axis changes too."""
        self.plot_item.setYRange(0.5, slots + 0.5, padding=0)
        self.plot_item.getAxis("left").setTicks(layer_ticks(slots))

    def apply_scale(self) -> None:
        super().apply_scale()
        font = self.plot_item.getAxis("left").style["tickFont"]
        self.colour_bar.axis.setStyle(tickFont=font)
        self.colour_bar.axis.setWidth(int(40 * theme.Scale.factor))
        self._rect = None

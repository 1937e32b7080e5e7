"""The chain-of-derivatives plot: (max |f′|)^L against depth L on a log axis.

Backpropagation through L layers multiplies L derivatives, so (max |f′|)^L is the most a
gradient can keep: 0.25^L for the sigmoid falls off a cliff, tanh and ReLU stay at 1, and
anything above 1 (SELU, ELU with α > 1) can explode. A back-of-envelope bound, not a simulation.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from explorer.core import activations
from explorer.state.activations.curves import MAX_DEPTH
from explorer.state.activations.session import ActivationsSnapshot
from explorer.ui import theme
from explorer.ui.labs.activations.axis_ranges import banded_range, settle
from explorer.ui.labs.activations.palette import GUIDE_COLOUR, activation_colour
from explorer.ui.labs.activations.texts import chain_caption_html
from explorer.ui.plot import StyledPlot

CAPTION_ROWS = 6  # more ticked activations than this are summarised as "+ n more"


class ChainView(StyledPlot):
    """(max |f′|)^L for the ticked activations; a draggable line marks the quoted depth."""

    depthDragged = Signal(int)

    def __init__(self) -> None:
        title, x_label = (
            ("Chain of derivatives", "Derivative chain"),
            ("depth L (layers)", "depth L"),
        )
        super().__init__(title, x_label, "(max |f′|)ᴸ", log_y=True,
                         legend=False, decade_ticks=True)  # fmt: skip

    def build(self) -> None:
        self.curves = {
            name: self.line(None, activation_colour(i))
            for i, name in enumerate(activations.names())
        }
        self.markers = {
            name: self.points(None, activation_colour(i), size=9, z=3.0)
            for i, name in enumerate(activations.names())
        }
        for item in (*self.curves.values(), *self.markers.values()):
            self.set_attached(item, False)  # in the plot only while ticked
        # items that are not PlotDataItems live in log10 coordinates: y = 0 is (max |f′|)^L = 1
        self.one_line = pg.InfiniteLine(pos=0.0, angle=0, movable=False)
        self.depth_line = pg.InfiniteLine(pos=10, angle=90, movable=True, bounds=(1, MAX_DEPTH))
        self.depth_line.setToolTip("Drag to choose the depth L quoted in the notes")
        self.depth_line.sigDragged.connect(self._on_depth_dragged)
        for item in (self.one_line, self.depth_line):
            item.setZValue(-5)
            self.plot_item.addItem(item, ignoreBounds=True)
        self.caption = pg.LabelItem(justify="left")
        self.caption.setParentItem(self.plot_item.getViewBox())
        self.caption.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(8, -6))  # usually empty
        self.setXRange(1, MAX_DEPTH, padding=0.02)
        self._drawn: dict[str, object] = {}
        self._y_range: tuple[float, float] | None = None
        self._data_y = (-1.0, 0.0)
        self.plot_item.getViewBox().sigResized.connect(lambda _vb: self._fit_y())
        self._caption_text = ""

    def show_snapshot(self, snapshot: ActivationsSnapshot) -> None:
        depth = snapshot.config.depth
        shown = {c.name: c for c in snapshot.curves if c.max_abs_derivative > 0}  # log: no 0
        for name, item in self.curves.items():
            curve = shown.get(name)
            # the chain depends on max |f′| and the depth only, not on the x-range
            key = None if curve is None else (curve.max_abs_derivative, depth)
            if key == self._drawn.get(name):
                continue
            for each in (item, self.markers[name]):
                self.set_attached(each, curve is not None)
            if curve is None:
                item.setData([], [])
                self.markers[name].setData([], [])
            else:
                item.setData(snapshot.depths, curve.chain)
                self.markers[name].setData([depth], [curve.chain[depth - 1]])
            self._drawn[name] = key
        if not self.depth_line.moving:
            self.depth_line.setValue(depth)
        text = chain_caption_html(snapshot, CAPTION_ROWS)
        if text != self._caption_text:
            self._caption_text = text
            self._apply_caption()
        self._fit_y(list(shown.values()))  # after the caption: its height is the bottom band

    def _fit_y(self, curves: list | None = None) -> None:
        """Span the shown curves in decades, with room below for the caption."""
        if curves is not None:
            logs = [np.log10(c.chain[[0, -1]]) for c in curves]
            lo = min(
                [-4.0, *(float(v.min()) for v in logs)]
            )  # ≥ 4 decades: no crowded minor labels
            hi = max([0.0, *(float(v.max()) for v in logs)])
            self._data_y = (lo, hi)
        caption = self.caption.item.boundingRect().height() + 10 if self._caption_text else 0
        view_px = self.plot_item.getViewBox().height()
        y_range = banded_range(*self._data_y, view_px, 0.0, caption, pad=0.08)
        if y_range != self._y_range:
            self._y_range = y_range
            self.setYRange(*y_range, padding=0.0)
            settle(self.plot_item)

    def _on_depth_dragged(self) -> None:
        self.depthDragged.emit(round(self.depth_line.value()))

    def _apply_caption(self) -> None:
        size = f"{theme.Scale.font_pt(theme.BASE_FONT_PT - 1)}pt"
        self.caption.setVisible(bool(self._caption_text))
        self.caption.setText(self._caption_text or " ", color="#222222", size=size)
        self.caption.adjustSize()  # a widget grows to fit new text but never shrinks back

    def apply_scale(self) -> None:
        super().apply_scale()
        factor = theme.Scale.factor
        self.one_line.setPen(pg.mkPen(GUIDE_COLOUR, width=theme.THIN_LINE_WIDTH * factor))
        self.depth_line.setPen(
            pg.mkPen(GUIDE_COLOUR, width=1.5 * factor, style=Qt.PenStyle.DashLine)
        )
        self.depth_line.setHoverPen(pg.mkPen("#333333", width=3 * factor))
        self._apply_caption()
        self._fit_y()

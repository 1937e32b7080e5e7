"""The main plot: target points, each neuron's contribution vᵢ·σ(wᵢx + bᵢ), and their sum ŷ.

Items are created once. The neuron lines are one item per colour of the palette: neuron i is
drawn by item i mod 6, its pieces separated by gaps. With one item per neuron, N = 64 in the
fit view (where every line moves each step) fed 64 curves and stroked 64 paths per frame
(setData ~0.3 ms each; half a frame in all, measured); as six gapped curves it costs an eighth
of the feeding and two thirds of the painting. A group whose lines are those drawn last time is
not re-fed (dragging w₃ re-feeds neuron 3's colour and the sum; dragging the noise re-feeds
only the points), and the lines that stay still are kept as pixels meanwhile
(``cache_still_lines``: a noise drag stroked the dashed noise-free target, every neuron and the
sum again on every step). The view's range follows the data (not the curves), so dragging a
slider never makes the axes jump.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer

from explorer.state.approximation.snapshot import ApproximationSnapshot
from explorer.ui import theme
from explorer.ui.labs.approximation.axes import plain_axes
from explorer.ui.labs.approximation.palette import (
    CLEAN_TARGET_COLOUR,
    NEURON_COLOURS,
    SUM_COLOUR,
    SUM_WIDTH,
    TARGET_COLOUR,
)
from explorer.ui.plot import StyledPlot

Y_MARGIN = 0.15  # of the data's span, above and below: room for the sum to overshoot


class FunctionView(StyledPlot):
    """f(x) as points, vᵢ·σ(wᵢx + bᵢ) as thin lines, ŷ(x) as a thick line."""

    def __init__(self) -> None:
        super().__init__("Target and network", "x", "f(x)")

    def build(self) -> None:
        plain_axes(self)
        self.legend.setOffset((10, 10))  # top left: the curves are usually busier on the right
        self.points_item = self.points("samples of f(x)", TARGET_COLOUR, size=5)
        self.clean_item = self.line("f(x), no noise", CLEAN_TARGET_COLOUR, dash=True, z=1)
        self.sum_item = self.line("ŷ = Σ vᵢσ(wᵢx + bᵢ) + c", SUM_COLOUR,
                                  width=SUM_WIDTH, z=3)  # fmt: skip
        # neuron i is drawn by group i mod len(NEURON_COLOURS), in that colour
        self.neuron_groups = [self._group_item(index) for index in range(len(NEURON_COLOURS))]
        self._group_parts: list[tuple[np.ndarray, ...]] = [()] * len(self.neuron_groups)
        self._fed: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id(item) → its (x, y)
        self._data = None
        self._clean_in_legend = True
        self._ranges: tuple | None = None
        self._data_range: tuple[float, float] | None = None
        self._x_range = (0.0, 1.0)
        self.plot_item.getViewBox().sigResized.connect(lambda _box: self._fit_range())
        self.plot_item.getViewBox().disableAutoRange()

    def _group_item(self, index: int) -> pg.PlotDataItem:
        name = "each neuron vᵢσ(wᵢx + bᵢ)" if index == 0 else None
        item = self.line(name, NEURON_COLOURS[index], width=theme.THIN_LINE_WIDTH * 1.3, z=2)
        # Thin lines without antialiasing: it halves their cost (every line is redrawn every
        # frame in training) and at 1.5 px the difference is hard to see.
        item.setCurveClickable(False)
        item.opts["antialias"] = False
        item.curve.opts["antialias"] = False
        item.setVisible(False)
        return item

    def neuron_lines(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(x, y) of each neuron's line on show, neuron 1 first (tests and exports read it)."""
        pieces = []
        for item, parts in zip(self.neuron_groups, self._group_parts, strict=True):
            if not item.isVisible():
                continue
            x, y = item.getData()
            size = len(x) // max(len(parts), 1)  # each piece and its gap
            pieces.append([(x[k * size : (k + 1) * size - 1], y[k * size : (k + 1) * size - 1])
                           for k in range(len(parts))])  # fmt: skip
        count = sum(len(p) for p in pieces)
        groups = len(self.neuron_groups)
        return [pieces[i % groups][i // groups] for i in range(count)]

    def _show_neurons(self, grid_x: np.ndarray, contributions, n: int, moved: list) -> None:
        """Neurons 1 … n (none if 0) in their colours' groups; a group re-fed only if one of
        its lines changed."""
        groups = len(self.neuron_groups)
        for index, item in enumerate(self.neuron_groups):
            parts = tuple(contributions[index:n:groups])
            last = self._group_parts[index]
            changed = len(parts) != len(last) or any(
                not _same(a, b) for a, b in zip(parts, last, strict=True)
            )
            if changed:
                self._group_parts[index] = parts
                if parts:
                    x, y = _gapped(grid_x, parts)
                    item.setData(x, y, connect="finite")
                    moved.append(item)
            if item.isVisible() != bool(parts):
                item.setVisible(bool(parts))

    def _feed(self, item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, moved: list) -> None:
        """``setData`` unless ``item`` already shows these values; note it in ``moved`` if fed."""
        last = self._fed.get(id(item))
        if last is not None and _same(last[0], x) and _same(last[1], y):
            return
        item.setData(x, y)
        self._fed[id(item)] = (x, y)
        moved.append(item)

    def show_snapshot(self, snapshot: ApproximationSnapshot) -> None:
        data = snapshot.data
        moved: list[pg.PlotDataItem] = []
        if data is not self._data:
            self._data = data
            # the title is rich text: a target's "<" (the step's "0 for x < 0") is not a tag
            self._set_title(f"f(x) = {html.escape(data.label)}  and the network ŷ(x)")
            self.points_item.setData(data.x, data.y)
            self._show_clean_target(data, snapshot.config.noise > 0, moved)
            self._set_range(data)
        self._feed(self.sum_item, data.grid_x, snapshot.total, moved)
        n = snapshot.n_hidden if snapshot.config.show_neurons else 0
        self._show_neurons(data.grid_x, snapshot.contributions, n, moved)
        self.cache_still_lines(moved)

    def _set_title(self, text: str) -> None:
        if text != self._title:
            self._title = text
            size = theme.Scale.font_pt(theme.BASE_FONT_PT + 2)
            label = self.plot_item.titleLabel
            row_height = label.maximumHeight()  # StyledPlot.apply_scale's, for this scale
            self.show_title(text, f"{size}pt")
            if label.maximumHeight() != row_height:  # pyqtgraph's setTitle puts back 30 px
                label.setMaximumHeight(row_height)
                self.plot_item.layout.setRowFixedHeight(0, row_height)

    def _show_clean_target(self, data, noisy: bool, moved: list) -> None:
        """The noise-free f as a dashed line, only when there is noise to see it through."""
        x, y = (data.grid_x, data.grid_f) if noisy else (np.empty(0), np.empty(0))
        self._feed(self.clean_item, x, y, moved)
        if noisy != self._clean_in_legend:
            self._clean_in_legend = noisy
            if noisy:
                self.legend.addItem(self.clean_item, "f(x), no noise")
            else:
                self.legend.removeItem(self.clean_item)
            QTimer.singleShot(0, self._fit_range)  # the legend changed height

    def _set_range(self, data) -> None:
        """x: the sampled range; y: the data's range with room above and below, rounded out to
        a coarse grid so that dragging the noise does not make the axes twitch."""
        lo = float(min(np.min(data.y), np.min(data.grid_f)))
        hi = float(max(np.max(data.y), np.max(data.grid_f)))
        span = max(hi - lo, 0.2)
        step = 10.0 ** np.floor(np.log10(span)) / 2
        self._data_range = (float(np.floor((lo - Y_MARGIN * span) / step) * step),
                            float(np.ceil((hi + Y_MARGIN * span) / step) * step))  # fmt: skip
        self._x_range = (float(data.grid_x[0]), float(data.grid_x[-1]))
        self._fit_range()

    def _fit_range(self) -> None:
        """Apply the ranges, with a band at the top for the legend: the data never hides under
        it, whatever the View scale (only curves that overshoot the data can reach it)."""
        if self._data_range is None:
            return
        lo, hi = self._data_range
        view_px = self.plot_item.getViewBox().height()
        band_px = self.legend.boundingRect().height() + 6 * theme.Scale.factor
        fraction = max(0.5, 1.0 - band_px / view_px) if view_px > 50 else 1.0
        top = lo + (hi - lo) / fraction
        ranges = (*self._x_range, lo, round(top, 6))
        if ranges != self._ranges:
            self._ranges = ranges
            self.setXRange(ranges[0], ranges[1], padding=0.02)
            self.setYRange(ranges[2], ranges[3], padding=0)

    def apply_scale(self) -> None:
        super().apply_scale()
        if self._data_range is not None:  # something to fit, once the legend has its new size
            QTimer.singleShot(0, self._fit_range)


def _gapped(x: np.ndarray, parts: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """One curve through ``parts`` (each y on ``x``), a NaN gap after each."""
    size = x.size + 1
    xs = np.empty(size * len(parts))
    ys = np.empty_like(xs)
    xs.reshape(-1, size)[:, :-1] = x
    ys.reshape(-1, size)[:, :-1] = parts
    xs[x.size :: size] = ys[x.size :: size] = np.nan
    return xs, ys


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """The same values (a few µs for a 401-point curve; a re-fed curve costs 50–100)."""
    return a is b or (a.shape == b.shape and np.array_equal(a, b))

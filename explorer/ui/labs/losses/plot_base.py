"""The lab's plot base: StyledPlot with a fixed range, one curve per loss made up front, and
a way to show just the ticked ones."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg

from explorer.ui import theme
from explorer.ui.labs.losses.palette import DASHED, GUIDE_COLOUR, LEGEND_NAMES, loss_colour
from explorer.ui.plot import StyledPlot
from explorer.ui.plot.legend_fit import fit_legend
from explorer.ui.plot.styled import LEGEND_OFFSET


def nice_ceiling(value: float) -> float:
    """The least of 0, 1, 2, 5 × 10ᵏ that is ≥ ``value`` (0 for value ≤ 0)."""
    if value <= 0:
        return 0.0
    decade = 10.0 ** math.floor(math.log10(value))
    return next(m * decade for m in (1.0, 2.0, 5.0, 10.0) if m * decade >= value)


class LossesPlot(StyledPlot):
    """A :class:`StyledPlot` whose range the mouse does not change (the lab's drags move
    data, not the view) and which hides a curve by taking it out of the plot."""

    #: the share of the view box's width and height, from the legend's corner, where no curve
    #: runs (the ranges are fixed): the legend is fitted into it, not over the curves
    legend_room = (1.0, 1.0)

    def build(self) -> None:
        super().build()
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.setMinimumSize(200, 150)

    def apply_scale(self) -> None:
        super().apply_scale()
        for side in ("bottom", "left"):  # bigger labels need more room: fewer ticks
            self.plot_item.getAxis(side).setTickDensity(1.0 / theme.Scale.factor)

    def fit_legend(self, *_args) -> None:
        """Fit the legend into :attr:`legend_room` of the view box (columns, then smaller
        text: :func:`explorer.ui.plot.legend_fit.fit_legend`)."""
        if self.legend is None:
            return
        view = self.plot_item.getViewBox()
        width, height = self.legend_room
        margin = 2 * abs(LEGEND_OFFSET[0])
        fit_legend(self.legend, view.width() * width - margin, view.height() * height - margin,
                   columns=self.kinds.fast)  # fmt: skip

    def set_title(self, text: str | Sequence[str]) -> None:
        """A new title, or its variants longest first (kept through later scale changes)."""
        self._title = text if isinstance(text, str) else text[0]
        self.show_title(text, f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")

    def fix_range(self, x: tuple[float, float], y: tuple[float, float]) -> None:
        self.plot_item.setRange(xRange=x, yRange=y, padding=0.02)
        self.plot_item.disableAutoRange()

    def loss_curves(self, names, *, width: float | None = None) -> dict[str, pg.PlotDataItem]:
        """One curve per loss name, in its colour (Smooth L1 dashed), all in the legend."""
        return {
            name: self.line(LEGEND_NAMES.get(name, name), loss_colour(name), width=width,
                            dash=name in DASHED)
            for name in names
        }  # fmt: skip

    def guide(self, *, horizontal: bool, at: float = 0.0) -> pg.InfiniteLine:
        """A thin grey line through ``at`` (the axes' zero, the margin m = 1)."""
        line = pg.InfiniteLine(at, angle=0 if horizontal else 90,
                               pen=pg.mkPen(GUIDE_COLOUR, width=theme.THIN_LINE_WIDTH))  # fmt: skip
        line.setZValue(-1)
        self.plot_item.addItem(line, ignoreBounds=True)
        return line

    def show_visible(self, items: dict, shown) -> None:
        """Show the items of the names in ``shown`` and hide the others, all left in the plot:
        cheaper than :meth:`show_only` to flip (no legend or scene work), for a plot whose
        range is fixed (a hidden item then answers no range change)."""
        for name, item in items.items():
            item.setVisible(name in shown)

    def show_only(self, items: dict, shown) -> None:
        """Attach the items of the names in ``shown``; detach the others."""
        for name, item in items.items():
            self.set_attached(item, name in shown)

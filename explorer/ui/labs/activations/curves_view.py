"""What the f(x) and f′(x) plots share: one curve per activation, shading, guides, a caption.

Every item is created once in ``build`` (a curve for each registry entry, out of the plot
until ticked; a backdrop for the shading and the guides). :meth:`CurvesView.show_snapshot`
only calls ``setData`` and attaches or detaches items, and it skips curves whose sample arrays
are the very ones it drew last time: dragging one activation's parameter re-feeds one curve,
and an x-range drag re-feeds none until the view outgrows the sampling grid (see
:mod:`explorer.state.activations.curves`). The y-limits snap to round values
(:func:`~explorer.state.activations.curves.nice_limit`), so the y-axis rarely redraws then either.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from explorer.core import activations
from explorer.state.activations.curves import X_RANGE_MAX, nice_limit
from explorer.state.activations.session import ActivationsSnapshot
from explorer.ui import theme
from explorer.ui.labs.activations.axis_ranges import banded_range, settle
from explorer.ui.labs.activations.palette import GUIDE_COLOUR, activation_colour, shade_colour
from explorer.ui.plot import Backdrop, StyledPlot

HIGHLIGHT = 1.6  # the selected activation's line is this much wider
LEGEND_ROWS = 7  # more ticked activations than this spread the legend over columns


class CurvesView(StyledPlot):
    """A plot of one array of :class:`CurveData` (``field``) for every ticked activation."""

    field = "y"
    extent = "y_extent"  # the CurveData field with the data's extent in view
    owns_x = True  # False for a view x-linked to one that sets the range (and shown after it)

    def __init__(self, title: str, y_label: str, *, legend: bool) -> None:
        super().__init__(title, ("x (pre-activation)", "x"), y_label, legend=legend)

    def build(self) -> None:
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._records = {}
        for index, name in enumerate(activations.names()):
            item = self.line(None, activation_colour(index), z=1.0)
            self.set_attached(item, False)  # in the plot only while ticked
            self.curves[name] = item
            self._records[name] = self._styled[-1]  # StyledPlot's record: keeps width on rescale
        self.backdrop = Backdrop(self.plot_item)  # saturation shading and the x, y = 0 guides
        self.caption = pg.LabelItem(justify="left")
        self.caption.setParentItem(self.plot_item.getViewBox())
        self._caption_args: tuple[tuple[str, ...], str] = (("",), "#000000")
        self._caption_width = 0.0  # the view box width the caption's wording was chosen for
        self._drawn: dict[str, object] = {}  # name → the array last fed to its curve
        self._legend_names: tuple[str, ...] | None = None
        self._highlighted: str | None = None
        self._ranges: tuple | None = None
        self._shaded: tuple | None = None
        self._data_y = (-1.0, 1.0)
        self._y_range: tuple[float, float] | None = None
        self.plot_item.getViewBox().sigResized.connect(lambda _vb: self._on_resized())

    def text_items(self) -> list:
        return [self.caption.item]

    # --- updating ------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: ActivationsSnapshot) -> None:
        shown = {curve.name: curve for curve in snapshot.curves}
        moved = []
        for name, item in self.curves.items():
            curve = shown.get(name)
            if curve is None:
                if self._drawn.pop(name, None) is not None:
                    self.set_attached(item, False)
                    item.setData([], [])
            elif self._drawn.get(name) is not getattr(curve, self.field):
                item.setData(curve.x, getattr(curve, self.field))
                self.set_attached(item, True)
                self._drawn[name] = getattr(curve, self.field)
                moved.append(item)
        self.cache_still_lines(moved)  # a parameter drag moves one curve of several
        self._update_legend(snapshot)
        self._update_highlight(snapshot)
        self._update_shading(snapshot)
        self._update_ranges(snapshot)

    def _update_legend(self, snapshot: ActivationsSnapshot) -> None:
        names = tuple(curve.name for curve in snapshot.curves)
        if self.legend is None or names == self._legend_names:
            return
        self.legend.clear()
        self.legend.setColumnCount(1 + (len(names) - 1) // LEGEND_ROWS if names else 1)
        for curve in snapshot.curves:
            self.legend.addItem(self.curves[curve.name], curve.display_name)
        self._legend_names = names

    def _update_highlight(self, snapshot: ActivationsSnapshot) -> None:
        name = snapshot.selected.name if snapshot.selected_is_shown else None
        if name == self._highlighted:
            return
        for old_or_new, width in ((self._highlighted, 1.0), (name, HIGHLIGHT)):
            if old_or_new is not None:
                record = self._records[old_or_new]
                record.base_width = theme.BASE_LINE_WIDTH * width
                self._style(record)
                record.item.setZValue(2.0 if width > 1 else 1.0)
        self._highlighted = name

    def _update_shading(self, snapshot: ActivationsSnapshot) -> None:
        curve = snapshot.selected
        show = snapshot.config.shade_saturation and snapshot.selected_is_shown
        intervals = outward(curve.saturated, curve.x_range) if show else ()
        if (intervals, curve.index) != self._shaded:
            self._shaded = (intervals, curve.index)
            self.backdrop.set_bands(intervals, shade_colour(curve.index))

    def _update_ranges(self, snapshot: ActivationsSnapshot) -> None:
        """Fit x to the chosen range and y to the shown curves (only when those change)."""
        extents = [getattr(curve, self.extent) for curve in snapshot.curves]
        key = (snapshot.config.x_range, extents)
        if key == self._ranges:
            return
        if self._ranges is None or key[0] != self._ranges[0]:
            if self.owns_x:
                r = snapshot.config.x_range
                self.setXRange(-r, r, padding=0.0)  # an x-linked view follows; setting it too
            settle(self.plot_item)  # would bounce the change back and paint the pair twice
        self._ranges = key
        lo = min([0.0, *(low for low, _high in extents)])
        hi = max([1.0 if not extents else 0.0, *(high for _low, high in extents)])
        self._data_y = (nice_limit(lo), nice_limit(hi))
        self._fit_y()

    def bands_px(self) -> tuple[float, float]:
        """Pixels to keep free of data at the (top, bottom) of the view, for captions."""
        return 0.0, 0.0

    def caption_px(self) -> float:
        if not self.caption.isVisible():
            return 0.0
        return self.caption.item.boundingRect().height() + 8

    def _fit_y(self) -> None:
        view_px = self.plot_item.getViewBox().height()
        y_range = banded_range(*self._data_y, view_px, *self.bands_px())
        if y_range != self._y_range:
            self._y_range = y_range
            self.setYRange(*y_range, padding=0.0)
            settle(self.plot_item)

    def set_caption(self, text: str | tuple[str, ...], colour: str) -> None:
        """The note in the plot's corner (subclasses anchor it and reserve its band); its
        wordings longest first, the longest that fits the plot's width is shown."""
        variants = (text,) if isinstance(text, str) else tuple(text)
        if (variants, colour) != self._caption_args:
            self._caption_args = (variants, colour)
            self._apply_caption()
            self._fit_y()

    def _on_resized(self) -> None:
        if self.plot_item.getViewBox().width() != self._caption_width:
            self._apply_caption()  # a wording that fits the new width
        self._fit_y()

    def _apply_caption(self) -> None:
        variants, colour = self._caption_args
        self.caption.setVisible(bool(variants[0]))
        size = f"{theme.Scale.font_pt()}pt"
        room = self.plot_item.getViewBox().width() - 16  # its offset from the edge, twice
        self._caption_width = self.plot_item.getViewBox().width()
        for text in variants:
            self.caption.setText(text or " ", color=colour, size=size)
            if self.caption.item.boundingRect().width() <= room:
                break  # else the next, shorter wording (the shortest if none fits)
        self.caption.adjustSize()  # a widget grows to fit new text but never shrinks back

    # --- scale ---------------------------------------------------------------------------------
    def apply_scale(self) -> None:
        super().apply_scale()
        factor = theme.Scale.factor
        width = theme.THIN_LINE_WIDTH * factor
        self.backdrop.set_guide("y = 0", "y", 0.0, pg.mkPen(GUIDE_COLOUR, width=width))
        self.backdrop.set_guide(
            "x = 0", "x", 0.0, pg.mkPen(GUIDE_COLOUR, width=width, style=Qt.PenStyle.DotLine)
        )
        self._apply_caption()
        self._fit_y()  # the caption's band changed size


def outward(
    intervals: tuple[tuple[float, float], ...], x_range: float
) -> tuple[tuple[float, float], ...]:
    """Intervals clipped at ±``x_range`` continued to the widest view.

    The shading then stays put during an x-range drag (moving a region repaints it) and the view
    clips it at its edge anyway.
    """
    return tuple(
        (-X_RANGE_MAX if a <= -x_range else a, X_RANGE_MAX if b >= x_range else b)
        for a, b in intervals
    )

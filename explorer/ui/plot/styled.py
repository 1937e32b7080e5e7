"""Plot widgets with the house style: axis labels with units, grid, legend, scalable sizes.

Items are created once, in :meth:`StyledPlot.build` (:meth:`~StyledPlot.line`,
:meth:`~StyledPlot.points`, :meth:`~StyledPlot.dot`), and later updated with ``setData``;
re-creating items per redraw is what makes plotting slow. Every pen and font is derived from
:class:`explorer.ui.theme.Scale`, so View → Text and line size re-styles all plots in place
through :meth:`StyledPlot.apply_scale`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from explorer.ui import theme
from explorer.ui.plot.axis_label import AxisLabel
from explorer.ui.plot.items import GRID_ALPHA, Dot, GridLines
from explorer.ui.plot.kinds import kinds
from explorer.ui.plot.legend_fit import fit_legend
from explorer.ui.plot.title import PlainTitle, variants_of

SIDES = ("left", "bottom", "top", "right")
LEGEND_OFFSET = (-10, 10)  # px from the view box's top-right corner


@dataclass
class _Styled:
    item: pg.GraphicsObject
    colour: QColor
    base_width: float
    dash: bool = False
    symbol_size: float = 0.0


class StyledPlot(pg.PlotWidget):
    """A ``PlotWidget`` whose items and fonts follow the theme and the View scale.

    A subclass creates its items in :meth:`build` (called once, before the first
    :meth:`apply_scale`) and restyles them in :meth:`apply_scale`. ``fast`` picks the speed
    layer's classes or pyqtgraph's (:mod:`explorer.ui.plot.switch`; the process's choice by
    default); ``decade_ticks`` gives a log y-axis no minor ticks over many decades.
    """

    def __init__(
        self,
        title: str | Sequence[str],
        x_label: str | Sequence[str],
        y_label: str | Sequence[str],
        *,
        x_units: str | None = None,
        y_units: str | None = None,
        log_y: bool = False,
        legend: bool = True,
        decade_ticks: bool = False,
        fast: bool | None = None,
        parent=None,
    ) -> None:
        self.kinds = kinds(fast)
        axes = {side: self.kinds.axis(side) for side in SIDES}
        if decade_ticks:
            axes["left"] = self.kinds.decade_axis("left")
        super().__init__(parent=parent, plotItem=self.kinds.plot_item(axisItems=axes))
        for side in ("top", "right"):  # given axes are shown: these two as pyqtgraph's default
            self.getPlotItem().hideAxis(side)
        # the title's variants, longest first; _title is the longest, as a lab may set it
        self._title_variants = variants_of(title)
        self._title = self._title_variants[0]
        self._labels = {"bottom": (x_label, x_units), "left": (y_label, y_units)}
        self._fitted_labels: dict[str, AxisLabel] = {}
        self._styled: list[_Styled] = []
        self.plot_item = self.getPlotItem()
        # not showGrid: see explorer.ui.plot.items (plain mode keeps pyqtgraph's grid)
        self.grid = GridLines(self.plot_item) if self.kinds.fast else None
        # the fast plot item's title fits itself; pyqtgraph's is fitted from here
        self._plain_title = None if self.kinds.fast else PlainTitle(self.plot_item)
        # A plot's items move on every range change; keeping Qt's BSP index of them up to date
        # cost more than the linear search it saves for a few dozen items (measured: −7 % of an
        # x-range drag without the index)
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.plot_item.setLogMode(x=False, y=log_y)
        self.plot_item.setMenuEnabled(True)
        self._text_cache_mode = QGraphicsItem.CacheMode.NoCache  # set_text_caching sets it
        self._still_lines: frozenset[int] = frozenset()  # lines kept as pixels (cache_still_lines)
        self.legend = self.plot_item.addLegend(offset=LEGEND_OFFSET) if legend else None
        if self.legend is not None:
            self.plot_item.getViewBox().sigResized.connect(self.fit_legend)
        self.setMinimumSize(220, 160)
        limit_grid(self.plot_item)
        self.show_grid(True, True)
        self.build()
        self.set_text_caching(True)
        self.apply_scale()

    def build(self) -> None:
        """Create the plot's items (a subclass's; called once by ``__init__``, before the
        first :meth:`apply_scale`)."""

    # --- items ---------------------------------------------------------------------------------
    def line(
        self,
        name: str | None,
        colour: str | QColor,
        *,
        width: float | None = None,
        dash: bool = False,
        z: float = 0.0,
    ) -> pg.PlotDataItem:
        """A curve created once; feed it with ``setData(x, y)``. ``name`` shows in the legend."""
        item = self.kinds.fast_data_item(name=name)
        self.plot_item.addItem(item)
        item.setZValue(z)
        self._styled.append(_Styled(item, QColor(colour), width or theme.BASE_LINE_WIDTH, dash))
        self._style(self._styled[-1])
        return item

    def points(
        self, name: str | None, colour: str | QColor, *, size: float = 6.0, z: float = 1.0
    ) -> pg.PlotDataItem:
        """A scatter of markers (no line)."""
        item = self.kinds.fast_data_item(name=name, pen=None, symbol="o")
        self.plot_item.addItem(item)
        item.setZValue(z)
        self._styled.append(_Styled(item, QColor(colour), 0.0, symbol_size=size))
        self._style(self._styled[-1])
        return item

    def dot(self, colour: str | QColor, *, size: float = 8.0, z: float = 3.0) -> Dot:
        """One round marker, cheaper to repaint than :meth:`points`; ``setData([x], [y])``."""
        item = Dot(colour, size)
        item.setZValue(z)
        self.plot_item.addItem(item, ignoreBounds=True)
        self._styled.append(_Styled(item, QColor(colour), 0.0, symbol_size=size))
        self._style(self._styled[-1])
        return item

    def show_grid(self, x: bool = True, y: bool = True) -> None:
        """Grid lines at the x ticks and/or the y ticks (both by default)."""
        if self.grid is not None:
            self.grid.show_lines(x, y)
        else:
            self.plot_item.showGrid(x=x, y=y, alpha=GRID_ALPHA / 255)

    def set_axis_label(
        self, side: str, text: str | Sequence[str] | None, units: str | None = None
    ) -> None:
        """Label the axis on ``side`` with ``text`` (or its variants, longest first: the
        longest that fits the axis is shown, see :mod:`explorer.ui.plot.axis_label`), kept for
        View → scale; a label that did not change is not set again (it re-lays out the
        plot)."""
        if self._labels.get(side) == (text, units):
            return
        self._labels[side] = (text, units)
        label_pt = theme.Scale.font_pt(theme.BASE_FONT_PT + 1)
        self._axis_label(side).show(text, units, label_pt)

    def _axis_label(self, side: str) -> AxisLabel:
        label = self._fitted_labels.get(side)
        if label is None:
            label = self._fitted_labels[side] = AxisLabel(self.plot_item.getAxis(side))
        return label

    def show_title(self, title: str | Sequence[str], size: str, **opts) -> None:
        """Show ``title`` (HTML, or its variants longest first) as the title at ``size``
        ("13pt"): the longest variant that fits the plot's width, or the shortest smaller (see
        :mod:`explorer.ui.plot.title`); ``opts`` as ``setTitle``'s."""
        variants = self._title_variants = variants_of(title)
        if self._plain_title is None:
            self.plot_item.titleLabel.variants = variants if len(variants) > 1 else ()
            self.plot_item.setTitle(variants[0], size=size, **opts)
        else:
            self._plain_title.show(variants, size, **opts)

    def set_attached(self, item: pg.GraphicsObject, attached: bool) -> bool:
        """Put ``item`` into the plot or take it out (and show or hide it); True if that
        changed.

        A lab may create one curve per registered entry up front; a hidden curve left in the
        plot still answers every range change (twenty of them per plot cost about 1.5 ms per
        x-range step, measured), so an unused entry's items leave the plot instead.
        """
        if (item in self.plot_item.items) == attached:
            return False
        if attached:
            self.plot_item.addItem(item)
        else:
            self.plot_item.removeItem(item)
        item.setVisible(attached)
        return True

    def fit_legend(self, *_args) -> None:
        """Fit the legend into the plot (columns, then text size down to 100 %'s: see
        :mod:`explorer.ui.plot.legend_fit`); again after adding entries to a shown plot."""
        if self.legend is None:
            return
        view = self.plot_item.getViewBox()
        margin = 2 * abs(LEGEND_OFFSET[0])
        fit_legend(
            self.legend, view.width() - margin, view.height() - margin, columns=self.kinds.fast
        )

    def _style(self, styled: _Styled) -> None:
        factor = theme.Scale.factor
        if isinstance(styled.item, Dot):
            styled.item.set_style(styled.colour, styled.symbol_size * factor)
            return
        if styled.symbol_size:
            styled.item.setSymbolSize(styled.symbol_size * factor)
            styled.item.setSymbolBrush(styled.colour)
            styled.item.setSymbolPen(None)
            return
        style = Qt.PenStyle.DashLine if styled.dash else Qt.PenStyle.SolidLine
        styled.item.setPen(pg.mkPen(styled.colour, width=styled.base_width * factor, style=style))

    # --- text caching ----------------------------------------------------------------------------
    def set_text_caching(self, enabled: bool) -> None:
        """Keep axes, title and legend as cached pixels (on) or draw them as vectors (off).

        Text is the slowest thing Qt draws: without a cache every curve update repaints each
        tick label its dirty rectangle touches (measured: 2–8 ms per axis, most of a frame). A
        cache is redrawn only when its item changes (new ticks, a new scale). The exporter
        switches it off while it writes an SVG, where text must stay text.
        """
        mode = (
            QGraphicsItem.CacheMode.DeviceCoordinateCache
            if enabled
            else QGraphicsItem.CacheMode.NoCache
        )
        items = [
            self.plot_item.titleLabel.item,  # the QGraphicsTextItem inside the LabelItem
            self.plot_item.getAxis("left"),
            self.plot_item.getAxis("bottom"),
            # an axis's label is a child item of its own, repainted with the axis it sits in
            self.plot_item.getAxis("left").label,
            self.plot_item.getAxis("bottom").label,
            *self.text_items(),
        ]
        if self.legend is not None:
            # the legend's cache holds its frame only: each entry's text is an item of its own,
            # redrawn whenever a curve under the legend changes unless it is cached too
            items += [self.legend, *(label.item for _sample, label in self.legend.items)]
            if self.kinds.fast:  # and so are the entries added later (pyqtgraph's: not cached)
                self.legend.label_cache_mode = mode
        for item in items:
            item.setCacheMode(mode)
        self._text_cache_mode = mode
        self._apply_line_caching()

    def cache_still_lines(self, moved) -> None:
        """Keep the lines that did not move in this redraw as pixels; draw the moving ones.

        A plot repaints every item under a changed one. With one curve of four changing (the
        activation lab's parameter sliders), each still curve costs a stroke per frame; from a
        pixel cache it costs a copy (measured: −10 % of a Leaky ReLU slope drag). A moving
        line is drawn directly: through a cache it would be drawn and then copied. A line
        changed without being named here only loses its cache for that frame (Qt drops the
        cache of an item that updates). Off while text caching is off (an SVG export).
        """
        moved_ids = {id(item) for item in moved}
        still = frozenset(
            id(styled.item)
            for styled in self._styled
            if id(styled.item) not in moved_ids and _is_line(styled.item)
        )
        if still != self._still_lines:  # most redraws move the same lines as the last one
            self._still_lines = still
            self._apply_line_caching()

    def _apply_line_caching(self) -> None:
        caching = self._text_cache_mode != QGraphicsItem.CacheMode.NoCache
        for styled in self._styled:
            if not _is_line(styled.item):
                continue
            still = caching and id(styled.item) in self._still_lines
            mode = (
                QGraphicsItem.CacheMode.DeviceCoordinateCache
                if still
                else QGraphicsItem.CacheMode.NoCache
            )
            if styled.item.curve.cacheMode() != mode:
                styled.item.curve.setCacheMode(mode)

    def text_items(self) -> list[QGraphicsItem]:
        """More text to cache as pixels: captions and labels a subclass puts in the plot."""
        return []

    # --- scale ---------------------------------------------------------------------------------
    def apply_scale(self) -> None:
        """Re-apply fonts and pens for the current View scale."""
        tick_font = QFont()
        tick_font.setPointSize(theme.Scale.font_pt())
        label_pt = theme.Scale.font_pt(theme.BASE_FONT_PT + 1)
        for side, (text, units) in self._labels.items():
            axis = self.plot_item.getAxis(side)
            # The room for tick labels only grows during a drag: a narrower label ("8" after
            # "10") re-laid out the plot and repainted it, and its linked neighbour, once more
            # (25–40 ms frames in an x-range drag), and the plot jumped sideways. A new scale
            # measures afresh.
            axis.textWidth, axis.textHeight = 0, 0
            axis.setStyle(tickFont=tick_font, tickTextOffset=int(4 * theme.Scale.factor),
                          autoReduceTextSpace=False)  # fmt: skip
            # bigger labels need more room each: fewer automatic ticks at a larger scale
            axis.setTickDensity(1.0 / theme.Scale.factor)
            axis.setPen(pg.mkPen("#333333", width=theme.Scale.factor))
            axis.setTextPen(pg.mkPen("#222222"))
            self._axis_label(side).show(text, units, label_pt)
        title_pt = theme.Scale.font_pt(theme.BASE_FONT_PT + 2)
        variants = self._title_variants
        self.show_title(variants if variants[0] == self._title else self._title, f"{title_pt}pt")
        # pyqtgraph fixes the title row at 30 px and sizes it to its text: at a large scale the
        # title would be clipped, or would widen the plot past its widget
        row_height = int(2.2 * title_pt * 96 / 72)
        self.plot_item.titleLabel.setMaximumHeight(row_height)
        self.plot_item.layout.setRowFixedHeight(0, row_height)
        self.fit_legend()
        for styled in self._styled:
            self._style(styled)


def _is_line(item) -> bool:
    """A PlotDataItem drawn as a line (not markers only)."""
    return isinstance(item, pg.PlotDataItem) and item.opts.get("pen") is not None


def limit_grid(plot_item: pg.PlotItem) -> None:
    """Ticks (and grid lines) at major and minor ticks only, not the finest level; no SI-prefix
    relabelling.

    The finest level adds about a hundred grid lines per plot, which cost more to paint than
    all the curves together (measured: 6 ms → 3.7 ms per repaint of a 500 × 250 plot), and a
    projector does not show them anyway.
    """
    for side in SIDES:
        axis = plot_item.getAxis(side)
        axis.setStyle(maxTickLevel=1)
        # No units here, and with it on every range change re-renders the axis label's HTML,
        # even on the hidden top and right axes (measured: 0.1 ms per axis per step of a drag)
        axis.enableAutoSIPrefix(False)

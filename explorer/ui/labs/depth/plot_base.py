"""The lab's plot base: StyledPlot plus what its views need to redraw cheaply."""

from __future__ import annotations

from explorer.ui import theme
from explorer.ui.plot import StyledPlot


class DepthPlot(StyledPlot):
    """A StyledPlot with the lab's extras: a title row as high as its (two-line) title, axis
    labels and titles replaced only when they change, and range changes applied at once.

    It passes its arguments on, so it combines with another StyledPlot subclass (the loss
    view is a ``DepthPlot`` and a :class:`~explorer.ui.plot.LossPlot`)."""

    def build(self) -> None:
        super().build()
        self.setMinimumWidth(160)
        # StyledPlot lets a long title overflow; left-justified, it loses its end, not its start
        self.plot_item.titleLabel.setAttr("justify", "left")

    def settle(self) -> None:
        """Apply a range change now. pyqtgraph defers it to the paint, where it updates the
        axes and items again, which schedules a second full paint of the plot."""
        self.plot_item.vb.prepareForPaint()

    def apply_scale(self) -> None:
        super().apply_scale()
        self._fit_title_height()
        for side in ("bottom", "left"):
            # bigger labels need more room each: fewer automatic ticks at a large scale
            self.plot_item.getAxis(side).setTickDensity(1.0 / theme.Scale.factor)

    def set_title(self, html: str) -> None:
        """Show ``html`` as the title (at the current View scale) if it changed."""
        if html == self._title:
            return
        self._title = html
        self.show_title(html, f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")
        self._fit_title_height()

    def set_axis_label(self, side: str, text: str, units: str | None = None) -> None:
        """Change an axis label (kept for View → scale), only if it differs: a new label
        re-lays out the plot."""
        if self._labels.get(side) == (text, units):
            return
        self._labels[side] = (text, units)
        css = {"font-size": f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 1)}pt"}
        self.plot_item.getAxis(side).setLabel(text, units=units, **css)

    def _fit_title_height(self) -> None:
        """The title row as StyledPlot sizes it, or higher for a two-line title."""
        label = self.plot_item.titleLabel
        title_pt = theme.Scale.font_pt(theme.BASE_FONT_PT + 2)
        height = max(int(2.2 * title_pt * 96 / 72), int(label.itemRect().height()) + 2)
        if label.maximumHeight() != height:
            label.setMaximumHeight(height)
            self.plot_item.layout.setRowFixedHeight(0, height)

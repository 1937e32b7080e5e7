"""The lab's plot base: StyledPlot plus what its views need to redraw cheaply."""

from __future__ import annotations

from explorer.ui import theme
from explorer.ui.plot import StyledPlot
from explorer.ui.plot.title import variants_of


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

    def set_title(self, html: str | tuple[str, ...]) -> None:
        """Show ``html`` (or its variants, longest first) as the title (at the current View
        scale) if it changed."""
        variants = variants_of(html)
        if variants == self._title_variants:
            return
        self._title = variants[0]
        self.show_title(variants, f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")
        self._fit_title_height()

    def _fit_title_height(self) -> None:
        """The title row as StyledPlot sizes it, or higher for a two-line title."""
        label = self.plot_item.titleLabel
        title_pt = theme.Scale.font_pt(theme.BASE_FONT_PT + 2)
        height = max(int(2.2 * title_pt * 96 / 72), int(label.itemRect().height()) + 2)
        if label.maximumHeight() != height:
            label.setMaximumHeight(height)
            self.plot_item.layout.setRowFixedHeight(0, height)

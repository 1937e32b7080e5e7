"""The "Which axis" tab: the heat map on the left; the formula with the clicked cell's
numbers and the before / after histograms on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from explorer.state.normalization.axis import AxisView
from explorer.ui import theme
from explorer.ui.labs.normalization.cell_map import CellMap
from explorer.ui.labs.normalization.histogram_view import HistogramView
from explorer.ui.labs.normalization.texts import formula_html
from explorer.ui.live_text import WrappedText


class FormulaBox(WrappedText):
    """The formula's label outside any layout, at a fixed height of its own: a new text is laid
    out alone. In the splitter's layout each ``setText`` re-measured the window (2.6 of a
    click's 12 ms, measured)."""

    def fit(self) -> None:  # the height is fixed (``AxisTab.apply_scale``), not the text's
        pass


class AxisTab(QSplitter):
    """Heat map | formula and histograms."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.cell_map = CellMap()
        self.formula = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.formula.setObjectName("formula")
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.before = HistogramView(after=False)
        self.after = HistogramView(after=True)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(4, 0, 0, 0)
        self.formula_box = FormulaBox(self.formula)
        column.addWidget(self.formula_box)
        column.addWidget(self.before, stretch=1)
        column.addWidget(self.after, stretch=1)
        self.addWidget(self.cell_map)
        self.addWidget(side)
        self.setSizes([560, 420])
        self.setChildrenCollapsible(False)
        self._shown: AxisView | None = None
        self.apply_scale()

    def show_view(self, view: AxisView) -> None:
        if view is self._shown:  # the session keeps a view until what it shows changes
            return
        self._shown = view
        self.cell_map.show_view(view)
        self.before.show_view(view)
        self.after.show_view(view)
        html = formula_html(view)
        if html != self.formula.text():
            self.formula.setText(html)

    def apply_scale(self) -> None:
        self._shown = None
        for view in (self.cell_map, self.before, self.after):
            view.apply_scale()
        self.formula.setStyleSheet(f"font-size: {theme.Scale.font_pt(theme.BASE_FONT_PT + 1)}pt;")
        # a fixed height: a new text never re-lays out the tab (5 lines and a wrap fit)
        self.formula_box.setFixedHeight(int(6.6 * self.formula.fontMetrics().lineSpacing()))

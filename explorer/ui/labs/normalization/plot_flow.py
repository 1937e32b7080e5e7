"""Plots side by side where they fit, in more rows where the tab is narrow.

Three plots in a row of 660 pixels (a 1280-px window at 250 %, where the controls take half)
left each 220 pixels, of which a log axis's tick labels took 190: the gradient plot's view
was 23 pixels wide, too narrow for its title, its axis label or a legend. A
:class:`PlotFlow` places its plots by the layout of the most columns whose plots are at
least :func:`least_width` wide, and says how many rows that
takes (the tab's :class:`~explorer.ui.plot.PlotsScroll` gives them room and scrolls).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from explorer.ui import theme

#: a plot's least width: room for its data, the same at every View scale, and for its axes'
#: tick labels and axis label, which grow with it (230 px at 175 % were too few for a legend
#: of two entries beside a log axis; 320 px at 250 % are enough)
DATA_WIDTH, TEXT_WIDTH = 70, 100

#: (row, column, row span, column span) of each plot, for a layout's column count
Layout = Sequence[tuple[int, int, int, int]]


def least_width() -> float:
    """The narrowest a plot may be at the current View scale, in pixels."""
    return DATA_WIDTH + TEXT_WIDTH * theme.Scale.factor


def row_layout(count: int, columns: int) -> list[tuple[int, int, int, int]]:
    """``count`` plots left to right in rows of ``columns``; the last one of an uneven row
    spans what is left of it."""
    cells = [(i // columns, i % columns, 1, 1) for i in range(count)]
    row, column, _rows, _columns = cells[-1]
    cells[-1] = (row, column, 1, columns - column)
    return cells


class PlotFlow(QWidget):
    """``plots`` placed by ``layouts[columns]`` for the most columns that fit the width;
    ``rowsChanged(rows)`` after a change of layout."""

    rowsChanged = Signal(int)

    def __init__(
        self, plots: Sequence[QWidget], layouts: dict[int, Layout] | None = None, spacing: int = 4
    ) -> None:
        super().__init__()
        self.plots = list(plots)
        self.layouts = layouts or {n: row_layout(len(plots), n) for n in range(1, len(plots) + 1)}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(spacing)
        self.columns = 0
        self.place(max(self.layouts))

    @property
    def rows(self) -> int:
        return self.rows_of(self.columns)

    def columns_for(self, width: int) -> int:
        """The most columns whose plots keep their width at the current View scale."""
        least = least_width()
        spacing = self.grid.horizontalSpacing()
        fitting = [n for n in self.layouts if width >= n * least + (n - 1) * spacing]
        return max(fitting, default=min(self.layouts))

    def place(self, columns: int) -> None:
        """Lay the plots out in ``columns`` (a key of the layouts)."""
        if columns == self.columns:
            return
        for plot in self.plots:
            self.grid.removeWidget(plot)
        for plot, cell in zip(self.plots, self.layouts[columns], strict=True):
            self.grid.addWidget(plot, *cell)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 1 if row < self.rows_of(columns) else 0)
        self.columns = columns
        self.rowsChanged.emit(self.rows)

    def rows_of(self, columns: int) -> int:
        return max(row + rows for row, _column, rows, _columns in self.layouts[columns])

    def refit(self) -> None:
        """The layout for the width now (after a change of the View scale)."""
        if self.width() > 0:
            self.place(self.columns_for(self.width()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.refit()

"""A legend that fits inside its plot: more columns, then smaller text, where the plot is
small.

pyqtgraph's legend is as big as its entries and hangs from a corner of the view box; at a
projector's text size over a small plot its lower entries ran out of the plot and were cut
off. :func:`fit_legend` lays the entries out in as few columns as fit (up to
:data:`MAX_COLUMNS`) and, if even that is too big, sets their text smaller, down to its size
at 100 %.

Columns are the speed layer's (``columns=True``): pyqtgraph's ``setColumnCount`` going back to
fewer columns leaves entries in the old grid's cells (its grid layout keeps its old column
count) and the legend then measured itself millions of pixels wide, so here the entries are
laid out again in a fresh grid, which leans on the legend's internals.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QGraphicsGridLayout

from explorer.ui import theme

MAX_COLUMNS = 3


def legend_size(legend: pg.LegendItem) -> tuple[float, float]:
    """The width and height the legend's layout asks for as it is now."""
    size = legend.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
    return size.width(), size.height()


def fit_legend(
    legend: pg.LegendItem, room_width: float, room_height: float, columns: bool = True
) -> None:
    """Lay the legend out to fit ``room_width`` × ``room_height`` pixels (the view box less
    the legend's offset): the fewest columns (one only without ``columns``) at the View
    scale's text size, else smaller text, down to its size at 100 %."""
    if not legend.items or room_width <= 0 or room_height <= 0:
        return
    asked = theme.Scale.font_pt()
    most = min(MAX_COLUMNS, len(legend.items)) if columns else 1
    for points in range(asked, min(asked, theme.BASE_FONT_PT) - 1, -1):
        _set_text_size(legend, points)
        for count in range(1, most + 1):
            set_columns(legend, count)
            width, height = legend_size(legend)
            if width <= room_width and height <= room_height:
                _take_size(legend)
                return
    set_columns(legend, 1)
    _take_size(legend)


def set_columns(legend: pg.LegendItem, count: int) -> None:
    """Lay the entries out in ``count`` columns, in a fresh grid (see the module)."""
    if legend.columnCount == count:
        return
    old = legend.layout
    for sample, label in legend.items:
        old.removeItem(sample)
        old.removeItem(label)
    grid = QGraphicsGridLayout()
    grid.setVerticalSpacing(old.verticalSpacing())
    grid.setHorizontalSpacing(old.horizontalSpacing())
    grid.setContentsMargins(*old.getContentsMargins())
    legend.layout = grid
    legend.setLayout(grid)  # Qt deletes the old, now empty, grid
    legend.columnCount = count
    legend.rowCount = -(-len(legend.items) // count)
    for sample, label in legend.items:
        legend._addItemToLayout(sample, label)
    _take_size(legend)


def _take_size(legend: pg.LegendItem) -> None:
    """Make the legend as big as its grid asks. pyqtgraph sums the entries' widths as the
    previous layout stretched them: after a change of columns, summed again and again, they
    grew without end (to 16777215 pixels)."""
    width, height = legend_size(legend)
    if (legend.width(), legend.height()) != (width, height):
        legend.setGeometry(QRectF(0, 0, width, height))


def _set_text_size(legend: pg.LegendItem, points: int) -> None:
    size = f"{points}pt"
    if legend.opts.get("labelTextSize") == size:
        return
    legend.setLabelTextSize(size)
    for _sample, label in legend.items:  # entries made at another size
        label.setText(label.text, size=size)

"""The batch × features heat map of one hidden layer's pre-activations; a click picks a cell.

Rows are the samples of the batch (sample 0 at the top), columns the features (units) of the
layer; the colour is z on a diverging map (white at 0). The clicked cell's group — the entries
the chosen norm averages over together with it — stays vivid inside a green outline, the
rest is faded; a black square marks the cell itself.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from explorer.state.normalization.axis import AxisView
from explorer.ui import theme
from explorer.ui.labs.normalization.palette import DIM, GROUP_COLOUR, HEAT_MAP
from explorer.ui.plot import StyledPlot
from explorer.ui.plot.loss import nice_ceiling


def bounds(mask: np.ndarray) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of the rectangle around the True cells of ``mask`` (B, F); cell (i, j)
    covers x ∈ [j, j + 1], y ∈ [i, i + 1]. Every norm's group is a rectangle of cells."""
    rows, cols = np.nonzero(mask)
    return float(cols.min()), float(cols.max() + 1), float(rows.min()), float(rows.max() + 1)


def place_outline(line, x0: float, x1: float, y0: float, y1: float) -> None:
    """Outline [x0, x1] × [y0, y1] with ``line``: a rectangle of that size drawn from the
    origin, moved there by its curve's position. A click moves a rectangle of the same size
    (the same norm), which stays cached pixels; ``setData`` would re-feed and redraw it."""
    width, height = x1 - x0, y1 - y0
    x, _y = line.getData()
    if x is None or len(x) != 5 or (float(x[1]), float(line.getData()[1][2])) != (width, height):
        line.setData([0.0, width, width, 0.0, 0.0], [0.0, 0.0, height, height, 0.0])
    line.curve.setPos(x0, y0)  # not PlotDataItem.setPos: that re-feeds the curve


def cell_ticks(count: int) -> list[list[tuple[float, str]]]:
    """Labels at the cells' centres: every cell up to 16, else every 2nd, 4th … one."""
    every = 1
    while count / every > 16:
        every *= 2
    return [[(i + 0.5, str(i)) for i in range(0, count, every)], []]


class CellMap(StyledPlot):
    """The heat map; ``cellClicked(row, column)`` when the user clicks a cell."""

    cellClicked = Signal(int, int)

    def __init__(self) -> None:
        x_label = ("feature j (unit)", "feature j")
        super().__init__("Pre-activations z of a batch", x_label, "sample i",
                         legend=False)  # fmt: skip

    def build(self) -> None:
        self.show_grid(x=False, y=False)
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.invertY(True)  # sample 0 at the top, as a matrix is printed
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot_item.addItem(self.image)
        # the cells outside the group, faded: the batch's rectangle minus the group's, one
        # translucent fill (an RGBA image over the batch cost ~0.9 ms more per click, measured)
        self.fade = QGraphicsPathItem()
        self.fade.setPen(QPen(Qt.PenStyle.NoPen))
        self.fade.setBrush(QColor(*DIM))
        self.fade.setZValue(1)
        self.plot_item.addItem(self.fade, ignoreBounds=True)
        self.colour_bar = pg.ColorBarItem(values=(-1, 1), colorMap=pg.colormap.get(HEAT_MAP),
                                          interactive=False, width=12,
                                          colorMapMenu=False)  # fmt: skip
        self.colour_bar.setImageItem(self.image, insert_in=self.plot_item)
        self.group_line = self.line(None, GROUP_COLOUR, width=theme.BASE_LINE_WIDTH * 1.4, z=3)
        self.cell_line = self.line(None, "#000000", width=theme.THIN_LINE_WIDTH * 1.5, z=4)
        self.cache_still_lines(())  # the outlines only move: kept as pixels
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._shape: tuple | None = None
        self._levels: float | None = None
        self.fade_hole: tuple[float, float, float, float] | None = None  # the group, unfaded
        self._z: np.ndarray | None = None  # the batch on screen
        self.view: AxisView | None = None

    def show_view(self, view: AxisView) -> None:
        self.view = view
        z = view.z
        shape = z.shape
        finite = np.abs(z[np.isfinite(z)])
        # 1, 2 or 5 × 10ᵏ: the colour bar's axis is laid out again only when that changes
        level = nice_ceiling(float(finite.max())) if finite.size and finite.max() > 0 else 1.0
        if level != self._levels:
            self._levels = level
            self.colour_bar.setLevels((-level, level))
        if z is not self._z:  # a click changes the group, not the batch
            self._z = z
            self.image.setImage(np.nan_to_num(z, nan=0.0, posinf=level, neginf=-level),
                                autoLevels=False, levels=(-level, level))  # fmt: skip
        group = bounds(view.mask)
        if group != self.fade_hole or shape != self._shape:
            self.fade_hole = group
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.OddEvenFill)
            path.addRect(QRectF(0, 0, shape[1], shape[0]))
            x0, x1, y0, y1 = group
            path.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.fade.setPath(path)
        if shape != self._shape:  # after setImage: setRect scales by the image size
            self._shape = shape
            rect = QRectF(0, 0, shape[1], shape[0])
            self.image.setRect(rect)
            self.plot_item.setXRange(0, shape[1], padding=0)
            self.plot_item.setYRange(0, shape[0], padding=0)
            for side, count in (("bottom", shape[1]), ("left", shape[0])):
                self.plot_item.getAxis(side).setTicks(cell_ticks(count))
        place_outline(self.group_line, *group)
        place_outline(self.cell_line, view.column, view.column + 1.0, view.row, view.row + 1.0)
        self.plot_item.vb.prepareForPaint()  # apply a range change now, not in the paint

    def outlined(self, line) -> tuple[float, float, float, float]:
        """(x0, x1, y0, y1) of the rectangle an outline ``line`` shows, in cells."""
        x, y = line.getData()
        pos = line.curve.pos()
        return (float(x.min() + pos.x()), float(x.max() + pos.x()),
                float(y.min() + pos.y()), float(y.max() + pos.y()))  # fmt: skip

    def text_items(self):
        """The batch's image changes with the batch only: cached as pixels with the text."""
        return [self.image]

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        """The (row, column) under a scene position, or None outside the batch."""
        if self._shape is None or not self.plot_item.vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.plot_item.vb.mapSceneToView(scene_pos)
        row, column = int(np.floor(point.y())), int(np.floor(point.x()))
        if 0 <= row < self._shape[0] and 0 <= column < self._shape[1]:
            return row, column
        return None

    def scene_pos_of(self, row: int, column: int):
        """The scene position of the centre of a cell (tests and benchmarks click there)."""
        return self.plot_item.vb.mapViewToScene(pg.Point(column + 0.5, row + 0.5))

    def _on_scene_clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            event.accept()
            self.cellClicked.emit(*cell)

    def apply_scale(self) -> None:
        super().apply_scale()
        font = self.plot_item.getAxis("left").style["tickFont"]
        self.colour_bar.axis.setStyle(tickFont=font)
        self.colour_bar.axis.setWidth(int(40 * theme.Scale.factor))

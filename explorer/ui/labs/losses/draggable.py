"""A scatter whose points the mouse can drag (pyqtgraph's drag idiom, as in its
``examples/CustomGraphItem.py``): a drag that starts on a point moves that point, any other
drag still pans the plot."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal


class DraggablePoints(pg.ScatterPlotItem):
    """Markers that report drags in data coordinates; the owner moves them (via the config).

    ``pointPressed(index)`` when a point is clicked or a drag on it starts;
    ``pointDragged(index, x, y)`` for every mouse move of the drag (with ``lock_x`` the x of
    the report is the point's own: the logit handles only move up and down);
    ``dragFinished()`` when the button is released.
    """

    pointPressed = Signal(int)
    pointDragged = Signal(int, float, float)
    dragFinished = Signal()

    def __init__(self, *, lock_x: bool = False, **opts) -> None:
        super().__init__(**opts)
        self.lock_x = lock_x
        self._dragged: int | None = None
        self._offset = QPointF()  # from the mouse to the point's centre, kept during a drag

    def _hit(self, pos: QPointF) -> int | None:
        hits = self.pointsAt(pos)
        return int(hits[0].index()) if len(hits) else None

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            index = self._hit(ev.buttonDownPos())
            if index is None:
                ev.ignore()  # not on a point: the view pans
                return
            self._dragged = index
            spot = self.points()[index].pos()
            self._offset = QPointF(spot.x(), spot.y()) - ev.buttonDownPos()
            self.pointPressed.emit(index)
        elif self._dragged is None:
            ev.ignore()
            return
        ev.accept()
        pos = ev.pos() + self._offset
        index = self._dragged
        x = self.points()[index].pos().x() if self.lock_x else pos.x()
        self.pointDragged.emit(index, float(x), float(pos.y()))
        if ev.isFinish():
            self._dragged = None
            self.dragFinished.emit()

    def mouseClickEvent(self, ev) -> None:
        index = self._hit(ev.pos()) if ev.button() == Qt.MouseButton.LeftButton else None
        if index is None:
            ev.ignore()
            return
        ev.accept()
        self.pointPressed.emit(index)

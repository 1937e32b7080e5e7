"""A scatter plot that skips pyqtgraph's per-repaint and per-update Python work.

Paint: pyqtgraph's ``ScatterPlotItem`` paints a pixel-sized scatter from Python on every
repaint: it works out which points are in view (through ``viewRect`` and ``pixelVectors``),
maps them to pixels, clips them and stamps each symbol from its atlas of pre-drawn symbols
(measured: 0.2–0.3 ms per repaint for 200 points, and a plot repaints its markers whenever
anything under them changes). The fast path stamps the same atlas pieces with the same
``drawPixmapFragments`` call, from the pixel positions alone: Qt clips what is out of view.
It applies when the scatter opted in (``fast``, which
:meth:`explorer.ui.plot.styled.StyledPlot.points` sets), is painted into pixels and not being
exported, in pixel mode with pyqtgraph's atlas in use, no composition mode and no hover
styling. Declining is not enough for an SVG: pyqtgraph's own paint stamps the same atlas
pixmaps into any painter (one ``<image>`` per marker) and draws vector symbols only in export
mode, which :mod:`explorer.ui.export` sets for an SVG.

New data: see :mod:`explorer.ui.plot.scatter_data` (positions written in place).

Bounds: pyqtgraph recomputes the rectangle on every call, ``pixelVectors`` included (8 % of
the approximation lab's w₁ drag). It resets its cached data bounds (``self.bounds``, a new
list) whenever the points, their sizes or the view's transform change, so the rectangle is
kept for as long as that list is the same object.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from explorer.ui.plot.pixels import SharedBuffer, padded, padding_in_data, pixel_transform
from explorer.ui.plot.scatter_data import moved_in_place

_MAX_PIXEL = 2.0**30  # as pyqtgraph: beyond this Qt's rasterizer fails


class FastScatter(pg.ScatterPlotItem):
    """A ``ScatterPlotItem`` with the atlas paint and in-place moves (opt-in) and a kept
    bounding rectangle."""

    fast = False  # opted in per scatter by the plot that owns it

    def __init__(self, *args, **kwargs) -> None:
        # before pyqtgraph's __init__, which already calls setData and boundingRect
        self._rect: tuple[list, QRectF] | None = None  # (self.bounds it was made for, rect)
        self.uniform_kept: tuple[tuple, bool] | None = None  # see scatter_data.uniform
        self._fragments = SharedBuffer(10, QPainter.PixmapFragment)
        super().__init__(*args, **kwargs)

    def setData(self, *args, **kwargs) -> None:
        if args or not (self.fast and moved_in_place(self, kwargs)):
            super().setData(*args, **kwargs)

    def boundingRect(self) -> QRectF:
        kept = self._rect
        # ``self.bounds`` is replaced by a new list whenever the rectangle may change; holding
        # the old list keeps its identity from being reused
        if kept is None or kept[0] is not self.bounds:
            kept = self._rect = (self.bounds, self._measure())
        return QRectF(kept[1])  # a copy: callers may adjust the one they get

    def _measure(self) -> QRectF:
        """pyqtgraph's rectangle, with a pixel taken as 1/scale data units where the view only
        scales and shifts (``pixelVectors`` cost half of each new rectangle in a w₁ drag)."""
        padding = padding_in_data(self)
        if padding is None:
            return super().boundingRect()
        (x_min, x_max), (y_min, y_max) = self.dataBounds(ax=0), self.dataBounds(ax=1)
        if x_min is None or x_max is None:
            x_min = x_max = 0
        if y_min is None or y_max is None:
            y_min = y_max = 0
        return padded(x_min, x_max, y_min, y_max, *padding)

    def paint(self, painter, option, widget=None) -> None:
        if self.fast and self._draw_points(painter):
            return
        super().paint(painter, option, widget)

    def _draw_points(self, painter: QPainter) -> bool:
        """Stamp every point's symbol from pyqtgraph's atlas; False (having drawn nothing) if
        the scatter or the painter needs pyqtgraph's own paint."""
        opts = self.opts
        if (
            self._exportOpts is not False  # being exported: pyqtgraph draws vector symbols
            or not opts["pxMode"]
            or not opts["useCache"]
            or opts.get("compositionMode") is not None
            or opts["hoverable"]
        ):
            return False
        transform = pixel_transform(painter)
        if transform is None:
            return False  # an SVG, printer or picture: pyqtgraph's paint (vectors if exporting)
        data = self.data
        if len(data) == 0:
            return True
        atlas = self.fragmentAtlas
        ratio = painter.device().devicePixelRatioF()
        if ratio != atlas.devicePixelRatio():  # as pyqtgraph: redraw the symbols for this screen
            atlas.setDevicePixelRatio(ratio)
            atlas.clear()
            data["sourceRect"] = 0
            self.updateSpots()
        px = data["x"] * transform.m11() + transform.dx()
        py = data["y"] * transform.m22() + transform.dy()
        # a hidden or NaN point is not drawn, as in pyqtgraph
        shown = data["visible"] & np.isfinite(px) & np.isfinite(py)
        pieces = data["sourceRect"]
        if not shown.all():
            px, py, pieces = px[shown], py[shown], pieces[shown]
        count = len(px)
        frags, pointer = self._fragments.rows(count)
        # the centre of each stamp, kept where Qt's rasterizer is exact (np.clip's wrapper is
        # slow)
        np.minimum(np.maximum(px, -_MAX_PIXEL, out=frags[:, 0]), _MAX_PIXEL, out=frags[:, 0])
        np.minimum(np.maximum(py, -_MAX_PIXEL, out=frags[:, 1]), _MAX_PIXEL, out=frags[:, 1])
        for column, name in enumerate("xywh", start=2):  # its piece of the atlas
            frags[:, column] = pieces[name]
        frags[:, 6:10] = (1 / ratio, 1 / ratio, 0.0, 1.0)  # scale, rotation, opacity
        painter.save()
        try:
            painter.resetTransform()
            painter.drawPixmapFragments(pointer, count, atlas.pixmap)
        finally:
            painter.restore()
        return True

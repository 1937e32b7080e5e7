"""Scatter plots that skip pyqtgraph's per-repaint Python work.

pyqtgraph's ``ScatterPlotItem`` paints a pixel-sized scatter from Python on every repaint:
it works out which points are in view (through ``viewRect`` and ``pixelVectors``), maps them
to pixels, clips them and stamps each symbol from its atlas of pre-drawn symbols (measured:
0.2–0.3 ms per repaint for 200 points, and a plot repaints its markers whenever anything
under them changes). The fast path stamps the same atlas pieces with the same
``drawPixmapFragments`` call, from the pixel positions alone: Qt clips what is out of view.

:func:`install` wraps ``ScatterPlotItem.paint`` once, before any plot exists (PySide picks up
a Python override when the item is created). A scatter takes the fast path only when it
opted in (:func:`set_fast`, which :meth:`explorer.ui.plotting.StyledPlot.points` does), it
is painted into pixels and not being exported, in pixel mode with pyqtgraph's atlas in use,
no composition mode and no hover styling. Declining is not enough for an SVG: pyqtgraph's
own paint stamps the same atlas pixmaps into any painter (one ``<image>`` per marker) and
draws vector symbols only in export mode, which :mod:`explorer.ui.export` sets for an SVG.

New data for an opted-in scatter is written into its point table in place when only the
positions change: same number of points, same style, no per-point style or data. pyqtgraph
rebuilds the table and re-measures every spot instead (0.4–0.7 ms for 200 points, the
largest single cost of a drag in the approximation lab, whose residual plot moves every
point on every step). When only the number of points changes, the new table repeats one
row of the old, atlas rectangle included: pyqtgraph looks each spot up in its atlas in
Python (a third of a drag of the approximation lab's "points" slider, two scatters of up
to 2 000 points).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPainter, QPen

from explorer.ui.fast_curves import pixel_transform, route_paint, shared_buffer, unless_handled

_MAX_PIXEL = 2.0**30  # as pyqtgraph: beyond this Qt's rasterizer fails
_installed = False


def install() -> None:
    """Route opted-in scatter plots through the fast path (idempotent)."""
    global _installed
    if _installed:
        return
    route_paint(pg.ScatterPlotItem, lambda scatter, painter: _draw_points(scatter, painter))
    unless_handled(
        pg.ScatterPlotItem,
        "setData",
        lambda scatter, *args, **kwargs: not args and _moved_in_place(scatter, kwargs),
    )
    _installed = True


def set_fast(scatter: pg.ScatterPlotItem, enabled: bool) -> None:
    """Let ``scatter`` use the fast path when its style and painter allow it."""
    scatter._explorer_fast = bool(enabled)


# what PlotDataItem passes along with the positions; each must leave the style as it is
_STYLE_KEYS = frozenset(
    {"pen", "brush", "symbol", "size", "pxMode", "antialias", "useCache", "data"}
)


def _moved_in_place(scatter: pg.ScatterPlotItem, kwargs: dict) -> bool:
    """Write ``kwargs``' x and y over the current points if nothing else changes; True if done.

    The result is what pyqtgraph's ``setData`` makes of the same call: the same table with the
    new positions (a table of the new length, every row a copy of one old row, when the count
    changes), the spots' atlas rectangles (which depend on symbol and size only) kept,
    bounds and cached picture dropped, the views told.
    """
    if not getattr(scatter, "_explorer_fast", False) or not kwargs.keys() <= _STYLE_KEYS | {
        "x",
        "y",
    }:
        return False
    x, y, data = kwargs.get("x"), kwargs.get("y"), scatter.data
    if not (
        isinstance(x, np.ndarray)
        and isinstance(y, np.ndarray)
        and x.ndim == 1
        and x.shape == y.shape
        and len(data) > 0
        and len(y) > 0
        and kwargs.get("data") is None
        and _same_style(scatter.opts, kwargs)
        and _uniform(scatter)
        and np.equal(data["data"], None).all()
    ):
        return False
    if len(data) != len(y):
        if data["sourceRect"]["w"][0] == 0:
            return False  # no atlas rectangle to repeat: pyqtgraph looks it up
        row = data[:1].copy()
        row["item"], row["hovered"], row["visible"] = None, False, True  # as a new spot
        data = scatter.data = np.repeat(row, len(y))
    data["x"] = x
    data["y"] = y
    scatter.prepareGeometryChange()
    scatter.informViewBoundsChanged()
    scatter.bounds = [None, None]
    scatter.invalidate()
    scatter.sigPlotChanged.emit(scatter)
    return True


def _same_style(opts: dict, kwargs: dict) -> bool:
    """True when every style in ``kwargs`` is the scatter's own, one value for all points."""
    for key, value in kwargs.items():
        if key in ("x", "y", "data"):
            continue
        if isinstance(value, list | np.ndarray) or (
            isinstance(value, tuple) and key not in ("pen", "brush")
        ):
            return False  # one value per point (a tuple is a colour for a pen or brush)
        if key == "pen" and not isinstance(value, QPen):
            value = pg.mkPen(value)
        elif key == "brush" and not isinstance(value, QBrush):
            value = pg.mkBrush(value)
        if value != opts[key]:
            return False
    return True


def _uniform(scatter: pg.ScatterPlotItem) -> bool:
    """True when no point carries a symbol, size, pen or brush of its own.

    Checked once per data set: pyqtgraph replaces ``data`` when the points change and
    ``bounds`` whenever a per-point style is set (it re-measures the spots).
    """
    key = (scatter.data, scatter.bounds)
    kept = getattr(scatter, "_explorer_uniform", None)
    if kept is not None and kept[0][0] is key[0] and kept[0][1] is key[1]:
        return kept[1]
    data = scatter.data
    # None marks "the item's own style", as in pyqtgraph's _style (np.equal there too)
    uniform = bool(
        np.all(data["size"] == -1)
        and all(np.equal(data[column], None).all() for column in ("symbol", "pen", "brush"))
    )
    scatter._explorer_uniform = (key, uniform)
    return uniform


def _draw_points(scatter: pg.ScatterPlotItem, painter: QPainter) -> bool:
    """Stamp every point's symbol from pyqtgraph's atlas; False (having drawn nothing) if the
    scatter or the painter needs pyqtgraph's own paint."""
    opts = scatter.opts
    if (
        scatter._exportOpts is not False  # being exported: pyqtgraph draws vector symbols
        or not opts["pxMode"]
        or not opts["useCache"]
        or opts.get("compositionMode") is not None
        or opts["hoverable"]
    ):
        return False
    transform = pixel_transform(painter)
    if transform is None:
        return False  # an SVG, printer or picture: pyqtgraph's paint (vectors if exporting)
    data = scatter.data
    if len(data) == 0:
        return True
    atlas = scatter.fragmentAtlas
    ratio = painter.device().devicePixelRatioF()
    if ratio != atlas.devicePixelRatio():  # as pyqtgraph: redraw the symbols for this screen
        atlas.setDevicePixelRatio(ratio)
        atlas.clear()
        data["sourceRect"] = 0
        scatter.updateSpots()
    px = data["x"] * transform.m11() + transform.dx()
    py = data["y"] * transform.m22() + transform.dy()
    # a hidden or NaN point is not drawn, as in pyqtgraph
    shown = data["visible"] & np.isfinite(px) & np.isfinite(py)
    pieces = data["sourceRect"]
    if not shown.all():
        px, py, pieces = px[shown], py[shown], pieces[shown]
    count = len(px)
    frags, pointer = shared_buffer(scatter, count, 10, QPainter.PixmapFragment)
    # the centre of each stamp, kept where Qt's rasterizer is exact (np.clip's wrapper is slow)
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

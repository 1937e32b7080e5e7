"""New positions for a fast scatter, written into its point table in place.

pyqtgraph's ``ScatterPlotItem.setData`` rebuilds the table and re-measures every spot (0.4–0.7
ms for 200 points, the largest single cost of a drag in the approximation lab, whose residual
plot moves every point on every step). When only the positions change (same number of points,
same style, no per-point style or data) they are written over the old ones. When only the
number of points changes, the new table repeats one row of the old, atlas rectangle included:
pyqtgraph looks each spot up in its atlas in Python (a third of a drag of the approximation
lab's "points" slider, two scatters of up to 2 000 points).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPen

# what PlotDataItem passes along with the positions; each must leave the style as it is
_STYLE_KEYS = frozenset(
    {"pen", "brush", "symbol", "size", "pxMode", "antialias", "useCache", "data"}
)
_KEYS = _STYLE_KEYS | {"x", "y"}


def moved_in_place(scatter: pg.ScatterPlotItem, kwargs: dict) -> bool:
    """Write ``kwargs``' x and y over the current points if nothing else changes; True if done.

    The result is what pyqtgraph's ``setData`` makes of the same call: the same table with the
    new positions (a table of the new length, every row a copy of one old row, when the count
    changes), the spots' atlas rectangles (which depend on symbol and size only) kept,
    bounds and cached picture dropped, the views told.
    """
    if not kwargs.keys() <= _KEYS:
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
        and uniform(scatter)
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


def uniform(scatter) -> bool:
    """True when no point carries a symbol, size, pen or brush of its own.

    Checked once per data set (kept in ``scatter.uniform_kept``): pyqtgraph replaces ``data``
    when the points change and ``bounds`` whenever a per-point style is set (it re-measures
    the spots).
    """
    key = (scatter.data, scatter.bounds)
    kept = scatter.uniform_kept
    if kept is not None and kept[0][0] is key[0] and kept[0][1] is key[1]:
        return kept[1]
    data = scatter.data
    # None marks "the item's own style", as in pyqtgraph's _style (np.equal there too)
    result = bool(
        np.all(data["size"] == -1)
        and all(np.equal(data[column], None).all() for column in ("symbol", "pen", "brush"))
    )
    scatter.uniform_kept = (key, result)
    return result

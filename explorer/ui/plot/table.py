"""The data behind a plot, as a table: what File → Export plot data writes as CSV.

One long table per plot (a row per point, so series of different lengths fit): ``series`` names
the curve as its legend does, then the x and y columns headed by the plot's axis labels with
their units. Bars give their centres and heights; a heat map gives each cell's centre and value
(colour images, such as decision regions, give their three channels); a bar's value is its
top. A hidden item is not on
screen and not in the table. On a log axis the curves' own values are written (pyqtgraph keeps
them); items drawn in log10 already (bars, pictures) say so in their column's header.
"""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg

TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Label text without its rich-text markup (``<b>``, ``<span style=…>``, entities)."""
    text = TAGS.sub("", text or "")
    for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return " ".join(text.split())


def axis_name(plot_item: pg.PlotItem, side: str, fallback: str) -> str:
    axis = plot_item.getAxis(side)
    name = plain(axis.labelText) or fallback
    return f"{name} ({plain(axis.labelUnits)})" if axis.labelUnits else name


def plot_title(plot_item: pg.PlotItem) -> str:
    return plain(plot_item.titleLabel.text)


def _points(item) -> tuple[np.ndarray, np.ndarray] | None:
    if isinstance(item, pg.PlotDataItem):
        x, y = item.getOriginalDataset()
    elif isinstance(item, pg.PlotCurveItem | pg.ScatterPlotItem):
        x, y = item.getData()
    elif isinstance(item, pg.BarGraphItem):
        x, y = _bar_tops(item.opts)
    else:
        return None
    if x is None or y is None or len(x) == 0:
        return None
    x, y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    n = min(len(x), len(y))
    return x[:n], y[:n]


def _bars_value(opts: dict, key: str):
    value = opts.get(key)
    return None if value is None else np.asarray(value, dtype=float)


def _bar_tops(opts: dict) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Bar centres and tops: a bar is drawn from ``y0`` (0 by default) up by ``height``, or
    up to ``y1`` (pyqtgraph's options; a log-scale bar plot starts its bars at a floor)."""
    x = _bars_value(opts, "x")
    if x is None and opts.get("x0") is not None:
        width = _bars_value(opts, "width")
        x = _bars_value(opts, "x0") + (0.0 if width is None else width / 2)
    top = _bars_value(opts, "y1")
    if top is None and opts.get("height") is not None:
        bottom = _bars_value(opts, "y0")
        top = _bars_value(opts, "height") + (0.0 if bottom is None else bottom)
    return x, top


def _cells(item: pg.ImageItem) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(x, y, values) of an image's cell centres in data coordinates; values (n, channels)."""
    image = item.image
    if image is None or image.size == 0:
        return None
    rows, columns = image.shape[:2]
    rect = item.mapRectToParent(item.boundingRect())
    xs = rect.left() + (np.arange(columns) + 0.5) * rect.width() / columns
    ys = rect.top() + (np.arange(rows) + 0.5) * rect.height() / rows
    grid_x, grid_y = np.meshgrid(xs, ys)
    values = np.asarray(image, dtype=float).reshape(rows * columns, -1)
    return grid_x.ravel(), grid_y.ravel(), values


def plot_table(plot_item: pg.PlotItem) -> tuple[list[str], list[list]]:
    """(header, rows) of every visible data item of ``plot_item``."""
    x_name = axis_name(plot_item, "bottom", "x")
    y_name = axis_name(plot_item, "left", "y")
    log_y = bool(plot_item.getViewBox().state["logMode"][1])
    header = ["series", x_name, y_name]
    rows: list[list] = []
    extra: list[str] = []
    unnamed = 0
    for item in plot_item.items:
        if not item.isVisible():
            continue
        if isinstance(item, pg.ImageItem):
            cells = _cells(item)
            if cells is None:
                continue
            x, y, values = cells
            names = ["value"] if values.shape[1] == 1 else ["red", "green", "blue", "alpha"]
            names = names[: values.shape[1]]
            extra = extra or names
            rows += [["image", a, b, *v] for a, b, v in zip(x, y, values, strict=True)]
            continue
        points = _points(item)
        if points is None:
            continue
        name = plain(item.name()) if hasattr(item, "name") and item.name() else ""
        if not name:
            unnamed += 1
            name = f"series {unnamed}"
        if log_y and not isinstance(item, pg.PlotDataItem):
            name += " (log10 of y)"
        rows += [[name, a, b] for a, b in zip(*points, strict=True)]
    return header + extra, rows

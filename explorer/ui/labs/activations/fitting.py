"""Plot housekeeping: y-ranges that leave room for captions, one paint per range change."""

from __future__ import annotations

import pyqtgraph as pg


def banded_range(
    lo: float,
    hi: float,
    view_px: float,
    top_px: float = 0.0,
    bottom_px: float = 0.0,
    *,
    pad: float = 0.04,
    min_fraction: float = 0.4,
) -> tuple[float, float]:
    """The y-range in which data [lo, hi] fills the view except ``top_px`` and ``bottom_px``.

    ``pad`` adds a margin of that fraction of the data span on both sides; the data never gets
    less than ``min_fraction`` of the height (a tiny plot at a large View scale would
    otherwise be all caption).
    """
    span = max(hi - lo, 1e-9)
    lo, hi = lo - pad * span, hi + pad * span
    span = hi - lo
    bands = max(top_px, 0.0) + max(bottom_px, 0.0)
    if view_px <= 0 or bands <= 0:
        return lo, hi
    fraction = max(min_fraction, 1.0 - bands / view_px)
    spare = span / fraction - span
    below = lo - spare * max(bottom_px, 0.0) / bands
    return below, below + span + spare


def settle(plot_item: pg.PlotItem) -> None:
    """Apply a new view range now rather than when painting starts.

    pyqtgraph applies a range change lazily, just before painting, and that moves every item,
    which schedules a second paint: each range change drew the plot twice (measured). Applying
    the transform right away makes it one paint.
    """
    plot_item.getViewBox().updateMatrix()


def decade_ticks_only(axis: pg.AxisItem, max_decades_with_minor: float = 3.0) -> None:
    """On a log axis spanning many decades, drop the 2…9 minor ticks and their grid lines.

    pyqtgraph adds them at every zoom level: over the chain plot's twenty decades that is
    about 230 alpha-blended grid lines, 85 % of the plot's paint time (measured). Over a few
    decades they stay, as they are then the only ticks with labels.
    """
    standard = axis.logTickValues

    def log_tick_values(min_val, max_val, size, std_ticks):
        ticks = standard(min_val, max_val, size, std_ticks)
        if max_val - min_val <= max_decades_with_minor:
            return ticks
        return [(spacing, values) for spacing, values in ticks if spacing is not None]

    axis.logTickValues = log_tick_values


def set_attached(plot_item: pg.PlotItem, item: pg.GraphicsObject, attached: bool) -> bool:
    """Put ``item`` into the plot or take it out (and show or hide it); True if that changed.

    The lab creates one curve per registered activation up front; a hidden curve left in the
    plot still answers every range change (twenty of them per plot cost about 1.5 ms per
    x-range step, measured), so an unticked activation's items leave the plot instead.
    """
    if (item in plot_item.items) == attached:
        return False
    if attached:
        plot_item.addItem(item)
    else:
        plot_item.removeItem(item)
    item.setVisible(attached)
    return True

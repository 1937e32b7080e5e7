"""Axis ranges: y-ranges that leave room for captions, applied at once (one paint per change)."""

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


def place_text(plot, text: pg.TextItem) -> None:
    """Put ``text`` (a ``pg.TextItem`` in ``plot``) where it is drawn now, not at the next
    paint: pyqtgraph undoes the view's scaling for it only when the plot paints, and a plot
    scrolled out of sight (the plots scroll at a large View scale) kept it at its size and
    place before the last resize, for anything that measures or exports it."""
    scene = plot.scene()
    if scene is not None:
        scene.prepareForPaint()  # what a paint does first: the view's transform, every text's
    text.updateTransform()

"""The net's loss over a plane through one run's weights, with every run's path projected on it.

The filled contours are equal steps of log10 of the loss on the whole data set, drawn as the
landscape job computes them (cells not computed yet are the top band); the paths are each
optimizer's recorded weights in least-squares coordinates on the same plane, up to its current
step (a dot); the shared start is a cross, the plane's centre (the reference run's weights) a
star.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from explorer.state.optimizers import entries
from explorer.state.optimizers.network_landscape import LandscapeJob
from explorer.state.optimizers.race import BANDS
from explorer.ui import theme
from explorer.ui.labs.optimizers.entry_paths import EntryPaths
from explorer.ui.labs.optimizers.palette import MINIMUM_COLOUR, START_COLOUR
from explorer.ui.labs.optimizers.surface_view import band_lookup_table
from explorer.ui.plot import StyledPlot

TITLE = "Loss on a plane through the weights"
UPSAMPLE = 4  # the finished map is drawn interpolated between its grid points


class LandscapeView(StyledPlot):
    """Heat map of L(θc + aδ + bη) and the projected paths."""

    def __init__(self) -> None:
        super().__init__(TITLE, "a (along δ)", "b (along η)", legend=False)

    def build(self) -> None:
        super().build()
        self.show_grid(x=False, y=False)
        self.plot_item.setAspectLocked(True)  # a and b are in the same units
        self._shown_title: str | tuple[str, ...] | None = TITLE
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(band_lookup_table())
        self.image.setZValue(-10)
        # kept as pixels: the paths change on every training frame, the map only when a new
        # plane is computed (as the race's surface)
        self.image.setCacheMode(self.image.CacheMode.DeviceCoordinateCache)
        self.plot_item.addItem(self.image)
        paths = EntryPaths(self)
        self.pens, self.lines, self.heads = paths.pens, paths.lines, paths.heads
        self.start = self.points(None, START_COLOUR, size=14, z=5)
        self.start.setSymbol("x")
        self.centre = self.points(None, MINIMUM_COLOUR, size=16, z=5)
        self.centre.setSymbol("star")
        self._image_shown: tuple | None = None
        self._span: float | None = None

    def apply_scale(self) -> None:
        super().apply_scale()
        self.centre.setSymbolPen(pg.mkPen("#000000", width=theme.Scale.factor))
        self.lines.restyle()
        self._shown_title = None  # the base class put the first title back: show ours again

    def show_landscape(self, job: LandscapeJob | None, keys: tuple[str, ...],
                       paths: np.ndarray | None, title: str | tuple[str, ...]) -> None:  # fmt: skip
        """``paths`` (E, P, 2) in plane coordinates for ``keys`` (None: no plane yet)."""
        if job is None:
            self.image.clear()
        elif self._image_shown != (id(job), job.cells):
            self._image_shown = (id(job), job.cells)
            shade = job.shade(UPSAMPLE)
            self.image.setImage(shade, autoLevels=False, levels=(0, BANDS - 1))
            # each pixel centred on its point: the edges half a pixel beyond ±span
            span = job.span
            half = span / (shade.shape[0] - 1)
            self.image.setRect(QRectF(-span - half, -span - half, 2 * (span + half),
                                      2 * (span + half)))  # fmt: skip
            if span != self._span:
                self._span = span
                self.plot_item.setXRange(-span, span, padding=0)
                self.plot_item.setYRange(-span, span, padding=0)
        for key in entries.KEYS:
            shown = paths is not None and key in keys
            self.heads[key].setVisible(shown)
            if not shown:
                self.lines.clear_line(key)
        if paths is not None and len(keys):
            for key, path in zip(keys, paths, strict=True):
                self.lines.set_line(key, path[:, 0], path[:, 1])
                self.heads[key].setData([path[-1, 0]], [path[-1, 1]])
            self.lines.set_order(keys)
            self.start.setData([paths[0, 0, 0]], [paths[0, 0, 1]])
            self.centre.setData([0.0], [0.0])
        else:
            self.start.setData([], [])
            self.centre.setData([], [])
        if title != self._shown_title:  # one string, or its variants longest first
            self._shown_title = title
            self.show_title(title, f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")

"""The fit: a 1-D curve against the data, or 2-D decision regions with the data points.

Decision regions are coloured by the class probabilities the net gives, each class a pale
tint of its marker colour (white where the net is unsure between two classes), so the markers
stay visible on their own region. Before training only the data is shown.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from explorer.state.depth.session import DepthSnapshot
from explorer.ui import theme
from explorer.ui.labs.depth.palette import (
    CLASS_COLOURS,
    CLASS_SYMBOLS,
    RUN_COLOUR,
    tint,
)
from explorer.ui.labs.depth.plot_base import DepthPlot

MARKER_SIZE = 7.0
TARGET_COLOUR = "#555555"
POINT_COLOUR = "#9A9A9A"


def region_colours(k: int) -> np.ndarray:
    """(k, 3) pale class colours for the decision map."""
    return np.array([tint(CLASS_COLOURS[i % len(CLASS_COLOURS)], 0.35).getRgb()[:3]
                     for i in range(k)], dtype=np.float64)  # fmt: skip


def region_image(probabilities: np.ndarray) -> np.ndarray:
    """(R, R, 3) colours: the likeliest class's pale colour, fading to white as the net's
    confidence falls to chance (1/K), so an undecided net shows a white map."""
    p = np.nan_to_num(probabilities, nan=0.0)
    k = p.shape[2]
    best = np.argmax(p, axis=2)
    confidence = (np.max(p, axis=2) - 1.0 / k) / (1.0 - 1.0 / k)
    confidence = np.clip(confidence, 0.0, 1.0)[..., None]
    return 255.0 * (1.0 - confidence) + region_colours(k)[best] * confidence


class FitView(DepthPlot):
    """Decision map or fitted curve of the net being trained."""

    def __init__(self) -> None:
        super().__init__("Fit", "x₁", "x₂", legend=False)

    def build(self) -> None:
        super().build()
        self.plot_item.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot_item.addItem(self.image)
        self.markers = []
        for i, symbol in enumerate(CLASS_SYMBOLS):
            item = self.plot_item.plot(pen=None, symbol=symbol)
            item.setZValue(10)
            item.setSymbolBrush(QColor(CLASS_COLOURS[i]))
            self.markers.append(item)
        self.points_1d = self.points(None, POINT_COLOUR, size=5.0, z=1.0)
        self.target = self.line(None, TARGET_COLOUR, width=theme.THIN_LINE_WIDTH, dash=True, z=2)
        self.curve = self.line(None, RUN_COLOUR, z=3)
        self._data_key: tuple | None = None
        self._grid_key: tuple | None = None
        self._fit = None
        self.mode = ""

    def apply_scale(self) -> None:
        super().apply_scale()
        factor = 1 + (theme.Scale.factor - 1) / 2
        for item in self.markers:
            item.setSymbolSize(MARKER_SIZE * factor)
            item.setSymbolPen(pg.mkPen("#1a1a1a", width=0.7 * factor))

    def _set_mode(self, mode: str) -> None:
        if mode == self.mode:
            return
        self.mode = mode
        two_d = mode == "2d"
        self.image.setVisible(two_d)
        for item in self.markers:
            item.setVisible(two_d)
        for item in (self.points_1d, self.target, self.curve):
            item.setVisible(not two_d)
        self.setAspectLocked(two_d)
        self.set_axis_label("bottom", "x₁" if two_d else "x")
        self.set_axis_label("left", "x₂" if two_d else "y")
        self._data_key = self._grid_key = self._fit = None

    def show_snapshot(self, snapshot: DepthSnapshot) -> None:
        data, config, train = snapshot.data, snapshot.config, snapshot.train
        self._set_mode("1d" if config.kind == "regression" else "2d")
        if self._data_key != data.key:
            self._data_key = data.key
            self._show_data(snapshot)
        fit = train.fit if train is not None else None
        if train is None:
            self.set_title(("Fit: press ▶ Train", "Fit: ▶ Train"))
        else:
            self.set_title(
                (f"Fit after {train.evaluated_at} steps", f"Fit, step {train.evaluated_at}")
            )
        if fit is self._fit and fit is not None:
            return  # refreshed ten times a second at most, while training runs faster
        self._fit = fit
        if self.mode == "1d":
            if fit is None:
                if self.curve.getOriginalDataset()[0] is not None:
                    self.curve.setData([], [])
            else:
                self.curve.setData(fit.xs, fit.ys, connect="finite")
        elif fit is None:
            if self._grid_key is not None:  # clear once: clearing repaints the plot
                self.image.clear()
                self._grid_key = None
        else:
            self._show_regions(fit.xs, fit.probabilities)
        self.settle()

    def _show_data(self, snapshot: DepthSnapshot) -> None:
        data = snapshot.data
        if self.mode == "1d":
            self.points_1d.setData(data.X[:, 0], data.values)
            self.target.setData(data.curve_x, data.curve_y)
            xs = data.curve_x
            values = np.concatenate([data.values, data.curve_y])
            pad = 0.1 * (values.max() - values.min() + 1e-9)
            self.plot_item.setRange(xRange=(xs[0], xs[-1]),
                                    yRange=(values.min() - pad, values.max() + pad))  # fmt: skip
            return
        for label, item in enumerate(self.markers):
            chosen = data.X[data.labels == label]
            item.setData(chosen[:, 0], chosen[:, 1])
        e = data.extent
        self.plot_item.setRange(xRange=(-e, e), yRange=(-e, e), padding=0)

    def _show_regions(self, xs: np.ndarray, probabilities: np.ndarray) -> None:
        rgb = region_image(probabilities)
        self.image.setImage(np.clip(rgb, 0, 255).astype(np.uint8), autoLevels=False,
                            levels=(0, 255))  # fmt: skip
        key = (len(xs), float(xs[0]), float(xs[-1]))
        if key != self._grid_key:  # after setImage: setRect scales by the image size
            self._grid_key = key
            step = xs[1] - xs[0]
            span = xs[-1] - xs[0] + step
            self.image.setRect(QRectF(xs[0] - step / 2, xs[0] - step / 2, span, span))

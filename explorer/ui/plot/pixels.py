"""What the fast curves, scatters and bars share: the painter's pixel mapping, a reusable
buffer for Qt's array-taking draw calls, and a bounding rectangle padded by pixels.

Qt asks an item for its ``boundingRect`` several times per paint. pyqtgraph 0.14 pads a
rectangle by the pen width in pixels through ``pixelVectors`` (the size of a pixel in data
units, through the device transform; ~0.07 ms a call). Where the view only scales and
shifts, as a plot's does, one pixel is simply 1/scale data units.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPaintEngine, QPainter, QTransform

_SCALE_ONLY = QTransform.TransformationType.TxScale.value


def pixel_transform(painter: QPainter) -> QTransform | None:
    """The painter's data-to-pixel transform if it paints pixels (not an SVG or a picture)
    through a plain scale and shift, else None."""
    if painter.paintEngine().type() != QPaintEngine.Type.Raster:
        return None
    transform = painter.transform()
    if transform.type().value > _SCALE_ONLY:
        return None  # rotated or sheared: not a plot view
    return transform


class SharedBuffer:
    """Rows of a (rows, ``columns``) float64 buffer, and a pointer to its memory as ``klass``
    (``QLineF``, ``QPainter.PixmapFragment``) for Qt's array-taking draw calls.

    The pointer is made when the buffer is, not on every paint: ``ndarray.ctypes`` costs more
    than filling the buffer. It grows to the largest count asked for and is never shrunk.
    """

    def __init__(self, columns: int, klass) -> None:
        self._columns = columns
        self._klass = klass
        self._buffer = np.empty((0, columns))
        self._pointer = None

    def rows(self, count: int) -> tuple[np.ndarray, object]:
        """``count`` rows to fill, and the pointer Qt reads them through."""
        if self._buffer.shape[0] < count or self._pointer is None:
            self._buffer = np.empty((max(count, 16), self._columns))
            self._pointer = shiboken6.wrapInstance(self._buffer.ctypes.data, self._klass)
        return self._buffer[:count], self._pointer


def padding_in_data(item) -> tuple[float, float] | None:
    """The item's pixel padding in data units along x and y, where its view only scales and
    shifts (one pixel is 1/scale data units); None otherwise (rotated, sheared, not shown)."""
    transform = item.deviceTransform_()
    if transform is None or transform.type().value > _SCALE_ONLY:
        return None
    pad = item.pixelPadding()
    if pad <= 0:
        return 0.0, 0.0
    return pad / abs(transform.m11()), pad / abs(transform.m22())


def padded(x_min, x_max, y_min, y_max, px: float, py: float) -> QRectF:
    """The data rectangle grown by ``px`` and ``py`` on each side."""
    return QRectF(x_min - px, y_min - py, 2 * px + x_max - x_min, 2 * py + y_max - y_min)

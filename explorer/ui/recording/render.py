"""One frame of a recording: a widget drawn into an image of a fixed size.

The widget is rendered into a QImage with a device pixel ratio of 1 (not grabbed from the
screen), so a frame depends on the widget's state and size only: the same on a HiDPI laptop,
a projector and an offscreen CI machine with the same fonts.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget


def render_widget(widget: QWidget) -> np.ndarray:
    """(H, W, 3) uint8 RGB of ``widget`` drawn at its current size."""
    image = QImage(widget.size(), QImage.Format.Format_RGB888)
    image.setDevicePixelRatio(1.0)
    image.fill(QColor("white"))
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    height, width = image.height(), image.width()
    stride = image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()

"""A heat map stretched over its plot is embedded in the SVG enlarged by whole pixels, so
renderers that smooth pictures keep its cells sharp; other pictures are left as Qt wrote."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from explorer.ui.svg_images import HREF, MAX_PIXELS, PNG_DATA, sharpen_images

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


def _png(image: QImage) -> str:
    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return PNG_DATA + base64.b64encode(raw.data()).decode("ascii")


def _cells(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for x in range(width):
        for y in range(height):
            image.setPixelColor(x, y, QColor(40 * x % 256, 60 * y % 256, 200))
    return image


def _pixels(data: str) -> np.ndarray:
    image = QImage.fromData(base64.b64decode(data[len(PNG_DATA) :]), "PNG")
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    return rows[:, : image.width(), :3].copy()


def _svg(matrix: str, width: int, height: int, data: str, rendering="optimizeSpeed") -> str:
    return (f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}"><g transform="matrix({matrix})">'
            f'<image x="0" y="0" width="{width}" height="{height}" preserveAspectRatio="none" '
            f'image-rendering="{rendering}" xlink:href="{data}"/></g></svg>')  # fmt: skip


def test_a_stretched_heat_map_is_enlarged_by_whole_pixels_each_cell_one_colour():
    data = _png(_cells(4, 3))
    root = ET.fromstring(_svg("25,0,0,-10.2,40,300", 4, 3, data))  # y flipped, as plots are
    assert sharpen_images(root) == 1
    [image] = root.iter(f"{{{SVG}}}image")
    assert (image.get("width"), image.get("height")) == ("4", "3")  # same place on the page
    enlarged = _pixels(image.get(HREF))
    assert enlarged.shape[:2] == (3 * 10, 4 * 25)
    original = _pixels(data)
    blocks = enlarged.reshape(3, 10, 4, 25, 3)
    assert (blocks == original[:, None, :, None, :]).all()  # nearest: no colour mixed in


def test_pictures_drawn_smooth_or_at_their_size_or_too_large_keep_their_pixels():
    data = _png(_cells(4, 3))
    unchanged = [
        _svg("25,0,0,10,0,0", 4, 3, data, rendering="optimizeQuality"),  # an icon, smoothed
        _svg("1,0,0,1,5,5", 4, 3, data),  # one pixel a pixel
        _svg("0,10,-10,0,0,0", 4, 3, data),  # rotated
    ]
    for svg in unchanged:
        root = ET.fromstring(svg)
        assert sharpen_images(root) == 0
        assert next(root.iter(f"{{{SVG}}}image")).get(HREF) == data
    huge = ET.fromstring(_svg("4000,0,0,4000,0,0", 4, 3, data))
    assert sharpen_images(huge) == 1
    enlarged = _pixels(next(huge.iter(f"{{{SVG}}}image")).get(HREF))
    assert enlarged.shape[0] * enlarged.shape[1] <= MAX_PIXELS

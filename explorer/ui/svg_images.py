"""Keep a heat map's cells sharp in the SVG, as on the screen.

A heat map (pyqtgraph's ``ImageItem``) is a small picture, one pixel a cell, that the plot
stretches over its view without smoothing: Qt writes it as an ``<image>`` of its own pixels
under a scaling transform, with SVG Tiny's ``image-rendering="optimizeSpeed"``. librsvg and
Chromium smooth it anyway, so the cells' edges blur into each other. Here such a picture is
enlarged by whole pixels (each cell a block of the size it has on the page, at most
:data:`MAX_PIXELS` in all) before it is embedded: a renderer then scales it by about one,
and the cells stay sharp however it smooths.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage

from explorer.ui.svg_flatten import MATRIX, SVG

G, IMAGE = f"{{{SVG}}}g", f"{{{SVG}}}image"
HREF = "{http://www.w3.org/1999/xlink}href"
PNG_DATA = "data:image/png;base64,"
MAX_PIXELS = 4_000_000  # a full-HD page's worth: heat maps are parts of one


def _decoded(data: str) -> QImage:
    try:
        return QImage.fromData(base64.b64decode(data[len(PNG_DATA) :]), "PNG")
    except ValueError:
        return QImage()


def _enlarged(image: QImage, scale_x: float, scale_y: float) -> str | None:
    """A PNG data URL of ``image`` enlarged by whole pixels to about ``scale`` × its size;
    None if that is its own size."""
    factor_x, factor_y = max(1, round(scale_x)), max(1, round(scale_y))
    while image.width() * factor_x * image.height() * factor_y > MAX_PIXELS:
        factor_x, factor_y = max(1, factor_x // 2), max(1, factor_y // 2)
    if factor_x == factor_y == 1:
        return None
    size = (image.width() * factor_x, image.height() * factor_y)
    image = image.scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.FastTransformation)  # fmt: skip
    raw = QByteArray()
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return PNG_DATA + base64.b64encode(raw.data()).decode("ascii")


def sharpen_images(root: ET.Element) -> int:
    """Enlarge, in place, every unsmoothed picture that is stretched on the page; how many."""
    sharpened = 0
    for group in root.iter(G):
        match = MATRIX.match(group.get("transform", "matrix(1,0,0,1,0,0)"))
        if match is None:
            continue
        a, b, c, d, _e, _f = (float(v) for v in match.groups())
        if abs(b) > 1e-9 or abs(c) > 1e-9:
            continue  # rotated: not one of the plots' heat maps
        for image in group.findall(IMAGE):
            data = image.get(HREF, "")
            if image.get("image-rendering") != "optimizeSpeed" or not data.startswith(PNG_DATA):
                continue
            width, height = (float(image.get(n, 0)) for n in ("width", "height"))
            pixels = _decoded(data)
            if pixels.isNull() or width <= 0 or height <= 0:
                continue
            scale_x = abs(a) * width / pixels.width()
            scale_y = abs(d) * height / pixels.height()
            enlarged = _enlarged(pixels, scale_x, scale_y)
            if enlarged is not None:
                image.set(HREF, enlarged)
                sharpened += 1
    return sharpened

"""Make Qt's SVG look the same in every renderer: strokes in page coordinates, a known font.

``QSvgGenerator`` writes a plot's curves in the plot's data coordinates inside a group whose
``transform`` maps them to the page, and keeps the pen one pixel wide with SVG Tiny's
``vector-effect="non-scaling-stroke"``. Browsers honour that; librsvg (``rsvg-convert``, the usual
SVG → PDF step for LaTeX, and GNOME's viewers) does not, and scales the stroke with the data, so
curves come out tens of times too thick. Here every such shape is rewritten in page coordinates
(its points mapped through the group's matrix, the matrix dropped), so its stroke width means
pixels in any renderer, as pyqtgraph's own exporter writes it. Qt names the font "Sans Serif",
which Chromium draws in a serif face; it becomes a list of sans-serif families. The pieces
Qt writes of one line of text join into one ``<text>`` (:mod:`explorer.ui.svg_text`), so a
renderer with other font metrics does not overlap them. What a plot or a widget clips is
clipped (:mod:`explorer.ui.svg_clip`), and a heat map keeps its cells sharp
(:mod:`explorer.ui.svg_images`).

Only what Qt writes is handled: paths of absolute M, L, C and Z, polylines, polygons and rects.
A group holding anything else keeps its transform and its shapes as they were. The
environment variable ``EXPLORER_RAW_SVG=1`` writes Qt's SVG unchanged (a test compares both).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

from explorer.ui.svg_text import Measure, join_text_runs, qt_advance

SVG = "http://www.w3.org/2000/svg"
NON_SCALING = "non-scaling-stroke"
FONTS = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
TOKEN = re.compile(rf"[MLCZ]|{NUMBER}|[A-Za-z]")
MATRIX = re.compile(rf"^\s*matrix\(\s*({NUMBER})[ ,]+({NUMBER})[ ,]+({NUMBER})[ ,]+({NUMBER})"
                    rf"[ ,]+({NUMBER})[ ,]+({NUMBER})\s*\)\s*$")  # fmt: skip

Matrix = tuple[float, float, float, float, float, float]


def enabled() -> bool:
    return os.environ.get("EXPLORER_RAW_SVG", "") not in ("1", "true", "yes")


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def fmt(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _pairs(numbers: list[float], m: Matrix) -> list[str]:
    out = []
    for i in range(0, len(numbers) - 1, 2):
        x, y = _apply(m, numbers[i], numbers[i + 1])
        out.append(f"{fmt(x)},{fmt(y)}")
    return out


def _path(d: str, m: Matrix) -> str | None:
    """``d`` with every point mapped through ``m``; None if it uses other commands."""
    parts, numbers = [], []
    for token in TOKEN.findall(d):
        if token in "MLCZ":
            parts += _pairs(numbers, m)
            numbers = []
            parts.append(token)
        elif token.isalpha():
            return None  # a relative or arc command: not what Qt writes
        else:
            numbers.append(float(token))
    if len(numbers) % 2:
        return None
    parts += _pairs(numbers, m)
    return " ".join(parts)


def _points(text: str, m: Matrix) -> str | None:
    numbers = [float(n) for n in re.findall(NUMBER, text)]
    return " ".join(_pairs(numbers, m)) if len(numbers) % 2 == 0 else None


def _flatten(element: ET.Element, m: Matrix) -> bool:
    """Rewrite ``element`` in page coordinates; False (untouched) if it cannot be."""
    tag = element.tag.rpartition("}")[2]
    if tag == "path":
        d = _path(element.get("d", ""), m)
        if d is None:
            return False
        element.set("d", d)
    elif tag in ("polyline", "polygon"):
        points = _points(element.get("points", ""), m)
        if points is None:
            return False
        element.set("points", points)
    elif tag == "rect":
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        w, h = float(element.get("width", 0)), float(element.get("height", 0))
        corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        element.tag = f"{{{SVG}}}polygon"  # a rect under a rotation or shear is not a rect
        for name in ("x", "y", "width", "height", "rx", "ry"):
            element.attrib.pop(name, None)
        element.set("points", " ".join(_pairs([v for c in corners for v in c], m)))
    else:
        return False
    del element.attrib["vector-effect"]
    return True


def flatten_svg(text: str, measure: Measure = qt_advance) -> str:
    """Qt's SVG ``text`` with non-scaling strokes in page coordinates, each line of text in
    one element (pieces measured with ``measure``, Qt's font metrics) and known fonts."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(text)
    for group in root.iter(f"{{{SVG}}}g"):
        shapes = [child for child in group if child.get("vector-effect") == NON_SCALING]
        match = MATRIX.match(group.get("transform", ""))
        if not shapes or match is None or len(shapes) != len(group):
            continue
        m = tuple(float(v) for v in match.groups())
        kept = [ET.fromstring(ET.tostring(shape)) for shape in shapes]  # undo, if one fails
        if all(_flatten(shape, m) for shape in shapes):
            del group.attrib["transform"]
        else:
            for index, original in enumerate(kept):
                group[index] = original
    join_text_runs(root, measure)  # before the fonts are renamed: measured in Qt's own
    from explorer.ui.svg_clip import wrap_clipped  # they read matrices with MATRIX, here
    from explorer.ui.svg_images import sharpen_images

    wrap_clipped(root)  # after the text: a line never joins across a plot's edge
    sharpen_images(root)
    for element in root.iter():
        if element.get("font-family") in ("Sans Serif", "Sans", "sans-serif"):
            element.set("font-family", FONTS)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)

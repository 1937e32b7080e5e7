"""Join the pieces of a line of text that Qt's SVG writes apart into one ``<text>``.

Qt lays out a line of rich text (the activation card's ``σ(x) = 1 / (1 + e⁻ˣ)``, a label and
its value in two colours) and writes one ``<text>`` per piece it drew: each change of script
(Greek σ, then Latin x), of colour, size or weight, and each superscript starts a new
element, placed at the x where Qt's own font measured the previous piece to end. A renderer
whose font metrics differ by a few per cent (librsvg, Chromium) then draws each piece from
its fixed x: pieces overlap ("e" runs into its exponent) or drift apart, and a space that
ends one piece and starts the next is lost under its neighbour.

Here a piece that starts where the previous one ends (measured with Qt's metrics, as Qt
placed it) becomes a ``<tspan>`` of the line's first ``<text>``: only the line has an x, and
the renderer places the pieces after one another with its own metrics, as it places the
letters inside a piece. A tspan carries only the style in which it differs from the line,
and a y where its baseline differs from the piece before it (a superscript, and the
return from one). Pieces merge only when nothing is drawn between them (only empty groups)
and their groups map them to the page alike, so what is drawn over what does not change.

Qt's own renderer (``QSvgRenderer``, an SVG Tiny renderer) ignores a tspan's y: there a
superscript sits on the baseline, in its smaller size.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

SVG = "http://www.w3.org/2000/svg"
G, TEXT, TSPAN = f"{{{SVG}}}g", f"{{{SVG}}}text", f"{{{SVG}}}tspan"
STYLE = ("fill", "fill-opacity", "font-family", "font-size", "font-weight", "font-style")
#: what a group may set and still be only a style and a transform for its pieces
GROUP_ATTRIBUTES = {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-opacity",
                    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
                    "stroke-dasharray", "stroke-dashoffset", "transform", "font-family",
                    "font-size", "font-weight", "font-style"}  # fmt: skip
#: how far (in em of the piece) a piece may start from where the previous one ends
TOUCH_EM = 0.08

#: the advance width in px of ``text`` in a font (family, size in px, weight, italic)
Measure = Callable[[str, float, int, bool, str], float]


@lru_cache(maxsize=64)
def _metrics(family: str, px: float, weight: int, italic: bool):
    from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication

    font = QFont(family)
    # the point size that is ``px`` on the screen the widgets were laid out for
    font.setPointSizeF(px * 72 / QGuiApplication.primaryScreen().logicalDotsPerInch())
    font.setWeight(QFont.Weight(weight))
    font.setItalic(italic)
    return QFontMetricsF(font)


def qt_advance(family: str, px: float, weight: int, italic: bool, text: str) -> float:
    """How far Qt's layout moves on after ``text``: the measure the widgets were drawn with."""
    return _metrics(family, round(px, 4), weight, italic).horizontalAdvance(text)


@dataclass
class _Line:
    """The ``<text>`` a line's pieces join, and where its last piece ends."""

    element: ET.Element
    transform: str
    end_x: float
    y: float  # the baseline of the last piece (a superscript's is higher)
    px: float


def _number(element: ET.Element, name: str, default: float | None = None) -> float | None:
    try:
        return float(element.get(name, default))
    except (TypeError, ValueError):
        return default


def _advance(piece: ET.Element, px: float, measure: Measure) -> float:
    weight = int(_number(piece, "font-weight", 400))
    italic = piece.get("font-style", "normal") in ("italic", "oblique")
    return measure(piece.get("font-family", ""), px, weight, italic, piece.text or "")


def _continues(line: _Line, transform: str, x: float, y: float, px: float) -> bool:
    if transform != line.transform or abs(x - line.end_x) > TOUCH_EM * px + 0.25:
        return False
    return abs(y - line.y) < max(px, line.px)  # the same baseline, or a super- or subscript


def _append(line: _Line, piece: ET.Element, y: float) -> None:
    span = ET.SubElement(line.element, TSPAN)
    for name in STYLE:
        value = piece.get(name)
        if value is not None and value != line.element.get(name):
            span.set(name, value)
    if y != line.y:
        span.set("y", piece.get("y"))
    span.text = piece.text


def join_text_runs(root: ET.Element, measure: Measure = qt_advance) -> int:
    """Join, in place, the pieces of each line of text under ``root``; how many joined."""
    joined = 0
    for parent in [p for p in root.iter() if any(child.tag == G for child in p)]:
        line: _Line | None = None
        for group in list(parent):
            if group.tag != G or not set(group.attrib) <= GROUP_ATTRIBUTES:
                line = None  # drawn between two pieces, or a group that is more than a style
                continue
            transform = group.get("transform", "")
            emptied = False
            for piece in list(group):
                x, y, px = (_number(piece, n) for n in ("x", "y", "font-size"))
                if piece.tag != TEXT or len(piece) or None in (x, y, px) or px <= 0:
                    line = None
                    continue
                if line is not None and _continues(line, transform, x, y, px):
                    _append(line, piece, y)
                    group.remove(piece)
                    joined, emptied = joined + 1, True
                else:
                    line = _Line(piece, transform, x, y, px)
                line.end_x, line.y, line.px = x + _advance(piece, px, measure), y, px
            if emptied and len(group) == 0:
                parent.remove(group)  # its pieces joined a line in an earlier group
    return joined

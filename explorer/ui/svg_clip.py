"""Clip what a plot or a widget draws to its rectangle, in the SVG as on the screen.

A pyqtgraph ``ViewBox`` clips its children (curves, markers, heat maps) to its rectangle
(``ItemClipsChildrenToShape``): a curve that leaves the view's range ends at the plot's edge
on the screen and in the PNG export. Qt clips each widget's painting to the widget too (a
selected tab's frame reaches below its tab bar). ``QSvgGenerator`` writes SVG Tiny 1.2,
which has no clipping, and drops the painter's clip: in the SVG such a curve runs on over
the plot's title and axes, the tab's frame over the plot under it, in every renderer.
(Asked for SVG 1.1, Qt writes clip paths, but PySide6 6.11 loses their children's offsets.)

So the SVG is painted with markers around what is clipped: :func:`marked` gives every item
that clips its children two :class:`ClipMarker` children, one drawn before all its other
children, one after them, and :func:`render_marked` renders a widget child by child, each
between two markers of its rectangle. Qt paints an item's subtree in one go, so in the SVG
what is clipped lies between the two markers' groups, and the first marker's rectangle,
placed by its group's transform, is the clip. :func:`wrap_clipped` then puts what lies
between into a ``<g clip-path>`` whose ``<clipPath>`` is that rectangle (librsvg, Chromium
and Inkscape honour it) and removes the markers. The markers are fully transparent: one
Qt happened to write among other shapes, left in place, draws nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QRegion
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from explorer.ui.svg_flatten import MATRIX, SVG, fmt

G, RECT = f"{{{SVG}}}g", f"{{{SVG}}}rect"
#: the markers' fill colours, each with alpha 0 (Qt writes the colour and fill-opacity="0")
START, END = "#01e5c1", "#01e5c2"
CLIPS = QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape


def draw_marker(painter: QPainter, rect: QRect | QRectF, first: bool) -> None:
    """A marker's rectangle, in its colour, fully transparent."""
    colour = QColor(START if first else END)
    colour.setAlpha(0)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRect(rect)
    painter.restore()


class ClipMarker(QGraphicsItem):
    """Marks in the SVG where the children its parent clips start (``first``) or end."""

    def __init__(self, parent: QGraphicsItem, first: bool) -> None:
        super().__init__(parent)
        self.first = first
        # drawn before everything else in the parent's subtree (even its background, which
        # stacks behind it), or after everything
        self.setZValue(-1e300 if first else 1e300)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, first)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.parentItem().shape().boundingRect()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        draw_marker(painter, self.boundingRect(), self.first)


@contextmanager
def marked(widget: QWidget) -> Iterator[None]:
    """Mark every item under ``widget`` that clips its children (and is a rectangle), until
    the end, even if rendering raises."""
    views = widget.findChildren(QGraphicsView)
    if isinstance(widget, QGraphicsView):
        views.append(widget)
    with ExitStack() as restore:
        for view in views:
            scene = view.scene()
            for item in scene.items():
                shape = item.shape()  # a rectangle: a move, three lines and the close
                if item.flags() & CLIPS and shape.elementCount() == 5 and not shape.isEmpty():
                    for first in (True, False):
                        restore.callback(scene.removeItem, ClipMarker(item, first))
        yield


def render_marked(widget: QWidget, painter: QPainter, offset: QPoint | None = None) -> None:
    """Render ``widget`` and its children as ``QWidget.render`` does, each child between
    two markers of its rectangle: Qt clips a child's painting to it (a selected tab's frame
    reaches below its tab bar, into the plot under it)."""
    top = offset is None
    offset = QPoint(0, 0) if top else offset
    flags = QWidget.RenderFlag.DrawWindowBackground if top else QWidget.RenderFlag(0)
    # QWidget's render, not a QGraphicsView's (which draws its scene); without the children
    QWidget.render(widget, painter, offset, QRegion(), flags)
    for child in widget.children():
        if not isinstance(child, QWidget) or child.isWindow() or not child.isVisibleTo(widget):
            continue
        if child.size().isEmpty():
            continue  # draws nothing
        origin = offset + child.pos()
        draw_marker(painter, QRect(origin, child.size()), first=True)
        render_marked(child, painter, origin)
        draw_marker(painter, QRect(origin, child.size()), first=False)


def _marker(element: ET.Element) -> str | None:
    """START or END if ``element`` is a marker's group (its rectangle alone), else None."""
    fill = (element.get("fill") or "").lower()
    if element.tag != G or fill not in (START, END) or len(element) != 1:
        return None
    return fill if element[0].tag == RECT else None


def _clip_rect(group: ET.Element) -> tuple[float, float, float, float] | None:
    """(x, y, width, height) of a start marker's rectangle in its parent's coordinates."""
    rect = group[0]
    try:
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        w, h = float(rect.get("width", 0)), float(rect.get("height", 0))
    except ValueError:
        return None
    match = MATRIX.match(group.get("transform", "matrix(1,0,0,1,0,0)"))
    if match is None:
        return None
    a, b, c, d, e, f = (float(v) for v in match.groups())
    if abs(b) > 1e-9 or abs(c) > 1e-9:
        return None  # rotated or sheared: not a rectangle on the page
    xs, ys = sorted((a * x + e, a * (x + w) + e)), sorted((d * y + f, d * (y + h) + f))
    return xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]


def _defs(root: ET.Element) -> ET.Element:
    defs = root.find(f"{{{SVG}}}defs")
    if defs is None:
        defs = ET.Element(f"{{{SVG}}}defs")
        root.insert(0, defs)
    return defs


def wrap_clipped(root: ET.Element) -> int:
    """Clip, in place, what lies between each pair of markers to the first one's rectangle,
    and remove the markers (each its group alone, as Qt writes it); how many clips."""
    clips = 0
    for parent in [p for p in root.iter() if any(_marker(child) for child in p)]:
        kept: list[ET.Element] = []
        starts: list[tuple[int, tuple | None]] = []  # (index in kept, clip rectangle)
        for child in list(parent):
            kind = _marker(child)
            parent.remove(child)
            if kind == START:
                starts.append((len(kept), _clip_rect(child)))
            elif kind == END:
                if not starts:
                    continue
                index, rect = starts.pop()
                if rect is None or index == len(kept):
                    continue  # nothing drawn between, or no rectangle to clip it to
                clips += 1
                name = f"explorer-clip-{clips}"
                path = ET.SubElement(_defs(root), f"{{{SVG}}}clipPath",
                                     {"id": name, "clipPathUnits": "userSpaceOnUse"})  # fmt: skip
                ET.SubElement(path, RECT, dict(zip(("x", "y", "width", "height"),
                                                   map(fmt, rect), strict=True)))  # fmt: skip
                group = ET.Element(G, {"clip-path": f"url(#{name})"})
                group.extend(kept[index:])
                kept[index:] = [group]
            else:
                kept.append(child)
        parent.extend(kept)
    return clips

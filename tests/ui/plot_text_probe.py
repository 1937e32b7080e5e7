"""What text in a page's plots does not fit: walks the pyqtgraph scene of every plot shown.

Generic on purpose: it knows pyqtgraph's items (titles, axes and their tick labels, legends,
text items) and Qt's text items, not any lab, so a new lab or tab is covered as it is.
Each text is measured as drawn (the bounding rectangle of its laid-out text, at its font)
against the room it has:

- every text lies inside the part of its view shown on screen, and inside the item that
  clips it (a ViewBox clips what is in it);
- a title fits over its plot, an axis label along its axis, a legend inside its view box;
- the tick labels of an axis do not overlap one another (with the speed layer's axes);
- a text item placed in a plot does not sit on a drawn curve (unless it has a background of
  its own, which keeps it legible over one);
- a QLabel over or between the plots shows all its text (its size hint, or its height for
  its width when it wraps).
"""

from __future__ import annotations

import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGraphicsItem,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QLabel,
)

from explorer.ui.plot.axis import LeanAxis

SLACK = 1.5  # px: rounding of layouts and of text measurement


def plot_text_problems(root) -> list[str]:
    """Every text in the plots under the widget ``root`` that is clipped or overlaps."""
    problems: list[str] = []
    for view in root.findChildren(pg.GraphicsView):
        if view.isVisible() and view.width() > 0 and view.height() > 0:
            problems += [f"{_name(view)}: {p}" for p in view_problems(view)]
    problems += label_problems(root)
    return problems


def view_problems(view: pg.GraphicsView) -> list[str]:
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    problems: list[str] = []
    curves = [
        item
        for item in view.scene().items()
        if isinstance(item, pg.PlotCurveItem) and item.isVisible()
    ]
    for item in view.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.AxisItem):
            problems += _axis_problems(item, shown)
        elif isinstance(item, pg.LegendItem):
            problems += _legend_problems(item)
        elif isinstance(item, (QGraphicsTextItem, QGraphicsSimpleTextItem)):
            problems += _text_problems(item, view, shown, curves)
    return problems


def _plain(item) -> str:
    text = item.toPlainText() if isinstance(item, QGraphicsTextItem) else item.text()
    return " ".join(text.split())


def _text_problems(item, view, shown: QRectF, curves) -> list[str]:
    text = _plain(item)
    if not text:
        return []
    rect = _ink(item, view)
    problems = []
    if not _inside(rect, shown):
        problems.append(f"{text!r} runs out of its view ({_r(rect)} not in {_r(shown)})")
    clip = _clipping_ancestor(item)
    if clip is not None and not _inside(rect, clip.sceneBoundingRect()):
        problems.append(f"{text!r} is cut by {type(clip).__name__} ({_r(rect)})")
    owner = item.parentItem()
    if isinstance(owner, pg.LabelItem) and isinstance(owner.parentItem(), pg.PlotItem):
        plot = owner.parentItem()
        if owner is plot.titleLabel and not _inside(rect, plot.sceneBoundingRect(), x_only=True):
            width = rect.width()
            problems.append(f"title {text!r} ({width:.0f} px) is wider than its plot")
    if isinstance(owner, pg.TextItem) and owner.fill.style() == Qt.BrushStyle.NoBrush:
        problems += [f"{text!r} sits on a curve" for c in curves if _crosses(c, owner, rect)]
    return problems


def _ink(item, view) -> QRectF:
    """The scene rectangle of a text item's text, without its document's margin (blank).

    Through the view's device transform: an item that ignores transformations (a text kept
    unscaled) has no true scene rectangle of its own."""
    device = item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())
    rect = view.mapToScene(device.toAlignedRect()).boundingRect()
    if isinstance(item, QGraphicsTextItem):
        margin = item.document().documentMargin()
        rect = rect.adjusted(margin, margin, -margin, -margin)
    return rect


def _axis_problems(axis: pg.AxisItem, shown: QRectF) -> list[str]:
    problems = []
    geometry = axis.mapToScene(axis.rect()).boundingRect()  # its bounding rect is larger
    along = axis.orientation in ("top", "bottom")
    length = axis.geometry().width() if along else axis.geometry().height()
    label = axis.label
    if (axis.style["showValues"] or label.isVisible()) and not _inside(geometry, shown):
        problems.append(f"{axis.orientation} axis runs out of its view")
    if label.isVisible() and _plain(label):
        margin = 2 * label.document().documentMargin()
        width = label.boundingRect().width() - margin  # its text's length, rotated or not
        if width > length + SLACK:
            problems.append(
                f"{axis.orientation} axis label {_plain(label)!r} ({width:.0f} px) is longer "
                f"than its axis ({length:.0f} px)"
            )
    if not axis.style["showValues"] or length <= 0:
        return problems
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if specs is None:
        return problems
    rects = sorted(
        ((rect, text) for rect, _flags, text in specs[2] if text),
        key=lambda spec: spec[0].left() if along else spec[0].top(),
    )
    for rect, text in rects:
        where = axis.mapToScene(rect).boundingRect()
        if not _inside(where, shown):
            problems.append(f"{axis.orientation} tick label {text!r} runs out of its view")
    if not isinstance(axis, LeanAxis):
        # pyqtgraph's own axes (plain mode) draw every tick label they are given, overlapping
        # or not; the speed layer's leave out a label that would overprint another
        return problems
    for (a, text_a), (b, text_b) in itertools.pairwise(rects):
        gap = b.left() - a.right() if along else b.top() - a.bottom()
        if gap < -SLACK:
            problems.append(
                f"{axis.orientation} tick labels {text_a!r} and {text_b!r} overlap ({gap:.0f} px)"
            )
    return problems


def _legend_problems(legend: pg.LegendItem) -> list[str]:
    if not legend.items:
        return []
    box = legend.parentItem()
    rect = legend.sceneBoundingRect()
    if box is None or _inside(rect, box.sceneBoundingRect()):
        return []
    names = ", ".join(repr(label.text) for _sample, label in legend.items)
    room = box.sceneBoundingRect()
    return [f"legend ({names}) does not fit in its plot ({_r(rect)} not in {_r(room)})"]


def label_problems(root) -> list[str]:
    """QLabels (cards, captions, overlays) that show less than their text."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text() or _in_scroll_area(label, root):
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + SLACK:
                problems.append(
                    f"{_name(label)} {_start(label)!r}: needs {needed} px high, has "
                    f"{label.height()}"
                )
        elif label.sizeHint().width() > label.width() + SLACK:
            problems.append(
                f"{_name(label)} {_start(label)!r}: needs {label.sizeHint().width()} px wide, "
                f"has {label.width()}"
            )
    return problems


def _crosses(curve: pg.PlotCurveItem, text: pg.TextItem, rect: QRectF) -> bool:
    """Whether the drawn line of ``curve`` passes through ``rect`` (scene pixels), the
    text's own rectangle shrunk by a pixel on each side; only a curve in the text's view."""
    if _view_of(curve) is not _view_of(text) or curve.opts.get("pen") is None:
        return False
    x, y = curve.getData()
    if x is None or len(x) < 2:
        return False
    transform = curve.sceneTransform()
    # a few points along each segment: a segment may cross the text between its ends
    t = np.linspace(0.0, 1.0, 8)[:, np.newaxis]
    xs = (x[:-1] + t * np.diff(x)).ravel()
    ys = (y[:-1] + t * np.diff(y)).ravel()
    sx = transform.m11() * xs + transform.m21() * ys + transform.dx()
    sy = transform.m12() * xs + transform.m22() * ys + transform.dy()
    inner = rect.adjusted(1, 1, -1, -1)
    inside = (sx > inner.left()) & (sx < inner.right()) & (sy > inner.top()) & (sy < inner.bottom())
    return bool(np.any(inside & np.isfinite(sx) & np.isfinite(sy)))


def _view_of(item):
    while item is not None and not isinstance(item, pg.ViewBox):
        item = item.parentItem()
    return item


def _clipping_ancestor(item):
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape:
            return parent
        parent = parent.parentItem()
    return None


def _inside(rect: QRectF, room: QRectF, x_only: bool = False) -> bool:
    fits_x = rect.left() >= room.left() - SLACK and rect.right() <= room.right() + SLACK
    if x_only:
        return fits_x
    return fits_x and rect.top() >= room.top() - SLACK and rect.bottom() <= room.bottom() + SLACK


def _in_scroll_area(widget, root) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, pg.GraphicsView):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget) -> str:
    return widget.objectName() or type(widget).__name__


def _start(label: QLabel) -> str:
    return " ".join(label.text().split())[:50]


def _r(rect: QRectF) -> str:
    return f"{rect.left():.0f},{rect.top():.0f} {rect.width():.0f}×{rect.height():.0f}"

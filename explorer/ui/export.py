"""Export what a lab shows, as PNG (pixels) or SVG (vectors, for slides and papers).

pyqtgraph's own ``SVGExporter`` fails on Qt ≥ 6.11 (it cannot parse the closed paths Qt now
writes; upstream issue #3495), so SVG goes through Qt's ``QSvgGenerator``: the widget renders
itself into an SVG painter, which keeps curves as vector paths. Both writers go through a
temporary file in the same folder and an atomic rename, so a failed export never leaves a
half-written file in place of a good one.

What the screen keeps as pixels would reach the SVG as pixels, so while an SVG is written
(:func:`_vector_mode`): text and still lines are drawn without their pixel caches, each
plot's background without its cached pixmap, and every pyqtgraph item is in export mode, as
pyqtgraph's own exporters put it. A scatter stamps its markers from an atlas of pre-drawn
pixmaps unless it is exporting (each marker would become a tiny ``<image>``); exporting, it
draws each as a vector path. Heat maps (``ImageItem``) are pictures and stay so. Everything
is put back afterwards, even when rendering fails, so the screen keeps its fast paths.
What a plot clips (a curve beyond its range) is clipped in the SVG too
(:mod:`explorer.ui.svg_clip`), unless ``EXPLORER_RAW_SVG=1`` asks for Qt's SVG unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from explorer.fileio import atomic_path
from explorer.ui import svg_clip, svg_flatten

FORMATS = {".png": "PNG image", ".svg": "SVG vector image"}


def export_widget(widget: QWidget, path: str | os.PathLike[str]) -> Path:
    """Write ``widget`` as it is on screen to ``path`` (format from the suffix).

    Raises ``ValueError`` for an unsupported suffix and ``OSError`` if writing fails; in both
    cases an existing file at ``path`` is left untouched.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot export to {suffix or 'a file without suffix'!r}; use .png or .svg"
        )
    with atomic_path(path) as tmp:
        if suffix == ".png":
            if not widget.grab().save(str(tmp), "PNG"):
                raise OSError(f"could not write PNG to {path}")
        else:
            _write_svg(widget, tmp)
    return path


def _write_svg(widget: QWidget, tmp: Path) -> None:
    flatten = svg_flatten.enabled()
    # each plot clips what it draws: marked in the SVG, where Qt writes no clip
    with _vector_mode(widget), svg_clip.marked(widget) if flatten else nullcontext():
        _render_svg(widget, tmp)
    if flatten:  # strokes in page coordinates: librsvg draws them right too; clips
        tmp.write_text(svg_flatten.flatten_svg(tmp.read_text(encoding="utf-8")), encoding="utf-8")


@contextmanager
def _vector_mode(widget: QWidget) -> Iterator[None]:
    """Draw ``widget``'s plots as vectors where the screen draws pixels, until the end.

    Each change registers its undo first; the ExitStack runs every undo, in reverse, even
    when rendering (or another undo) raises.
    """
    from explorer.ui.plot import StyledPlot

    views = widget.findChildren(QGraphicsView)
    if isinstance(widget, QGraphicsView):
        views.append(widget)
    with ExitStack() as restore:
        for view in views:
            if isinstance(view, StyledPlot):  # cached text would be a picture, not text
                restore.callback(view.set_text_caching, True)
                view.set_text_caching(False)
            # pyqtgraph caches each plot's background: it would be a plot-sized picture
            restore.callback(view.setCacheMode, view.cacheMode())
            view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
            for item in view.scene().items():
                # as pyqtgraph's exporters do (Exporter.setExportMode): a scatter then draws
                # vector symbols instead of its atlas's pixmaps, a plot hides its "A" button
                if hasattr(item, "setExportMode"):
                    restore.callback(item.setExportMode, False)
                    item.setExportMode(True, {"antialias": True})
        yield


def _render_svg(widget: QWidget, tmp: Path) -> None:
    size: QSize = widget.size()
    generator = QSvgGenerator()
    generator.setFileName(str(tmp))
    generator.setSize(size)
    # 96 dpi, CSS's: the file's size in mm then means the widget's pixels in browsers and in
    # librsvg (Qt's default of 72 dpi made rsvg-convert draw it a third larger)
    generator.setResolution(96)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(widget.windowTitle() or "explorer plot")
    generator.setDescription("Exported from explorer")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not open SVG painter for {tmp}")
    try:
        if svg_flatten.enabled():  # each child clipped to its rectangle, as on the screen
            svg_clip.render_marked(widget, painter)
        else:
            flags = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
            QWidget.render(widget, painter, QPoint(0, 0), QRegion(), flags)  # a view's too
    finally:
        painter.end()

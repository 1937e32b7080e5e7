"""Export what a lab shows, as PNG (pixels) or SVG (vectors, for slides and papers).

pyqtgraph's own ``SVGExporter`` fails on Qt ≥ 6.11 (it cannot parse the closed paths Qt now
writes; upstream issue #3495), so SVG goes through Qt's ``QSvgGenerator``: the widget renders
itself into an SVG painter, which keeps curves as vector paths. Both writers go through a
temporary file in the same folder and an atomic rename, so a failed export never leaves a
half-written file in place of a good one.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from explorer.fileio import atomic_path

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
    from explorer.ui.plotting import StyledPlot

    plots = widget.findChildren(StyledPlot)
    if isinstance(widget, StyledPlot):
        plots.append(widget)
    for plot in plots:  # cached text would go into the SVG as pictures, not as text
        plot.set_text_caching(False)
    try:
        _render_svg(widget, tmp)
    finally:
        for plot in plots:
            plot.set_text_caching(True)


def _render_svg(widget: QWidget, tmp: Path) -> None:
    size: QSize = widget.size()
    generator = QSvgGenerator()
    generator.setFileName(str(tmp))
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(widget.windowTitle() or "explorer plot")
    generator.setDescription("Exported from explorer")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not open SVG painter for {tmp}")
    try:
        flags = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
        widget.render(painter, QPoint(0, 0), QRegion(), flags)
    finally:
        painter.end()

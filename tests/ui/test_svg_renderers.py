"""An SVG export looks like the PNG export in librsvg (rsvg-convert) and in Qt's own renderer,
with the strokes in page coordinates; EXPLORER_RAW_SVG=1 writes Qt's SVG as it was."""

from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from explorer.ui.svg_flatten import FONTS, flatten_svg

NO_RSVG = shutil.which("rsvg-convert") is None and os.environ.get("CI") != "true"


def image_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    rows = raw.reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def qt_render(svg: bytes, width: int, height: int) -> np.ndarray:
    renderer = QSvgRenderer(svg)
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image_array(image)


def ink(pixels: np.ndarray) -> float:
    """The share of pixels clearly darker than the light backgrounds."""
    return float((pixels.astype(int).sum(axis=2) < 600).mean())


def test_flattening_maps_points_through_the_group_and_drops_the_transform():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
           '<g stroke="black" stroke-width="1" transform="matrix(2,0,0,-3,10,90)" '
           'font-family="Sans Serif"><path vector-effect="non-scaling-stroke" '
           'd="M0,0 L5,10 C1,1 2,2 3,3 Z"/><polyline vector-effect="non-scaling-stroke" '
           'points="1,1 2,2"/><rect vector-effect="non-scaling-stroke" x="0" y="0" '
           'width="1" height="2"/></g></svg>')  # fmt: skip
    out = flatten_svg(svg)
    assert "transform" not in out and "non-scaling" not in out
    assert 'd="M 10,90 L 20,60 C 12,87 14,84 16,81 Z"' in out
    assert 'points="12,87 14,84"' in out
    assert 'points="10,90 12,90 12,84 10,84"' in out  # the rect, as a polygon
    assert f'font-family="{FONTS}"' in out


def test_a_group_with_a_shape_it_cannot_map_is_left_as_qt_wrote_it():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><g transform="matrix(2,0,0,2,0,0)">'
           '<path vector-effect="non-scaling-stroke" d="M0,0 L1,1"/>'
           '<path vector-effect="non-scaling-stroke" d="m0,0 l1,1"/></g></svg>')  # fmt: skip
    out = flatten_svg(svg)
    assert 'transform="matrix(2,0,0,2,0,0)"' in out and out.count("non-scaling") == 2
    assert 'd="M0,0 L1,1"' in out


@pytest.mark.parametrize("lab", ["activations", "depth", "losses"])
def test_qt_draws_the_flattened_svg_as_it_draws_its_own(window, tmp_path, monkeypatch, lab):
    window.select_lab(lab)
    window.current_page.flush()
    ours = window.export_to(tmp_path / "ours.svg").read_bytes()
    monkeypatch.setenv("EXPLORER_RAW_SVG", "1")
    raw = window.export_to(tmp_path / "raw.svg").read_bytes()
    assert b"non-scaling-stroke" in raw and b"non-scaling-stroke" not in ours
    size = window.current_page.export_target().size()
    a, b = (qt_render(svg, size.width(), size.height()) for svg in (ours, raw))
    differs = np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 60
    assert differs.mean() < 0.002  # antialiasing at a few edges, and text in another family


@pytest.mark.skipif(NO_RSVG, reason="no rsvg-convert (scripts/test.sh installs librsvg2-bin)")
@pytest.mark.parametrize("lab", ["approximation", "activations", "depth", "normalization",
                                 "optimizers", "losses"])  # fmt: skip
def test_librsvg_draws_the_svg_export_like_the_png_export(window, tmp_path, lab):
    window.select_lab(lab)
    page = window.current_page
    page.flush()
    png = window.export_to(tmp_path / "plots.png")
    svg = window.export_to(tmp_path / "plots.svg")
    rendered = tmp_path / "rsvg.png"
    natural = tmp_path / "natural.png"
    subprocess.run(["rsvg-convert", str(svg), "-o", str(natural)], check=True, timeout=120)
    expected = image_array(QImage(str(png)))
    height, width = expected.shape[:2]
    # 96 dpi: the file's size is the widget's, to the pixel (the size in mm is rounded)
    assert abs(QImage(str(natural)).width() - width) <= 1
    assert abs(QImage(str(natural)).height() - height) <= 1
    subprocess.run(["rsvg-convert", "-w", str(width), "-h", str(height), str(svg), "-o",
                    str(rendered)], check=True, timeout=120)  # fmt: skip
    drawn = image_array(QImage(str(rendered)))
    assert abs(ink(drawn) - ink(expected)) < 0.25 * ink(expected) + 0.002

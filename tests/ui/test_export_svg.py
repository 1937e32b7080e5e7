"""SVG export with real labs and real files: every marker a vector shape, the screen unchanged.

On screen a scatter stamps its markers from pyqtgraph's atlas of pre-drawn pixmaps; drawn
the same way into an SVG painter each marker became an ``<image>`` of a few pixels (about
400 of them for the approximation lab). These labs' views have no heat maps, so their SVGs
must hold no picture at all.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from explorer.core import activations
from explorer.ui import export
from explorer.ui.labs.activations.palette import activation_colour
from explorer.ui.labs.activations.texts import formula_html
from explorer.ui.labs.approximation.palette import (
    MARKER_COLOUR,
    REFERENCE_COLOUR,
    RESIDUAL_COLOUR,
    TARGET_COLOUR,
)
from explorer.ui.plot import StyledPlot
from explorer.ui.plot.scatter import FastScatter

SHAPES = ("path", "circle", "ellipse", "polygon", "rect")


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _filled_shapes(root: ET.Element) -> Counter:
    """(tag, fill colour) → how many shapes an SVG fills opaquely in that colour (QSvgGenerator
    puts fill and fill-opacity on the enclosing ``<g>``: the inherited value counts)."""
    shapes: Counter = Counter()

    def walk(element, fill, opacity):
        fill = element.get("fill", fill)
        opacity = element.get("fill-opacity", opacity)
        if _tag(element) in SHAPES and fill != "none" and float(opacity) == 1.0:
            shapes[(_tag(element), fill.lower())] += 1
        for child in element:
            walk(child, fill, opacity)

    walk(root, "#000000", "1")
    return shapes


def _parse(path) -> ET.Element:
    root = ET.parse(path).getroot()  # raises if the file is not well-formed XML
    assert _tag(root) == "svg"
    return root


def _images(root: ET.Element) -> int:
    return sum(_tag(element) == "image" for element in root.iter())


def _markers_in_view(item: pg.PlotDataItem) -> int:
    """How many of a scatter's points are shown inside its plot's view (what an export draws)."""
    scatter = item.scatter
    data = scatter.data
    view = scatter.getViewBox().viewRect()
    x, y = data["x"].astype(float), data["y"].astype(float)
    inside = (x >= view.left()) & (x <= view.right()) & (y >= view.top()) & (y <= view.bottom())
    return int((data["visible"] & np.isfinite(x) & np.isfinite(y) & inside).sum())


def _data_pixels(plot: StyledPlot) -> np.ndarray:
    """A grab of the plot's data area: its markers, grid and guides, no text (text re-cached
    after an export may differ by a shade at its edges)."""
    area = plot.mapFromScene(plot.plot_item.getViewBox().sceneBoundingRect()).boundingRect()
    image = plot.grab(area).toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4).copy()


def _ink(pixels: np.ndarray, colour: str) -> np.ndarray:
    wanted = np.array([int(colour[i : i + 2], 16) for i in (5, 3, 1)])  # BGRA in memory
    return np.abs(pixels[..., :3].astype(int) - wanted).sum(axis=2) < 60


@pytest.fixture
def approximation(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    qtbot.waitUntil(lambda: not page.runner.running, timeout=30_000)  # error vs N complete
    page.flush()
    return page


@pytest.fixture
def fast_calls(record_results):
    return record_results(FastScatter, "_draw_points")


def _scatters(page) -> list[pg.ScatterPlotItem]:
    return [
        item
        for view in page.export_target().findChildren(QGraphicsView)
        for item in view.scene().items()
        if isinstance(item, pg.ScatterPlotItem)
    ]


def _assert_screen_mode(page) -> None:
    """Every item out of export mode, every cache the screen uses back on."""
    views = page.export_target().findChildren(QGraphicsView)
    for view in views:
        assert view.cacheMode() == QGraphicsView.CacheModeFlag.CacheBackground
        assert all(getattr(item, "_exportOpts", False) is False for item in view.scene().items())
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    plots = [view for view in views if isinstance(view, StyledPlot)]
    assert plots and all(plot.plot_item.getAxis("left").cacheMode() == cached for plot in plots)


def test_approximation_svg_draws_every_marker_as_a_vector_shape(approximation, window, tmp_path):
    area = approximation.area
    root = _parse(window.export_to(tmp_path / "approximation.svg"))
    assert _images(root) == 0  # was one <image> per marker, and one per plot background
    shapes = _filled_shapes(root)
    for item, colour, legend in (
        (area.function_view.points_item, TARGET_COLOUR, 1),  # "samples of f(x)" in the legend
        (area.residual_view.residual_item, RESIDUAL_COLOUR, 0),
        (area.error_view.dots_item, REFERENCE_COLOUR, 0),
        (area.error_view.marker_item, MARKER_COLOUR, 1),  # "this network"
    ):
        shown = _markers_in_view(item)
        assert shown == len(item.scatter.data) > 0, colour  # every point is in view
        assert shapes[("path", colour.lower())] == shown + legend, colour
    assert _markers_in_view(area.function_view.points_item) >= 100  # the sample points


def test_activations_svg_draws_dots_and_chain_markers_as_vector_shapes(window, tmp_path):
    window.select_lab("activations")
    lab = window.current_page
    lab.session.update(mark_max=True)  # "Mark max |f′|": a Dot at each curve's largest |f′|
    lab.flush()
    root = _parse(window.export_to(tmp_path / "activations.svg"))
    assert _images(root) == 0
    shapes = _filled_shapes(root)
    checked = lab.session.config.checked
    assert len(checked) >= 3
    for index, name in enumerate(activations.names()):
        colour = activation_colour(index).name()
        shown = int(name in checked)
        assert lab.derivative_view.peaks[name].isVisible() == bool(shown)
        assert shapes[("circle", colour)] == shown, name  # the max |f′| Dot
        assert shapes[("path", colour)] == shown, name  # the chain plot's marker at depth L
    assert lab.function_view.centre_marker.isVisible()
    assert shapes[("circle", lab.function_view.centre_marker.brush().color().name())] == 1


def test_after_an_svg_export_the_screen_keeps_its_fast_markers(
    fast_plots, approximation, window, tmp_path, fast_calls
):
    view = approximation.area.residual_view  # 200 markers, no legend over them
    before = _data_pixels(view)
    assert _ink(before, RESIDUAL_COLOUR).sum() > 200  # the markers are in the grab
    assert fast_calls and all(fast_calls)
    window.export_to(tmp_path / "approximation.svg")
    _assert_screen_mode(approximation)
    fast_calls.clear()
    np.testing.assert_array_equal(_data_pixels(view), before)
    assert fast_calls and all(fast_calls)  # stamped from the atlas again
    fast_calls.clear()
    png = window.export_to(tmp_path / "approximation.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert fast_calls and all(fast_calls)  # a PNG takes the fast path as the screen does


def test_a_failed_svg_render_still_puts_every_item_back(
    fast_plots, approximation, tmp_path, fast_calls, monkeypatch
):
    view = approximation.area.residual_view  # 200 markers, no legend over them
    before = _data_pixels(view)
    target = tmp_path / "approximation.svg"
    target.write_text("an earlier export")
    during = {}

    def failing_render(widget, tmp) -> None:
        scatters = _scatters(approximation)
        during["exporting"] = bool(scatters) and all(s._exportOpts is not False for s in scatters)
        during["cached"] = view.cacheMode()
        raise OSError("disk full")

    monkeypatch.setattr(export, "_render_svg", failing_render)
    with pytest.raises(OSError, match="disk full"):
        export.export_widget(approximation.export_target(), target)
    assert during == {"exporting": True, "cached": QGraphicsView.CacheModeFlag.CacheNone}
    assert target.read_text() == "an earlier export"
    _assert_screen_mode(approximation)
    fast_calls.clear()
    np.testing.assert_array_equal(_data_pixels(view), before)
    assert fast_calls and all(fast_calls)


def _card_lines(root: ET.Element) -> list[str]:
    """The activation card's lines of text, one per ``<text>``, top to bottom (the card's
    texts are those placed by the same group transform as its "Output range:" label)."""
    groups = [g for g in root.iter() if _tag(g) == "g"]
    transform = next(g.get("transform") for g in groups for text in g
                     if "".join(text.itertext()).startswith("Output range:"))  # fmt: skip
    texts = [text for g in groups if g.get("transform") == transform for text in g
             if _tag(text) == "text"]  # fmt: skip
    baselines = [float(text.get("y")) for text in texts]
    assert len(set(baselines)) == len(baselines)  # never two pieces of one line
    return ["".join(text.itertext()) for _y, text in sorted(zip(baselines, texts, strict=True))]


def _letters(text: str) -> str:
    return "".join(text.split())  # without spaces: a wrapped line drops the one it breaks at


def test_the_activation_cards_lines_are_one_text_each_in_the_svg(window, tmp_path):
    """Qt wrote ``σ(`` / ``x) = 1 / (1 + e`` / ``−x`` / ``)`` as four texts at Qt's own x:
    librsvg and Chromium, measuring a little wider, overlapped them."""
    window.select_lab("activations")
    lab = window.current_page
    for name in activations.names():
        lab.session.update(selected=name)
        lab.flush()
        curve = lab.session.snapshot().selected
        lines = _card_lines(_parse(window.export_to(tmp_path / "card.svg")))
        assert len(lines) >= 9, name  # name, formula (one line or two) and seven properties
        assert lines[0].endswith(curve.display_name), name  # "■ Sigmoid (logistic)"
        shown = html.unescape(re.sub(r"<[^>]+>", "", formula_html(curve.formula)))
        start = next(i for i, line in enumerate(lines) if _letters(line)[:8] in _letters(shown))
        assert _letters(shown) in _letters("".join(lines[start : start + 2])), name
        assert lines[-1].startswith("Parameters:" if curve.params else "Chain, L ="), name

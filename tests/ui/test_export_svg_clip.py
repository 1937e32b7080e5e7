"""The SVG export clips what a plot (or a widget) clips on the screen: the markers drawn
around each clipping item become a ``<g clip-path>`` of its rectangle, and leave no trace,
neither in the file nor in the scene."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QPoint

from explorer.ui import export
from explorer.ui.svg_clip import END, START, ClipMarker, wrap_clipped
from explorer.ui.svg_flatten import flatten_svg

SVG = "http://www.w3.org/2000/svg"


def _marker(colour: str, matrix: str = "1,0,0,1,10,20", w: int = 100, h: int = 50) -> str:
    return (f'<g fill="{colour}" fill-opacity="0" stroke="none" transform="matrix({matrix})">'
            f'<rect x="0" y="0" width="{w}" height="{h}"/></g>')  # fmt: skip


def _shape(name: str) -> str:
    return f'<g stroke="#000000"><polyline id="{name}" points="0,0 500,500"/></g>'


def _clips(root: ET.Element) -> dict[str, tuple[float, ...]]:
    """Each clip's id → its rectangle (x, y, width, height)."""
    return {path.get("id"): tuple(float(path[0].get(k)) for k in ("x", "y", "width", "height"))
            for path in root.iter(f"{{{SVG}}}clipPath")}  # fmt: skip


def _clipped(root: ET.Element) -> dict[str, list[str]]:
    """Each shape's id → the clips it is drawn under, outermost first."""
    found: dict[str, list[str]] = {}

    def walk(element: ET.Element, clips: list[str]) -> None:
        clip = element.get("clip-path")
        clips = [*clips, clip[5:-1]] if clip else clips  # url(#name)
        if element.get("id") and element.tag == f"{{{SVG}}}polyline":
            found[element.get("id")] = clips
        for child in element:
            walk(child, clips)

    walk(root, [])
    return found


def _parse(body: str) -> ET.Element:
    return ET.fromstring(f'<svg xmlns="{SVG}"><g fill="none">{body}</g></svg>')


def test_what_lies_between_two_markers_is_clipped_to_the_first_ones_rectangle():
    root = _parse(_shape("before") + _marker(START, "2,0,0,-1,10,200") + _shape("a")
                  + _shape("b") + _marker(END) + _shape("after"))  # fmt: skip
    assert wrap_clipped(root) == 1
    # the rectangle through the marker's matrix: x 10 … 210, y 200 − 50 … 200
    assert _clips(root) == {"explorer-clip-1": (10.0, 150.0, 200.0, 50.0)}
    assert _clipped(root) == {"before": [], "a": ["explorer-clip-1"], "b": ["explorer-clip-1"],
                              "after": []}  # fmt: skip
    order = [e.get("id") for e in root.iter(f"{{{SVG}}}polyline")]
    assert order == ["before", "a", "b", "after"]  # what is drawn over what is unchanged
    assert not any(e.get("fill") in (START, END) for e in root.iter())


def test_nested_markers_clip_to_both_rectangles():
    root = _parse(_marker(START, w=300) + _shape("widget") + _marker(START, "1,0,0,1,50,60")
                  + _shape("curve") + _marker(END) + _marker(END))  # fmt: skip
    assert wrap_clipped(root) == 2
    clips = _clipped(root)
    assert len(clips["widget"]) == 1 and len(clips["curve"]) == 2
    assert clips["curve"][0] == clips["widget"][0]
    assert _clips(root)[clips["curve"][1]] == (50.0, 60.0, 100.0, 50.0)


def test_markers_without_a_partner_or_a_rectangle_clip_nothing_and_are_removed():
    root = _parse(_marker(END) + _shape("a") + _marker(START) + _marker(END)  # nothing between
                  + _marker(START, "0,1,-1,0,0,0") + _shape("rotated") + _marker(END)
                  + _marker(START) + _shape("open"))  # fmt: skip
    assert wrap_clipped(root) == 0
    assert not _clips(root) and all(c == [] for c in _clipped(root).values())
    assert [e.get("id") for e in root.iter(f"{{{SVG}}}polyline")] == ["a", "rotated", "open"]
    assert not any(e.get("fill") in (START, END) for e in root.iter())


def test_flattening_clips_too():
    svg = f'<svg xmlns="{SVG}">' + _marker(START) + _shape("a") + _marker(END) + "</svg>"
    root = ET.fromstring(flatten_svg(svg))
    assert _clipped(root) == {"a": ["explorer-clip-1"]}


def _markers(plot) -> list:
    return [item for item in plot.scene().items() if isinstance(item, ClipMarker)]


@pytest.fixture
def off_range_plot(make_plot):
    plot = make_plot(400, 300)
    curve = plot.line("too high", "#0072b2")
    curve.setData(np.linspace(-1, 1, 50), 5 * np.linspace(-1, 1, 50) ** 2)  # up to 5
    plot.plot_item.setRange(xRange=(-1, 1), yRange=(0, 1), padding=0)
    return plot


def test_an_exported_plot_clips_its_curve_to_its_view_box(off_range_plot, tmp_path):
    plot = off_range_plot
    root = ET.parse(export.export_widget(plot, tmp_path / "plot.svg")).getroot()
    box = plot.plot_item.getViewBox()
    rect = plot.viewportTransform().mapRect(box.sceneBoundingRect())
    origin = plot.viewport().mapTo(plot, QPoint(0, 0))
    expected = (rect.x() + origin.x(), rect.y() + origin.y(), rect.width(), rect.height())
    curve = [group for group in root.iter(f"{{{SVG}}}g")
             if group.get("stroke") == "#0072b2" and len(group)]  # fmt: skip
    assert curve, ET.tostring(root)[:3000]
    curve = curve[0]
    parents = {child: parent for parent in root.iter() for child in parent}
    clips, element = [], curve
    while element in parents:
        element = parents[element]
        if element.get("clip-path"):
            clips.append(_clips(root)[element.get("clip-path")[5:-1]])
    # the view box's, inside the plot widget's viewport's (a child of the exported widget)
    assert np.allclose(clips[0], expected, atol=0.01), (clips, expected)
    assert clips[1:] == [(0.0, 0.0, 400.0, 300.0)]  # the viewport's, the whole plot
    assert not _markers(plot)  # the scene is as it was


def test_a_failed_render_removes_the_markers_too(off_range_plot, tmp_path, monkeypatch):
    seen = []

    def failing_render(widget, tmp) -> None:
        seen.append(len(_markers(off_range_plot)))
        raise OSError("disk full")

    monkeypatch.setattr(export, "_render_svg", failing_render)
    with pytest.raises(OSError, match="disk full"):
        export.export_widget(off_range_plot, tmp_path / "plot.svg")
    assert seen == [2]  # the view box's two, while rendering
    assert not _markers(off_range_plot)


def test_qt_svg_unchanged_has_no_markers(off_range_plot, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RAW_SVG", "1")
    seen = []
    render = export._render_svg

    def counting_render(widget, tmp) -> None:
        seen.append(len(_markers(off_range_plot)))
        render(widget, tmp)

    monkeypatch.setattr(export, "_render_svg", counting_render)
    text = export.export_widget(off_range_plot, tmp_path / "raw.svg").read_text()
    assert seen == [0] and "clip-path" not in text and START not in text

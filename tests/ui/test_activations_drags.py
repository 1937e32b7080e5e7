"""The activation lab's drags with real widgets: what a slope or x-range drag re-measures and
redraws, the still curves kept as pixels, and every curve still in the SVG afterwards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem

from explorer.state.activations.curves import POINTS
from explorer.ui.labs.activations import ActivationsLab


@pytest.fixture
def lab(activations_page) -> ActivationsLab:
    return activations_page


def _curve_paths(svg) -> int:
    """How many paths of an SVG are curves: POINTS (x, y) pairs or nearly."""
    counts = [
        len(re.findall(r"-?\d+(?:\.\d+)?", element.get("d", "")))
        for element in ET.parse(svg).getroot().iter()
        if element.tag.endswith("path")
    ]
    return len([n for n in counts if n >= 2 * (POINTS - 50)])


def test_export_svg_contains_the_curves(lab, window, tmp_path):
    svg = window.export_to(tmp_path / "activations.svg")
    assert _curve_paths(svg) >= 6  # three activations in f and in f′


def _drag_leaky_slope(lab, qtbot):
    lab.checklist.set_checked("leaky_relu", True)
    lab.flush()
    slider = lab.parameters.controls[("leaky_relu", "negative_slope")]
    for step in (10, 20, 30):
        slider.slider.setValue(step)
        lab.flush()
    qtbot.wait(1)


def test_a_slope_drag_updates_the_card_without_re_measuring_the_window(
    lab, window, qtbot, layout_requests
):
    _drag_leaky_slope(lab, qtbot)
    lab.session.select("leaky_relu")  # the card shows the selected activation's parameters
    lab.parameters.controls[("leaky_relu", "negative_slope")].slider.setValue(40)
    lab.flush()
    qtbot.wait(50)  # the scroll area settles to the leaky card's height
    ancestors, widget = [], lab.card.parentWidget()
    while widget is not None:  # the scroll area's viewport, …, the window
        ancestors.append(widget)
        widget = widget.parentWidget()
    requests = [layout_requests(widget) for widget in ancestors]
    height = lab.card.height()
    for step in (41, 47, 52):
        lab.parameters.controls[("leaky_relu", "negative_slope")].slider.setValue(step)
        lab.flush()
        qtbot.wait(1)
        slope = lab.session.config.params_for("leaky_relu")["negative_slope"]
        assert f"negative_slope = {slope:.3g}" in lab.card.text()
    assert [r.count for r in requests] == [0] * len(ancestors)
    assert lab.card.height() == height == lab.card.label.heightForWidth(lab.card.width())


def test_an_x_range_drag_keeps_the_plot_from_jumping_sideways(lab, window, qtbot):
    axis = lab.function_view.plot_item.getAxis("left")
    slider = lab.x_range_slider
    lab.function_view.grab()  # painted once: the axis has measured its labels
    qtbot.wait(1)
    at_start = axis.width()  # x-range 8: labels −2 … 8

    def drag_through() -> list[float]:
        widths = []
        for value in (1.0, 1.8, 2.2, 5.0, 8.4, 12.0, 20.0, 8.0, 2.0, 1.0):
            slider.spin.setValue(value)  # typed, as in the number box next to the slider
            lab.flush()
            qtbot.wait(1)
            widths.append(axis.width())
        return widths

    first = drag_through()
    assert max(first) > at_start + 10  # −0.5 … 1 need more room than −2 … 8
    second = drag_through()
    assert set(second) == {max(first)}  # which the axis keeps: no re-layout, no jump at 8
    window.set_scale(200)
    window.set_scale(100)  # a new scale measures afresh
    slider.spin.setValue(8.0)
    lab.flush()
    qtbot.wait(1)
    lab.function_view.grab()
    qtbot.wait(1)
    assert axis.width() == at_start


def _pixels(widget):
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4).copy()


def test_a_parameter_drag_keeps_the_still_curves_as_pixels_and_draws_the_same(lab, qtbot):
    _drag_leaky_slope(lab, qtbot)
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    for view in (lab.function_view, lab.derivative_view):
        modes = {name: item.curve.cacheMode() for name, item in view.curves.items()}
        assert modes["leaky_relu"] != cached  # moving: drawn directly
        assert all(modes[name] == cached for name in ("sigmoid", "tanh", "relu"))
    view = lab.function_view
    with_cache = _pixels(view)
    view.set_text_caching(False)  # as for an SVG: every curve drawn as vectors
    assert all(i.curve.cacheMode() != cached for i in view.curves.values())
    direct = _pixels(view)
    view.set_text_caching(True)
    assert view.curves["tanh"].curve.cacheMode() == cached  # back as it was
    # text drawn through a cache may differ by a shade at its edges; the curves may not
    differ = np.abs(with_cache.astype(int) - direct).max(axis=2) > 40
    assert differ.sum() < 0.002 * differ.size


def test_after_a_parameter_drag_the_svg_still_holds_every_curve(lab, window, qtbot, tmp_path):
    _drag_leaky_slope(lab, qtbot)
    svg = window.export_to(tmp_path / "activations.svg")
    assert _curve_paths(svg) >= 8  # four activations, twice

"""The lean axis layout gives exactly pyqtgraph's own: ticks, pens and label rectangles.

:class:`LeanAxis` is built explicitly here, so this runs in either mode."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFont, QPainter, QPicture

from explorer.ui.plot import axis as axis_module
from explorer.ui.plot import axis_layout
from explorer.ui.plot.axis import DecadeAxis, LeanAxis


def specs_as_tuples(specs):
    """Comparable plain values of ``(axisSpec, tickSpecs, textSpecs)``."""
    if specs is None:
        return None
    (pen, a, b), ticks, texts = specs
    return (
        (pen.color().name(), a.x(), a.y(), b.x(), b.y()),
        [(p.color().alpha(), p1.x(), p1.y(), p2.x(), p2.y()) for p, p1, p2 in ticks],
        [(r.x(), r.y(), r.width(), r.height(), int(f.value), s) for r, f, s in texts],
    )


def both(axis):
    """pyqtgraph's specs and the lean ones, each on a fresh picture painter."""
    results = []
    for method in (pg.AxisItem.generateDrawSpecs, axis.generateDrawSpecs):
        picture = QPicture()
        painter = QPainter(picture)
        try:
            results.append(
                specs_as_tuples(
                    method(axis, painter)
                    if method is pg.AxisItem.generateDrawSpecs
                    else method(painter)
                )
            )
        finally:
            painter.end()
    return results


@pytest.fixture
def plot(app, qtbot):
    sides = ("left", "bottom", "right", "top")
    widget = pg.PlotWidget(plotItem=pg.PlotItem(axisItems={side: LeanAxis(side) for side in sides}))
    qtbot.addWidget(widget)
    widget.resize(520, 340)
    item = widget.getPlotItem()
    for side in sides:
        item.showAxis(side)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


RANGES = [(-8.0, 8.0), (-0.013, 0.021), (1e-3, 1e5), (-1234.5, 98765.0), (0.0, 1.0), (3.0, 3.0)]


@pytest.mark.parametrize("side", ["left", "bottom", "right", "top"])
def test_same_specs_as_pyqtgraph_on_linear_axes(plot, side):
    axis = plot.getPlotItem().getAxis(side)
    view = plot.getPlotItem().getViewBox()
    for lo, hi in RANGES:
        view.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)
        plot.grab()
        pyqtgraph_specs, lean_specs = both(axis)
        assert lean_specs == pyqtgraph_specs, (side, lo, hi)
        assert pyqtgraph_specs is None or pyqtgraph_specs[1]  # there were ticks to compare


def test_same_specs_on_log_axes_fixed_ticks_fonts_and_styles(plot):
    item = plot.getPlotItem()
    left, bottom = item.getAxis("left"), item.getAxis("bottom")
    item.setLogMode(x=False, y=True)
    item.getViewBox().setRange(xRange=(0, 10), yRange=(-12, 1), padding=0)
    bottom.setTicks([[(2.0, "two"), (5.0, "five"), (50.0, "out of view")], [(3.0, "3")]])
    font = QFont()
    font.setPointSize(17)
    left.setStyle(tickFont=font, tickTextOffset=9, tickLength=-6, maxTextLevel=1)
    bottom.setStyle(tickAlpha=0.5, showValues=True)
    for _ in range(2):  # the second run reads remembered label sizes
        plot.grab()
        for axis in (left, bottom):
            pyqtgraph_specs, lean_specs = both(axis)
            assert lean_specs == pyqtgraph_specs
    bottom.setStyle(showValues=False)
    assert both(bottom)[0] == both(bottom)[1] and both(bottom)[1][2] == []


def test_a_new_tick_font_is_measured_anew(plot, qtbot):
    item = plot.getPlotItem()
    item.getViewBox().setRange(xRange=(-8, 8), yRange=(0, 1), padding=0)
    bottom = item.getAxis("bottom")
    small = QFont()
    small.setPointSize(8)
    bottom.setStyle(tickFont=small)
    plot.grab()
    pyqtgraph_specs, lean_specs = both(bottom)
    assert lean_specs == pyqtgraph_specs
    big = QFont()
    big.setPointSize(20)
    bottom.setStyle(tickFont=big)  # as View → Text and line size does
    for _ in range(2):  # the axis grows to the new labels' height, then lays them out
        plot.grab()
        qtbot.wait(5)
    pyqtgraph_specs, lean_specs = both(bottom)
    assert lean_specs == pyqtgraph_specs
    assert lean_specs[2][0][3] > 20  # the labels are as tall as the new font


def generate(axis):
    picture = QPicture()
    painter = QPainter(picture)
    try:
        return axis.generateDrawSpecs(painter)
    finally:
        painter.end()


def test_axes_with_a_grid_keep_pyqtgraphs_layout(plot, monkeypatch):
    calls = []
    monkeypatch.setattr(axis_layout, "draw_specs", lambda *args: calls.append(args))
    axis = plot.getPlotItem().getAxis("bottom")
    generate(axis)
    assert len(calls) == 1
    plot.getPlotItem().showGrid(x=True, y=True, alpha=0.4)
    assert generate(axis) is not None and len(calls) == 1  # pyqtgraph's own layout


def test_label_sizes_are_measured_once_per_text(plot, monkeypatch):
    axis = plot.getPlotItem().getAxis("bottom")
    plot.getPlotItem().getViewBox().setXRange(1000.5, 1003.7, padding=0)  # labels not seen yet
    measured = []
    rect = QPainter.boundingRect
    monkeypatch.setattr(QPainter, "boundingRect", lambda *a: measured.append(1) or rect(*a))
    first = generate(axis)
    count = len(measured)
    assert count >= len(first[2]) > 0  # every label shown (and tried) was measured
    assert specs_as_tuples(generate(axis)) == specs_as_tuples(first)
    assert len(measured) == count  # and then recalled


def test_tick_values_equal_pyqtgraphs(plot):
    import numpy as np

    rng = np.random.default_rng(0)
    item = plot.getPlotItem()
    for side in ("bottom", "left"):
        axis = item.getAxis(side)
        for log, scale in ((False, 1.0), (False, 1e-3), (True, 1.0)):
            item.setLogMode(x=log, y=log)
            axis.setScale(scale)
            for _ in range(150):
                centre, width = (
                    rng.normal(0, 10) * 10.0 ** rng.integers(-4, 5),
                    10.0 ** rng.uniform(-5, 5),
                )
                lo, hi = centre - width / 2, centre + width / 2
                size = rng.uniform(30, 1500)
                expected = pg.AxisItem.tickValues(axis, lo, hi, size)
                assert axis_layout.tick_values(axis, lo, hi, size) == expected
                assert axis.tickValues(lo, hi, size) == expected  # installed on the axis


def test_a_cached_axis_painted_directly_looks_like_pyqtgraphs_picture(make_plot, monkeypatch):
    import numpy as np
    from PySide6.QtWidgets import QGraphicsItem

    from explorer.ui.plot import axis_paint

    plot = make_plot(420, 300, fast=True)
    plot.plot_item.setRange(xRange=(-7.5, 7.5), yRange=(-0.013, 0.021), padding=0)
    direct_devices, picture_devices = [], []
    draw, draw_picture = axis_paint.draw, pg.AxisItem.drawPicture

    def drawing(axis, painter, *specs):
        direct_devices.append(painter.device())
        return draw(axis, painter, *specs)

    def picturing(axis, painter, *specs):
        picture_devices.append(painter.device())
        return draw_picture(axis, painter, *specs)

    monkeypatch.setattr(axis_paint, "draw", drawing)
    monkeypatch.setattr(pg.AxisItem, "drawPicture", picturing)

    def pixels(axis):
        axis.picture = None
        axis.update()
        image = plot.grab().toImage()
        rect = axis.mapRectToScene(axis.boundingRect()).toAlignedRect() & image.rect()
        part = image.copy(rect).convertToFormat(image.Format.Format_RGB32)
        rows = np.frombuffer(part.constBits(), np.uint8).reshape(part.height(), -1)
        return rows[:, : 4 * part.width()].copy()  # a copy: the image's memory goes with it

    for side in ("bottom", "left"):
        axis = plot.plot_item.getAxis(side)
        direct_devices.clear(), picture_devices.clear()
        direct = pixels(axis)
        assert direct_devices and not picture_devices  # drawn straight, no QPicture
        assert not any(isinstance(d, QPicture) for d in direct_devices)
        axis.setCacheMode(QGraphicsItem.CacheMode.NoCache)  # as during an SVG export
        direct_devices.clear(), picture_devices.clear()
        recorded = pixels(axis)
        assert picture_devices and not direct_devices  # pyqtgraph's own paint
        assert all(isinstance(d, QPicture) for d in picture_devices)
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        assert direct.shape == recorded.shape
        assert (direct != recorded).mean() < 0.01, side
        assert (direct < 128).sum() > 200  # there is text and tick ink to compare


def test_tick_values_are_remembered_until_the_question_or_the_density_changes(plot, monkeypatch):
    axis = plot.getPlotItem().getAxis("bottom")
    computed = []
    compute = axis_layout.tick_values
    monkeypatch.setattr(
        axis_layout, "tick_values", lambda *args: computed.append(args[1:]) or compute(*args)
    )
    monkeypatch.setattr(axis_module, "_TICKS", {})  # nothing remembered from other plots
    first = axis.tickValues(-8.0, 8.0, 470.0)
    assert axis.tickValues(-8.0, 8.0, 470.0) == first and len(computed) == 1  # remembered
    axis.setTickDensity(3.0)  # denser ticks (the depth lab sets 1/scale for a View scale)
    denser = axis.tickValues(-8.0, 8.0, 470.0)
    assert len(computed) == 2 and denser == pg.AxisItem.tickValues(axis, -8.0, 8.0, 470.0)
    assert sum(len(values) for _spacing, values in denser) > sum(
        len(values) for _spacing, values in first
    )
    other = plot.getPlotItem().getAxis("top")  # another axis asks the same questions:
    assert other.tickValues(-8.0, 8.0, 470.0) == first  # shared answers, none computed
    other.setTickDensity(3.0)
    assert other.tickValues(-8.0, 8.0, 470.0) == denser and len(computed) == 2


def test_a_decade_axis_drops_minor_ticks_only_over_many_decades(app):
    plain, decades = pg.AxisItem("left"), DecadeAxis("left")
    for axis in (plain, decades):
        axis.setLogMode(False, True)
    few, many = (-2.0, 0.5), (-20.0, 0.0)  # log10 ranges: 2.5 and 20 decades
    assert decades.tickValues(*few, 400) == plain.tickValues(*few, 400)  # the only labels
    theirs, ours = plain.tickValues(*many, 400), decades.tickValues(*many, 400)
    assert any(spacing is None for spacing, _values in theirs)  # pyqtgraph's 2…9 minor ticks
    assert ours == [(s, v) for s, v in theirs if s is not None] and ours

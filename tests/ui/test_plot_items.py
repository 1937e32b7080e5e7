"""The cheap plot items (grid lines under the axis ticks, one-point markers, shaded bands) and
the speed layer's remembered bounding rectangles, compared with pyqtgraph's own.

Plots that need the speed layer are built of its classes in either mode (``fast=True``)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from explorer.ui import theme
from explorer.ui.plot.data_items import FastBars
from explorer.ui.plot.items import Dot, GridLines
from explorer.ui.plot.scatter import FastScatter


@pytest.fixture
def plot(make_plot):
    widget = make_plot(500, 300, fast=True)
    widget.setXRange(-8, 8, padding=0)
    widget.setYRange(0, 1, padding=0)
    widget.plot_item.getViewBox().updateMatrix()
    return widget


def vertical_and_horizontal(grid: GridLines):
    """The grid's bars as x positions of vertical ones and y positions of horizontal ones."""
    xs, ys = [], []
    height = grid.boundingRect().height()
    for _colour, bars in grid.bars():
        for bar in bars:
            if bar.width() == 1 and bar.height() == height:
                xs.append(bar.x())
            else:
                assert bar.height() == 1
                ys.append(bar.y())
    return xs, ys


def test_grid_lines_sit_under_the_axis_ticks(plot):
    view = plot.plot_item.getViewBox()
    xs, ys = vertical_and_horizontal(plot.grid)
    width = view.boundingRect().width()
    bottom = plot.plot_item.getAxis("bottom")
    ticks = [v for _s, values in bottom.tickValues(-8, 8, width) for v in values if -8 <= v <= 8]
    assert len(xs) == len(ticks) and 0.0 in ticks
    for value in ticks:  # each tick has a line within a pixel of where the view maps it
        expected = view.mapFromView(pg.Point(value, 0.5)).x()
        assert min(abs(x + 0.5 - expected) for x in xs) <= 1.0
    assert ys  # horizontal lines at the y ticks too


def test_show_grid_picks_the_directions_and_fixed_ticks_are_honoured(plot):
    plot.show_grid(x=False, y=True)
    xs, ys = vertical_and_horizontal(plot.grid)
    assert xs == [] and ys
    plot.plot_item.getAxis("left").setTicks([[(0.25, "a"), (0.75, "b")], []])
    xs, ys = vertical_and_horizontal(plot.grid)
    height = plot.plot_item.getViewBox().boundingRect().height()
    assert sorted(ys) == sorted(np.floor((1 - v) * height) for v in (0.25, 0.75))
    plot.show_grid(x=False, y=False)
    assert not plot.grid.isVisible()


def test_grid_is_light_grey_and_dense_minor_lines_fade(plot):
    greys = [colour.red() for colour, _bars in plot.grid.bars()]
    assert all(colour.red() == colour.green() == colour.blue() for colour, _ in plot.grid.bars())
    assert min(greys) >= 255 - 64 and max(greys) > min(greys)  # white background: lighter = fainter


def test_grid_recomputes_one_direction_when_only_x_changes(plot):
    before = plot.grid.bars()
    plot.setXRange(-5, 5, padding=0)
    plot.plot_item.getViewBox().updateMatrix()
    after = plot.grid.bars()
    horizontal = [bars for _c, bars in before if bars[0].height() == 1]
    assert horizontal and all(any(b is a for _c, a in after) for b in horizontal)  # reused
    xs, _ys = vertical_and_horizontal(plot.grid)
    width = plot.plot_item.getViewBox().boundingRect().width()
    assert any(abs(x - width / 2) <= 1 for x in xs)  # a line at x = 0, now mid-plot


def test_dot_round_trip_and_clear(plot):
    dot = plot.dot("#ff0000", size=10)
    assert dot.getData() == (None, None) and dot.rect().isEmpty()
    dot.setData([1.5], [0.25])
    x, y = dot.getData()
    assert (x.tolist(), y.tolist()) == ([1.5], [0.25])
    assert (dot.pos().x(), dot.pos().y()) == (1.5, 0.25)
    assert dot.rect().width() == 10 and dot.brush().color().name() == "#ff0000"
    dot.setData([], [])
    assert dot.getData() == (None, None) and dot.rect().isEmpty()


def test_dot_keeps_its_pixel_size_when_zoomed_and_scales_with_the_view_setting(plot):
    dot = plot.dot("#000000", size=8)
    dot.setData([0.0], [0.5])
    plot.setXRange(-1, 1, padding=0)
    plot.plot_item.getViewBox().updateMatrix()
    on_screen = dot.deviceTransform(plot.viewportTransform()).mapRect(dot.rect())
    assert on_screen.width() == pytest.approx(8, abs=0.5)  # pixels, not data units
    try:
        theme.Scale.set_percent(200)
        plot.apply_scale()
        assert dot.rect().width() == 16
    finally:
        theme.Scale.set_percent(100)
        plot.apply_scale()
    assert isinstance(dot, Dot)


def test_faint_minor_lines_never_cut_through_major_ones(plot):
    """The bars are opaque: on a log axis the dense minor level must be painted first."""
    plot.plot_item.setLogMode(y=True)
    plot.setYRange(-8, 0, padding=0)
    plot.setXRange(0, 65, padding=0)
    view = plot.plot_item.getViewBox()
    view.updateMatrix()
    image = plot.grab().toImage()
    darkest = min((colour for colour, _bars in plot.grid.bars()), key=QColor.lightness)
    horizontal = [
        bar
        for colour, bars in plot.grid.bars()
        if colour == darkest
        for bar in bars
        if bar.height() == 1
    ]
    assert horizontal and len(plot.grid.bars()) >= 3  # major, minor and the log minor level
    for bar in horizontal:
        row = plot.mapFromScene(view.mapToScene(bar.center())).y()
        for fraction in np.linspace(0.05, 0.95, 40):
            x = plot.mapFromScene(view.mapToScene(bar.left() + fraction * bar.width(), 0)).x()
            # the bar lands on this row or a neighbour, as the view's offset rounds
            lightest = min(image.pixelColor(x, row + dy).lightness() for dy in (-1, 0, 1))
            assert lightest <= darkest.lightness() + 1, (x, row)


def test_bar_graphs_remember_their_bounds_until_bars_or_view_change(make_plot):
    plot = make_plot(400, 300)
    bars = FastBars(x=[1, 2, 3], height=[1.0, 4.0, 2.0], width=0.5, pen=pg.mkPen("k", width=2))
    plot.plot_item.addItem(bars)
    plot.plot_item.setRange(xRange=(0, 4), yRange=(0, 5), padding=0)
    plot.grab()

    computed = []
    pixel_vectors = bars.pixelVectors
    bars.pixelVectors = lambda: computed.append(1) or pixel_vectors()
    first = bars.boundingRect()
    assert computed == []  # remembered from the paint
    plot.grab()
    assert computed == [] and bars.boundingRect() == first
    plot.plot_item.setRange(xRange=(0, 8), yRange=(0, 5), padding=0)  # a pixel is wider now
    plot.grab()
    wider = bars.boundingRect()
    assert computed == [1] and wider.width() > first.width()
    bars.setOpts(x=[1, 2, 3, 6], height=[1.0, 4.0, 2.0, 9.0])
    plot.grab()
    grown = bars.boundingRect()
    assert computed == [1, 1] and grown.right() > 6 and grown.bottom() > 9
    grown.adjust(0, 0, 100, 100)  # the caller's copy
    assert bars.boundingRect() != grown


def _edges(rect) -> tuple[float, float, float, float]:
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def test_a_bar_graphs_remembered_rectangle_is_pyqtgraphs_own_after_every_change(make_plot):
    plot = make_plot(400, 300)
    bars = FastBars(x=[1, 2, 3], height=[1.0, 4.0, 2.0], width=0.5, pen=pg.mkPen("k", width=4))
    plot.plot_item.addItem(bars)
    plot.plot_item.setRange(xRange=(0, 4), yRange=(0, 5), padding=0)
    plot.grab()

    def check() -> None:
        kept = bars.boundingRect()  # remembered (or measured once and then remembered)
        assert _edges(kept) == _edges(pg.BarGraphItem.boundingRect(bars))  # measured afresh
        assert bars.boundingRect() == kept

    check()
    first = bars.boundingRect()
    bars.setOpts(x=[1, 2, 3, 6], height=[1.0, 4.0, 2.0, 9.0])  # new bars
    check()
    assert bars.boundingRect().right() > 6 > first.right()
    plot.plot_item.setRange(xRange=(0, 20), yRange=(0, 40), padding=0)  # a new view transform
    plot.grab()
    check()
    bars.setOpts(pen=pg.mkPen("k", width=12))  # a wider pen: more pixels of padding
    plot.grab()
    check()


def test_scatter_plots_remember_their_bounds_until_points_or_view_change(make_plot):
    plot = make_plot(400, 300, fast=True)
    points = plot.points(None, "#009E73", size=8)
    points.setData([1.0, 2.0, 3.0], [1.0, 4.0, 2.0])
    plot.plot_item.setRange(xRange=(0, 4), yRange=(0, 5), padding=0)
    plot.grab()
    scatter, computed = points.scatter, []
    data_bounds = scatter.dataBounds  # what pyqtgraph's boundingRect starts with
    scatter.dataBounds = lambda ax, *a, **k: computed.append(ax) or data_bounds(ax, *a, **k)
    first = scatter.boundingRect()
    plot.grab()
    assert computed == [] and scatter.boundingRect() == first  # remembered
    plot.plot_item.setRange(xRange=(0, 8), yRange=(0, 5), padding=0)
    plot.grab()
    assert computed == [0, 1] and scatter.boundingRect().width() > first.width()
    points.setData([1.0, 7.0], [1.0, 9.0])
    plot.grab()
    moved = scatter.boundingRect()
    assert computed == [0, 1] * 2 and moved.right() > 7 and moved.bottom() > 9
    scatter.setSize(20)  # bigger markers: more padding
    assert scatter.boundingRect().right() > moved.right() and computed == [0, 1] * 3


def test_pixel_text_sits_where_pyqtgraphs_text_item_does(make_plot):
    import pyqtgraph as pg

    from explorer.ui.plot.items import PixelText

    plot = make_plot(400, 300)
    ours, theirs = PixelText(anchor=(0.5, 1.15)), pg.TextItem(anchor=(0.5, 1.15))
    for item in (ours, theirs):
        item.setHtml("<b>max |f′| = 0.25</b>")
        item.setPos(1.0, 0.25)
        plot.plot_item.addItem(item, ignoreBounds=True)
    view = plot.plot_item.getViewBox()

    def on_screen(item):  # its rectangle in the widget's pixels
        return item.deviceTransform(plot.viewportTransform()).mapRect(item.boundingRect())

    for x_range in ((-8, 8), (-2, 3), (-20, 1)):
        plot.plot_item.setRange(xRange=x_range, yRange=(0, 1), padding=0)
        plot.grab()
        a, b = on_screen(ours), on_screen(theirs)
        assert abs(a.center().x() - b.center().x()) < 1 and abs(a.center().y() - b.center().y()) < 1
        assert abs(a.width() - b.width()) < 1 and abs(a.height() - b.height()) < 1
        anchor = plot.mapFromScene(view.mapViewToScene(pg.Point(1.0, 0.25)))
        assert abs(a.center().x() - anchor.x()) < 1 and a.bottom() < anchor.y()  # above it


def test_legend_entries_and_axis_labels_are_cached_as_pixels_like_the_rest_of_the_text(app, qtbot):
    from PySide6.QtWidgets import QGraphicsItem

    from explorer.ui.plot import StyledPlot

    plot = StyledPlot("t", "x", "y", legend=True, fast=True)  # plain: pyqtgraph's legend
    qtbot.addWidget(plot)
    plot.line("early", "#0072B2")
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache

    def modes():
        return [label.item.cacheMode() for _sample, label in plot.legend.items]

    assert modes() == [cached]
    assert all(
        plot.plot_item.getAxis(side).label.cacheMode() == cached for side in ("left", "bottom")
    )
    plot.line("late", "#D55E00")  # added after the caching was switched on
    assert modes() == [cached, cached]
    plot.set_text_caching(False)  # the SVG export draws text as text
    plot.line("during export", "#009E73")
    assert modes() == [QGraphicsItem.CacheMode.NoCache] * 3
    assert plot.plot_item.getAxis("bottom").label.cacheMode() == QGraphicsItem.CacheMode.NoCache


def test_grid_follows_a_new_tick_density_at_the_same_range(make_plot):
    plot = make_plot(400, 300, fast=True)
    plot.plot_item.setRange(xRange=(-8, 8), yRange=(0, 1), padding=0)
    plot.grab()

    def lines():  # (shade, position) of every vertical line
        return sorted(
            (colour.rgb(), bar.x())
            for colour, bars in plot.grid.bars()
            for bar in bars
            if bar.height() > 1
        )

    before = lines()
    plot.plot_item.getAxis("bottom").setTickDensity(3.0)  # majors every 2 instead of every 5
    after = lines()
    assert after != before and len(after) >= len(before) > 10


def test_curves_keep_their_data_bounds_across_view_changes_until_new_data(make_plot):
    plot = make_plot(400, 300, fast=True)
    curve = plot.line(None, "#0072B2")
    x = np.linspace(-2, 3, 50)
    curve.setData(x, x**2)
    item, reads = curve.curve, []
    get_data = item.getData
    item.getData = lambda: reads.append(1) or get_data()  # dataBounds reads the data on a miss
    plot.grab()
    bounds = item.boundingRect()
    assert (bounds.left(), bounds.right()) == pytest.approx((-2, 3), abs=0.1)
    reads.clear()
    plot.setXRange(-1, 1, padding=0)
    plot.grab()
    moved = item.boundingRect()
    assert reads == []  # the bounds were not recomputed
    assert moved.top() == pytest.approx(bounds.top(), abs=0.2)  # only the pixel padding moved
    assert moved.width() < bounds.width()  # a pixel is narrower in data units now
    curve.setData(x, x + 10)
    plot.grab()
    assert reads and item.boundingRect().bottom() == pytest.approx(13, abs=0.2)


@pytest.mark.parametrize(
    "x_range, y_range", [((-2, 3), (0, 9)), ((-1, 1), (-50, 5)), ((0, 1e-3), (4, 4.01))]
)
def test_a_curves_pixel_padding_is_what_pyqtgraph_measures(make_plot, x_range, y_range):
    plot = make_plot(400, 300, fast=True)
    curve = plot.line(None, "#0072B2", width=6.0)  # a wide pen: pixels of padding
    x = np.linspace(-2, 3, 50)
    curve.setData(x, x**2)
    plot.setRange(xRange=x_range, yRange=y_range, padding=0)
    plot.grab()
    item = curve.curve
    ours = item.boundingRect()
    item._boundingRect = None
    pyqtgraphs = pg.PlotCurveItem.boundingRect(item)
    assert ours.left() < -2 and ours.right() > 3 and ours.bottom() > 8.99  # the data, padded
    for edge in ("left", "right", "top", "bottom"):
        assert getattr(ours, edge)() == pytest.approx(
            getattr(pyqtgraphs, edge)(), rel=1e-9, abs=1e-12
        )


@pytest.mark.parametrize(
    "x_range, y_range", [((-2, 3), (0, 9)), ((-1, 1), (-50, 5)), ((0, 1e-3), (4, 4.01))]
)
def test_a_scatters_pixel_padding_is_what_pyqtgraph_measures(make_plot, x_range, y_range):
    plot = make_plot(400, 300)
    x = np.linspace(-2, 3, 50)
    scatter = FastScatter(x=x, y=x**2, size=14, pen=pg.mkPen("k", width=3))
    plot.plot_item.addItem(scatter)
    plot.setRange(xRange=x_range, yRange=y_range, padding=0)
    plot.grab()
    ours = scatter.boundingRect()
    pyqtgraphs = pg.ScatterPlotItem.boundingRect(scatter)
    assert ours.left() < -2 and ours.right() > 3 and ours.bottom() > 8.99  # the data, padded
    for edge in ("left", "right", "top", "bottom"):
        assert getattr(ours, edge)() == pytest.approx(
            getattr(pyqtgraphs, edge)(), rel=1e-9, abs=1e-12
        )


@pytest.mark.parametrize("fast", [True, False])  # the speed layer's TitleLabel, or PlainTitle
def test_a_title_wider_than_its_plot_shrinks_to_fit_and_grows_back(make_plot, qtbot, fast):
    plot = make_plot(1000, 300, fast=fast)
    title = "saturated entries and dead units per hidden layer, %"
    plot.show_title(title, "20pt")
    label = plot.plot_item.titleLabel
    qtbot.wait(1)
    assert label.opts["size"] == "20pt"  # it fits: the size asked for
    plot.resize(260, 300)
    qtbot.waitUntil(lambda: label.opts["size"] != "20pt")
    assert 12.0 <= float(label.opts["size"][:-2]) < 20.0  # smaller, down to 60 % at most
    available = plot.plot_item.getViewBox().width()
    assert label.item.boundingRect().width() <= available * 1.02 or float(
        label.opts["size"][:-2]
    ) == pytest.approx(12.0, abs=0.1)
    assert label.text == title
    assert plot.plot_item.geometry().width() <= plot.width()  # the title never widens it
    plot.resize(1000, 300)
    qtbot.waitUntil(lambda: label.opts["size"] == "20pt")


@pytest.mark.parametrize("axis", ["x", "y"])
def test_backdrop_bands_shade_exactly_their_interval(make_plot, ink, qtbot, axis):
    from explorer.ui.plot.items import Backdrop

    plot = make_plot(400, 300)
    plot.show_grid(x=False, y=False)
    plot.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    backdrop = Backdrop(plot.plot_item)
    backdrop.set_bands([(2.0, 4.0)], "#FF0000", axis=axis)
    qtbot.wait(1)
    red = ink(plot, "#FF0000")
    view = plot.plot_item.getViewBox().sceneBoundingRect()
    along = 1 if axis == "y" else 0  # y-bands fill rows, x-bands columns
    lines = np.nonzero(red.any(axis=along))[0]
    length = view.height() if axis == "y" else view.width()
    start = view.top() if axis == "y" else view.left()
    # y from 2 to 4 of 0…10 is rows 60–80 % down the view; x from 2 to 4 is columns 20–40 %
    low, high = (0.6, 0.8) if axis == "y" else (0.2, 0.4)
    assert lines.min() == pytest.approx(start + low * length, abs=2)
    assert lines.max() == pytest.approx(start + high * length, abs=2)
    across = red.any(axis=1 - along).sum()
    assert across > 0.9 * (view.width() if axis == "y" else view.height())  # across the plot

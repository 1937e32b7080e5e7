"""LinesItem: several lines by one item, drawn as pixel segments, gaps where values are NaN."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.ui.labs.optimizers.lines_item import LinesItem
from explorer.ui.plot import StyledPlot

PENS = {"red": pg.mkPen("#ff0000", width=3), "blue": pg.mkPen("#0000ff", width=3)}


def rendered(qtbot, lines: LinesItem) -> QImage:
    plot = StyledPlot("lines", "x", "y", legend=False)
    qtbot.addWidget(plot)
    plot.plot_item.addItem(lines)
    plot.plot_item.setXRange(0, 10, padding=0)
    plot.plot_item.setYRange(0, 10, padding=0)
    return plot, shown_on_white(qtbot, plot, (400, 400))


def shown_on_white(qtbot, plot: StyledPlot, size: tuple[int, int]) -> QImage:
    """``plot`` shown at ``size`` and rendered onto a white image."""
    plot.resize(*size)
    plot.show()
    qtbot.waitExposed(plot)
    image = QImage(plot.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    plot.render(painter)
    painter.end()
    return image


def colour_at(plot, image, x, y) -> str:
    """The pen colour found within a pixel of (x, y) (antialiasing shades a line's edge):
    "red", "blue" or "none"."""
    scene = plot.plot_item.vb.mapViewToScene(pg.Point(x, y))
    point = plot.mapFromScene(scene)
    for dy in (0, -1, 1):
        c = image.pixelColor(point.x(), point.y() + dy)
        if c.red() > 200 and c.green() < 60 and c.blue() < 60:
            return "red"
        if c.blue() > 200 and c.red() < 60 and c.green() < 60:
            return "blue"
    return "none"


def test_lines_are_drawn_in_their_pens_with_gaps(qtbot):
    lines = LinesItem(lambda key: PENS[key])
    lines.set_line("red", [1, 5, 9], [2, 2, 2])
    lines.set_line("blue", [1, 3, 5, 7, 9], [8, 8, np.nan, 8, 8])  # a gap from 3 to 7
    assert lines.keys() == ("red", "blue")
    assert lines.dataBounds(0) == (1.0, 9.0) and lines.dataBounds(1) == (2.0, 8.0)
    plot, image = rendered(qtbot, lines)
    assert colour_at(plot, image, 3, 2) == "red"
    assert colour_at(plot, image, 2, 8) == "blue"
    assert colour_at(plot, image, 8, 8) == "blue"
    assert colour_at(plot, image, 5, 8) == "none"  # the gap
    lines.set_order(("blue", "red"))
    assert lines.keys() == ("blue", "red")
    lines.clear_line("red")
    assert lines.keys() == ("blue",) and lines.line("red") is None
    assert lines.dataBounds(1) == (8.0, 8.0)


def test_points_within_one_pixel_still_reach_the_end(qtbot):
    lines = LinesItem(lambda key: PENS[key])
    x = np.concatenate([np.linspace(1, 5, 50), 5 + np.linspace(0, 1e-4, 200), [9]])
    lines.set_line("red", x, np.full(x.size, 5.0))
    plot, image = rendered(qtbot, lines)
    assert colour_at(plot, image, 3, 5) == "red"
    assert colour_at(plot, image, 8.5, 5) == "red"  # the last point, after the settled ones


def line_mask(image: QImage, rgb: str) -> np.ndarray:
    """Where ``image`` shows the pen colour ``rgb`` ("red" or "blue"), as a bool array."""
    pixels = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(pixels.constBits(), np.uint8).reshape(pixels.height(), -1, 4)
    b, g, r = raw[..., 0].astype(int), raw[..., 1].astype(int), raw[..., 2].astype(int)
    if rgb == "red":
        return (r > 200) & (g < 60) & (b < 60)
    return (b > 200) & (r < 60) & (g < 60)


def test_plain_mode_draws_pyqtgraphs_own_curves_where_the_fast_paint_draws(qtbot):
    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.normal(0, 0.3, size=(2, 300)), axis=1) + 5.0
    drawn = {}
    for fast in (True, False):
        lines = LinesItem(lambda key: PENS[key], fast=fast)
        lines.set_line("red", np.linspace(0.5, 9.5, 300), walk[0])
        lines.set_line("blue", [1, 3, 5, 7, 9], [8, 8, np.nan, 8, 8])
        lines.set_order(("blue", "red"))
        plot, image = rendered(qtbot, lines)
        drawn[fast] = {colour: line_mask(image, colour) for colour in PENS}
        children = [item for item in lines.childItems() if isinstance(item, pg.PlotCurveItem)]
        assert len(children) == (0 if fast else 2)
        if not fast:
            assert colour_at(plot, image, 5, 8) == "none"  # the library's gap too
            lines.clear_line("blue")
            assert len([i for i in lines.childItems() if isinstance(i, pg.PlotCurveItem)]) == 1
    for colour in PENS:
        fast, plain = drawn[True][colour], drawn[False][colour]
        assert plain.sum() > 300
        overlap = (fast & plain).sum() / (fast | plain).sum()
        # a line 12 px off overlaps nothing; antialiasing differs at the edges (~0.7 seen)
        assert overlap > 0.55, (colour, overlap)


def race_image(qtbot, thin: bool, loss: bool, size: tuple[int, int]):
    """The default race's nine loss curves (log10 f − f* per step) or paths, drawn by one
    LinesItem with the lab's pens, thinned or every segment drawn: (RGB array, segments)."""
    from explorer.state.optimizers.session import OptimizersSession
    from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS
    from explorer.ui.theme import BASE_LINE_WIDTH

    pens = {key: pg.mkPen(colour, width=BASE_LINE_WIDTH) for key, colour in ENTRY_COLOURS.items()}
    lines = LinesItem(lambda key: pens[key], fast=True, straight=loss)  # as the lab's plots
    lines.thin = thin
    for run in OptimizersSession().snapshot().runs:
        if loss:
            lines.set_line(run.key, np.arange(len(run.loss)), np.log10(run.loss + 1e-12))
        else:
            lines.set_line(run.key, run.path[:, 0], run.path[:, 1])
    plot = StyledPlot("lines", "x", "y", legend=False)
    plot.setBackground("w")  # the app's (explorer/app.py)
    qtbot.addWidget(plot)
    plot.plot_item.addItem(lines)
    if not loss:
        plot.plot_item.setXRange(-2, 2, padding=0)
        plot.plot_item.setYRange(-1, 3, padding=0)
    image = shown_on_white(qtbot, plot, size)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    segments = sum(len(kept[1][0]) for kept in lines._kept.values())
    return raw[..., :3].astype(float), segments


def seen(image: np.ndarray) -> np.ndarray:
    """Each pixel averaged with its 8 neighbours: what an eye sees of sub-pixel detail."""
    total = np.zeros_like(image)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            total += np.roll(np.roll(image, dy, axis=0), dx, axis=1)
    return total / 9


@pytest.mark.parametrize("loss, size", [(True, (352, 245)), (True, (1000, 600)),
                                        (False, (520, 403))])  # fmt: skip
def test_thinning_draws_the_race_as_every_segment_does(qtbot, loss, size):
    """Left-out points change the picture by antialiasing only: where a line's edge falls
    within a pixel and how bold its joints are (each joint is drawn twice). On the app's
    white, averaged over 3 × 3 pixels, no spot changes by a quarter of full intensity (seen:
    29–33 / 255 for the step curves, 49 at one sharp turn of a path; a single pixel's channel
    by up to ~140), and the image as a whole by less than 1 / 255."""
    thinned, fewer = race_image(qtbot, True, loss, size)
    full, every = race_image(qtbot, False, loss, size)
    assert every == 9 * 300 and fewer < 0.6 * every  # it does thin: ≥ 40 % fewer segments
    assert np.abs(thinned - full).mean() < 1.0
    spots = np.abs(seen(thinned) - seen(full))
    assert spots.max() < 64
    assert (spots > 24).sum() < 0.001 * spots[..., 0].size


def test_a_new_line_recomputes_its_own_segments_only(qtbot):
    lines = LinesItem(lambda key: PENS[key], fast=True)
    lines.set_line("red", [1, 5, 9], [2, 2, 2])
    lines.set_line("blue", [1, 9], [8, 8])
    plot, _image = rendered(qtbot, lines)
    kept = dict(lines._kept)
    assert set(kept) == {"red", "blue"}
    lines.set_line("red", [1, 5, 9], [3, 3, 3])
    image = QImage(plot.size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    plot.render(painter)
    painter.end()
    assert lines._kept["blue"] is kept["blue"]  # as it was: not computed again
    assert lines._kept["red"] is not kept["red"]
    assert colour_at(plot, image, 3, 3) == "red" and colour_at(plot, image, 3, 2) == "none"


def test_a_path_flying_off_maps_to_pixels_without_a_warning(qtbot):
    import warnings

    lines = LinesItem(lambda key: PENS[key], fast=True)
    lines.set_line("red", [1, 5, 3e307, np.inf], [2, 2, 3e307, 5])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow to ±inf is a gap, not a RuntimeWarning
        plot, image = rendered(qtbot, lines)
    assert colour_at(plot, image, 3, 2) == "red"

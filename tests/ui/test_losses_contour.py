"""The margin tab's level lines (NumPy marching squares) against pyqtgraph's isocurve."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from explorer.ui.labs.losses.contour import level_lines


def segments(x: np.ndarray, y: np.ndarray) -> set:
    """The segments of NaN-separated polylines."""
    assert np.isnan(x[-1]) and np.array_equal(np.isnan(x), np.isnan(y))
    out = set()
    for k in range(x.size - 1):
        if not (np.isnan(x[k]) or np.isnan(x[k + 1])):
            out.add(frozenset({(round(x[k], 9), round(y[k], 9)),
                               (round(x[k + 1], 9), round(y[k + 1], 9))}))  # fmt: skip
    return out


def pyqtgraph_segments(z: np.ndarray, level: float, origin, step) -> set:
    """pyqtgraph's segments in the same coordinates: it puts sample (i, j) at (i + ½, j + ½)
    with i the row; here x follows the column."""
    out = set()
    for a, b in pg.functions.isocurve(z, level):
        ends = [(round(origin[0] + (c - 0.5) * step, 9), round(origin[1] + (r - 0.5) * step, 9))
                for r, c in (a, b)]  # fmt: skip
        out.add(frozenset(ends))
    return out


@pytest.mark.parametrize("level", [0.0, 0.4, -1.0])
def test_the_segments_are_pyqtgraphs_where_no_cell_is_a_saddle(level):
    g = np.linspace(-2.4, 2.4, 41)
    X, Y = np.meshgrid(g, g)  # rows along y
    z = 0.8 * X - 0.5 * Y + 0.3 * X * X  # a parabola's levels: no saddle cell
    x, y = level_lines(z, level, (-2.4, -2.4), g[1] - g[0])
    mine = segments(x, y)
    assert mine == pyqtgraph_segments(z, level, (-2.4, -2.4), g[1] - g[0])
    assert len(mine) > 20
    # every point lies on a cell edge: one of its grid coordinates is whole
    finite = ~np.isnan(x)
    xi, yi = (x[finite] + 2.4) / (g[1] - g[0]), (y[finite] + 2.4) / (g[1] - g[0])
    assert np.all(np.isclose(xi, np.round(xi)) | np.isclose(yi, np.round(yi)))
    # joined: one polyline per branch of the level set, not one per cell
    assert np.count_nonzero(np.isnan(x)) <= 3 < len(mine)


def test_a_saddle_is_split_by_its_centre():
    z = np.array([[1.0, -1.0], [-1.0, 1.0]])  # a and c inside, b and d outside
    x, y = level_lines(z + 0.1, 0.0, (0.0, 0.0), 1.0)  # centre 0.1 inside: a–c joined
    assert segments(x, y) == {
        frozenset({(0.55, 0.0), (1.0, 0.45)}),  # cuts off corner b (1, 0)
        frozenset({(0.45, 1.0), (0.0, 0.55)}),  # cuts off corner d (0, 1)
    }
    x, y = level_lines(z - 0.1, 0.0, (0.0, 0.0), 1.0)  # centre outside: a and c cut off
    assert segments(x, y) == {
        frozenset({(0.45, 0.0), (0.0, 0.45)}),
        frozenset({(1.0, 0.55), (0.55, 1.0)}),
    }


def test_no_crossing_no_segments():
    x, y = level_lines(np.ones((5, 5)), 2.0, (0.0, 0.0), 1.0)
    assert x.size == y.size == 0

"""The line where a score image crosses a level, by marching squares in NumPy.

pyqtgraph's ``IsocurveItem`` walks the cells in Python (its ``functions.isocurve`` says "This
function is SLOW"): ~2 ms for a 61 × 61 image on a quiet machine, 9 ms under load, for each of
the margin tab's boundaries, which redraw while the classifiers train. This does the same
cells at once, then joins the segments that share an end into polylines (a dashed pen then
dashes along the line, not per cell), separated by NaN for one
``setData(..., connect="finite")``. Pure NumPy (no Qt), so a candidate for a shared plot helper.
"""

from __future__ import annotations

from collections import deque

import numpy as np

# the edges of a cell, as (corner, corner) of (0 bottom-left, 1 bottom-right, 2 top-right,
# 3 top-left): bottom, right, top, left
_EDGES = ((0, 1), (1, 2), (3, 2), (0, 3))


def level_lines(
    z: np.ndarray, level: float, origin: tuple[float, float], step: float
) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of the polylines of {z = level}, each followed by a NaN.

    ``z`` (rows, cols) is sampled row-major: z[i, j] at x = origin[0] + j·step,
    y = origin[1] + i·step. A corner is inside when z ≥ level; on each cell edge with one
    corner inside the crossing is interpolated linearly. A cell with all four edges crossed
    (a saddle) is split by its centre value, the mean of its corners.
    """
    z = np.asarray(z, dtype=np.float64)
    corners = (z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1])  # each (rows − 1, cols − 1)
    inside = [c >= level for c in corners]
    rows, cols = np.mgrid[0 : z.shape[0] - 1, 0 : z.shape[1] - 1].astype(np.float64)
    offsets = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))  # (dx, dy) of each corner
    crossed, xs, ys = [], [], []
    for a, b in _EDGES:
        crossed.append(inside[a] != inside[b])
        with np.errstate(divide="ignore", invalid="ignore"):  # uncrossed edges: unused
            t = (level - corners[a]) / (corners[b] - corners[a])
            xs.append(cols + offsets[a][0] + t * (offsets[b][0] - offsets[a][0]))
            ys.append(rows + offsets[a][1] + t * (offsets[b][1] - offsets[a][1]))
    crossed, xs, ys = np.stack(crossed), np.stack(xs), np.stack(ys)  # (4, rows − 1, cols − 1)
    count = crossed.sum(axis=0)
    pairs = []
    # two crossed edges: one segment between them
    two = count == 2
    first = np.argmax(crossed, axis=0)
    last = 3 - np.argmax(crossed[::-1], axis=0)
    pairs.append((first[two], last[two], two))
    # a saddle: the centre decides which corners the two segments cut off
    four = count == 4
    centre = sum(corners) / 4 >= level
    cut_b_d = four & (centre == inside[0])  # a and c joined: cut off b and d
    cut_a_c = four & (centre != inside[0])
    for mask, (p, q), (r, s) in ((cut_b_d, (0, 1), (2, 3)), (cut_a_c, (0, 3), (1, 2))):
        n = np.count_nonzero(mask)
        pairs.append((np.full(n, p), np.full(n, q), mask))
        pairs.append((np.full(n, r), np.full(n, s), mask))
    x_out, y_out = [], []
    for e1, e2, mask in pairs:
        if not np.any(mask):
            continue
        x_out.append(np.stack([xs[:, mask][e1, np.arange(e1.size)],
                               xs[:, mask][e2, np.arange(e2.size)],
                               np.full(e1.size, np.nan)], axis=1).ravel())  # fmt: skip
        y_out.append(np.stack([ys[:, mask][e1, np.arange(e1.size)],
                               ys[:, mask][e2, np.arange(e2.size)],
                               np.full(e1.size, np.nan)], axis=1).ravel())  # fmt: skip
    if not x_out:
        return np.empty(0), np.empty(0)
    x, y = chain(np.concatenate(x_out), np.concatenate(y_out))
    return origin[0] + x * step, origin[1] + y * step


def chain(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Join segments (two points and a NaN each) that share an end into polylines (each
    followed by a NaN). Two cells compute the crossing on their shared edge from the same two
    values in the same order, so shared ends are equal exactly."""
    xy = np.stack([x, y], axis=1).reshape(-1, 3, 2)[:, :2].tolist()  # plain floats: fast
    ends = [(tuple(p), tuple(q)) for p, q in xy]
    at: dict[tuple, list[int]] = {}
    for k, (p, q) in enumerate(ends):
        at.setdefault(p, []).append(k)
        at.setdefault(q, []).append(k)
    used = [False] * len(ends)
    lines = []
    for start, (p0, q0) in enumerate(ends):
        if used[start]:
            continue
        used[start] = True
        line = deque((p0, q0))
        for forward in (True, False):  # grow from the last point, then from the first
            tip = line[-1] if forward else line[0]
            while True:
                nxt = next((k for k in at[tip] if not used[k]), None)
                if nxt is None:
                    break
                used[nxt] = True
                p, q = ends[nxt]
                tip = q if p == tip else p
                line.append(tip) if forward else line.appendleft(tip)
        lines.append(line)
    points = [p for line in lines for p in (*line, (np.nan, np.nan))]
    out = np.array(points)
    return out[:, 0], out[:, 1]

"""The loss-functions lab's drags, timed offscreen (a script, not a test).

Each row moves one thing the way a mouse drag does and times, per move: the drag's signal →
config update → refit or recompute → redraw (``setData``) → Qt's paint of what changed.

    data point   a point dragged across the data plot with four losses ticked: every line
                 refits (least squares, exact L1, IRLS for Huber and Smooth L1), the markers and
                 the pull bars follow            target: median ≤ 8 ms, p95 ≤ 16 ms
    data point, MLP  the same with the small MLP: each move continues the four nets 10 Adam
                 steps (warm start)         target: within a frame or two (≤ 16 / 33 ms)
    logit        a logit handle dragged up and down: softmax, CE, p − q, focal
                 target: median ≤ 5 ms
    class weight the weight of a non-true class, with label smoothing ε = 0.1
    margin w     the direction of w (the margin tab's main slider), the runs trained
    MLP noise    the noise of the data with the small MLP classifier: each move trains it anew
                 (200 Adam steps); the runs under each loss are dropped, as for a linear one
    neuron w     the neuron's start weight: two 300-step runs recomputed

    python benchmarks/losses.py [--moves 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from explorer.app import configure_environment  # after the path, before Qt

configure_environment(offscreen=True)
os.environ.setdefault("EXPLORER_SETTINGS", os.path.join(os.path.dirname(__file__), ".bench.ini"))


def sweep(n: int, lo: float, hi: float) -> list[float]:
    """Back and forth across [lo, hi] in steps of a fiftieth, like a drag."""
    out = []
    for i in range(n):
        t = (i % 50) / 49
        t = t if (i // 50) % 2 == 0 else 1 - t
        out.append(lo + t * (hi - lo))
    return out


def timed(app, page, moves, act) -> dict:
    times = []
    for value in moves:
        start = time.perf_counter()
        act(value)
        page.scheduler.flush()  # the redraw the next frame would run
        for _ in range(3):  # pyqtgraph schedules its viewport update an event later
            app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    times = sorted(times[10:])  # the first moves warm caches up
    return {
        "moves": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    # benchmarks/ui.py's fixed workload: how fast this shared machine runs right now
    reference_ms = runpy.run_path(os.path.join(os.path.dirname(__file__), "ui.py"))["reference_ms"]
    from harness import open_window

    reference_before = reference_ms()
    app, window = open_window("losses")
    page = window.current_page
    session = page.session
    rows = []

    def on_tab(key: str):
        session.update(tab=key)
        page.flush()
        for _ in range(3):
            app.processEvents()
        return page.tabs[page._index(key)]

    n = args.moves + 10
    regression = on_tab("regression")
    assert len(session.config.reg_losses) == 4
    x0 = session.config.reg_points[3][0]
    # the data plot's own signal, as DraggablePoints emits it on each mouse move
    drag_point = regression.data_view.pointDragged.emit
    rows.append(
        ("data point", timed(app, page, sweep(n, -3.5, 3.5), lambda y: drag_point(3, x0, y)))
    )
    session.update(reg_model="mlp")
    page.flush()
    rows.append(
        ("data point, MLP", timed(app, page, sweep(n, -3.5, 3.5), lambda y: drag_point(3, x0, y)))
    )
    softmax = on_tab("softmax")
    rows.append(
        (
            "logit",
            timed(
                app,
                page,
                sweep(n, -6.0, 6.0),
                lambda z: softmax.logits_view.logitDragged.emit(2, z),
            ),
        )
    )
    session.update(softmax_smoothing=0.1)
    rows.append(
        (
            "class weight",
            timed(app, page, sweep(n, 0.1, 5.0), lambda w: session.set_class_weight(2, w)),
        )
    )
    margin = on_tab("margin")
    session.update(margin_trained=True)
    angle = margin.panel.angle
    rows.append(
        (
            "margin w",
            timed(app, page, sweep(n, -180.0, 180.0), lambda v: angle.valueChanged.emit(v)),
        )
    )
    session.update(margin_model="mlp")
    noise = margin.panel.noise
    rows.append(
        ("MLP noise", timed(app, page, sweep(n, 0.0, 1.0), lambda v: noise.valueChanged.emit(v)))
    )
    neuron = on_tab("neuron")
    weight = neuron.panel.w
    rows.append(
        ("neuron w", timed(app, page, sweep(n, -5.0, 5.0), lambda v: weight.valueChanged.emit(v)))
    )

    print(f"reference workload: {reference_before:.1f} ms before, {reference_ms():.1f} ms after "
          "(lower is faster; compare runs by it)")  # fmt: skip
    print(f"{'drag':<17}{'moves':>7}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for label, row in rows:
        print(f"{label:<17}{row['moves']:>7}{row['median_ms']:>11}{row['p95_ms']:>9}"
              f"{row['max_ms']:>9}")  # fmt: skip
    if args.json:
        print(json.dumps({label: row for label, row in rows}, indent=2))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

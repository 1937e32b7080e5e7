"""The loss-functions lab's drags, timed offscreen (a script, not a test).

Each row moves one thing the way a mouse drag does and times, per move: the drag's signal →
config update → refit or recompute → redraw (``setData``) → Qt's paint of what changed.

    data point   a point dragged across the data plot with four losses ticked: every line
                 refits (least squares, exact L1, IRLS for Huber and Smooth L1), the markers and
                 the pull bars follow            target: median ≤ 8 ms, p95 ≤ 16 ms
    data point, MLP  the same with the small MLP: each move continues a copy of the four nets
                 on screen 10 Adam steps (the approximation a drag shows; the exact fits run
                 in slices once it rests)    target: within a frame or two (≤ 16 / 33 ms)
    logit        a logit handle dragged up and down: softmax, CE, p − q, focal
                 target: median ≤ 5 ms
    class weight the weight of a non-true class, with label smoothing ε = 0.1
    margin w     the direction of w (the margin tab's main slider), the runs trained
    MLP noise    the noise of the data with the small MLP classifier: each move shows the last
                 finished net on the new data (its training runs in slices once the drag
                 rests); the runs under each loss are dropped, as for a linear one
                 target: no move over 25 ms
    neuron w     the neuron's start weight: two 300-step runs recomputed

Then the work that runs in slices between frames, from the click until it is done: the click's
own frame, the longest frame after it (one slice and its redraw), the time to finish and the
frames it took (target: no frame over ~25 ms); the median of ``--repeats`` runs, each from
scratch. A "frame" is one pass of the event loop: it may hold a slice and the redraw after it.

    switch to MLP       the regression model combo to the small MLP: four exact fits
    train, MLPs         "Train under each loss" ticked with the small MLP classifier (its
                        logistic run is the live classifier's, trained before the click)
    train, 5 linear     the same with the linear classifier

    python benchmarks/losses.py [--moves 300] [--json] [--cpu] [--repeats 3]

--cpu times the UI thread's CPU time instead of the wall clock (time.thread_time): on a
machine other programs load, a frame's wall time includes the time the thread waited for a
core; its CPU time is closer to what a quiet machine shows (compare runs with the same flag).
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


clock = time.perf_counter  # --cpu: time.thread_time


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
        start = clock()
        act(value)
        page.scheduler.flush()  # the redraw the next frame would run
        for _ in range(3):  # pyqtgraph schedules its viewport update an event later
            app.processEvents()
        times.append((clock() - start) * 1000)
    times = sorted(times[10:])  # the first moves warm caches up
    return {
        "moves": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
    }


def forget(session) -> None:
    """Drop every finished fit, so a job is timed from scratch (also on the code before the
    fits ran in slices, which cached them elsewhere: for runs against it)."""
    if hasattr(session, "forget_fits"):
        session.forget_fits()
        return
    from explorer.state.losses.training import trained_run

    trained_run.cache_clear()
    session._fitters.clear()
    session._views.clear()
    session.invalidate()


def until_done(app, page, act) -> dict:
    """Time ``act`` (a click) and every pass of the event loop after it until the lab has
    nothing left to compute or draw: the click's frame, the longest later one, the total."""
    start = clock()
    act()
    page.scheduler.flush()
    app.processEvents()
    first = clock() - start
    frames = []
    while page.busy() or page.scheduler.pending:
        before = clock()
        app.processEvents()
        frames.append(clock() - before)
        time.sleep(0.0005)  # the idle rest of a frame: the loop waits for its timers
    total = clock() - start
    worked = sorted(f for f in frames if f > 0.001)  # passes that ran a slice or a redraw
    return {
        "click_ms": round(first * 1000, 2),
        "max_frame_ms": round(max([first, *frames]) * 1000, 2),
        "p95_later_ms": round(worked[int(0.95 * (len(worked) - 1))] * 1000, 2) if worked else 0,
        "total_ms": round(total * 1000, 1),
        "frames": len(worked),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="time the UI thread's CPU time")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each job (median)")
    args = parser.parse_args()
    global clock
    clock = time.thread_time if args.cpu else time.perf_counter

    # benchmarks/ui.py's fixed workload: how fast this shared machine runs right now
    reference_ms = runpy.run_path(os.path.join(os.path.dirname(__file__), "ui.py"))["reference_ms"]
    from harness import open_window

    from explorer.state.losses.config import LossesConfig

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
    until_done(app, page, lambda: None)  # the runs train in slices, then w is turned
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

    # --- the work in slices, from the default config each time -------------------------------
    jobs = []
    for label, tab, prepare, click in (
        ("switch to MLP", "regression", {},
         lambda t: t.panel.model.setCurrentIndex(t.panel.model.findData("mlp"))),
        ("train, MLPs", "margin", {"margin_model": "mlp"},
         lambda t: t.panel.trained.setChecked(True)),
        ("train, 5 linear", "margin", {},
         lambda t: t.panel.trained.setChecked(True)),
    ):  # fmt: skip
        runs = []
        for _ in range(args.repeats):
            session.replace_config(LossesConfig(tab=tab, **prepare))
            forget(session)
            page.request_redraw()
            until_done(app, page, lambda: None)  # what the preparation started (the live MLP)
            shown = page.tabs[page._index(tab)]
            runs.append(until_done(app, page, lambda shown=shown, click=click: click(shown)))
        # the median run by its longest frame (the first run also pays first-use costs)
        jobs.append((label, sorted(runs, key=lambda r: r["max_frame_ms"])[len(runs) // 2]))

    if args.cpu:
        print("times below: CPU time of the UI thread (--cpu)")
    print(f"reference workload: {reference_before:.1f} ms before, {reference_ms():.1f} ms after "
          "(lower is faster; compare runs by it)")  # fmt: skip
    print(f"{'drag':<17}{'moves':>7}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for label, row in rows:
        print(f"{label:<17}{row['moves']:>7}{row['median_ms']:>11}{row['p95_ms']:>9}"
              f"{row['max_ms']:>9}")  # fmt: skip
    print(f"\n{'work in slices':<17}{'click ms':>9}{'max frame ms':>14}{'p95 after':>11}"
          f"{'total ms':>10}{'frames':>8}")  # fmt: skip
    for label, row in jobs:
        print(f"{label:<17}{row['click_ms']:>9}{row['max_frame_ms']:>14}{row['p95_later_ms']:>11}"
              f"{row['total_ms']:>10}{row['frames']:>8}")  # fmt: skip
    if args.json:
        print(json.dumps({label: row for label, row in rows + jobs}, indent=2))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

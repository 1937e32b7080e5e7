"""The Optimizers lab's drags, timed offscreen from the change to a finished repaint (a script,
not a test).

At the lab's defaults (nine optimizers × 300 steps on Rosenbrock) it drags

* the start point along a circle (every run is recomputed),
* Adam's learning rate (one run is recomputed),
* the quadratic's condition number κ (every run and the heat map are recomputed),

and reports the median and p95 ms per change, as ``benchmarks/ui.py`` does for a slider: the
change → config → snapshot (the runs) → ``setData`` → Qt's paint of what changed. It also times
the nine runs alone (the core's fast path) and a fixed reference workload, to compare machines.

    python benchmarks/optimizers.py [--changes 200]

Targets on 2 cores (issue #15): median ≤ 8 ms, p95 ≤ 16 ms per change.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from ui import reference_ms  # noqa: E402  (benchmarks/ui.py: configures Qt offscreen first)


def summary(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def time_changes(app, page, change, count: int) -> list[float]:
    times = []
    for i in range(count + 10):
        start = time.perf_counter()
        change(i)
        page.scheduler.flush()
        for _ in range(3):  # pyqtgraph schedules its viewport update one event later
            app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times[10:]  # the first changes warm caches up


def time_runs_alone(count: int) -> list[float]:
    from explorer.state.optimizers.config import OptimizersConfig
    from explorer.state.optimizers.race import RaceRunner

    config, times = OptimizersConfig(), []
    for i in range(count):
        runner = RaceRunner()  # empty cache: every run computed
        moved = OptimizersConfig(start=(-1.2 + 1e-3 * i, 1.0))
        start = time.perf_counter()
        for key in config.ticked:
            runner.run(moved, key)
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_phase_slices(entry: str = "adam") -> list[float]:
    """The phase diagram's slices (lr × its second hyper-parameter, 40 × 40 runs of 200
    steps, the lab's 4 ms budget); prints the time to fill it."""
    from explorer.state.optimizers.config import OptimizersConfig
    from explorer.state.optimizers.phase import PHASE_SIZE, PhaseJob

    job, slices = PhaseJob(OptimizersConfig(selected=entry)), []
    start = time.perf_counter()
    while not job.done:
        begin = time.perf_counter()
        job.advance(0.004)
        slices.append((time.perf_counter() - begin) * 1000)
    total = (time.perf_counter() - start) * 1000
    print(f"phase diagram of {entry}, {PHASE_SIZE} × {PHASE_SIZE} × {job.steps} steps: "
          f"{total:.0f} ms in {len(slices)} slices (the first builds the grid)")  # fmt: skip
    return slices


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()

    from harness import open_window

    from explorer.state.optimizers.config import OptimizersConfig

    app, window = open_window("optimizers")
    page = window.current_page
    reference_before = reference_ms()
    rows = []

    def start_drag(i: int) -> None:  # a circle around Rosenbrock's classic start
        angle = 2 * math.pi * i / 100
        page.surface_view.startDragged.emit(
            -1.2 + 0.3 * math.cos(angle), 1.0 + 0.3 * math.sin(angle)
        )

    rows.append(("start point (9 runs)", time_changes(app, page, start_drag, args.changes)))
    page.session.replace_config(OptimizersConfig())
    lr = page.hyper_panel.controls[("adam", "lr")]

    def lr_drag(i: int) -> None:
        value = 10 ** (-2 + 1.5 * abs((i % 100) - 50) / 50)
        lr.setValue(value)
        lr.valueChanged.emit(lr.value())

    rows.append(("Adam lr (1 run)", time_changes(app, page, lr_drag, args.changes)))
    page.session.replace_config(OptimizersConfig(surface="quadratic", start=(-2.5, 1.5)))
    kappa = page.surface_panel.sliders["quadratic.condition_number"]

    def kappa_drag(i: int) -> None:
        kappa.setValue(10 ** (3 * abs((i % 100) - 50) / 50))
        kappa.valueChanged.emit(kappa.value())

    rows.append(("quadratic κ (9 runs + map)", time_changes(app, page, kappa_drag, args.changes)))
    rows.append(("9 runs × 300 steps alone", time_runs_alone(args.changes)))
    rows.append(("phase slice, Adam (4 ms budget)", time_phase_slices()))
    rows.append(("phase slice, momentum (grouped)", time_phase_slices("momentum")))
    reference_after = reference_ms()
    print(f"reference workload: {reference_before:.1f} ms before, {reference_after:.1f} ms after "
          "(this machine's speed at the time; lower is faster)")  # fmt: skip
    print(f"{'change':<30}{'count':>7}{'median ms':>11}{'p95 ms':>9}")
    for label, times in rows:
        median, p95 = summary(times)
        print(f"{label:<30}{len(times):>7}{median:>11.2f}{p95:>9.2f}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Depth & gradients lab: bar-recompute times through the real page, and training speed.

For each control change it measures what a user waits for: the control's ``valueChanged`` →
config update → probe pass (forward/backward of the probe batch) → redraw (``setData``) →
Qt's scene update → a synchronous repaint of the page. Then it trains for a few seconds with
the event loop running (as in the app) and reports steps per second, redraws per second and
the event-loop latency (the longest a 5 ms timer waited: how responsive the window stays).

    python benchmarks/depth.py            # table
    python benchmarks/depth.py --json     # also JSON

Targets on a 2-core machine: bars at depth 64 × width 128 recomputed in ≤ 16 ms (median).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from explorer.app import configure_environment  # after the path, before Qt

configure_environment(offscreen=True)  # as the app does
os.environ.setdefault("EXPLORER_SETTINGS", os.path.join(os.path.dirname(__file__), ".bench.ini"))


def change_times(app, page, control, values, warmup: int = 5) -> dict:
    """Milliseconds from a control change to a finished repaint, for each value: wall-clock
    and CPU time of the UI thread (on a shared machine the wall clock also counts the time
    other processes held the cores)."""
    wall, cpu = [], []
    for value in values:
        start, start_cpu = time.perf_counter(), time.thread_time()
        control.setValue(value)
        control.valueChanged.emit(control.value())
        page.flush()
        app.processEvents()
        page.repaint()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    wall, cpu = sorted(wall[warmup:]), sorted(cpu[warmup:])
    return {
        "median_ms": round(statistics.median(wall), 2),
        "p95_ms": round(wall[int(0.95 * (len(wall) - 1))], 2),
        "max_ms": round(wall[-1], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "changes": len(wall),
    }


def drag(low: int, high: int, n: int) -> list[int]:
    """Back and forth between low and high, one step at a time, like a mouse drag."""
    cycle = list(range(low, high + 1)) + list(range(high - 1, low, -1))
    return [cycle[i % len(cycle)] for i in range(n)]


def run_events(app, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def training(app, page, config, seconds: float) -> dict:
    """Steps/s and redraws/s while playing, and the event-loop latency meanwhile."""
    from PySide6.QtCore import QTimer

    page.session.replace_config(config)
    page.flush()
    gaps, last = [], [time.perf_counter()]

    def on_probe() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    probe = QTimer(interval=5)
    probe.timeout.connect(on_probe)
    page.set_playing(True)
    steps, redraws = page.training_steps(), page.scheduler.fired
    jobs, ticks = page.driver.worker_jobs, page.driver.ui_ticks
    start = last[0] = time.perf_counter()
    probe.start()
    run_events(app, seconds)
    probe.stop()
    elapsed = time.perf_counter() - start
    page.set_playing(False)
    page.driver.wait()
    gaps.sort()
    return {
        "steps_per_s": round((page.training_steps() - steps) / elapsed, 1),
        "redraws_per_s": round((page.scheduler.fired - redraws) / elapsed, 1),
        # where most steps ran: the UI thread for cheap steps, a worker for costly ones
        "thread": "worker"
        if page.driver.worker_jobs - jobs > page.driver.ui_ticks - ticks
        else "UI",
        "latency_p95_ms": round(gaps[int(0.95 * (len(gaps) - 1))], 1) if gaps else None,
        "latency_max_ms": round(gaps[-1], 1) if gaps else None,
        "stopped": page.session.train_view.diagnosis.title
        if page.session.train_view and page.session.train_view.diagnosis
        else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from harness import open_window

    from explorer.state.depth.config import DepthConfig
    from explorer.state.depth.data import PROBE_POINTS

    app, window = open_window("depth")
    page = window.current_page
    panel = page.network_panel
    n = args.changes

    rows = []
    page.session.replace_config(DepthConfig(depth=64, width=128))
    page.flush()
    rows.append(("depth 54↔64, width 128", change_times(app, page, panel.depth_slider,
                                                         drag(54, 64, n))))  # fmt: skip
    rows.append(("depth 1↔64, width 128", change_times(app, page, panel.depth_slider,
                                                        drag(1, 64, n))))  # fmt: skip
    page.session.replace_config(DepthConfig(depth=64, width=128))
    page.flush()
    lr = page.training_panel.lr_slider
    rows.append(("learning rate, 64 × 128", change_times(
        app, page, lr, [0.01 * (1 + i % 50) / 10 for i in range(n)])))  # fmt: skip
    box = panel.activation_box
    tanh = ["tanh" if i % 2 else "sigmoid" for i in range(n // 4)]
    rows.append(("activation σ↔tanh, 64 × 128", change_times(app, page, box, tanh, warmup=2)))
    same_gain = ["identity" if i % 2 else "sigmoid" for i in range(n // 4)]
    rows.append(
        ("activation σ↔identity (same gain)", change_times(app, page, box, same_gain, warmup=2))
    )
    page.session.replace_config(DepthConfig(depth=64, width=128))
    rows.append(("width 120↔128, depth 64", change_times(
        app, page, panel.width_slider, drag(120, 128, n // 4), warmup=2)))  # fmt: skip
    page.session.replace_config(DepthConfig())
    page.flush()
    rows.append(("depth 1↔64, defaults (width 32)", change_times(
        app, page, panel.depth_slider, drag(1, 64, n))))  # fmt: skip

    train_rows = [
        ("depth 10 × width 64, full batch 200", DepthConfig(depth=10, width=64)),
        ("depth 10 × width 64, batch 32", DepthConfig(depth=10, width=64, batch_size=32)),
        ("depth 64 × width 256, batch 64", DepthConfig(
            depth=64, width=256, batch_size=64, activation="tanh", learning_rate=0.01)),
    ]  # fmt: skip
    trained = [(label, training(app, page, config, args.seconds)) for label, config in train_rows]

    print(f"Bars recompute (control change → probe of {PROBE_POINTS} points → redraw → repaint)")
    print(f"{'change':<38}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'CPU ms':>9}")
    for label, row in rows:
        print(f"{label:<38}{row['changes']:>5}{row['median_ms']:>11}{row['p95_ms']:>9}"
              f"{row['max_ms']:>9}{row['cpu_median_ms']:>9}")  # fmt: skip
    print()
    print("Training (event loop running, as in the app)")
    print(f"{'settings':<38}{'steps/s':>9}{'redraws/s':>11}{'thread':>8}{'lat p95':>9}"
          f"{'lat max':>9}")  # fmt: skip
    for label, row in trained:
        rate = f"{row['steps_per_s']:>9}{row['redraws_per_s']:>11}{row['thread']:>8}"
        latency = f"{row['latency_p95_ms']:>9}{row['latency_max_ms']:>9}"
        print(f"{label:<38}{rate}{latency}  {row['stopped']}")
    if args.json:
        print(json.dumps({"bars": dict(rows), "training": dict(trained)}, indent=2))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

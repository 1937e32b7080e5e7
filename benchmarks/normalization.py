"""Normalization lab: heat-map click and slider repaint times, and training speed.

A click on a cell of the heat map (a real mouse event on the plot's viewport) → config update
→ the group's statistics → redraw → a synchronous repaint of the page: what a user waits for
after clicking. The same for the layer and batch sliders and the norm box. Then it trains
with the event loop running (as in the app): the four variants (none, BatchNorm, LayerNorm,
RMSNorm) of depth 10 × width 64, batch 64, in lock step, reporting steps per second of each
variant, redraws per second and the event-loop latency; and the "When it breaks" run.

    python benchmarks/normalization.py            # table
    python benchmarks/normalization.py --json     # also JSON

Targets (issue #17): a click repaints within one frame (median ≤ 8 ms); the four variants
train at ≥ 60 steps/s each while the plots redraw at ≥ 30 frames/s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from depth import change_times, drag, run_events  # the depth lab's timers; sets Qt up too
from ui import reference_ms  # a fixed workload: how fast the machine runs right now

os.environ.setdefault("EXPLORER_SETTINGS", os.path.join(os.path.dirname(__file__), ".bench.ini"))


def click_times(app, page, cells, warmup: int = 5) -> dict:
    """Milliseconds from a mouse click on a heat-map cell to a finished repaint."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    cell_map = page.axis_tab.cell_map
    wall, cpu = [], []
    for row, column in cells:
        point = cell_map.mapFromScene(cell_map.scene_pos_of(row, column))
        start, cpu_start = time.perf_counter(), time.thread_time()
        QTest.mouseClick(cell_map.viewport(), Qt.MouseButton.LeftButton, pos=point)
        page.flush()
        app.processEvents()
        page.repaint()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - cpu_start) * 1000)
        assert (page.session.config.row, page.session.config.column) == (row, column)
    wall, cpu = sorted(wall[warmup:]), sorted(cpu[warmup:])
    return {
        "median_ms": round(statistics.median(wall), 2),
        "p95_ms": round(wall[int(0.95 * (len(wall) - 1))], 2),
        "max_ms": round(wall[-1], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),  # the UI thread's CPU: less load-bound
        "changes": len(wall),
    }


def training(app, page, driver, steps_of, seconds: float) -> dict:
    """Steps/s and redraws/s while playing, and the event-loop latency meanwhile."""
    from PySide6.QtCore import QTimer

    page.flush()
    gaps, last = [], [time.perf_counter()]

    def on_probe() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    probe = QTimer(interval=5)
    probe.timeout.connect(on_probe)
    page.set_playing(True)
    steps, redraws = steps_of(), page.scheduler.fired
    start = last[0] = time.perf_counter()
    probe.start()
    run_events(app, seconds)
    probe.stop()
    elapsed = time.perf_counter() - start
    page.set_playing(False)
    gaps.sort()
    return {
        "steps_per_s": round((steps_of() - steps) / elapsed, 1),
        "redraws_per_s": round((page.scheduler.fired - redraws) / elapsed, 1),
        "latency_p95_ms": round(gaps[int(0.95 * (len(gaps) - 1))], 1) if gaps else None,
        "latency_max_ms": round(gaps[-1], 1) if gaps else None,
        "stopped": driver.stop_reason() or "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from harness import open_window

    from explorer.state.normalization.config import NormalizationConfig

    app, window = open_window("normalization")
    page = window.current_page
    n = args.changes
    reference_before = reference_ms()

    rows = []
    for label, config in (("16 × 16 batch (defaults)", NormalizationConfig()),
                          ("64 × 64 batch", NormalizationConfig(width=64, batch=64))):  # fmt: skip
        page.session.replace_config(config)
        page.flush()
        size = config.batch
        cells = [(i * 7 % size, i * 5 % config.width) for i in range(1, n + 1)]
        rows.append((f"click a cell, {label}", click_times(app, page, cells)))
    page.session.replace_config(NormalizationConfig())
    page.flush()
    panel = page.axis_panel
    rows.append(("layer 1↔10", change_times(app, page, panel.layer_slider, drag(1, 10, n))))
    rows.append(("batch 2↔64", change_times(app, page, panel.batch_slider, drag(2, 64, n))))
    norms = ["batchnorm", "layernorm", "rmsnorm", "groupnorm"]
    rows.append(("norm box, 4 norms", change_times(
        app, page, panel.norm_box, [norms[i % 4] for i in range(n // 2)], warmup=4)))  # fmt: skip

    page.prepare_training_benchmark()
    variants = training(app, page, page.driver, page.driver.training_steps, args.seconds)
    page.session.replace_config(NormalizationConfig(tab="breaks", width=64, noise_batch=64))
    gap = training(app, page, page.gap_driver, page.gap_driver.training_steps, args.seconds)

    reference_after = reference_ms()
    print("Heat map and controls (event → state → redraw → repaint)")
    print(f"{'change':<38}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'cpu med':>9}")
    for label, row in rows:
        print(f"{label:<38}{row['changes']:>5}{row['median_ms']:>11}{row['p95_ms']:>9}"
              f"{row['max_ms']:>9}{row['cpu_median_ms']:>9}")  # fmt: skip
    print()
    print("Training (event loop running, as in the app)")
    print(f"{'settings':<44}{'steps/s':>9}{'redraws/s':>11}{'lat p95':>9}{'lat max':>9}")
    for label, row in (("4 variants, depth 10 × 64, batch 64 (each)", variants),
                       ("BatchNorm net, depth 10 × 64, batch 64", gap)):  # fmt: skip
        rate = f"{row['steps_per_s']:>9}{row['redraws_per_s']:>11}"
        latency = f"{row['latency_p95_ms']:>9}{row['latency_max_ms']:>9}"
        print(f"{label:<44}{rate}{latency}  {row['stopped']}")
    print(f"reference workload: {reference_before:.1f} ms before, {reference_after:.1f} ms after "
          "(benchmarks/ui.py's; lower is a faster machine right now)")  # fmt: skip
    if args.json:
        reference = {"before_ms": round(reference_before, 2), "after_ms": round(reference_after, 2)}
        print(json.dumps({"reference": reference, "changes": dict(rows), "variants": variants,
                          "gap": gap}, indent=2))  # fmt: skip
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

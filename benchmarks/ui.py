"""Time from a slider change to a finished repaint, per lab, offscreen (a script, not a test).

For each lab with a ``main_control()`` it sweeps that control through 200 values and measures,
for each change: the control's ``valueChanged`` → config update → redraw (``setData``) → Qt's
scene update → the paint of everything that changed (``--full-repaint`` repaints the whole
page on top, a pessimistic bound). Then, for labs that train, it plays for a few
seconds and reports the training steps per second sustained while redrawing.

    python benchmarks/ui.py                  # table
    python benchmarks/ui.py --all-sliders    # also the activation lab's depth L and a slope
    python benchmarks/ui.py --json           # also JSON

Targets on a 2-core machine: median ≤ 8 ms, p95 ≤ 16 ms; ≥ 300 training steps/s (N = 16, 200
points) in the approximation lab's fit mode.

A shared VM's speed can swing by 2× within minutes, so the script also times a fixed reference
workload (Python, NumPy and Qt raster work in the proportions of a redraw) before and after the
sliders: compare runs by it.
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


def reference_ms(rounds: int = 5) -> float:
    """Median time of a fixed mix of Python loops, NumPy calls and antialiased Qt lines: how fast
    this machine runs right now (lower is faster)."""
    import numpy as np
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    image = QImage(600, 300, QImage.Format.Format_ARGB32_Premultiplied)
    x = np.linspace(-8.0, 8.0, 241)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        total = 0
        for k in range(30_000):  # interpreter work, as pyqtgraph's bookkeeping
            total += k % 7
        curves = [np.tanh(x * (1 + i / 10)) for i in range(40)]  # small NumPy calls
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#0072B2"), 2.5))
        for y in curves[:12]:  # Qt raster work
            painter.drawPolyline(
                [QPointF(a, b) for a, b in zip(300 + 35 * x, 150 - 100 * y, strict=True)]
            )
        painter.end()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def sweep_values(control, n: int) -> list[float]:
    lo = getattr(control, "minimum", 0.0)
    hi = getattr(control, "maximum", 1.0)
    values = []
    for i in range(n):  # back and forth across the range, like a drag
        t = (i % 50) / 49
        t = t if (i // 50) % 2 == 0 else 1 - t
        values.append(lo + t * (hi - lo))
    return [round(v) if getattr(control, "integer", False) else v for v in values]


def time_lab(app, window, page, changes: int, full_repaint: bool, control, label) -> dict:
    window.select_lab(page.key)
    for _ in range(3):
        app.processEvents()
    times = []
    for value in sweep_values(control, changes + 10):
        start = time.perf_counter()
        control.setValue(value)
        control.valueChanged.emit(control.value())
        page.scheduler.flush()  # the redraw a frame would run (the notes keep their throttle)
        # Qt paints what the redraw marked dirty while it processes events; pyqtgraph's scene
        # schedules its viewport update one event later, hence a few rounds
        for _ in range(3):
            app.processEvents()
        if full_repaint:
            page.repaint()
        times.append((time.perf_counter() - start) * 1000)
    times = sorted(times[10:])  # the first changes warm caches up
    return {
        "lab": page.key,
        "slider": label,
        "changes": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
    }


def time_training(app, window, page, seconds: float) -> dict | None:
    if not page.trains or not hasattr(page, "training_steps"):
        return None
    window.select_lab(page.key)
    prepare = getattr(page, "prepare_training_benchmark", None)
    if prepare is not None:
        prepare()
    page.set_playing(True)
    start_steps, start = page.training_steps(), time.perf_counter()
    redraws = page.scheduler.fired
    while time.perf_counter() - start < seconds:
        app.processEvents()
    page.set_playing(False)
    elapsed = time.perf_counter() - start
    return {
        "lab": page.key,
        "steps_per_s": round((page.training_steps() - start_steps) / elapsed, 1),
        "redraws_per_s": round((page.scheduler.fired - redraws) / elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--all-sliders",
        action="store_true",
        help="every slider a lab lists in benchmark_controls(), not only its main one",
    )
    parser.add_argument(
        "--full-repaint",
        action="store_true",
        help="also repaint the whole page after each change (pessimistic: a drag repaints "
        "only what changed)",
    )
    args = parser.parse_args()

    from harness import open_window

    app, window = open_window()
    reference_before = reference_ms()
    slider_rows, train_rows = [], []
    for page in window.pages:
        controls = page.benchmark_controls() if args.all_sliders else [("main", page.main_control)]
        for label, prepare in controls:
            window.select_lab(page.key)
            control = prepare()  # the lab sets itself up for this slider
            if control is not None:
                slider_rows.append(
                    time_lab(app, window, page, args.changes, args.full_repaint, control, label)
                )
        row = time_training(app, window, page, args.seconds)
        if row:
            train_rows.append(row)
    reference_after = reference_ms()
    print(
        f"reference workload: {reference_before:.1f} ms before, {reference_after:.1f} ms after "
        "(this machine's speed at the time; lower is faster)"
    )
    print(f"{'lab':<16}{'slider':<18}{'changes':>8}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for row in slider_rows:
        print(
            f"{row['lab']:<16}{row['slider']:<18}{row['changes']:>8}{row['median_ms']:>11}"
            f"{row['p95_ms']:>9}{row['max_ms']:>9}"
        )
    for row in train_rows:
        print(
            f"{row['lab']}: {row['steps_per_s']} training steps/s, "
            f"{row['redraws_per_s']} redraws/s while training"
        )
    if args.json:
        reference = {"before_ms": round(reference_before, 2), "after_ms": round(reference_after, 2)}
        print(
            json.dumps(
                {"reference": reference, "slider": slider_rows, "training": train_rows}, indent=2
            )
        )
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Drive every control of every lab at random and time each interaction (a script, not a test).

A seeded random walk over what a user can touch on the page on screen: sliders jumping to any
value, combo boxes, tab bars, check boxes, the page's buttons (train, step, add a neuron, pin,
…) and the window's Play / Step / Reset and Presets, about 60 changes a second. For each
interaction it measures the *frame time*: from the change to the end of the redraw it
triggers (the page's pending redraw run, then the events Qt posts for the repaint processed).
Between interactions the event loop runs freely until the next change is due (training ticks,
background slices, throttled notes); any single pass of the loop that takes longer than a
frame there is reported as a *stall* after the interaction that preceded it.

Resident memory comes from ``/proc/self/statm`` after every interaction.

    python benchmarks/random_walk.py                       # every lab, 20 s each, then again
    python benchmarks/random_walk.py --seconds 10 --rounds 3 --seed 7
    python benchmarks/random_walk.py --lab depth --json

Targets (issue #14): frame p95 ≤ 25 ms, p99 ≤ 100 ms, no interaction over 150 ms at default
sizes; resident memory growth over the second half of a long walk ≤ 40 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from explorer.app import configure_environment  # after the path, before Qt

configure_environment(offscreen=True)  # as the app does
os.environ.setdefault("EXPLORER_SETTINGS", os.path.join(os.path.dirname(__file__), ".bench.ini"))

PAGE_SIZE = resource.getpagesize()
FRAME_S = 1 / 60  # one change per frame at 60 changes a second


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def control_name(widget) -> str:
    """A readable name: the lab panel that holds the control, and the control's own label."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QSlider, QTabBar

    from explorer.ui.controls import ValueSlider

    owner = widget.parentWidget()
    label = ""
    if isinstance(widget, QSlider) and isinstance(owner, ValueSlider):
        label = f"slider '{owner.label.text()}'"
    elif isinstance(widget, QComboBox):
        label = f"combo '{(widget.toolTip() or widget.currentText())[:28]}'"
    elif isinstance(widget, QTabBar):
        label = "tab bar"
    elif isinstance(widget, QAbstractButton):
        kind = "check" if widget.isCheckable() else "button"
        label = f"{kind} '{(widget.text() or widget.toolTip())[:28]}'"
    panel = owner
    while panel is not None and not type(panel).__module__.startswith("explorer.ui.labs"):
        panel = panel.parentWidget()
    where = type(panel).__name__ if panel is not None else ""
    return f"{where} {label}".strip()


def page_controls(page) -> list:
    """The controls of ``page`` a user can reach now (visible and enabled)."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QSlider, QTabBar

    found = []
    for kind in (QSlider, QComboBox, QTabBar, QAbstractButton):
        for widget in page.findChildren(kind):
            if not (widget.isVisibleTo(page) and widget.isEnabled()):
                continue
            if isinstance(widget, QAbstractButton) and widget.parent() is None:
                continue
            if isinstance(widget, QComboBox) and widget.count() < 2:
                continue
            found.append(widget)
    return found


def act_on(widget, rng: random.Random) -> str:
    """Change ``widget`` as a user would; the name of what was done."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QSlider, QTabBar

    name = control_name(widget)
    if isinstance(widget, QSlider):
        widget.setValue(rng.randint(widget.minimum(), widget.maximum()))  # a jump, not a drag
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(rng.randrange(widget.count()))
    elif isinstance(widget, QTabBar):
        widget.setCurrentIndex(rng.randrange(widget.count()))
        name += f" → {widget.tabText(widget.currentIndex())}"
    elif isinstance(widget, QAbstractButton):
        widget.click()
    return name


def window_actions(window) -> list[tuple[str, object]]:
    """The window's lab commands that apply now, and one random preset."""
    actions = [
        (name, action)
        for name, action in (
            ("Play/Pause", window.play_action),
            ("Step", window.step_action),
            ("Reset lab", window.reset_action),
            ("Undo", window.undo_action),
            ("Redo", window.redo_action),
        )
        if action.isEnabled()
    ]
    presets = [a for a in window.presets_menu.actions() if a.isEnabled() and a.text()]
    return actions + [(f"preset '{a.text()}'", a) for a in presets]


def settle(app, page) -> None:
    """The redraw a change asked for, and the paint Qt posts for it."""
    page.scheduler.flush()
    # pyqtgraph's scene schedules its viewport update one event later, hence a few rounds
    for _ in range(3):
        app.processEvents()


def walk_lab(app, window, page, seconds: float, rng: random.Random, log: dict) -> None:
    """About 60 random interactions a second on ``page`` for ``seconds``."""
    start = time.perf_counter()
    due = start
    last = "lab shown"
    while time.perf_counter() - start < seconds:
        # the free event loop until the next change is due: training, slices, throttles
        while True:
            now = time.perf_counter()
            if now >= due:
                break
            app.processEvents()
            took = time.perf_counter() - now
            if took > FRAME_S:
                log["stalls"].append((took * 1000, page.key, f"after {last}"))
        due = max(due + FRAME_S, time.perf_counter())
        choices = page_controls(page)
        commands = window_actions(window)
        if commands and rng.random() < 0.15:  # the window's commands, about one change in 7
            name, action = rng.choice(commands)
            began = time.perf_counter()
            action.trigger()
        elif choices:
            widget = rng.choice(choices)
            began = time.perf_counter()
            name = act_on(widget, rng)
        else:
            continue
        settle(app, page)
        took = (time.perf_counter() - began) * 1000
        last = name
        log["frames"][page.key].append(took)
        log["named"].append((took, page.key, name))
        log["rss"].append((time.perf_counter(), page.key, rss_mb()))
        if window.current_page is not page:  # a button that opens another lab ("→ Optimizers
            # lab"): its cost is this lab's, but the walk goes on here, not over the other page
            window.select_lab(page.key)
            settle(app, page)


def summarize(log: dict, labs: list[str]) -> dict:
    rows = []
    for key in labs:
        frames = log["frames"].get(key, [])
        if not frames:
            continue
        stalls = [s for s in log["stalls"] if s[1] == key]
        rows.append(
            {
                "lab": key,
                "changes": len(frames),
                "p50_ms": round(statistics.median(frames), 1),
                "p95_ms": round(percentile(frames, 0.95), 1),
                "p99_ms": round(percentile(frames, 0.99), 1),
                "max_ms": round(max(frames), 1),
                "over_150_ms": sum(f > 150 for f in frames),
                "stalls": len(stalls),
                "worst_stall_ms": round(max((s[0] for s in stalls), default=0.0), 1),
            }
        )
    rss = [r for _, _, r in log["rss"]]
    half = len(rss) // 2
    growth_by_lab: dict[str, float] = defaultdict(float)
    for (_, _, before), (_, key, after) in zip(log["rss"], log["rss"][1:], strict=False):
        growth_by_lab[key] += after - before
    by_name: dict[tuple[str, str], list[float]] = defaultdict(list)
    for ms, lab, what in log["named"]:
        by_name[lab, what.split(" → ")[0] if "tab bar" in what else what].append(ms)
    named = sorted(
        ((max(t), statistics.median(t), len(t), lab, what) for (lab, what), t in by_name.items()),
        reverse=True,
    )
    worst = named[:10]
    stalls = sorted(log["stalls"], reverse=True)[:5]
    return {
        "labs": rows,
        "worst": [
            {
                "max_ms": round(top, 1),
                "median_ms": round(mid, 1),
                "times": n,
                "lab": lab,
                "what": what,
            }
            for top, mid, n, lab, what in worst
        ],
        "by_name": [
            {
                "max_ms": round(top, 1),
                "median_ms": round(mid, 1),
                "times": n,
                "lab": lab,
                "what": what,
            }
            for top, mid, n, lab, what in named
        ],
        "worst_stalls": [{"ms": round(ms, 1), "lab": lab, "what": w} for ms, lab, w in stalls],
        "rss_mb": {
            "start": round(log["rss_start"], 1),
            "half": round(rss[half], 1) if rss else None,
            "end": round(rss[-1], 1) if rss else None,
            "peak": round(max(rss), 1) if rss else None,
            "second_half_growth": round(rss[-1] - rss[half], 1) if rss else None,
            "growth_by_lab": {k: round(v, 1) for k, v in growth_by_lab.items()},
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="per lab and round")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the labs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lab", action="append", help="only this lab (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from harness import open_window
    from PySide6.QtCore import qInstallMessageHandler

    from explorer.ui.labs import LABS

    app, window = open_window()
    quiet = "propagateSizeHints"  # the offscreen platform says so at every new top-level size
    qInstallMessageHandler(lambda _mode, _context, text: quiet in text or print(text))
    labs = [
        lab.key for lab in LABS if lab.page.endswith("Lab") and lab.key in (args.lab or [lab.key])
    ]
    rng = random.Random(args.seed)
    log = {"frames": defaultdict(list), "named": [], "stalls": [], "rss": []}
    for key in labs:  # built and shown once before the walk: first builds are start-up's cost
        window.select_lab(key)
        settle(app, window.current_page)
    log["rss_start"] = rss_mb()
    for _ in range(args.rounds):
        for key in labs:
            window.select_lab(key)
            page = window.current_page
            settle(app, page)
            walk_lab(app, window, page, args.seconds, rng, log)
            page.set_playing(False)
    result = summarize(log, labs)

    print(f"{'lab':<15}{'changes':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}"
          f"{'>150':>6}{'stalls':>8}{'worst stall':>13}   (ms)")  # fmt: skip
    for row in result["labs"]:
        print(
            f"{row['lab']:<15}{row['changes']:>8}{row['p50_ms']:>7}{row['p95_ms']:>7}"
            f"{row['p99_ms']:>7}{row['max_ms']:>8}{row['over_150_ms']:>6}{row['stalls']:>8}"
            f"{row['worst_stall_ms']:>13}"
        )
    print("worst interactions (max / median ms, times done):")
    for row in result["worst"]:
        print(
            f"  {row['max_ms']:>7} / {row['median_ms']:>6}  ×{row['times']:<4} {row['lab']:<14}"
            f"{row['what']}"
        )
    print("worst stalls of the free event loop between interactions:")
    for row in result["worst_stalls"]:
        print(f"  {row['ms']:>7} ms  {row['lab']:<14}{row['what']}")
    rss = result["rss_mb"]
    print(
        f"RSS MB: start {rss['start']}, half {rss['half']}, end {rss['end']}, peak {rss['peak']}; "
        f"second half {rss['second_half_growth']:+}; by lab "
        + ", ".join(f"{k} {v:+}" for k, v in rss["growth_by_lab"].items())
    )
    if args.json:
        print(json.dumps(result, indent=2))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

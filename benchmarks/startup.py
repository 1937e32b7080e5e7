"""Time explorer's start-up: the PyInstaller bundle against ``python -m explorer`` from source.

Each run is a fresh process, offscreen (``QT_QPA_PLATFORM=offscreen``), from a scratch working
directory with its own settings file. Three figures per way of starting, over N runs:

- ``--version``: process start to exit without Qt (bootloader or interpreter + argparse);
- ``first paint``: process start until ``--screenshot OUT.png`` has put the PNG on disk. The app
  builds the window, lets it lay out and paint (5 event-loop passes), grabs it and writes the
  PNG through an atomic rename, so the file appearing marks "first painted window" plus a
  ~30 ms grab/encode; polled every 2 ms;
- ``--screenshot exit``: the same run until the process has exited (adds Qt/Python teardown).

The first run of each is reported apart (cold file cache after a build); the table shows the
median and the range of the others. The ways of starting take turns run by run (A B, B A,
A B, …), so a machine that slows down for a minute slows all of them alike.

"source" runs this checkout (``PYTHONPATH`` points at it, whatever the venv has installed).
``--source DIR`` adds another checkout, to time a change against the code before it::

    git worktree add /tmp/before HEAD~3           # or: git archive HEAD~3 | tar -x -C /tmp/before
    .venv/bin/python benchmarks/startup.py --runs 9 --source /tmp/before

Usage::

    bash packaging/build.sh                       # once, makes dist/explorer/
    .venv/bin/python benchmarks/startup.py [--runs 7] [--bundle dist/explorer/explorer]
    .venv/bin/python benchmarks/startup.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp: Path, pythonpath: Path | None) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["EXPLORER_SETTINGS"] = str(tmp / "settings.ini")
    env.pop("EXPLORER_RESOURCES", None)
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def time_version(command: list[str], tmp: Path, pythonpath: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*command, "--version"],
        cwd=tmp,
        env=_env(tmp, pythonpath),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def time_screenshot(
    command: list[str], tmp: Path, lab: str | None, pythonpath: Path | None = None
) -> tuple[float, float]:
    """(seconds until the PNG exists, seconds until the process exited)."""
    png = tmp / "startup.png"
    png.unlink(missing_ok=True)
    args = [*command, "--screenshot", str(png), *(["--lab", lab] if lab else [])]
    start = time.perf_counter()
    process = subprocess.Popen(
        args,
        cwd=tmp,
        env=_env(tmp, pythonpath),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    painted = None
    while process.poll() is None:
        if painted is None and png.exists():
            painted = time.perf_counter() - start
        time.sleep(0.002)
    exited = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0 or not png.exists():
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{stderr}")
    return (painted if painted is not None else exited), exited


def measure(ways: list[tuple[str, list[str], Path | None]], runs: int, lab: str | None) -> list:
    """Time every way ``runs + 1`` times, the ways taking turns (reversed every other run)."""
    series = {
        name: {"--version": [], "first paint": [], "--screenshot exit": []} for name, *_ in ways
    }
    with tempfile.TemporaryDirectory(prefix="explorer-startup-") as scratch:
        tmp = Path(scratch)
        for run in range(runs + 1):
            for name, command, pythonpath in ways if run % 2 == 0 else ways[::-1]:
                figures = series[name]
                figures["--version"].append(time_version(command, tmp, pythonpath))
                painted, exited = time_screenshot(command, tmp, lab, pythonpath)
                figures["first paint"].append(painted)
                figures["--screenshot exit"].append(exited)
    return [
        {
            "name": name,
            "command": command,
            "pythonpath": str(pythonpath) if pythonpath else None,
            "figures": {
                key: {
                    "first_run_s": values[0],
                    "median_s": statistics.median(values[1:]),
                    "min_s": min(values[1:]),
                    "max_s": max(values[1:]),
                }
                for key, values in series[name].items()
            },
        }
        for name, command, pythonpath in ways
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time explorer's start-up (bundle vs source).")
    parser.add_argument("--runs", type=int, default=7, help="timed runs after the first")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "explorer" / "explorer")
    parser.add_argument("--lab", default=None, help="open this lab (default: the app's first)")
    parser.add_argument(
        "--source",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also time `python -m explorer` from this checkout (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)

    python = [sys.executable, "-m", "explorer"]
    ways: list[tuple[str, list[str], Path | None]] = []
    if args.bundle.exists():
        ways.append(("bundle", [str(args.bundle.resolve())], None))
    else:
        print(
            f"no bundle at {args.bundle}: run `bash packaging/build.sh` first; timing the "
            "source only",
            file=sys.stderr,
        )
    ways.append(("source", python, ROOT))
    for other in args.source:
        ways.append((f"source {other.resolve().name}", python, other.resolve()))
    try:
        results = measure(ways, args.runs, args.lab)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"start-up, offscreen, {args.runs} runs after a first (cold) one; seconds")
    width = max(8, *(len(result["name"]) for result in results))
    print(f"{'':{width}} {'what':18} {'first':>7} {'median':>7} {'min':>7} {'max':>7}")
    for result in results:
        for key, f in result["figures"].items():
            print(
                f"{result['name']:{width}} {key:18} {f['first_run_s']:7.3f} "
                f"{f['median_s']:7.3f} {f['min_s']:7.3f} {f['max_s']:7.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

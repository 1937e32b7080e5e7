"""Time a recording: a 10 s sweep at 30 fps, 1280 × 720, to GIF, WebP and MP4 (target ≤ 20 s).

In process, offscreen, on the depth lab with the "sigmoid at depth 20" preset, sweeping depth
from 2 to 30 (every frame a new net: the probe runs, every plot redraws). Reported per format:
the whole recording in seconds, the frames, and the time per frame (state change, redraw,
render to an image, encode).

Usage::

    .venv/bin/python benchmarks/record.py [--seconds 10] [--fps 30] [--formats gif webp mp4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--formats", nargs="+", default=["gif", "webp", "mp4"])
    args = parser.parse_args()

    from explorer.app import configure_environment, make_application

    configure_environment(offscreen=True)
    app = make_application()
    from explorer.resources import resources_dir
    from explorer.settings import Settings
    from explorer.state.sweep import Sweep
    from explorer.ui.main_window import MainWindow
    from explorer.ui.recording.recorder import Recorder
    from explorer.ui.recording.writers import mp4_available

    window = MainWindow(Settings(Path(tempfile.mkdtemp()) / "bench.ini"))
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    window.load_session_file(
        resources_dir() / "presets" / "depth" / "01-sigmoid-depth-20-vanishes.json"
    )
    sweep = Sweep("depth", 2, 30, args.seconds, easing="linear")
    print(f"{args.seconds:g} s sweep of depth 2 → 30 at {args.fps:g} fps, 1280 × 720")
    print(f"{'format':8} {'total s':>8} {'frames':>7} {'ms/frame':>9}")
    for fmt in args.formats:
        if fmt == "mp4" and not mp4_available():
            print(f"{fmt:8} skipped: PyAV is not installed (pip install 'explorer[video]')")
            continue
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            Recorder(window).record_sweep(Path(folder) / f"bench.{fmt}", sweep,
                                          fps=args.fps, size=(1280, 720))  # fmt: skip
            total = time.perf_counter() - start
            frames = round(args.seconds * args.fps) + 1
            print(f"{fmt:8} {total:8.1f} {frames:7d} {1000 * total / frames:9.1f}")


if __name__ == "__main__":
    main()

"""``explorer --record OUT --sweep NAME:FROM:TO:SECONDS`` (or ``--train SECONDS``), headless."""

from __future__ import annotations

import sys
from argparse import Namespace


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size is WIDTHxHEIGHT, e.g. 1280x720, not {text!r}") from None
    if not (160 <= width <= 3840 and 120 <= height <= 2160):
        raise ValueError("--size must be from 160x120 to 3840x2160")
    return width, height


def record(args: Namespace) -> int:
    """Open the window offscreen (with ``--session``/FILE), record, print what was written."""
    from explorer.app import _open_quietly, configure_environment, dispose, make_application

    configure_environment(offscreen=True)
    app = make_application()
    from explorer.settings import Settings
    from explorer.state.sweep import parse_sweep
    from explorer.ui.main_window import MainWindow
    from explorer.ui.recording.recorder import Recorder

    try:
        size = parse_size(args.size)
        sweep = parse_sweep(args.sweep) if args.sweep else None
        if not 1 <= args.fps <= 120:
            raise ValueError("--fps must be from 1 to 120")
    except ValueError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    window = MainWindow(Settings(read_only=True), lab=args.lab)
    window.resize(1400, 860)
    window.show()
    app.processEvents()
    file = args.session or args.file
    if file is not None and not _open_quietly(window, file):
        return 1
    recorder = Recorder(window)
    try:
        if sweep is not None:
            written = recorder.record_sweep(args.record, sweep, args.fps, size)
        else:
            written = recorder.record_training(args.record, args.train, args.steps_per_frame,
                                               args.fps, size)  # fmt: skip
    except (ValueError, OSError) as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written} ({window.current_page.key} lab, {size[0]}×{size[1]}, "
          f"{args.fps:g} fps)", flush=True)  # fmt: skip
    dispose(app, window)
    return 0

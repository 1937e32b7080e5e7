"""Command line: ``explorer [FILE] [--lab NAME] [--screenshot OUT.png] [--version]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from explorer import __version__
from explorer.ui.labs import lab_keys  # the registry alone: --help and --version start no Qt

LAB_NAMES = tuple(lab_keys())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explorer",
        description="Show, live, how neural networks work.",
        epilog="labs: " + ", ".join(LAB_NAMES),
    )
    parser.add_argument("--version", action="version", version=f"explorer {__version__}")
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="a session file (.json, as File → Save session writes) or a lecture deck to open",
    )
    parser.add_argument(
        "--session",
        type=Path,
        metavar="FILE",
        help="the same as FILE: open this session file or deck (with --screenshot too)",
    )
    parser.add_argument(
        "--lab", choices=LAB_NAMES, metavar="NAME", help="open this lab: " + ", ".join(LAB_NAMES)
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="render the window offscreen to a PNG file and exit",
    )
    record = parser.add_argument_group(
        "recording", "render a sweep or a training run offscreen, frame by frame, and exit"
    )
    record.add_argument("--record", type=Path, metavar="OUT",
                        help="write the recording to OUT.gif, OUT.webp or OUT.mp4")  # fmt: skip
    record.add_argument("--sweep", metavar="NAME:FROM:TO:SECONDS",
                        help="sweep the slider of setting NAME, e.g. depth:2:30:10")  # fmt: skip
    record.add_argument("--train", type=float, metavar="SECONDS",
                        help="record this many seconds of training instead")  # fmt: skip
    record.add_argument("--steps-per-frame", type=int, default=1, metavar="N",
                        help="optimizer steps per frame of --train (default 1)")  # fmt: skip
    record.add_argument("--fps", type=float, default=30.0, help="frames a second (default 30)")
    record.add_argument("--size", default="1280x720", metavar="WxH",
                        help="the lab's size in the recording (default 1280x720)")  # fmt: skip
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open every lab offscreen, move its main control, render it, and exit "
        "(0 when all labs work; used to check a bundle)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.record is not None and (args.sweep is None) == (args.train is None):
        parser.error("--record needs either --sweep NAME:FROM:TO:SECONDS or --train SECONDS")
    if args.record is None and (args.sweep or args.train):
        parser.error("--sweep and --train go with --record OUT")
    if args.self_test:
        from explorer.selftest import run_self_test

        return run_self_test()
    from explorer.app import run

    try:
        if args.record is not None:
            from explorer.record_cli import record

            return record(args)
        return run(lab=args.lab, screenshot=args.screenshot, file=args.session or args.file)
    except OSError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

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
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open every lab offscreen, move its main control, render it, and exit "
        "(0 when all labs work; used to check a bundle)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from explorer.selftest import run_self_test

        return run_self_test()
    from explorer.app import run

    try:
        return run(lab=args.lab, screenshot=args.screenshot, file=args.session or args.file)
    except OSError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

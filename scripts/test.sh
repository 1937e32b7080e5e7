#!/usr/bin/env bash
# Set up everything the tests need (system libraries, .venv) and run the whole suite headless:
# ruff lint, ruff format check, then pytest. Arguments go to pytest, e.g. `-k core -x`.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
# the bundle test (tests/test_bundle.py) builds with PyInstaller: binutils and the xcb family
setup_explorer "test,package" "${QT_LIBS[@]}" "${XCB_LIBS[@]}" binutils
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "pytest"
exec "$VENV/bin/python" -m pytest "$@"

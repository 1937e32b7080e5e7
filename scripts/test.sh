#!/usr/bin/env bash
# Set up everything the tests need (system libraries, .venv) and run the whole suite headless:
# ruff lint, ruff format check, then pytest. Arguments go to pytest, e.g. `-k core -x`.
# It installs PyTorch (the CPU build, ~750 MB) for the cross-checks against torch; with
# EXPLORER_TORCH=0 it does not, and those tests are skipped (outside CI: under CI=true a
# missing torch fails them).
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
extras="test,package"
[ "${EXPLORER_TORCH:-1}" = 0 ] || extras+=",torch"
# the bundle test (tests/test_bundle.py) builds with PyInstaller: binutils and the xcb family
setup_explorer "$extras" "${QT_LIBS[@]}" "${XCB_LIBS[@]}" binutils
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "pytest"
exec "$VENV/bin/python" -m pytest "$@"

#!/usr/bin/env bash
# Set up everything the tests need (system libraries, .venv) and run the whole suite headless:
# ruff lint, ruff format check, pytest, then the UI tests again with the plot speed layer off
# (EXPLORER_PLAIN_PLOTS=1: plain pyqtgraph). Arguments go to both pytest runs, e.g. `-k core -x`;
# the script fails if either run fails.
# It installs PyTorch (the CPU build, ~750 MB) for the cross-checks against torch; with
# EXPLORER_TORCH=0 it does not, and those tests are skipped (outside CI: under CI=true a
# missing torch fails them).
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
extras="test,package,video"
[ "${EXPLORER_TORCH:-1}" = 0 ] || extras+=",torch"
# the bundle test (tests/test_bundle.py) builds with PyInstaller: binutils and the xcb family;
# shared-mime-info checks the Linux desktop files (tests/test_desktop_files.py), librsvg2-bin
# (rsvg-convert) and chromium the SVG export as LaTeX users and browsers render it
# (tests/ui/test_svg_renderers.py; chromium adds ~25 packages, ~240 MB to download, ~390 MB)
setup_explorer "$extras" "${QT_LIBS[@]}" "${XCB_LIBS[@]}" binutils shared-mime-info librsvg2-bin \
  chromium
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "pytest"
status=0
"$VENV/bin/python" -m pytest "$@" || status=$?
say "pytest tests/ui with plain pyqtgraph (EXPLORER_PLAIN_PLOTS=1)"
plain=0
EXPLORER_PLAIN_PLOTS=1 "$VENV/bin/python" -m pytest tests/ui "$@" || plain=$?
if [ "$plain" -eq 5 ]; then
  plain=0  # pytest's "no tests collected": the arguments selected no UI test (e.g. -k core)
fi
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
exit "$plain"

#!/usr/bin/env bash
# Set up everything the app needs (system libraries, .venv) and start it.
# Arguments go to the app, e.g. `scripts/app.sh --lab activations`.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
setup_explorer "test" "${QT_LIBS[@]}" "${XCB_LIBS[@]}"
exec "$VENV/bin/python" -m explorer "$@"

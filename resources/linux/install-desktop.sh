#!/usr/bin/env bash
# Register explorer with a Linux desktop for the current user: a menu entry, and session files
# and decks that open in explorer on a double-click. Run it from an unpacked bundle
# (explorer/_internal/explorer/_resources/linux/) or from a source checkout (resources/linux/).
#   bash install-desktop.sh [PATH/TO/explorer]     (default: the explorer on PATH)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exe="${1:-$(command -v explorer || true)}"
if [ -z "$exe" ]; then
    echo "install-desktop.sh: give the path of the explorer executable" >&2
    exit 1
fi
exe="$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
sed "s|^Exec=explorer |Exec=\"$exe\" |" "$here/explorer.desktop" > "$data/applications/explorer.desktop"
cp "$here/explorer-mime.xml" "$data/mime/packages/explorer.xml"
icon="$here/../icons/explorer.svg"
[ -f "$icon" ] && cp "$icon" "$data/icons/hicolor/scalable/apps/explorer.svg"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications"
echo "explorer registered for ${USER:-this user}: menu entry, and session files and decks open with $exe"

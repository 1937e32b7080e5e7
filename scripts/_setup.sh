# Shared set-up for scripts/app.sh and scripts/test.sh (sourced, not run).
#   setup_explorer <extras> <apt packages...>
# 1. installs the Debian/Ubuntu libraries Qt needs if they are missing (root or passwordless
#    sudo; otherwise stops with the exact apt-get line to run);
# 2. creates/updates .venv and installs the project with <extras>, only when pyproject.toml,
#    setup.py or the extras changed since the last install, so a second run is fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${EXPLORER_VENV:-$ROOT/.venv}"

# Qt offscreen needs these on a bare Debian 12 (see shared PLATFORM notes)
QT_LIBS=(libgl1 libegl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0)
# a real X11 window additionally needs the xcb family
XCB_LIBS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
          libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)

say() { printf '\033[1m[explorer]\033[0m %s\n' "$*" >&2; }

find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  say "Python 3.11 or newer is required (set PYTHON=/path/to/python3.11 to choose one)."
  return 1
}

install_system_packages() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: skipping the system-library check (Qt needs libGL, EGL, fontconfig, xkbcommon)."
    return 0
  fi
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      say "These system libraries are missing and installing them needs root:"
      say "  sudo apt-get install -y ${missing[*]}"
      say "Run that line (or ask your administrator to), then run this command again."
      exit 1
    fi
  fi
  say "Installing system libraries: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup_explorer() {
  local extras="$1"; shift
  install_system_packages "$@"
  local python; python="$(find_python)"
  if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    local minor; minor="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    install_system_packages "python${minor}-venv"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtual environment in $VENV"
    "$python" -m venv "$VENV"
  fi
  local stamp="$VENV/.explorer-installed" want
  want="$(cat "$ROOT/pyproject.toml" "$ROOT/setup.py" | sha256sum | cut -c1-16)-$extras"
  # one line per extras set installed for this pyproject/setup.py; a changed file starts afresh
  if [ ! -f "$stamp" ] || ! grep -qx -- "$want" "$stamp"; then
    say "Installing explorer and its dependencies [$extras] into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
    grep -s -- "^${want%%-*}-" "$stamp" > "$stamp.new" || true
    echo "$want" >> "$stamp.new"
    mv "$stamp.new" "$stamp"
  fi
}

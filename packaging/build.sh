#!/usr/bin/env bash
# Build the student bundle: `bash packaging/build.sh [--distpath DIR] [--workpath DIR]`.
#
#  1. makes sure the system libraries (Qt offscreen, binutils for PyInstaller) and the project's
#     .venv exist (scripts/_setup.sh), and that the venv has the pinned PyInstaller from
#     pyproject.toml's `package` extra;
#  2. runs PyInstaller on packaging/explorer.spec -> DIST/explorer/ (one folder);
#  3. prunes it (packaging/prune.py: unused Qt plugins, translations, debug symbols);
#  4. checks it: `explorer --version` and `explorer --self-test` from another directory;
#  5. archives it as DIST/explorer-<version>-<os>-<arch>.tar.gz and prints the sizes.
# DIST defaults to dist/, the work folder (PyInstaller's and the generated icons) to
# packaging/build/. Runs on Linux; macOS works the same way (there, the .app is zipped and
# nothing is pruned); on Windows follow packaging/README.md.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_setup.sh"

DIST="$ROOT/dist"
WORK="$ROOT/packaging/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --distpath) DIST="$2"; shift 2 ;;
    --workpath) WORK="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | cut -c3-; exit 0 ;;
    *) say "unknown option: $1 (see --help)"; exit 2 ;;
  esac
done
mkdir -p "$DIST" "$WORK"
DIST="$(cd "$DIST" && pwd)"
WORK="$(cd "$WORK" && pwd)"
started=$(date +%s)

# 1. environment: system libraries, venv, pinned PyInstaller
if [ "$(uname -s)" = Linux ]; then
  # Qt offscreen (the icon is rendered at build time), the xcb family so that PyInstaller
  # bundles it (students' desktops need not have it), binutils (PyInstaller's objdump, strip)
  install_system_packages "${QT_LIBS[@]}" "${XCB_LIBS[@]}" binutils
fi
if [ ! -x "$VENV/bin/python" ]; then
  setup_explorer "package" "${QT_LIBS[@]}"
fi
PY="$VENV/bin/python"
pin="$("$PY" - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
extras = tomllib.load(open(sys.argv[1], "rb"))["project"]["optional-dependencies"]["package"]
print(next(r for r in extras if r.lower().startswith("pyinstaller")))
EOF
)"
want="${pin#*==}"
have="$("$PY" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null || true)"
if [ "$have" != "$want" ]; then
  say "Installing $pin into $VENV${have:+ (found $have)}"
  "$PY" -m pip install -q "$pin"
fi

# 2. PyInstaller
say "PyInstaller $want: building $DIST/explorer"
export QT_QPA_PLATFORM=offscreen  # the spec renders the icon with Qt
# PyInstaller's cache inside the work folder: --clean then wipes only this build's cache, and
# concurrent builds (a developer's and the test's) do not share one
export PYINSTALLER_CONFIG_DIR="$WORK/cache"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/explorer.spec"

# 3. prune (Linux only; a no-op elsewhere)
"$PY" "$ROOT/packaging/prune.py" "$DIST/explorer"

# 4. smoke check, from another directory and without the source tree's resources
exe="$DIST/explorer/explorer"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/explorer/__init__.py")"
said="$(cd / && "$exe" --version || true)"  # a windowed macOS build prints nothing
if [ "$(uname -s)" = Linux ] && [ "$said" != "explorer $version" ]; then
  say "the bundle's --version said '$said', expected 'explorer $version'"
  exit 1
fi
if ! (cd / && env -u EXPLORER_RESOURCES EXPLORER_SETTINGS="$WORK/selftest-settings.ini" \
      "$exe" --self-test >"$WORK/selftest.log" 2>&1); then
  cat "$WORK/selftest.log" >&2
  say "the bundle's --self-test failed (log above)"
  exit 1
fi
say "explorer $version: --version and --self-test pass in the bundle"

# 5. archive and sizes
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
[ "$os" = darwin ] && os=macos
archive="$DIST/explorer-$version-$os-$(uname -m)"
rm -f "$archive".tar.gz "$archive".zip
if [ "$os" = macos ] && [ -d "$DIST/explorer.app" ]; then
  archive="$archive.zip"
  ditto -c -k --keepParent "$DIST/explorer.app" "$archive"
else
  archive="$archive.tar.gz"
  tar -C "$DIST" -czf "$archive" explorer  # gzip -9: 28 s instead of 9 s for 0.5 %
fi
"$PY" - "$DIST/explorer" "$archive" "$(( $(date +%s) - started ))" <<'EOF'
import os, sys
from pathlib import Path
bundle, archive, seconds = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
unpacked = sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
packed = archive.stat().st_size
print(f"\nbundle   {bundle}/  {unpacked / 1e6:.1f} MB unpacked ({unpacked / 2**20:.1f} MiB)")
print(f"archive  {archive}  {packed / 1e6:.1f} MB compressed ({packed / 2**20:.1f} MiB)")
print(f"built in {seconds} s; run it with {bundle}/explorer")
EOF

"""Shrink a built explorer bundle: ``python packaging/prune.py dist/explorer [--dry-run]``.

Runs after PyInstaller (``build.sh`` calls it), on a Linux one-folder bundle. It is a separate
step, not part of the spec, so the spec stays portable; on Windows and macOS it does nothing
(an .app must not be changed after it is signed). What it does, measured on 6.22 + PySide6 6.11:

1. **Qt plugins the app cannot use.** Kept: platforms ``offscreen`` (screenshots, self-test,
   CI), ``xcb`` (X11 and XWayland desktops) and ``wayland`` (native Wayland; with its shell,
   decoration and client-graphics plugins it costs about 2 MB); the ``svg`` image format and
   icon engine (the window icon is an SVG); input contexts ``compose`` (dead keys) and ``ibus``
   (input methods); the ``xdgdesktopportal`` theme (file dialogs in sandboxes) and the xcb GL
   integrations (pyqtgraph may use a QOpenGLWidget). Dropped: eglfs/linuxfb/vnc/minimal and
   their device integrations, evdev/tuio input, Wayland *server* plugins, every other image
   format (PNG is built into QtGui) and the GTK3 theme, whose GTK/cairo/pango libraries would
   be bundled without GTK itself and mixed with the system's at run time.
2. **Qt's translations** (7 MB): explorer installs no QTranslator, so they are never loaded.
3. **Libraries left without a user** by 1: a library that something kept still links to
   (DT_NEEDED) stays; so does every library that nothing linked to before pruning (those are
   loaded with dlopen and PyInstaller collected them on purpose).
4. **Debug symbols**: ``strip --strip-unneeded`` on every ELF file that still has a symbol
   table, except auditwheel-vendored folders (``*.libs``, e.g. numpy.libs): strip corrupts the
   patchelf-rewritten OpenBLAS ("ELF load command address/offset not page-aligned"). The
   pyenv-built libpython and lib-dynload carry full debug info: this is most of the gain.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# plugin folder -> file stems to keep ("lib" and ".so" removed); None keeps the whole folder.
# A folder not listed here is removed whole.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"qoffscreen", "qxcb", "qwayland"},
    "imageformats": {"qsvg"},
    "iconengines": {"qsvgicon"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "platformthemes": {"qxdgdesktopportal"},
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-shell-integration": None,
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
}
REMOVE_DIRS = ("translations",)  # relative to the Qt folder
NO_STRIP_SUFFIX = ".libs"  # auditwheel-vendored libraries: never strip

ELF_MAGIC = b"\x7fELF"


# --- ELF: the few facts we need, read without external tools ---------------------------------


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def _sections(data: bytes) -> list[tuple[str, int, int, int, int]]:
    """(name, type, offset, size, link) of each section of a little-endian ELF64 file."""
    if data[4] != 2 or data[5] != 1:  # ELFCLASS64, little-endian: all we build for here
        return []
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = [struct.unpack_from("<IIQQQQII", data, shoff + i * shentsize) for i in range(shnum)]
    names_offset = raw[shstrndx][4] if shnum else 0

    def name(offset: int) -> str:
        end = data.index(b"\0", names_offset + offset)
        return data[names_offset + offset : end].decode("ascii", "replace")

    return [(name(s[0]), s[1], s[4], s[5], s[6]) for s in raw]


def elf_info(path: Path) -> tuple[list[str], bool]:
    """(DT_NEEDED names, whether the file still has a symbol table or debug sections)."""
    data = path.read_bytes()
    sections = _sections(data)
    needed: list[str] = []
    for _name, kind, offset, size, link in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][2]
        for pos in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                needed.append(data[strtab + value : end].decode())
    strippable = any(n == ".symtab" or n.startswith(".debug") for n, *_ in sections)
    return needed, strippable


# --- the pruning steps --------------------------------------------------------------------------


def _stem(name: str) -> str:
    stem = name.split(".so")[0]
    return stem.removeprefix("lib")


def unused_plugins(qt_dir: Path) -> list[Path]:
    out: list[Path] = []
    plugins = qt_dir / "plugins"
    if not plugins.is_dir():
        return out
    for folder in sorted(p for p in plugins.iterdir() if p.is_dir()):
        if folder.name not in KEEP_PLUGINS:
            out.append(folder)
            continue
        keep = KEEP_PLUGINS[folder.name]
        if keep is not None:
            out += [f for f in sorted(folder.iterdir()) if _stem(f.name) not in keep]
    out += [qt_dir / d for d in REMOVE_DIRS if (qt_dir / d).exists()]
    return out


def _files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return files


def _reachable(roots: set[Path], needed: dict[Path, list[str]], libs: dict[str, Path]) -> set[Path]:
    seen, todo = set(), list(roots)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [libs[n] for n in needed.get(path, []) if n in libs]
    return seen


def orphaned_libraries(bundle: Path, removed: set[Path]) -> list[Path]:
    """Libraries only the removed files linked to (see point 3 of the module docstring)."""
    elves = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]
    needed = {p: elf_info(p)[0] for p in elves}
    libs = {p.name: p for p in elves}  # PyInstaller collects each library once, by name
    linked = {libs[n] for deps in needed.values() for n in deps if n in libs}
    roots_before = set(elves) - linked  # executable, extension modules, plugins, dlopen targets
    before = _reachable(roots_before, needed, libs)
    after = _reachable(roots_before - removed, needed, libs)
    return sorted(before - after - removed)


def strip_candidates(bundle: Path) -> list[Path]:
    out = []
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.is_symlink() or not is_elf(path):
            continue
        if any(part.endswith(NO_STRIP_SUFFIX) for part in path.relative_to(bundle).parts):
            continue
        if elf_info(path)[1]:
            out.append(path)
    return out


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def prune(dist: Path, dry_run: bool = False, strip: bool = True, verbose: bool = False) -> int:
    internal = dist / "_internal" if (dist / "_internal").is_dir() else dist
    qt_dir = internal / "PySide6" / "Qt"
    start = _size(dist)
    print(f"prune: {dist} is {_mb(start)}")

    removed = unused_plugins(qt_dir)
    removed_files = set(_files(removed))
    orphans = orphaned_libraries(dist, removed_files)
    gone = sum(_size(p) for p in removed) + sum(_size(p) for p in orphans)
    print(
        f"prune: {len(removed_files)} Qt plugin/translation files, {len(orphans)} libraries "
        f"left without a user: {_mb(gone)}"
    )
    for path in [*removed, *orphans] if verbose or dry_run else []:
        print(f"  - {path.relative_to(dist)}")
    if not dry_run:
        for path in [*removed, *orphans]:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        # PyInstaller links libraries from subfolders into _internal/; drop links left dangling
        dangling = [p for p in dist.rglob("*") if p.is_symlink() and not p.exists()]
        for link in dangling:
            link.unlink()
        if dangling:
            print(f"prune: removed {len(dangling)} links to removed libraries")

    if strip:
        strip_tool = shutil.which("strip")
        candidates = [p for p in strip_candidates(dist) if p.exists()]
        if strip_tool is None:
            print("prune: `strip` not found (binutils): debug symbols kept")
        elif candidates:
            before = sum(_size(p) for p in candidates)
            if not dry_run:
                for chunk in range(0, len(candidates), 200):
                    subprocess.run(
                        [
                            strip_tool,
                            "--strip-unneeded",
                            *map(str, candidates[chunk : chunk + 200]),
                        ],
                        check=True,
                    )
            after = sum(_size(p) for p in candidates)
            print(f"prune: stripped {len(candidates)} ELF files: {_mb(before)} -> {_mb(after)}")
    print(f"prune: {dist} is now {_mb(_size(dist))} (was {_mb(start)})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the one-folder bundle, e.g. dist/explorer")
    parser.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
    parser.add_argument("--no-strip", action="store_true", help="keep debug symbols")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every removed file")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print(f"prune: Linux bundles only; nothing to do on {sys.platform}")
        return 0
    if not (args.dist / "_internal").is_dir() and not args.dist.is_dir():
        parser.error(f"{args.dist} is not a PyInstaller one-folder bundle")
    return prune(args.dist, dry_run=args.dry_run, strip=not args.no_strip, verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())

"""The student bundle, built and run as a student would get it.

Builds with the one build command (``packaging/build.sh``: PyInstaller, prune, archive) into a
scratch dist/work folder, then runs the frozen executable from another directory with
``EXPLORER_RESOURCES`` unset, so the icon and presets can only come from inside the bundle.
About a minute, most of it PyInstaller. If the venv lacks PyInstaller, build.sh installs the
pin from pyproject.toml's ``package`` extra.
"""

from __future__ import annotations

import os
import platform
import struct
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from explorer import __version__
from explorer.__main__ import LAB_NAMES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

REPO = Path(__file__).resolve().parents[1]
MAX_UNPACKED_MB = 180  # MB = 10**6 bytes, the stricter reading of the targets
MAX_COMPRESSED_MB = 70


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(dist folder, build log) of a fresh build."""
    base = tmp_path_factory.mktemp("bundle")
    dist, work = base / "dist", base / "work"
    result = subprocess.run(
        [
            "bash",
            str(REPO / "packaging" / "build.sh"),
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        stdin=subprocess.DEVNULL,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"build failed:\n{log[-6000:]}"
    return dist, log


@pytest.fixture
def run_bundle(tmp_path):
    def run(exe: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "EXPLORER_RESOURCES"}
        env.update(QT_QPA_PLATFORM="offscreen", EXPLORER_SETTINGS=str(tmp_path / "s.ini"))
        return subprocess.run(
            [str(exe), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def _exe(built) -> Path:
    return built[0] / "explorer" / "explorer"


def _archive(built) -> Path:
    arch = platform.machine()
    return built[0] / f"explorer-{__version__}-linux-{arch}.tar.gz"


def _mb(n: int) -> float:
    return n / 1e6


def test_version(built, run_bundle):
    result = run_bundle(_exe(built), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"explorer {__version__}"


def test_self_test_opens_every_lab(built, run_bundle):
    result = run_bundle(_exe(built), "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    for lab in LAB_NAMES:
        assert f"self-test: {lab}: ok" in result.stdout
    assert "all labs ok" in result.stdout


@pytest.mark.parametrize("lab", [None, "activations"])
def test_screenshot_is_a_real_picture(built, run_bundle, tmp_path, lab):
    out = tmp_path / "shot.png"
    result = run_bundle(_exe(built), "--screenshot", str(out), *(["--lab", lab] if lab else []))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 500

    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert not image.isNull()
    colours, dark = set(), 0
    samples = [(x, y) for x in range(0, width, 7) for y in range(0, height, 7)]
    for x, y in samples:
        rgb = image.pixel(x, y) & 0xFFFFFF
        colours.add(rgb)
        dark += (rgb >> 16) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF) < 200
    assert len(colours) > 50, "the window rendered as a flat image"
    assert dark / len(samples) > 0.002, "no dark pixels: text (fonts) did not render"


def test_resources_are_inside_the_bundle(built):
    inside = built[0] / "explorer" / "_internal" / "explorer" / "_resources"
    files = [p for p in (REPO / "resources").rglob("*") if p.is_file()]
    assert any(p.suffix == ".svg" for p in files)
    for source in files:
        copy = inside / source.relative_to(REPO / "resources")
        assert copy.is_file(), f"{copy} missing from the bundle"
        assert copy.read_bytes() == source.read_bytes()


def test_size_targets(built):
    bundle = built[0] / "explorer"
    unpacked = sum(
        p.lstat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()
    )
    compressed = _archive(built).stat().st_size
    print(f"bundle {_mb(unpacked):.1f} MB unpacked, {_mb(compressed):.1f} MB compressed")
    assert _mb(unpacked) <= MAX_UNPACKED_MB
    assert _mb(compressed) <= MAX_COMPRESSED_MB
    assert "MB unpacked" in built[1] and "MB compressed" in built[1]  # build.sh reports them


def test_archive_is_complete(built, run_bundle, tmp_path):
    """What students download: unpack it elsewhere and run the self-test from there."""
    with tarfile.open(_archive(built)) as archive:
        kwargs = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}  # 3.11.4+
        archive.extractall(tmp_path / "unpacked", **kwargs)
    exe = tmp_path / "unpacked" / "explorer" / "explorer"
    result = run_bundle(exe, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr

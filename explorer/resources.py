"""Find runtime assets (icons, presets, stylesheets) wherever explorer runs from.

The assets live in the top-level ``resources/`` folder of the repository. They are found:

1. in a **frozen bundle** (PyInstaller): under ``sys._MEIPASS/explorer/_resources``, where the
   spec in ``packaging/`` collects them;
2. in a **source checkout** (also an editable install): ``<repo>/resources`` next to the package;
3. in an **installed wheel**: the data package ``explorer._resources`` (``setup.py`` maps
   ``resources/`` to it at build time).

``EXPLORER_RESOURCES`` overrides all three (tests use it to point at a scratch folder).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get("EXPLORER_RESOURCES")
    if override:
        found.append(Path(override))
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        found.append(Path(meipass) / "explorer" / "_resources")
    found.append(_PACKAGE_DIR.parent / "resources")  # source checkout
    found.append(_PACKAGE_DIR / "_resources")  # installed wheel
    return found


@cache
def resources_dir() -> Path:
    """The folder holding explorer's assets; ``FileNotFoundError`` if none is reachable."""
    for candidate in _candidates():
        if (candidate / "icons").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in _candidates())
    raise FileNotFoundError(f"explorer's resources folder was not found (looked in: {tried})")


def resource_path(*parts: str) -> Path:
    """Path of one asset, e.g. ``resource_path("icons", "explorer.svg")``.

    Raises ``FileNotFoundError`` naming the asset if it does not exist, so a missing file in a
    bundle fails loudly at the place that needs it instead of showing an empty icon.
    """
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource {'/'.join(parts)!r} not found in {resources_dir()}")
    return path

"""Prepared teaching moments: session files shipped in ``resources/presets/<lab>/``.

A preset is an ordinary session file (see :mod:`explorer.state.serialize`) with two extra
top-level keys, ``title`` (the menu text) and ``description`` (its tooltip), so a lecturer can
save a session, add a title, and drop it into the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explorer.resources import resources_dir
from explorer.state.serialize import SessionFileError, read_document


@dataclass(frozen=True)
class Preset:
    title: str
    description: str
    path: Path


def list_presets(lab: str) -> list[Preset]:
    """The presets of ``lab``, sorted by file name (prefix names with 01-, 02-… to order them)."""
    folder = resources_dir() / "presets" / lab
    presets = []
    for path in sorted(folder.glob("*.json")):
        try:
            document = read_document(path)
        except SessionFileError:
            continue  # a broken preset is reported when it is chosen, not at start-up
        title = document.get("title") if isinstance(document, dict) else None
        description = document.get("description", "") if isinstance(document, dict) else ""
        presets.append(Preset(str(title or path.stem), str(description), path))
    return presets

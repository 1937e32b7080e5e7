"""Persistent user settings: one table of defaults, typed reads, a redirectable location.

Settings are kept in an INI file through ``QSettings`` so they are readable and portable.
Tests (and a lecturer who wants a clean slate) point ``EXPLORER_SETTINGS`` at another file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

# key -> default; the type of the default is the type a read returns
DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "lab/last": "approximation",
    "view/scale": 100,  # percent: text and line widths, 100–250 for the back of a hall
    "export/last_dir": "",
    "lecture/scale": 175,  # percent while presenting: chosen once, kept for the next lecture
    "lecture/last_deck": "",
}
#: key -> (lowest, highest) of a number setting; outside them (a corrupt or hand-edited file)
#: the default is read instead
LIMITS: dict[str, tuple[int, int]] = {
    "view/scale": (100, 250),
    "lecture/scale": (100, 250),
}


def settings_path() -> Path:
    """Where the settings file lives (``EXPLORER_SETTINGS`` overrides the per-user location)."""
    override = os.environ.get("EXPLORER_SETTINGS")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(base or Path.home() / ".config" / "explorer") / "explorer.ini"


class Settings:
    """Typed access to the settings file; unknown keys are a programming error.

    A read never fails: a value of the wrong type or out of its ``LIMITS`` (a corrupt or
    hand-edited file) reads as the default, so the app starts as on a first run."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        """``read_only``: read the file, keep changes in memory only. ``--screenshot`` and
        ``--self-test`` use it, so rendering a lab never changes the user's last lab, window
        size or scale."""
        self.path = Path(path) if path is not None else settings_path()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._unsaved: dict[str, Any] | None = {} if read_only else None

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        if self._unsaved is not None and key in self._unsaved:
            return self._unsaved[key]
        value = self._qs.value(key, default)
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        if isinstance(default, int):
            try:
                number = int(value)
            except (TypeError, ValueError, OverflowError):
                return default
            low, high = LIMITS.get(key, (number, number))
            return number if low <= number <= high else default
        if isinstance(default, QByteArray):
            return value if isinstance(value, QByteArray) else default
        return value if isinstance(value, str) else default

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        if self._unsaved is not None:
            self._unsaved[key] = value
        else:
            self._qs.setValue(key, value)

    def sync(self) -> None:
        if self._unsaved is None:
            self._qs.sync()

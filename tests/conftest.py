"""Test-wide set-up: headless Qt, settings in a scratch file, one BLAS thread."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@pytest.fixture(autouse=True)
def _scratch_settings(tmp_path, monkeypatch):
    """Every test reads and writes its own settings file, never the user's."""
    monkeypatch.setenv("EXPLORER_SETTINGS", str(tmp_path / "settings.ini"))

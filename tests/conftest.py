"""Test-wide set-up: headless Qt, settings in a scratch file, one BLAS thread, hypothesis
profiles; under CI a missing PyTorch fails the cross-checks instead of skipping them."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

#: the start of pytest.importorskip's reason when a module is missing
_MISSING_TORCH = "could not import 'torch'"


def in_ci() -> bool:
    """True under CI (``CI`` set to anything but empty, 0 or false), where nothing that the
    test command installs may be missing."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# no example database in the work tree; CI draws the same examples every run (a failure there
# prints the example and a blob to reproduce it with @reproduce_failure)
hypothesis_settings.register_profile("explorer", database=None, print_blob=True)
hypothesis_settings.register_profile("ci", parent=hypothesis_settings.get_profile("explorer"),
                                     derandomize=True)  # fmt: skip
hypothesis_settings.load_profile("ci" if in_ci() else "explorer")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, a test skipped because torch is missing fails: CI must run every PyTorch
    cross-check (``scripts/test.sh`` installs torch). Locally it stays a skip."""
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and in_ci()):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if _MISSING_TORCH in reason:
        report.outcome = "failed"
        report.longrepr = (
            f"{reason}\nUnder CI the PyTorch cross-checks must run: scripts/test.sh installs "
            "torch (the 'torch' extra); run it, or `pip install -e .[torch]`."
        )


@pytest.fixture(autouse=True)
def _scratch_settings(tmp_path, monkeypatch):
    """Every test reads and writes its own settings file, never the user's."""
    monkeypatch.setenv("EXPLORER_SETTINGS", str(tmp_path / "settings.ini"))

"""The speed layer's one switch, read once at import: subclasses (fast) or plain pyqtgraph.

The subclasses in :mod:`explorer.ui.plot` override pyqtgraph methods and read some of its
private attributes, so they are correct for the pyqtgraph they were written and tested
against and for no other. ``EXPLORER_PLAIN_PLOTS=1`` turns them off (to rule them out when a
plot looks wrong, or to measure what they save); a different pyqtgraph turns them off too,
with one warning in the log. Plain mode is pyqtgraph's own items, drawn its own way.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

import pyqtgraph as pg

ENV_VAR = "EXPLORER_PLAIN_PLOTS"
TESTED_PYQTGRAPH = "0.14.0"
_OFF_VALUES = frozenset({"", "0", "false", "no", "off"})

log = logging.getLogger(__name__)


def decide(environ: Mapping[str, str], version: str) -> tuple[bool, str | None]:
    """(fast, warning): whether the subclasses are used, and why not if a warning is due.

    The environment variable is a choice and needs no warning; another pyqtgraph version is
    not, and does."""
    if environ.get(ENV_VAR, "").strip().lower() not in _OFF_VALUES:
        return False, None
    if version != TESTED_PYQTGRAPH:
        return False, (
            f"pyqtgraph {version} is not {TESTED_PYQTGRAPH}, the version explorer's plot speed "
            "layer was tested against: plots use plain pyqtgraph (slower, same content)"
        )
    return True, None


def _read_once() -> bool:
    fast, warning = decide(os.environ, pg.__version__)
    if warning is not None:
        log.warning(warning)
    return fast


#: True when the app's plots use the speed layer's subclasses; fixed for the process
FAST: bool = _read_once()


def fast() -> bool:
    """Whether this process's plots use the speed layer (see :data:`FAST`)."""
    return FAST

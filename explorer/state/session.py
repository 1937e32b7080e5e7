"""A lab's state without Qt: one typed config, lazily recomputed snapshots, undo/redo.

Data flows one way: a control changes the **config** (a frozen dataclass, the single source of
truth) → the session recomputes on demand → views read the immutable **snapshot**. Views never
change the config themselves and never mutate a snapshot (its arrays are read-only).

Every config change is undoable. A slider drag sends dozens of changes to one field in a burst;
those coalesce into a single undo step so Ctrl+Z returns to where the drag began.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import numpy as np

ConfigT = TypeVar("ConfigT")
SnapshotT = TypeVar("SnapshotT")

COALESCE_SECONDS = 0.8  # changes to the same fields closer than this are one undo step
MAX_UNDO = 200


def freeze(array: np.ndarray) -> np.ndarray:
    """Mark ``array`` read-only so a view cannot change a snapshot by accident."""
    array = np.asarray(array)
    array.flags.writeable = False
    return array


class LabSession(Generic[ConfigT, SnapshotT]):
    """Owns one lab's config; subclasses implement :meth:`compute`.

    Listeners registered with :meth:`subscribe` are called with the new config after every
    change (the UI schedules a redraw there; the session itself never draws).
    """

    def __init__(self, config: ConfigT, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._validate(config)
        self._config = config
        self._snapshot: SnapshotT | None = None
        self._undo: list[ConfigT] = []
        self._redo: list[ConfigT] = []
        self._last_change: tuple[frozenset[str], float] | None = None
        self._listeners: list[Callable[[ConfigT], None]] = []
        self._clock = clock
        self._held = False  # one undo step however long the changes take (a sweep)

    # --- to implement ----------------------------------------------------------------------------
    def compute(self, config: ConfigT) -> SnapshotT:
        raise NotImplementedError

    # --- config ----------------------------------------------------------------------------------
    @property
    def config(self) -> ConfigT:
        return self._config

    #: Fields that only choose what is on screen (a tab): changing them alone is not an undo
    #: step, so Ctrl+Z never just flips a tab back. An undo still restores the tab its change
    #: was made on, where the user sees what it undid.
    VIEW_FIELDS: frozenset[str] = frozenset()

    def update(self, **changes: Any) -> None:
        """Change some fields; ``ValueError`` (config unchanged) if the result is invalid."""
        new = dataclasses.replace(self._config, **changes)
        if new == self._config:
            return
        self._validate(new)
        fields = frozenset(changes)
        if fields <= self.VIEW_FIELDS:  # navigation: no undo step, and redo stays possible
            self._last_change = None
            self._set(new)
            return
        now = self._clock()
        last = self._last_change
        close = self._held or now - last[1] < COALESCE_SECONDS if last else False
        if not (last and last[0] == fields and close and self._undo):
            self._push_undo(self._config)
        self._last_change = (fields, now)
        self._redo.clear()
        self._set(new)

    def hold_undo_step(self, held: bool = True) -> None:
        """While held, changes to the same fields are one undo step however far apart they
        come (a lecture's sweep of a slider, on a machine that may take long per frame)."""
        self._held = held
        if held:
            self._last_change = None  # the held step starts with the next change

    def replace_config(self, config: ConfigT) -> None:
        """Swap in a whole config (reset, preset, loaded file) as one undo step."""
        if config == self._config:
            return
        self._validate(config)
        self._push_undo(self._config)
        self._last_change = None
        self._redo.clear()
        self._set(config)

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self._config)
        self._last_change = None
        self._set(self._undo.pop())
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._push_undo(self._config)
        self._last_change = None
        self._set(self._redo.pop())
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # --- snapshot --------------------------------------------------------------------------------
    def snapshot(self) -> SnapshotT:
        """The result for the current config, computed at most once per config."""
        if self._snapshot is None:
            self._snapshot = self.compute(self._config)
        return self._snapshot

    def invalidate(self) -> None:
        """Forget the snapshot (e.g. after a training step changed the model)."""
        self._snapshot = None

    def subscribe(self, listener: Callable[[ConfigT], None]) -> None:
        self._listeners.append(listener)

    # --- internals -------------------------------------------------------------------------------
    def _validate(self, config: ConfigT) -> None:
        validate = getattr(config, "validate", None)
        if validate is not None:
            validate()

    def _push_undo(self, config: ConfigT) -> None:
        self._undo.append(config)
        del self._undo[:-MAX_UNDO]

    def _set(self, config: ConfigT) -> None:
        self._config = config
        self._snapshot = None
        self.on_config_changed(config)
        for listener in list(self._listeners):
            listener(config)

    def on_config_changed(self, config: ConfigT) -> None:
        """Hook for subclasses that keep derived state (e.g. a model to rebuild)."""

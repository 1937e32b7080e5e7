"""The regression tab's small MLPs: the exact fit of each loss, computed in slices, and what is
on screen until it is there.

Qt-free. The exact fit of a loss is a function of (the loss with its δ or β, the points): the
seeded net after the fixed number of Adam steps (:mod:`explorer.state.losses.small_mlp`).
Finished fits are kept by that key, so going back to a config (undo, a drag returning) shows
its fit at once. Until a config's fit is finished, each loss shows one of:

``"warm"``     while points move: a copy of the net on screen continued a few steps on the
               new data, so the curve follows the drag within a frame (an approximation: it
               depends on the path the drag took);
``"partial"``  when no net was on screen yet (the switch to the MLP): the exact fit so far,
               growing as the slices run.

:meth:`RegressionFits.advance` runs the exact fits for the current config in slices; the
view then shows ``"exact"``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from explorer.core.losses import ResidualLoss
from explorer.state.losses import small_mlp
from explorer.state.losses.slices import run_slices

KEEP = 64  # finished fits kept (a few drags' worth of undo)


@dataclass(frozen=True, eq=False)
class ShownNet:
    """The net a loss shows for one config, and how far it is from that config's exact fit."""

    key: tuple  # (loss, points)
    fitter: small_mlp.Fitter
    kind: str  # "exact", "warm" or "partial"
    task: small_mlp.FitTask | None = None  # the exact fit in progress ("partial")

    @property
    def steps(self) -> int:
        """Exact-fit steps behind the picture (COLD_STEPS when exact, 0 for a warm copy)."""
        if self.kind == "exact":
            return small_mlp.COLD_STEPS
        return self.task.steps if self.task is not None else 0


class RegressionFits:
    """Finished exact fits by key, the fits still running, and the net each loss shows."""

    def __init__(self) -> None:
        self._exact: OrderedDict[tuple, small_mlp.Fitter] = OrderedDict()
        self._tasks: dict[tuple, small_mlp.FitTask] = {}
        self._shown: dict[str, ShownNet] = {}
        self.version = 0  # bumped when an advance changed what a view would show

    def nets(
        self, fits: list[tuple[str, ResidualLoss]], x: np.ndarray, y: np.ndarray
    ) -> dict[str, ShownNet]:
        """The net each loss ``(name, loss)`` shows for the points (x, y) (n,); starts the
        exact fits that are missing (advanced by :meth:`advance`) and drops the others."""
        points = (x.tobytes(), y.tobytes())
        X = x[:, None]
        keys = {name: (loss, points) for name, loss in fits}
        self._tasks = {
            key: self._tasks.get(key) or small_mlp.FitTask(loss, X, y)
            for (name, loss), key in zip(fits, keys.values(), strict=True)
            if key not in self._exact
        }
        for name, loss in fits:
            self._shown[name] = self._show(name, loss, keys[name], X, y)
        return {name: self._shown[name] for name, _ in fits}

    def _show(self, name: str, loss, key: tuple, X: np.ndarray, y: np.ndarray) -> ShownNet:
        exact = self._exact.get(key)
        if exact is not None:
            self._exact.move_to_end(key)
            return ShownNet(key, exact, "exact")
        task = self._tasks[key]
        shown = self._shown.get(name)
        if shown is not None and shown.key == key:
            return shown  # the same config again: nothing new to show
        if shown is None:
            return ShownNet(key, task.fitter, "partial", task)
        if shown.kind == "warm":  # a drag goes on: continue the copy it owns
            small_mlp.warm(shown.fitter, loss, X, y)
            return ShownNet(key, shown.fitter, "warm", task)
        # the first move from an exact or partial net: a copy, never the original
        return ShownNet(key, small_mlp.warm_copy(shown.fitter, loss, X, y), "warm", task)

    @property
    def pending(self) -> bool:
        return bool(self._tasks)

    def progress(self) -> float:
        """The share of the current exact fits' steps done (1 when none is running)."""
        if not self._tasks:
            return 1.0
        tasks = self._tasks.values()
        return sum(t.steps for t in tasks) / sum(t.total for t in tasks)

    def advance(self, budget_s: float | None = None, max_steps: int | None = None) -> bool:
        """Work on the running exact fits; True if anything on screen may have changed."""
        if not self._tasks:
            return False
        run_slices(list(self._tasks.values()), budget_s, max_steps)
        for key, task in list(self._tasks.items()):
            if task.finished:
                del self._tasks[key]
                self._exact[key] = task.fitter
        while len(self._exact) > KEEP:
            self._exact.popitem(last=False)
        self.version += 1
        return True

"""The loss-functions lab's session and snapshot.

Qt-free. A snapshot computes each tab's view the first time it is asked for, and the session
keeps the last view of each tab keyed by that tab's fields: dragging a data point refits the
regression lines only, and switching tabs back and forth recomputes nothing. The small MLPs'
fits and the margin tab's training take longer than a frame: the session keeps them in stores
(:mod:`~explorer.state.losses.regression_fits`, :mod:`~explorer.state.losses.margin_runs`)
that :meth:`LossesSession.advance` works on in slices (the page calls it from a timer); each
advance makes a new snapshot, whose views say how far the work is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cached_property
from typing import Any

from explorer.state.losses.config import MAX_POINTS, OUTLIER, X_LIMIT, Y_LIMIT, LossesConfig
from explorer.state.losses.margin import MarginView, compute_margin
from explorer.state.losses.margin_runs import MarginRuns
from explorer.state.losses.neuron import NeuronView, compute_neuron
from explorer.state.losses.regression import RegressionView, compute_regression
from explorer.state.losses.regression_fits import RegressionFits
from explorer.state.losses.softmax import SoftmaxView, compute_softmax
from explorer.state.session import LabSession

#: the config fields each tab's view depends on (by prefix)
PREFIXES = {"regression": ("reg_",), "margin": ("margin_",), "softmax": ("softmax_", "focal_"),
            "neuron": ("neuron_",)}  # fmt: skip
FIELDS = {
    tab: tuple(f.name for f in dataclasses.fields(LossesConfig) if f.name.startswith(prefixes))
    for tab, prefixes in PREFIXES.items()
}
COMPUTE: dict[str, Callable[[LossesConfig], Any]] = {
    "regression": compute_regression,
    "margin": compute_margin,
    "softmax": compute_softmax,
    "neuron": compute_neuron,
}


class LossesSnapshot:
    """What the lab shows for one config; each tab's view is computed when first read."""

    def __init__(self, config: LossesConfig, view: Callable[[str, LossesConfig], Any]) -> None:
        self.config = config
        self._view = view

    @cached_property
    def regression(self) -> RegressionView:
        return self._view("regression", self.config)

    @cached_property
    def margin(self) -> MarginView:
        return self._view("margin", self.config)

    @cached_property
    def softmax(self) -> SoftmaxView:
        return self._view("softmax", self.config)

    @cached_property
    def neuron(self) -> NeuronView:
        return self._view("neuron", self.config)


class LossesSession(LabSession[LossesConfig, LossesSnapshot]):
    VIEW_FIELDS = frozenset({"tab"})

    def __init__(self, config: LossesConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or LossesConfig(), **kwargs)
        self._views: dict[str, tuple[tuple, Any]] = {}
        self.forget_fits()
        self.computed = dict.fromkeys(COMPUTE, 0)  # how often each tab was computed (tests)

    def compute(self, config: LossesConfig) -> LossesSnapshot:
        return LossesSnapshot(config, self._tab_view)

    def _tab_view(self, tab: str, config: LossesConfig) -> Any:
        store = self.stores.get(tab)
        key = tuple(getattr(config, name) for name in FIELDS[tab])
        key += (store.version,) if store is not None else ()
        cached = self._views.get(tab)
        if cached is not None and cached[0] == key:
            return cached[1]
        view = COMPUTE[tab](config) if store is None else COMPUTE[tab](config, store)
        self.computed[tab] += 1
        self._views[tab] = (key, view)
        return view

    # --- the work in slices -------------------------------------------------------------------
    def forget_fits(self) -> None:
        """Drop every finished fit and run (a benchmark times the work from scratch)."""
        # the work done in slices, by tab: the regression MLPs, the margin tab's training
        self.stores: dict[str, Any] = {"regression": RegressionFits(), "margin": MarginRuns()}
        self._views.clear()
        self.invalidate()

    def _current_store(self) -> Any:
        """The store of the tab on screen, told what the current config needs (None: the
        tab has nothing to train)."""
        tab = self.config.tab
        store = self.stores.get(tab)
        if store is not None:
            getattr(self.snapshot(), tab)  # computing the view starts the work it needs
        return store

    @property
    def pending(self) -> bool:
        """The tab on screen still shows work in progress (an approximate or part-way fit)."""
        store = self._current_store()
        return store is not None and store.pending

    def advance(self, budget_s: float | None = None, max_steps: int | None = None) -> bool:
        """Work on the tab on screen's fits for about ``budget_s`` seconds, or ``max_steps``
        optimizer steps (tests); a new snapshot if anything changed. True once all is done."""
        store = self._current_store()
        if store is None:
            return True
        if store.advance(budget_s, max_steps):
            self.invalidate()
        return not store.pending

    #: changing the data drops the trained runs (a run belongs to the data it was trained
    #: on): five runs take 30–100 ms of slices, which every move of a noise drag would restart
    RETRAIN_FIELDS = frozenset({"margin_set", "margin_noise"})

    def update(self, **changes: Any) -> None:
        if self.RETRAIN_FIELDS & changes.keys() and "margin_trained" not in changes:
            changes["margin_trained"] = False
        super().update(**changes)

    # --- edits of the regression data: each click is its own undo step; a drag is one -----
    def move_point(self, index: int, x: float, y: float) -> None:
        """Move point ``index`` (clamped into the plot's box) and select it; a drag
        coalesces into one undo step."""
        x = min(max(x, -X_LIMIT), X_LIMIT)
        y = min(max(y, -Y_LIMIT), Y_LIMIT)
        points = list(self.config.reg_points)
        points[index] = (x, y)
        self.update(reg_points=tuple(points), reg_selected=index)

    def select_point(self, index: int) -> None:
        self.update(reg_selected=index)

    def add_outlier(self) -> bool:
        """Add a point far below the line (False if the data are full)."""
        points = self.config.reg_points
        if len(points) >= MAX_POINTS:
            return False
        x, y = OUTLIER
        while any(abs(px - x) < 1e-9 and abs(py - y) < 1e-9 for px, py in points):
            x -= 0.3  # a second outlier beside the first, not on top of it
        self.replace_config(
            dataclasses.replace(self.config, reg_points=(*points, (x, y)), reg_selected=len(points))
        )
        return True

    def remove_selected(self) -> bool:
        """Delete the selected point (False when only two are left)."""
        points = list(self.config.reg_points)
        if len(points) <= 2:
            return False
        index = self.config.reg_selected
        del points[index]
        if len({x for x, _ in points}) < 2:
            return False
        self.replace_config(
            dataclasses.replace(
                self.config, reg_points=tuple(points), reg_selected=min(index, len(points) - 1)
            )
        )
        return True

    def set_checked(self, field: str, name: str, checked: bool) -> None:
        """Tick or untick loss ``name`` in ``reg_losses`` or ``margin_losses``."""
        names = [n for n in getattr(self.config, field) if n != name] + ([name] if checked else [])
        self.replace_config(dataclasses.replace(self.config, **{field: tuple(names)}))

    def set_logit(self, index: int, value: float) -> None:
        logits = list(self.config.softmax_logits)
        logits[index] = value
        self.update(softmax_logits=tuple(logits))

    def set_classes(self, count: int) -> None:
        """Change the number of classes: new logits start at 0, the true class stays if it
        still exists."""
        logits = self.config.softmax_logits
        logits = (logits + (0.0,) * count)[:count]
        weights = (self.config.softmax_weights + (1.0,) * count)[:count]
        target = min(self.config.softmax_target, count - 1)
        self.update(softmax_logits=logits, softmax_weights=weights, softmax_target=target)

    def set_class_weight(self, index: int, value: float) -> None:
        weights = list(self.config.softmax_weights)
        weights[index] = value
        self.update(softmax_weights=tuple(weights))

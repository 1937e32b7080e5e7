"""The Optimizers lab's session: config → snapshot of the race, and Play through its steps.

The snapshot holds every ticked optimizer's whole run (so the loss and distance plots show
them in full) and the step on show; Play only moves that step, which is a view field (no undo
step), so the runs come from the cache while the animation plays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorer.core import surfaces
from explorer.state.optimizers import zigzag
from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.entries import KEYS
from explorer.state.optimizers.race import (
    RaceRunner,
    Run,
    StepDetail,
    SurfaceGrid,
    lab_minima,
    surface_grid,
)
from explorer.state.optimizers.step_parts import StepParts, step_parts
from explorer.state.session import LabSession

#: the views of the tabs beside the race: tab → (the prefix of the config fields the view
#: depends on, the function that computes it from the config)
TAB_VIEWS: dict[str, tuple[str, Callable[[OptimizersConfig], Any]]] = {
    "zigzag": ("zig_", zigzag.compute),
}


@dataclass(frozen=True, eq=False)
class RaceSnapshot:
    """What the lab draws for one config."""

    config: OptimizersConfig
    surface: surfaces.Surface
    grid: SurfaceGrid
    runs: tuple[Run, ...]  # the ticked entries, in table order
    step: int  # the step on show
    minima: list  # the surface's minima, or a typed f's estimated one
    minimum_value: float | None  # f there (None: unbounded below, the saddle)
    tab_view: Callable[[str], Any] = lambda tab: None  # another tab's view, computed when read

    def view(self, tab: str) -> Any:
        """The view of tab ``tab`` (a key of ``TAB_VIEWS``) for this config."""
        return self.tab_view(tab)

    @property
    def selected(self) -> Run | None:
        """The run of the selected optimizer (None when it is not ticked)."""
        for run in self.runs:
            if run.key == self.config.selected:
                return run
        return None

    @property
    def estimated_minimum(self) -> bool:
        """The minimum is the lowest grid point of a typed f(x, y), not known exactly."""
        return self.config.surface == "custom"


class OptimizersSession(LabSession[OptimizersConfig, RaceSnapshot]):
    """Owns the lab's config; Play advances the step on show."""

    VIEW_FIELDS = frozenset({"step", "selected", "tab"})

    def __init__(self, config: OptimizersConfig | None = None, **kwargs) -> None:
        super().__init__(config or OptimizersConfig(), **kwargs)
        self.runner = RaceRunner()
        self._tab_views: dict[str, tuple[tuple, Any]] = {}

    def compute(self, config: OptimizersConfig) -> RaceSnapshot:
        surface = config.make_surface()
        grid = surface_grid(*config.surface_key)
        ticked = set(config.ticked)
        runs = self.runner.runs(config, [key for key in KEYS if key in ticked])
        minima, minimum_value = lab_minima(config)
        return RaceSnapshot(config, surface, grid, runs, config.shown_step, minima, minimum_value,
                            lambda tab: self._tab_view(tab, config))  # fmt: skip

    def _tab_view(self, tab: str, config: OptimizersConfig) -> Any:
        """Tab ``tab``'s view, kept while the fields it depends on are unchanged (switching
        tabs or dragging the race's sliders recomputes no other tab)."""
        prefix, compute = TAB_VIEWS[tab]
        key = tuple(
            getattr(config, f.name) for f in dataclasses.fields(config) if f.name.startswith(prefix)
        )
        cached = self._tab_views.get(tab)
        if cached is None or cached[0] != key:
            cached = (key, compute(config))
            self._tab_views[tab] = cached
        return cached[1]

    def step_detail(self, snapshot: RaceSnapshot) -> StepDetail | None:
        """What the selected optimizer's next update does at the step on show (the update
        from step t to t + 1; the last update at the end of the run), or None."""
        run = snapshot.selected
        if run is None:
            return None
        step = min(snapshot.step + 1, len(run.path) - 1)
        return self.runner.step_detail(snapshot.config, run, step)

    def step_parts(self, snapshot: RaceSnapshot) -> StepParts | None:
        """The parts of the update :meth:`step_detail` describes, or None."""
        detail = self.step_detail(snapshot)
        run = snapshot.selected
        return None if detail is None else step_parts(run.key, run.hyper, detail)

    def set_hyper(self, entry: str, spec_key: str, value) -> None:
        """Set one hyper-parameter of race entry ``entry`` (``ValueError`` if refused)."""
        self.update(hyper=self.config.with_hyper(entry, spec_key, value).hyper)

    def set_ticked(self, entry: str, ticked: bool) -> None:
        """Tick or untick ``entry``; the race keeps the table's order."""
        keys = set(self.config.ticked) | {entry} if ticked else set(self.config.ticked) - {entry}
        self.update(ticked=tuple(k for k in KEYS if k in keys))

    # --- Play: the TrainingDriver's trainee ----------------------------------------------------
    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        """Show ``max_steps`` steps later (the end at most); the number of steps moved."""
        config = self.config
        now = config.shown_step
        new = min(now + int(max_steps), config.steps)
        self.update(step=None if new >= config.steps else new)
        return new - now

    def stop_reason(self) -> str | None:
        if self.config.step is None:
            return f"all runs are at their last step ({self.config.steps})"
        return None

    def rewind(self) -> None:
        """Back to step 0 (Play at the end starts over)."""
        self.update(step=0)

    @property
    def training_steps(self) -> int:
        return self.config.shown_step

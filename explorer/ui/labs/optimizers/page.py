"""The Optimizers lab: torch.optim's rules raced on 2-D surfaces, and beyond them.

The race tab. Left: the optimizers (tick to race, click to select), the selected one's
hyper-parameters, the surface and the run (steps, Play, noise, schedule). Centre: the surface
with every path (drag the start cross), beside the loss, the distance to the minimum and the
selected optimizer's learning rate, all against the step, the step on show marked.

The other tabs are classes of :data:`TAB_CLASSES`, each built as ``cls(session, error_label,
page)`` and giving ``key``, ``title``, ``panel`` (its controls), ``plots``, ``views()``,
``show(snapshot)``, ``notes_html(snapshot)``, ``status_text(snapshot)``, ``apply_scale()`` and
``main_control()``; one that trains also gives ``set_playing``, ``is_playing``,
``step_once``, ``training_steps`` and ``busy``, which Space, → and the status then reach.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.phase import PhaseJob, job_key
from explorer.state.optimizers.session import OptimizersSession
from explorer.ui.control_group import ControlGroup
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.base import LabPage
from explorer.ui.labs.optimizers.checklist import RaceChecklist
from explorer.ui.labs.optimizers.hyper_panel import HyperPanel
from explorer.ui.labs.optimizers.loss_view import DistanceView, LossView
from explorer.ui.labs.optimizers.lr_view import LearningRateView
from explorer.ui.labs.optimizers.network_tab import NetworkTab
from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS
from explorer.ui.labs.optimizers.phase_view import PhaseView
from explorer.ui.labs.optimizers.replay_driver import ReplayDriver
from explorer.ui.labs.optimizers.run_panel import RunPanel
from explorer.ui.labs.optimizers.surface_panel import SurfacePanel
from explorer.ui.labs.optimizers.surface_view import SurfaceView
from explorer.ui.labs.optimizers.texts import notes_html, status_text
from explorer.ui.labs.optimizers.zigzag_tab import ZigzagTab
from explorer.ui.labs.tab_controls import show_tab, stacked_controls
from explorer.ui.plot import PlotsScroll
from explorer.ui.scheduler import FRAME_MS

PHASE_BUDGET_S = 0.004  # of each frame, for the phase diagram's cells
PHASE_REST_S = 0.15  # the phase diagram starts when its settings rest this long
RACE_TITLE = "Surface race"
PLOTS_MIN_HEIGHT = 520  # px at 100 %: the race's five plots with room for their text
#: the tabs beside the race, in the order shown
TAB_CLASSES: tuple[type, ...] = (ZigzagTab, NetworkTab)


class OptimizersLab(LabPage):
    """Race SGD, momentum, Adam and the rest on a surface; drag the start and the sliders."""

    key = "optimizers"
    title = "Optimizers"
    trains = True

    session: OptimizersSession

    def make_session(self) -> OptimizersSession:
        return OptimizersSession()

    # --- controls ------------------------------------------------------------------------------
    def build_controls(self) -> QWidget:
        self.error_label = ErrorLabel()
        self.tabs = [cls(self.session, self.error_label, self) for cls in TAB_CLASSES]
        panels = [self._build_race_controls(), *(tab.panel for tab in self.tabs)]
        panel, self.stack = stacked_controls(panels, self.error_label, margin=0)
        self.session.subscribe(self._on_config_changed)
        self._on_config_changed(self.session.config)
        return panel

    def _build_race_controls(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        refused = self.error_label.show_error
        self.checklist = RaceChecklist()
        self.checklist.checkToggled.connect(self._on_check_toggled)
        self.checklist.selectedChanged.connect(self._on_selected_changed)
        layout.addWidget(ControlGroup("Optimizers (tick to race, click to select)", self.checklist))
        self.hyper_panel = HyperPanel(self.session.config)
        self.hyper_panel.paramChanged.connect(self._on_param_changed)
        layout.addWidget(self.hyper_panel)
        self.surface_panel = SurfacePanel(self.session, refused)
        layout.addWidget(self.surface_panel)
        self.run_panel = RunPanel(self.session, refused)
        self.run_panel.play_button.clicked.connect(lambda: self.set_playing(not self.is_playing()))
        self.run_panel.step_button.clicked.connect(self._on_step_clicked)
        layout.addWidget(self.run_panel)
        return panel

    # --- plots ---------------------------------------------------------------------------------
    def build_plots(self) -> QWidget:
        self.surface_view = SurfaceView()
        self.surface_view.startDragged.connect(self._on_start_dragged)
        self.loss_view = LossView()
        self.distance_view = DistanceView()
        self.distance_view.setXLink(self.loss_view)
        self.lr_view = LearningRateView()
        self.lr_view.setXLink(self.loss_view)
        side = QSplitter(Qt.Orientation.Vertical)
        for view in (self.loss_view, self.distance_view, self.lr_view):
            side.addWidget(view)
        side.setSizes([380, 300, 160])
        side.setChildrenCollapsible(False)
        self.phase_view = PhaseView()
        self.phase_view.cellClicked.connect(self._on_cell_clicked)
        self.phase_job: PhaseJob | None = None
        self._phase_rest = 0.0
        self.phase_timer = QTimer(self, interval=FRAME_MS)
        self.phase_timer.timeout.connect(self._on_phase_tick)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.surface_view)
        left.addWidget(self.phase_view)
        left.setSizes([620, 220])
        left.setChildrenCollapsible(False)
        plots = QSplitter(Qt.Orientation.Horizontal)
        plots.addWidget(left)
        plots.addWidget(side)
        plots.setSizes([620, 420])
        plots.setChildrenCollapsible(False)
        self.driver = ReplayDriver(self.session, self)
        self.driver.stepped.connect(self.request_redraw)
        self.driver.playingChanged.connect(self._on_playing_changed)
        self.driver.stopped.connect(self._on_play_ended)
        self.tab_widget = QTabWidget()
        self.tab_widget.addTab(plots, RACE_TITLE)
        for tab in self.tabs:
            self.tab_widget.addTab(tab.plots, tab.title)
        self.tab_widget.currentChanged.connect(self._on_tab_changed)
        self._show_tab(self.session.config)
        # every tab's plots keep room for their text at a large View scale: below, they scroll
        self.plots_scroll = PlotsScroll(self.tab_widget, PLOTS_MIN_HEIGHT)
        return self.plots_scroll

    def views(self) -> tuple:
        return (self.surface_view, self.loss_view, self.distance_view, self.lr_view)

    def busy(self) -> bool:
        tab = self.active_tab
        if tab is not None:
            return tab.busy() if hasattr(tab, "busy") else False
        return self.phase_job is not None and not self.phase_job.done

    # --- tabs ----------------------------------------------------------------------------------
    @property
    def active_tab(self) -> Any:
        """The tab object on screen, or None for the race."""
        key = self.session.config.tab
        return next((tab for tab in self.tabs if tab.key == key), None)

    def _player(self) -> Any:
        """What Space, → and the step count act on: the race's replay, a training tab, or
        None on a tab with nothing to play (the race, not on screen, must not move)."""
        tab = self.active_tab
        if tab is None:
            return self.driver
        return tab if hasattr(tab, "set_playing") else None

    def _nothing_to_play(self) -> None:
        self.show_message(f"Nothing plays on the {self.active_tab.title} tab: drag its "
                          "sliders or its start point")  # fmt: skip

    def _on_tab_changed(self, index: int) -> None:
        if self.is_playing():
            self.set_playing(False)
        self.session.update(tab="race" if index == 0 else self.tabs[index - 1].key)

    def _show_tab(self, config: OptimizersConfig) -> None:
        keys = ["race", *(tab.key for tab in self.tabs)]
        show_tab(self.tab_widget, self.stack, keys.index(config.tab))

    def redraw(self) -> None:
        snapshot = self.session.snapshot()
        tab = self.active_tab
        if tab is not None:
            tab.show(snapshot)
            self.notes.set_html(tab.notes_html(snapshot))
            self.show_status(tab.status_text(snapshot))
            return
        for view in self.views():
            view.show_snapshot(snapshot)
        parts = self.session.step_parts(snapshot)
        self.surface_view.show_step(parts, ENTRY_COLOURS[snapshot.config.selected])
        self.notes.set_html(notes_html(snapshot, parts))
        self._show_phase(snapshot.config)
        self.show_status(status_text(snapshot))

    def live_status(self) -> str:
        snapshot = self.session.snapshot()
        tab = self.active_tab
        return status_text(snapshot) if tab is None else tab.status_text(snapshot)

    def main_control(self) -> Any:
        tab = self.active_tab
        if tab is not None:
            return tab.main_control()
        return self.hyper_panel.controls[(self.session.config.selected, "lr")]

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        return [
            ("Adam lr", self.from_defaults(lambda: self.hyper_panel.controls[("adam", "lr")])),
            ("steps", self.from_defaults(lambda: self.run_panel.steps_slider)),
        ]

    def apply_scale(self) -> None:
        for view in (*self.views(), self.phase_view):
            view.apply_scale()
        for tab in self.tabs:
            tab.apply_scale()
        self.plots_scroll.apply_scale()
        self.request_redraw()

    # --- Play ----------------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        player = self._player()
        if player is None:
            if playing:
                self._nothing_to_play()
            return
        player.set_playing(playing)

    def is_playing(self) -> bool:
        return self.driver.is_playing() or any(
            tab.is_playing() for tab in self.tabs if hasattr(tab, "is_playing")
        )

    def step_once(self) -> None:
        player = self._player()
        if player is None:
            self._nothing_to_play()
            return
        if player is not self.driver:
            player.step_once()
            return
        if self.session.stop_reason() is not None:
            self.session.rewind()
        self.driver.step_once()

    def training_steps(self) -> int:
        player = self._player()
        return 0 if player is None else player.training_steps()

    # --- handlers ------------------------------------------------------------------------------
    def _on_config_changed(self, config: OptimizersConfig) -> None:
        shown = (config.ticked, config.selected, config.hyper)
        if shown != getattr(self, "_shown", None):  # a start drag or Play changes none
            self._shown = shown
            self.checklist.show_config(config)
            self.hyper_panel.show_config(config)
        self.error_label.show_error(None)
        if hasattr(self, "tab_widget"):
            self._show_tab(config)

    def _on_check_toggled(self, key: str, checked: bool) -> None:
        self.session.set_ticked(key, checked)

    def _on_selected_changed(self, key: str) -> None:
        self.session.update(selected=key)

    def _on_param_changed(self, entry: str, spec_key: str, value) -> None:
        try:
            self.session.set_hyper(entry, spec_key, value)
        except ValueError as error:
            self.hyper_panel.show_config(self.session.config)
            self.error_label.show_error(str(error))

    def _on_start_dragged(self, x: float, y: float) -> None:
        try:
            self.session.update(start=(x, y))
        except ValueError as error:
            self.error_label.show_error(str(error))

    def _on_step_clicked(self) -> None:
        self.set_playing(False)
        self.step_once()

    # --- phase diagram --------------------------------------------------------------------------
    def _show_phase(self, config: OptimizersConfig) -> None:
        """Start a new diagram when what it depends on changed; draw what is computed."""
        if self.phase_job is None or self.phase_job.key != job_key(config):
            self.phase_job = PhaseJob(config)
            # a drag changes the key every frame: the diagram starts once the drag rests, so
            # the drag's frames carry no diagram work (the old picture stays until then)
            self._phase_rest = time.monotonic() + PHASE_REST_S
            if not self.phase_job.done:
                self.phase_timer.start()
        job = self.phase_job
        other = None
        if job.axes is not None:
            other = config.value(config.selected, job.axes.other.key)
        self.phase_view.show_job(job, config.value(config.selected, "lr"), other,
                                 config.phase_metric)  # fmt: skip

    def _on_phase_tick(self) -> None:
        job = self.phase_job
        if job is not None and time.monotonic() < self._phase_rest:
            return
        if job is None or job.advance(PHASE_BUDGET_S):
            self.phase_timer.stop()
        self._show_phase(self.session.config)

    def _on_cell_clicked(self, lr: float, other: float) -> None:
        config = self.session.config
        axes = self.phase_job.axes if self.phase_job is not None else None
        if axes is None:
            return
        changed = config.with_hyper(config.selected, "lr", lr)
        changed = changed.with_hyper(config.selected, axes.other.key, other)
        try:
            self.session.update(hyper=changed.hyper)  # one undo step for both sliders
        except ValueError as error:
            self.error_label.show_error(str(error))

    def _on_play_ended(self, reason: str) -> None:
        self.show_message(f"Paused: {reason}; Play (Space) starts again from step 0")

    def _on_playing_changed(self, playing: bool) -> None:
        self.run_panel.show_playing(playing)
        self.playing_changed.emit(playing)

"""The "Same network" tab: the ticked optimizers train one small MLP side by side, and the
loss landscape of that net on a plane through one run's weights, every path projected on it.

Training runs on a TrainingDriver (a few milliseconds per tick, one step of every optimizer
per lock step). The landscape is computed by a frame timer in slices, only while training is
paused: after a short rest, a plane through the selected optimizer's weights now (the first
ticked one's if it is not ticked) replaces the old one; while training runs the plane stays
and the paths grow on it.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSplitter

from explorer.state.optimizers import entries
from explorer.state.optimizers.network import NetworkTrainee, NetworkView
from explorer.state.optimizers.network_config import net_lr
from explorer.state.optimizers.network_landscape import (
    LandscapeJob,
    PathProjector,
    landscape_key,
    make_plane,
)
from explorer.ui.buttons import show_play_state
from explorer.ui.labs.optimizers.landscape_view import TITLE, LandscapeView
from explorer.ui.labs.optimizers.network_panel import NetworkPanel
from explorer.ui.labs.optimizers.network_texts import notes_html, status_text
from explorer.ui.labs.optimizers.network_views import NetLossView, ScoreTable
from explorer.ui.scheduler import FRAME_MS
from explorer.ui.training_driver import TrainingDriver

# nine small nets take ~2 ms a lock step (measured on a loaded machine): short ticks often
# (the normalization lab's four nets do the same) interleave with the frames' redraws
TRAIN_BUDGET_S = 0.005
TRAIN_TICK_MS = 8
LANDSCAPE_BUDGET_S = 0.004  # of each frame, for the landscape's cells
LANDSCAPE_REST_S = 0.15  # a new plane once the settings and the weights rest this long


class NetworkTab:
    """Controls, plots, words and training of the "Same network" tab (see page.py)."""

    key = "network"
    title = "Same network"

    def __init__(self, session, error_label, page) -> None:
        self.session, self.page = session, page
        self.trainee = NetworkTrainee(session)
        self.panel = NetworkPanel(session, error_label.show_error)
        self.panel.play_button.clicked.connect(lambda: self.set_playing(not self.is_playing()))
        self.panel.step_button.clicked.connect(self._on_step_clicked)
        self.panel.restart_button.clicked.connect(self.restart)
        self.landscape_view = LandscapeView()
        self.loss_view = NetLossView()
        self.table = ScoreTable()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.loss_view)
        side.addWidget(self.table)
        side.setSizes([420, 200])
        side.setChildrenCollapsible(False)
        self.plots = QSplitter(Qt.Orientation.Horizontal)
        self.plots.addWidget(self.landscape_view)
        self.plots.addWidget(side)
        self.plots.setSizes([560, 480])
        self.plots.setChildrenCollapsible(False)
        self.driver = TrainingDriver(self.trainee, TRAIN_BUDGET_S, parent=page)
        self.driver.timer.setInterval(TRAIN_TICK_MS)
        self.driver.stepped.connect(page.request_redraw)
        self.driver.playingChanged.connect(self._on_playing_changed)
        self.driver.stopped.connect(page.show_message)
        self.job: LandscapeJob | None = None
        self._wanted: tuple | None = None  # the key of the plane to compute next
        self._rest = 0.0
        self.projector = PathProjector()
        self.timer = QTimer(page, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_landscape_tick)

    def views(self) -> tuple:
        return (self.landscape_view, self.loss_view)

    # --- drawing -------------------------------------------------------------------------------
    def show(self, snapshot) -> None:
        config = snapshot.config
        view = self.trainee.view()
        self.loss_view.show_view(view)
        self.table.show_view(view, {key: net_lr(config, key) for key in view.keys})
        self._plan_landscape(config, view)
        paths = self._paths(view)
        title = TITLE
        if self.job is not None:
            label, step = entries.entry(self.job.plane.reference).label, self.job.plane.step
            title = (f"Loss on a plane through {label}'s weights at step {step}",
                     f"Loss plane: {label}, step {step}", "Loss plane")  # fmt: skip
            if self._stale():
                title = ("Loss plane of the previous settings (the new one follows)",
                         "Loss plane of the previous settings", "Previous loss plane")  # fmt: skip
        keys = view.keys if paths is not None else ()
        self.landscape_view.show_landscape(self.job, keys, paths, title)

    def notes_html(self, snapshot) -> str:
        view = self.trainee.view()
        return notes_html(snapshot.config, view, self.job, self.is_playing(), self._stale())

    def _stale(self) -> bool:
        """The plane on show belongs to other network settings than the runs (another size,
        task or seed): it stays drawn, without paths, until the new one is made."""
        return self.job is not None and self.job.key[0] != self.trainee.run.key

    def status_text(self, snapshot) -> str:
        return status_text(self.trainee.view(), self.job)

    def apply_scale(self) -> None:
        for view in self.views():
            view.apply_scale()
        self.table.apply_scale()

    def main_control(self):
        return self.panel.lr_slider

    # --- the landscape -------------------------------------------------------------------------
    def _reference(self, config, view: NetworkView) -> str | None:
        if not view.keys:
            return None
        return config.selected if config.selected in view.keys else view.keys[0]

    def _plan_landscape(self, config, view: NetworkView) -> None:
        """Ask for a plane through the reference run's weights now, unless training runs."""
        reference = self._reference(config, view)
        if reference is None:
            self.job, self._wanted = None, None
            return
        if self.is_playing():
            return
        wanted = landscape_key(config, reference, view.step)
        if (self.job is None or self.job.key != wanted) and wanted != self._wanted:
            self._wanted = wanted
            # a drag or a run of → presses changes the key every frame: the plane is made
            # once it rests, so those frames carry no landscape work
            self._rest = time.monotonic() + LANDSCAPE_REST_S
            self.timer.start()

    def _on_landscape_tick(self) -> None:
        if self._wanted is not None:
            if time.monotonic() < self._rest:
                return
            self._start_job()
        if self.job is None or self.job.advance(LANDSCAPE_BUDGET_S):
            self.timer.stop()
        if self.page.active_tab is self:  # finishing behind the race costs it no redraws
            self.page.request_redraw()

    def _start_job(self) -> None:
        config, view = self.session.config, self.trainee.view()
        reference = self._reference(config, view)
        self._wanted = None
        if reference is None:
            self.job = None
            return
        centre = view.now[view.index(reference)]
        plane = make_plane(config, centre, reference, view.step)
        self.job = LandscapeJob(config, plane)

    def _paths(self, view: NetworkView) -> np.ndarray | None:
        """Every run's path on the current plane (None: no plane, or one of other runs)."""
        job = self.job
        if job is None or not view.keys or self._stale():
            return None  # the plane of other settings, until the new one is made
        return self.projector.coords(self.trainee.run, view, job.plane)

    def busy(self) -> bool:
        """The landscape is still to be computed or computing (a screenshot waits)."""
        return self._wanted is not None or (self.job is not None and not self.job.done)

    # --- training ------------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        reason = self.trainee.stop_reason()
        if playing and reason is not None:
            run = self.trainee.run
            if run.keys and run.step_count >= run.steps:
                self.restart()  # Play at the end starts over, as the race's Play does
            else:
                self.page.show_message(f"Cannot train: {reason}")
                return
        self.driver.set_playing(playing)

    def is_playing(self) -> bool:
        return self.driver.is_playing()

    def step_once(self) -> None:
        self.driver.step_once()

    def training_steps(self) -> int:
        return self.driver.training_steps()

    def restart(self) -> None:
        """Step 0 again: the same initial weights and batches."""
        self.trainee.restart()
        self.page.request_redraw()

    def _on_step_clicked(self) -> None:
        self.set_playing(False)
        self.step_once()

    def _on_playing_changed(self, playing: bool) -> None:
        if playing:
            self._wanted = None  # no new plane while training runs (see _plan_landscape)
        show_play_state(self.panel.play_button, playing)
        self.page.playing_changed.emit(playing)
        self.page.request_redraw()

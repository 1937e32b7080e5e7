"""The Depth & gradients lab: why deep sigmoid nets stop learning, and what fixes it.

Left: the network, the task, training and the A/B comparison. Centre: the per-layer gradient
bars and activation strips of the untrained net (recomputed on every control change), and,
as training runs (on the UI thread for small nets, on a worker thread for big ones), the fit,
the loss curve and the gradient heat map. A divergence pauses training and explains itself in
a banner with a one-click remedy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from explorer.state.depth.config import DepthConfig
from explorer.state.depth.session import DepthSession
from explorer.ui import theme
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.base import LabPage
from explorer.ui.labs.depth.banner import DivergenceBanner
from explorer.ui.labs.depth.compare_panel import ComparePanel
from explorer.ui.labs.depth.fit_view import FitView
from explorer.ui.labs.depth.gradient_view import GradientView
from explorer.ui.labs.depth.heatmap_view import HeatmapView
from explorer.ui.labs.depth.layer_view import LayerView
from explorer.ui.labs.depth.loss_view import LossView
from explorer.ui.labs.depth.network_panel import NetworkPanel
from explorer.ui.labs.depth.probe_worker import ProbeWorker
from explorer.ui.labs.depth.steady_notes import SteadyNotesHeight
from explorer.ui.labs.depth.task_panel import TaskPanel
from explorer.ui.labs.depth.texts import notes_parts, status_text
from explorer.ui.labs.depth.trainer import WorkerTrainingDriver
from explorer.ui.labs.depth.training_panel import TrainingPanel
from explorer.ui.notes import LIVE
from explorer.ui.plot import PlotsScroll
from explorer.ui.scheduler import FrameScheduler

TRAINING_FRAME_MS = 33
BUSY_STYLE = "background: #FFF4CE; color: #3B2F00; border: 1px solid #C9A227; padding: 4px 8px;"
PLOTS_MIN_HEIGHT = 400  # px at 100 %: two rows of plots with room for their text
THIRD_ROW_SCALE = 1.75  # from this View scale on, the heat map has a row of its own


class DepthLab(LabPage):
    """Per-layer gradients and activations against depth, with training and A/B compare."""

    key = "depth"
    title = "Depth & gradients"
    trains = True

    session: DepthSession

    def make_session(self) -> DepthSession:
        return DepthSession()

    # --- controls ------------------------------------------------------------------------------
    def build_controls(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        self.error_label = ErrorLabel()
        refused = self.error_label.show_error
        self.network_panel = NetworkPanel(self.session, refused)
        self.task_panel = TaskPanel(self.session, refused)
        self.training_panel = TrainingPanel(self.session, refused)
        self.compare_panel = ComparePanel()
        for widget in (self.error_label, self.network_panel, self.task_panel,
                       self.training_panel, self.compare_panel):  # fmt: skip
            layout.addWidget(widget)
        layout.addStretch(1)
        self.training_panel.play_button.clicked.connect(
            lambda: self.set_playing(not self.is_playing())
        )
        self.training_panel.step_button.clicked.connect(self._on_step_clicked)
        self.training_panel.restart_button.clicked.connect(self.restart_training)
        self.compare_panel.pinRequested.connect(self.pin_run)
        self.compare_panel.clearRequested.connect(self.clear_pinned)
        self.session.subscribe(self._on_config_changed)
        self.steady_notes = SteadyNotesHeight(self.notes)
        return panel

    # --- plots ---------------------------------------------------------------------------------
    def build_plots(self) -> QWidget:
        self.banner = DivergenceBanner()
        self.banner.remedy.connect(self._on_remedy)
        self.banner.restart.connect(self.restart_training)
        self.gradient_view = GradientView()
        self.layer_view = LayerView()
        self.layer_view.variableChanged.connect(self._on_layer_view_chosen)
        self.fit_view = FitView()
        self.loss_view = LossView()
        self.heatmap_view = HeatmapView()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.gradient_view)
        top.addWidget(self.layer_view)
        top.setSizes([520, 420])
        bottom = QSplitter(Qt.Orientation.Horizontal)
        for view in (self.fit_view, self.loss_view, self.heatmap_view):
            bottom.addWidget(view)
        bottom.setSizes([300, 340, 320])
        rows = QSplitter(Qt.Orientation.Vertical)
        rows.addWidget(top)
        rows.addWidget(bottom)
        rows.setSizes([500, 420])
        for splitter in (top, bottom, rows):
            splitter.setChildrenCollapsible(False)
        self.rows, self.bottom_row = rows, bottom
        plots = QWidget()
        layout = QVBoxLayout(plots)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        # over the plots, not in the layout: showing it moves no plot
        self.busy_note = QLabel(plots)
        self.busy_note.setStyleSheet(BUSY_STYLE)
        self.busy_note.move(8, 8)
        self.busy_note.hide()
        self.probe_worker = ProbeWorker(self.session, self)
        self.probe_worker.finished.connect(self._on_probe_finished)
        # two rows of plots need ~400 px at 100 % (more with bigger text): below, they scroll
        self.plots_scroll = PlotsScroll(rows, PLOTS_MIN_HEIGHT)
        layout.addWidget(self.plots_scroll, stretch=1)
        self._arrange_rows()
        self.driver = WorkerTrainingDriver(self.session, self)
        # while training, redraw at most 30 times a second: painting five plots costs about
        # as much as the steps between two frames, and 30 fps is smooth enough for curves
        self.training_frames = FrameScheduler(self.request_redraw, TRAINING_FRAME_MS, self)
        self.driver.stepped.connect(self.training_frames.request)
        self.driver.playingChanged.connect(self._on_playing_changed)
        self.driver.diagnosed.connect(self.banner.show_diagnosis)
        self.driver.failed.connect(self.error_label.show_error)
        self.driver.targetReached.connect(self._on_target_reached)
        return plots

    def redraw(self) -> None:
        config = self.session.config
        if self.probe_worker.pending(config):
            self._show_busy(self.probe_worker.computing or config)
            return
        self.busy_note.hide()
        snapshot = self.session.snapshot()
        self.gradient_view.show_snapshot(snapshot)
        self.layer_view.show_snapshot(snapshot)
        self.fit_view.show_snapshot(snapshot)
        self.loss_view.show_snapshot(snapshot)
        self.heatmap_view.show_snapshot(snapshot)
        self.compare_panel.show_snapshot(snapshot)
        self.notes.set_html(LIVE.join(notes_parts(snapshot)))
        self.show_status(status_text(snapshot))

    def flush(self) -> None:
        """Run a pending redraw now, including one waiting for the training frame rate or for
        a probe pass on the worker (the finished picture)."""
        self.training_frames.flush()
        super().flush()
        if self.probe_worker.busy:
            while self.probe_worker.busy:
                self.probe_worker.wait()
                self.redraw()  # starts the next settings' pass if they changed meanwhile
            self.notes.flush()

    def busy(self) -> bool:
        return self.probe_worker.busy

    def resizeEvent(self, event) -> None:
        self.steady_notes.start_over()
        super().resizeEvent(event)

    def _show_busy(self, config: DepthConfig) -> None:
        """The plots keep the previous network until the pass is done: the note says so."""
        text = (f"Computing the untrained net of depth {config.depth} × width {config.width}"
                "… the plots still show the previous settings")  # fmt: skip
        if self.busy_note.text() != text:
            self.busy_note.setText(text)
            self.busy_note.adjustSize()
        self.busy_note.show()
        self.busy_note.raise_()
        self.show_status(text)

    def main_control(self):
        return self.network_panel.depth_slider

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        """Depth (the main slider) and width, each from the defaults."""
        return [
            ("main", self.from_defaults(self.main_control)),
            ("width", self.from_defaults(lambda: self.network_panel.width_slider)),
        ]

    def live_status(self) -> str:
        if self.probe_worker.busy:
            return self.busy_note.text()
        return status_text(self.session.snapshot())

    def apply_scale(self) -> None:
        for view in (self.gradient_view, self.layer_view, self.fit_view, self.loss_view,
                     self.heatmap_view):  # fmt: skip
            view.apply_scale()
        self._arrange_rows()
        self.plots_scroll.apply_scale()
        self.request_redraw()

    def _arrange_rows(self) -> None:
        """Three plots side by side below two at 100 %; from :data:`THIRD_ROW_SCALE` on, the
        heat map gets a row of its own (three plots of big text in a row left each too narrow
        for its title and axes), and the plots a taller minimum (they scroll)."""
        third_row = theme.Scale.factor >= THIRD_ROW_SCALE
        target = self.rows if third_row else self.bottom_row
        if self.heatmap_view.parent() is not target:
            target.addWidget(self.heatmap_view)
            target.setSizes([500, 420, 320] if third_row else [300, 340, 320])
        rows = 3 if third_row else 2
        self.plots_scroll.set_min_height(PLOTS_MIN_HEIGHT * rows // 2)

    # --- training ------------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        if playing:
            self.banner.clear()
        self.driver.set_playing(playing)

    def is_playing(self) -> bool:
        return self.driver.is_playing()

    def step_once(self) -> None:
        self.banner.clear()
        self.driver.step_once()
        self.training_frames.flush()

    def training_steps(self) -> int:
        return self.driver.training_steps()

    def reset(self) -> None:
        """Every control back to its default except the seed: the same initial weights and
        data, so a run after a reset compares fairly with the one before (undoable)."""
        self.session.replace_config(DepthConfig(seed=self.session.config.seed))

    def restart_training(self) -> None:
        """Back to step 0 with the same seed: the same initial weights and data."""
        self.banner.clear()
        self.session.restart()
        self.request_redraw()

    def prepare_training_benchmark(self) -> None:
        """benchmarks/ui.py: train at depth 10 × width 64 (the issue's steps/s figure)."""
        self.session.replace_config(DepthConfig(depth=10, width=64))

    # --- A/B -----------------------------------------------------------------------------------
    def pin_run(self) -> None:
        pinned = self.session.pin_current()
        self.driver.stop_at = pinned.step or None
        self.request_redraw()

    def clear_pinned(self) -> None:
        self.session.clear_pinned()
        self.driver.stop_at = None
        self.request_redraw()

    # --- handlers ------------------------------------------------------------------------------
    def _on_probe_finished(self, error: str) -> None:
        self.error_label.show_error(error or None)
        self.request_redraw()

    def _on_config_changed(self, _config: DepthConfig) -> None:
        self.error_label.show_error(None)
        if not self.session.has_runner:
            self.banner.clear()

    def _on_layer_view_chosen(self, variable: str) -> None:
        self.session.update(layer_view=variable)

    def _on_step_clicked(self) -> None:
        self.set_playing(False)
        self.step_once()

    def _on_playing_changed(self, playing: bool) -> None:
        if not playing:
            self.training_frames.flush()  # the last view is drawn at once
        self.training_panel.show_playing(playing)
        self.playing_changed.emit(playing)

    def _on_remedy(self, lr: float) -> None:
        self.banner.clear()
        self.session.update(learning_rate=lr)
        self.set_playing(True)

    def _on_target_reached(self, step: int) -> None:
        self.show_message(f"B reached A's {step} steps and paused: compare the curves "
                          "(▶ continues)")  # fmt: skip

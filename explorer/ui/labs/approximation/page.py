"""The universal-approximation lab: build ŷ(x) = Σ vᵢσ(wᵢx + bᵢ) + c by hand, fit it, and see why.

Left: the target, the network (N, σ) and the current view's controls (neuron rows in the build
view, training settings in the fit view). Centre: view tabs over the plots, the notes with the
live formula, and the XOR panel as a third view. The error-vs-N curve is computed in the
background; training runs on a timer, several steps per tick, one redraw per frame.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.approximation.network import DEFAULT_NEURONS, resized
from explorer.state.approximation.session import (
    ApproximationConfig,
    ApproximationSession,
)
from explorer.state.approximation.xor import XorConfig
from explorer.state.serialize import config_from_dict, load_document, load_part, save_session
from explorer.ui.control_group import ControlGroup
from explorer.ui.labs.approximation.error_vs_n_runner import ErrorVsNRunner
from explorer.ui.labs.approximation.fit_panel import FitPanel
from explorer.ui.labs.approximation.network_panel import NetworkPanel
from explorer.ui.labs.approximation.neuron_list import NeuronList
from explorer.ui.labs.approximation.plots_area import PlotsArea
from explorer.ui.labs.approximation.target_panel import TargetPanel
from explorer.ui.labs.approximation.texts import notes_html, status_text, training_state
from explorer.ui.labs.approximation.training_loop import TrainingLoop
from explorer.ui.labs.base import LabPage

RESTARTED = "Training restarted from new initial weights. Press R again to reset every setting."
NOTHING_TO_TRAIN = (
    "Least squares needs no training: the output weights are solved exactly. "
    "Choose gradient descent to train."
)


class ApproximationLab(LabPage):
    """One hidden layer approximates any f(x): by hand, by training, by least squares."""

    key = "approximation"
    title = "Universal approximation"
    trains = True

    session: ApproximationSession

    def __init__(self, parent: QWidget | None = None) -> None:
        self._shown_view: tuple[str, str] | None = None
        self._status = ""
        self._message = ""  # a one-off note for the status line (cleared by the next change)
        super().__init__(parent)
        self.session.subscribe(self._on_config_changed)
        self._on_config_changed(self.session.config)

    def make_session(self) -> ApproximationSession:
        return ApproximationSession()

    # --- construction --------------------------------------------------------------------------
    def build_controls(self) -> QWidget:
        self.target_panel = TargetPanel(self.session)
        self.network_panel = NetworkPanel(self.session)
        self.neuron_list = NeuronList(self.session)
        self.fit_panel = FitPanel(self.session)
        self.fit_panel.playClicked.connect(lambda: self.set_playing(not self.is_playing()))
        self.fit_panel.restartClicked.connect(self.restart_training)
        self.fit_panel.copyClicked.connect(self._on_copy_to_build)
        self.target_group = ControlGroup("Target f(x)", self.target_panel)
        self.network_group = ControlGroup("Network", self.network_panel)
        self.build_group = ControlGroup("Neurons (build by hand)", self.neuron_list)
        self.fit_group = ControlGroup("Fitting", self.fit_panel)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        for group in (self.target_group, self.network_group, self.build_group, self.fit_group):
            layout.addWidget(group)
        layout.addStretch(1)
        return panel

    def build_plots(self) -> QWidget:
        self.area = PlotsArea()
        self.area.modeChosen.connect(lambda mode: self.session.update(mode=mode))
        self.xor_panel = self.area.xor_panel
        self.xor_panel.status_changed.connect(self._on_xor_status)
        self.xor_panel.playing_changed.connect(self._on_xor_playing)
        self.runner = ErrorVsNRunner(self.session, self)
        self.runner.set_paused(True)  # until the page is first shown
        self.runner.updated.connect(self._on_error_curve_updated)
        self.loop = TrainingLoop(self.session, self)
        self.loop.stepped.connect(self.request_redraw)
        self.loop.runningChanged.connect(self._on_running_changed)
        return self.area

    # --- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        snapshot = self.session.snapshot()
        config = snapshot.config
        if config.mode == "xor":
            self._emit_status(self.xor_panel.status_text())
            return
        area = self.area
        area.function_view.show_snapshot(snapshot)
        if area.side_stack.currentWidget() is area.loss_view:
            area.loss_view.show_snapshot(snapshot)
        else:
            area.residual_view.show_snapshot(snapshot)
        area.error_view.show_network(snapshot.n_hidden, snapshot.grid_error)
        self.notes.set_html(notes_html(snapshot, self.runner.error_at(snapshot.n_hidden)))
        if config.mode == "fit":
            self.fit_panel.show_state(training_state(snapshot), snapshot.diverged)
        self._emit_status(self._message or status_text(snapshot))

    def _emit_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def status_text(self) -> str:
        if self.session.config.mode == "xor":
            return self.xor_panel.status_text()
        return self._message or status_text(self.session.snapshot())

    def apply_scale(self) -> None:
        self.area.apply_scale()
        self.request_redraw()

    def busy(self) -> bool:
        return self.runner.running

    def showEvent(self, event) -> None:
        self.runner.set_paused(False)  # the error-vs-N curve fills in while it is on screen
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.runner.set_paused(True)  # its slices would take time from the lab on screen
        super().hideEvent(event)

    def main_control(self) -> Any:
        mode = self.session.config.mode
        if mode == "build":
            return self.neuron_list.rows[0].w_slider
        if mode == "fit":
            return self.network_panel.n_slider
        return self.xor_panel.hidden_slider

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        """w₁ (the main slider), then the sliders that re-sample the target (points, the end
        of the x-range, noise) and the neuron count N, each from the defaults."""
        from_defaults, panel = self.from_defaults, self.target_panel
        return [
            ("main", from_defaults(self.main_control)),
            ("points", from_defaults(lambda: panel.points_slider)),
            ("x to", from_defaults(lambda: panel.x_max_slider)),
            ("noise", from_defaults(lambda: panel.noise_slider)),
            ("neurons N", from_defaults(lambda: self.network_panel.n_slider)),
        ]

    # --- undo and session files: the XOR tab's settings count too -----------------------------
    def undo(self) -> bool:
        if self.session.config.mode == "xor" and self.xor_panel.session.undo():
            return True
        return super().undo()

    def redo(self) -> bool:
        if self.session.config.mode == "xor" and self.xor_panel.session.redo():
            return True
        return super().redo()

    def save_to(self, path: str | Path) -> Path:
        return save_session(
            path, self.key, self.session.config, parts={"xor": self.xor_panel.session.config}
        )

    def load_from(self, path: str | Path) -> None:
        """Both configs are checked before either is replaced: a bad file changes nothing."""
        document = load_document(path, self.key)
        config = config_from_dict(type(self.session.config), document["config"])
        xor = load_part(document, "xor", XorConfig)
        self.session.replace_config(config)
        if xor is not None:
            self.xor_panel.session.replace_config(xor)

    # --- training (the window's Space / → / R and toolbar) --------------------------------------
    def set_playing(self, playing: bool) -> None:
        config = self.session.config
        if config.mode == "xor":
            self.xor_panel.set_playing(playing)
            return
        if not playing:
            self.loop.stop()
            return
        if config.mode == "build":
            self.session.update(mode="fit")  # Play in the build view means "now train it"
        if self.session.config.fitter != "gradient":
            self._say(NOTHING_TO_TRAIN)
        elif not self.loop.start():
            self._say(self.session.fit_run().diverged or "")
        self.playing_changed.emit(self.is_playing())

    def is_playing(self) -> bool:
        if self.session.config.mode == "xor":
            return self.xor_panel.is_playing()
        return self.loop.is_running()

    def step_once(self) -> None:
        config = self.session.config
        if config.mode == "xor":
            self.xor_panel.step_once()
            return
        if config.mode == "build":
            self.session.update(mode="fit")
        if self.session.config.fitter == "gradient":
            self.loop.step(1)
        else:
            self._say(NOTHING_TO_TRAIN)

    def training_steps(self) -> int:
        if self.session.config.mode == "xor":
            return self.xor_panel.training_steps()
        return self.session.training_steps

    def restart_training(self) -> None:
        """New initial weights, step 0; the settings stay (playing goes on if it was on)."""
        self.session.restart_fit()
        self.request_redraw()

    def reset(self) -> None:
        """R: restart a run in progress; otherwise every setting back to its default (undoable).

        The view stays where it is, so R in the fit view does not jump to the build view.
        """
        config = self.session.config
        if config.mode == "xor":
            self.xor_panel.reset()
            return
        if config.mode == "fit" and config.fitter == "gradient" and self.training_steps() > 0:
            self.restart_training()
            self._say(RESTARTED)
            return
        self.session.restart_fit()
        self.session.replace_config(ApproximationConfig(mode=config.mode))

    def prepare_training_benchmark(self) -> None:
        """Fit view, N = 16, 200 points, gradient descent from step 0 (benchmarks/ui.py)."""
        neurons = resized(DEFAULT_NEURONS, 16, -3.141592653589793, 3.141592653589793)
        self.session.replace_config(ApproximationConfig(mode="fit", neurons=neurons, n_points=200))
        self.session.restart_fit()
        self.flush()

    # --- handlers ------------------------------------------------------------------------------
    def _on_config_changed(self, config: ApproximationConfig) -> None:
        self._message = ""
        view = (config.mode, config.fitter)
        if view == self._shown_view:
            return
        self._shown_view = view
        mode = config.mode
        self.area.show_mode(mode, config.fitter)
        for widget, visible in (
            (self.controls_area, mode != "xor"),
            (self.notes, mode != "xor"),
            (self.build_group, mode == "build"),
            (self.fit_group, mode == "fit"),
        ):
            widget.setVisible(visible)
        if mode != "fit" or config.fitter != "gradient":
            self.loop.stop()
        if mode != "xor" and self.xor_panel.is_playing():
            self.xor_panel.set_playing(False)
        self.playing_changed.emit(self.is_playing())

    def _on_running_changed(self, running: bool) -> None:
        self.fit_panel.show_playing(running)
        if self.session.config.mode != "xor":
            self.playing_changed.emit(running)

    def _on_xor_playing(self, playing: bool) -> None:
        if self.session.config.mode == "xor":
            self.playing_changed.emit(playing)

    def _on_xor_status(self, text: str) -> None:
        if self.session.config.mode == "xor":
            self._emit_status(text)

    def _on_error_curve_updated(self) -> None:
        self.area.error_view.show_curve(*self.runner.curve())
        self.request_redraw()  # the notes quote the curve at the current N

    def _on_copy_to_build(self) -> None:
        clipped = self.session.copy_fit_to_build()
        if clipped:
            self.neuron_list.show_error(
                f"{clipped} fitted value(s) lay outside the slider ranges and were clipped."
            )

    def _say(self, message: str) -> None:
        """Show a one-off message in the status line until the next change."""
        self._message = message
        self._emit_status(message or self.status_text())
        self.request_redraw()

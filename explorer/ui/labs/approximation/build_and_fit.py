"""The build and fit tabs: one network ŷ(x) = Σ vᵢσ(wᵢx + bᵢ) + c, set by hand or trained.

A :class:`~explorer.ui.labs.lab_mode.LabMode` of the approximation page (the XOR panel is
the other). It draws the shared plots and the notes, with the error-vs-N curve the page's
runner computes in the background, and trains on the shared :class:`TrainingDriver`
(several steps per tick, one redraw per frame).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from explorer.state.approximation.session import (
    SPEEDS,
    ApproximationConfig,
    ApproximationSession,
)
from explorer.ui.labs.approximation.error_vs_n_runner import ErrorVsNRunner
from explorer.ui.labs.approximation.fit_panel import FitPanel
from explorer.ui.labs.approximation.network_panel import NetworkPanel
from explorer.ui.labs.approximation.neuron_list import NeuronList
from explorer.ui.labs.approximation.plots_area import PlotsArea
from explorer.ui.labs.approximation.texts import (
    notes_html,
    searching_text,
    status_text,
    training_state,
)
from explorer.ui.notes import NotesBox
from explorer.ui.training_driver import TrainingDriver

TICK_BUDGET_S = 0.007  # training time per timer tick; the rest of the frame is for drawing
RESTARTED = "Training restarted from new initial weights. Press R again to reset every setting."
NOTHING_TO_TRAIN = (
    "Least squares needs no training: the output weights are solved exactly. "
    "Choose gradient descent to train."
)


class BuildAndFit(QObject):
    """What the page forwards to while the build or the fit tab is shown.

    ``changed`` asks the page for a redraw (training stepped, the error curve grew); ``say``
    puts a one-off message in the page's status line.
    """

    status_changed = Signal(str)
    playing_changed = Signal(bool)
    changed = Signal()

    def __init__(
        self,
        session: ApproximationSession,
        area: PlotsArea,
        notes: NotesBox,
        panels: tuple[NetworkPanel, NeuronList, FitPanel],
        runner: ErrorVsNRunner,
        say: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.area, self.notes, self.say = session, area, notes, say
        self.network_panel, self.neuron_list, self.fit_panel = panels
        self.runner = runner
        runner.updated.connect(self._on_error_curve_updated)
        self.driver = TrainingDriver(
            session, TICK_BUDGET_S, lambda: SPEEDS[session.config.speed], parent=self
        )
        self.driver.stepped.connect(self.changed)
        self.driver.playingChanged.connect(self._on_playing_changed)
        session.subscribe(self._on_config_changed)
        self.greedy = self.neuron_list.greedy
        self.greedy.changed.connect(lambda: self.status_changed.emit(self.status_text()))

    # --- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        snapshot = self.session.snapshot()
        area = self.area
        area.function_view.show_snapshot(snapshot)
        if area.side_stack.currentWidget() is area.loss_view:
            area.loss_view.show_snapshot(snapshot)
        else:
            area.residual_view.show_snapshot(snapshot)
        area.error_view.show_network(snapshot.n_hidden, snapshot.grid_error)
        self.notes.set_html(notes_html(snapshot, self.runner.error_at(snapshot.n_hidden)))
        if snapshot.config.mode == "fit":
            self.fit_panel.show_state(training_state(snapshot), snapshot.diverged)
        self.status_changed.emit(self._status(snapshot))

    def status_text(self) -> str:
        return self._status(self.session.snapshot())

    def _status(self, snapshot) -> str:
        """The live status; while "Greedy next" searches, what it is doing first."""
        if self.greedy.running:
            return f"{searching_text(*self.greedy.progress())} · {status_text(snapshot)}"
        return status_text(snapshot)

    def busy(self) -> bool:
        return self.runner.running or self.greedy.running

    def main_control(self) -> Any:
        if self.session.config.mode == "build":
            return self.neuron_list.rows[0].w_slider
        return self.network_panel.n_slider

    def undo(self) -> bool:
        return False  # the page's own session holds these settings

    def redo(self) -> bool:
        return False

    # --- training ------------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        if not playing:
            self.driver.set_playing(False)
            return
        if self.session.config.mode == "build":
            self.session.update(mode="fit")  # Play in the build view means "now train it"
        if self.session.config.fitter != "gradient":
            self.say(NOTHING_TO_TRAIN)
        elif not self.driver.set_playing(True):
            self.say(self.driver.stop_reason() or "")
        self.playing_changed.emit(self.is_playing())

    def is_playing(self) -> bool:
        return self.driver.is_playing()

    def step_once(self) -> None:
        if self.session.config.mode == "build":
            self.session.update(mode="fit")
        if self.session.config.fitter == "gradient":
            self.driver.step_once()
        else:
            self.say(NOTHING_TO_TRAIN)

    def training_steps(self) -> int:
        return self.driver.training_steps()

    def restart_training(self) -> None:
        """New initial weights, step 0; the settings stay (playing goes on if it was on)."""
        self.session.restart_fit()
        self.changed.emit()

    def reset(self) -> None:
        """R: restart a run in progress; otherwise every setting back to its default (undoable).

        The view stays where it is, so R in the fit view does not jump to the build view.
        """
        config = self.session.config
        if config.mode == "fit" and config.fitter == "gradient" and self.training_steps() > 0:
            self.restart_training()
            self.say(RESTARTED)
            return
        self.session.restart_fit()
        self.session.replace_config(ApproximationConfig(mode=config.mode))

    # --- handlers ------------------------------------------------------------------------------
    def _on_config_changed(self, config: ApproximationConfig) -> None:
        if config.mode != "fit" or config.fitter != "gradient":
            self.driver.set_playing(False)  # only the fit view's gradient descent trains

    def _on_playing_changed(self, playing: bool) -> None:
        self.fit_panel.show_playing(playing)
        self.playing_changed.emit(playing)

    def _on_error_curve_updated(self) -> None:
        self.area.error_view.show_curve(*self.runner.curve())
        self.changed.emit()  # the notes quote the curve at the current N

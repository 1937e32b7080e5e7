"""The universal-approximation lab: build ŷ(x) = Σ vᵢσ(wᵢx + bᵢ) + c by hand, fit it, and see why.

Left: the target, the network (N, σ) and the current view's controls (neuron rows in the build
view, training settings in the fit view). Centre: view tabs over the plots, the notes with the
live formula, and the XOR panel as a third view. Each tab is a :class:`LabMode` (the build and
fit tabs share :class:`BuildAndFit`); the page forwards the window's commands and its status
line to the mode of the tab on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.approximation.network import DEFAULT_NEURONS, resized
from explorer.state.approximation.session import (
    ApproximationConfig,
    ApproximationSession,
)
from explorer.state.approximation.xor import XorConfig
from explorer.state.serialize import config_from_dict, load_part
from explorer.ui.control_group import ControlGroup
from explorer.ui.labs.approximation.build_and_fit import BuildAndFit
from explorer.ui.labs.approximation.error_vs_n_runner import ErrorVsNRunner
from explorer.ui.labs.approximation.fit_panel import FitPanel
from explorer.ui.labs.approximation.network_panel import NetworkPanel
from explorer.ui.labs.approximation.neuron_list import NeuronList
from explorer.ui.labs.approximation.plots_area import PlotsArea
from explorer.ui.labs.approximation.target_panel import TargetPanel
from explorer.ui.labs.base import LabPage
from explorer.ui.labs.lab_mode import LabMode

# the page's own parts each tab shows (the XOR tab brings its own controls and words)
TAB_PARTS = {
    "build": {"controls", "notes", "build"},
    "fit": {"controls", "notes", "fit"},
    "xor": set(),
}


class ApproximationLab(LabPage):
    """One hidden layer approximates any f(x): by hand, by training, by least squares."""

    key = "approximation"
    title = "Universal approximation"
    trains = True

    session: ApproximationSession

    def __init__(self, parent: QWidget | None = None) -> None:
        self._shown_view: tuple[str, str] | None = None
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
        self.runner = ErrorVsNRunner(self.session, self)
        self.runner.set_paused(True)  # until the page is first shown
        panels = (self.network_panel, self.neuron_list, self.fit_panel)
        self.build_fit = BuildAndFit(self.session, self.area, self.notes, panels, self.runner,
                                     say=self.show_message, parent=self)  # fmt: skip
        self.build_fit.changed.connect(self.request_redraw)
        self.fit_panel.restartClicked.connect(self.build_fit.restart_training)
        self.modes: dict[str, LabMode] = {
            "build": self.build_fit,
            "fit": self.build_fit,
            "xor": self.xor_panel,
        }
        for mode in dict.fromkeys(self.modes.values()):
            mode.status_changed.connect(
                lambda text, m=mode: self._from_mode(m, self.show_status, text)
            )
            mode.playing_changed.connect(
                lambda playing, m=mode: self._from_mode(m, self.playing_changed.emit, playing)
            )
        return self.area

    @property
    def active_mode(self) -> LabMode:
        """The mode of the tab on screen."""
        return self.modes[self.session.config.mode]

    def _from_mode(self, mode: LabMode, show: Callable[[Any], None], value: Any) -> None:
        if mode is self.active_mode:  # a paused or hidden tab's news is not this page's
            show(value)

    # --- forwarded to the tab on screen ---------------------------------------------------------
    def redraw(self) -> None:
        self.active_mode.redraw()

    def live_status(self) -> str:
        return self.active_mode.status_text()

    def busy(self) -> bool:
        return self.active_mode.busy()

    def main_control(self) -> Any:
        return self.active_mode.main_control()

    def set_playing(self, playing: bool) -> None:
        self.active_mode.set_playing(playing)

    def is_playing(self) -> bool:
        return self.active_mode.is_playing()

    def step_once(self) -> None:
        self.active_mode.step_once()

    def training_steps(self) -> int:
        return self.active_mode.training_steps()

    def reset(self) -> None:
        self.active_mode.reset()

    def undo(self) -> bool:
        return self.active_mode.undo() or super().undo()

    def redo(self) -> bool:
        return self.active_mode.redo() or super().redo()

    def restart_training(self) -> None:
        """New initial weights, step 0; the settings stay (playing goes on if it was on)."""
        self.build_fit.restart_training()

    # --- the page itself ----------------------------------------------------------------------
    def apply_scale(self) -> None:
        self.area.apply_scale()
        self.request_redraw()

    def showEvent(self, event) -> None:
        self.runner.set_paused(False)  # the error-vs-N curve fills in while shown
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.runner.set_paused(True)  # its slices would take time from the lab shown
        super().hideEvent(event)

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

    def prepare_training_benchmark(self) -> None:
        """Fit view, N = 16, 200 points, gradient descent from step 0 (benchmarks/ui.py)."""
        neurons = resized(DEFAULT_NEURONS, 16, -3.141592653589793, 3.141592653589793)
        self.session.replace_config(ApproximationConfig(mode="fit", neurons=neurons, n_points=200))
        self.session.restart_fit()
        self.flush()

    # --- session files: the XOR tab's settings count too --------------------------------------
    def session_parts(self) -> dict[str, Any]:
        return {"xor": self.xor_panel.session.config}

    def document_applier(self, document: dict[str, Any]) -> Callable[[], None]:
        """Both configs are checked before either is replaced: a bad file changes nothing."""
        config = config_from_dict(type(self.session.config), document["config"])
        xor = load_part(document, "xor", XorConfig)

        def apply() -> None:
            self.session.replace_config(config)
            if xor is not None:
                self.xor_panel.session.replace_config(xor)

        return apply

    # --- handlers ------------------------------------------------------------------------------
    def _on_config_changed(self, config: ApproximationConfig) -> None:
        view = (config.mode, config.fitter)
        if view == self._shown_view:
            return
        # When the controls or the notes come or go (to or from the XOR tab) the plots' stack
        # shows another page too: each of the three resized every plot on screen again (3 × 3
        # plot layouts, 35–45 ms a switch, measured). With the stack hidden meanwhile, the new
        # tab's notes written and the layouts settled before it shows again, each plot is laid
        # out once, at its final size.
        frame = {"controls", "notes"}
        swap = (
            self.isVisible()
            and self._shown_view is not None
            and bool(frame & (TAB_PARTS[config.mode] ^ TAB_PARTS[self._shown_view[0]]))
        )
        if swap:
            self.area.stack.hide()
        self._shown_view = view
        self.area.show_mode(config.mode, config.fitter)
        parts = TAB_PARTS[config.mode]
        for name, widget in (("controls", self.controls_area), ("notes", self.notes),
                             ("build", self.build_group), ("fit", self.fit_group)):  # fmt: skip
            widget.setVisible(name in parts)
        if swap:
            self.flush()  # the notes at once: a new height later would lay the plots out again
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.area.stack.show()
        for mode in dict.fromkeys(self.modes.values()):
            if mode is not self.active_mode and mode.is_playing():
                mode.set_playing(False)  # only the tab on screen trains
        self.playing_changed.emit(self.is_playing())

    def _on_copy_to_build(self) -> None:
        clipped = self.session.copy_fit_to_build()
        if clipped:
            self.neuron_list.show_error(
                f"{clipped} fitted value(s) lay outside the slider ranges and were clipped."
            )

"""The Normalization lab: which axis each norm averages over, and what that does to every layer.

Left: the heat map's norm and layer, the network, training, and BatchNorm's batch size and
momentum. Centre, in four tabs: "Which axis" — a real batch of pre-activations as a heat map,
where a click shows the group the cell is normalized with, its μ and σ, the formula with its
numbers and histograms before and after;
"Every layer" — the same net without a norm and with BatchNorm, LayerNorm and RMSNorm, trained
side by side from the same seed (loss curves, gradient per layer, pre-activation strips);
"When it breaks" — BatchNorm's batch statistics against the batch size, and a BatchNorm net's
running statistics and accuracy in train and eval mode; "Input scale" — a linear model's loss
contours and gradient descent on raw and on standardized inputs. Play trains what the tab on screen
shows, on the UI thread in slices of a few milliseconds (one shared TrainingDriver per run).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.normalization.config import TABS, NormalizationConfig
from explorer.state.normalization.session import NormalizationSession
from explorer.state.normalization.surface_link import OPTIMIZERS_LAB, optimizers_config
from explorer.state.serialize import session_document
from explorer.ui.buttons import show_play_state
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs import lab_keys
from explorer.ui.labs.base import LabPage
from explorer.ui.labs.normalization.axis_tab import AxisTab
from explorer.ui.labs.normalization.breaks_tab import BreaksTab
from explorer.ui.labs.normalization.inputs_tab import InputsTab
from explorer.ui.labs.normalization.layers_tab import LayersTab
from explorer.ui.labs.normalization.panels import (
    AxisPanel,
    BreaksPanel,
    InputsPanel,
    NetworkPanel,
    TrainingPanel,
)
from explorer.ui.labs.normalization.plot_tabs import PlotTabs
from explorer.ui.labs.normalization.sweep_runner import SweepRunner
from explorer.ui.labs.normalization.texts import notes_html, status_text
from explorer.ui.plot import PlotsScroll
from explorer.ui.scheduler import FrameScheduler
from explorer.ui.training_driver import TrainingDriver

PLOTS_MIN_HEIGHT = 400  # px of a tab's plots at 100 %, more at a larger View scale
TICK_BUDGET_S = 0.010  # training per timer tick; then one redraw
# the four variants: a lock step of four nets takes ~5 ms, so 10 ms ticks every 16 ms left a
# redraw too little room between them (~22 frames a second at 110+ steps a second, measured);
# short ticks often interleave with the frames
VARIANTS_BUDGET_S = 0.004
VARIANTS_TICK_MS = 8
TRAINING_FRAME_MS = 30  # while training, redraw at most 33 times a second (33 ms capped it
# just under the 30 frames a second it is asked for: a timer fires a little late, never early)
TAB_TITLES = {"axis": "Which axis", "layers": "Every layer", "breaks": "When it breaks",
              "inputs": "Input scale"}  # fmt: skip


class NormalizationLab(LabPage):
    """BatchNorm, LayerNorm, RMSNorm and GroupNorm: their axes, and four nets side by side."""

    key = "normalization"
    title = "Normalization"
    trains = True

    session: NormalizationSession

    def make_session(self) -> NormalizationSession:
        return NormalizationSession()

    # --- controls ------------------------------------------------------------------------------
    def build_controls(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(4, 4, 4, 4)
        self.error_label = ErrorLabel()
        refused = self.error_label.show_error
        self.axis_panel = AxisPanel(self.session, refused)
        self.network_panel = NetworkPanel(self.session, refused)
        self.training_panel = TrainingPanel(self.session, refused)
        self.breaks_panel = BreaksPanel(self.session, refused)
        self.inputs_panel = InputsPanel(self.session, refused)
        for widget in (self.error_label, self.axis_panel, self.network_panel,
                       self.training_panel, self.breaks_panel, self.inputs_panel):  # fmt: skip
            layout.addWidget(widget)
        layout.addStretch(1)
        self.training_panel.play_button.clicked.connect(
            lambda: self.set_playing(not self.is_playing())
        )
        self.training_panel.step_button.clicked.connect(self._on_step_clicked)
        self.training_panel.restart_button.clicked.connect(self.restart_training)
        self.inputs_panel.open_raw_button.clicked.connect(lambda: self.open_in_optimizers(False))
        self.inputs_panel.open_standardized_button.clicked.connect(
            lambda: self.open_in_optimizers(True)
        )
        self.session.subscribe(self._on_config_changed)
        return panel

    # --- plots ---------------------------------------------------------------------------------
    def build_plots(self) -> QWidget:
        self.axis_tab = AxisTab()
        self.axis_tab.cell_map.cellClicked.connect(self._on_cell_clicked)
        self.layers_tab = LayersTab()
        self.breaks_tab = BreaksTab()
        self.inputs_tab = InputsTab()
        self.tabs = PlotTabs()
        pages = (self.axis_tab, self.layers_tab, self.breaks_tab, self.inputs_tab)
        # each tab's plots keep room for their text (it grows with the View scale): below
        # that, the tab scrolls
        self.tab_scrolls = [PlotsScroll(tab, PLOTS_MIN_HEIGHT) for tab in pages]
        for tab in (self.layers_tab, self.breaks_tab, self.inputs_tab):
            tab.flow.rowsChanged.connect(self._fit_scrolls)  # more rows: more height
        for key, scroll in zip(TABS, self.tab_scrolls, strict=True):
            self.tabs.addTab(scroll, TAB_TITLES[key])
        self.tabs.show_page(TABS.index(self.session.config.tab), self.flush)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        # one driver per training tab: the four variants, and the train/eval run
        self.sweep_runner = SweepRunner(self.session, self)
        self.sweep_runner.updated.connect(self.request_redraw)
        self.driver = TrainingDriver(self.session, VARIANTS_BUDGET_S, parent=self)
        self.driver.timer.setInterval(VARIANTS_TICK_MS)
        self.gap_driver = TrainingDriver(self.session.gap, TICK_BUDGET_S, parent=self)
        self.training_frames = FrameScheduler(self.request_redraw, TRAINING_FRAME_MS, self)
        for driver in (self.driver, self.gap_driver):
            driver.stepped.connect(self.training_frames.request)
            driver.playingChanged.connect(self._on_playing_changed)
            driver.stopped.connect(self.show_message)
        return self.tabs

    def redraw(self) -> None:
        snapshot = self.session.snapshot()
        tab = snapshot.config.tab  # a hidden tab does not redraw (a tab change does)
        if tab == "axis":
            self.axis_tab.show_view(snapshot.axis)
        elif tab == "layers":
            self.layers_tab.show_view(snapshot.variants, snapshot.sweep,
                                      snapshot.config.learning_rate)  # fmt: skip
        elif tab == "breaks":
            self.breaks_tab.show_views(snapshot.noise, snapshot.gap)
        else:
            self.inputs_tab.show_view(snapshot.inputs)
        self.notes.set_html(notes_html(snapshot))
        self.show_status(status_text(snapshot))

    def flush(self) -> None:
        """Run a pending redraw now, including one waiting for the training frame rate."""
        self.training_frames.flush()
        super().flush()

    def busy(self) -> bool:
        """The learning-rate sweep is still computing on screen (a screenshot waits for it)."""
        return self.sweep_runner.running and not self.session.sweep.finished

    def main_control(self):
        return self.axis_panel.batch_slider

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        return [
            ("batch", self.from_defaults(self.main_control)),
            ("layer", self.from_defaults(lambda: self.axis_panel.layer_slider)),
        ]

    def live_status(self) -> str:
        return status_text(self.session.snapshot())

    def apply_scale(self) -> None:
        for tab in (self.axis_tab, self.layers_tab, self.breaks_tab, self.inputs_tab):
            tab.apply_scale()
        for scroll in self.tab_scrolls:
            scroll.apply_scale()
        self.request_redraw()

    # --- training ------------------------------------------------------------------------------
    def active_driver(self) -> TrainingDriver:
        """The "When it breaks" tab trains its BatchNorm net; the other tabs the four variants."""
        return self.gap_driver if self.session.config.tab == "breaks" else self.driver

    def set_playing(self, playing: bool) -> None:
        if playing and self.session.config.tab in ("axis", "inputs"):
            self.session.update(tab="layers")  # Play shows what it trains
        self.active_driver().set_playing(playing)

    def is_playing(self) -> bool:
        return self.active_driver().is_playing()

    def step_once(self) -> None:
        if self.session.config.tab in ("axis", "inputs"):
            self.session.update(tab="layers")
        self.active_driver().step_once()
        self.training_frames.flush()

    def training_steps(self) -> int:
        return self.active_driver().training_steps()

    def reset(self) -> None:
        """Every control back to its default except the seed (undoable)."""
        self.session.replace_config(NormalizationConfig(seed=self.session.config.seed))

    def restart_training(self) -> None:
        """Back to step 0 with the same seed."""
        if self.session.config.tab == "breaks":
            self.session.gap.restart()
        else:
            self.session.restart()
        self.request_redraw()

    def prepare_training_benchmark(self) -> None:
        """benchmarks: four variants of depth 10 × width 64, batch 64 (the issue's figure)."""
        self.session.replace_config(
            NormalizationConfig(depth=10, width=64, train_batch=64, tab="layers")
        )

    # --- the Optimizers lab -------------------------------------------------------------------
    def open_in_optimizers(self, standardized: bool) -> bool:
        """Show the "Input scale" loss surface (raw or standardized) in the Optimizers lab as
        its typed f(x, y), through the window's own pages (undoable there); False when this
        page is not in the app's window (a bare page in a test)."""
        window = self.window()
        if not (hasattr(window, "page") and hasattr(window, "select_lab")):
            self.show_message("The Optimizers lab opens from the app's window only")
            return False
        c = self.session.config
        config = optimizers_config(c.input_scale, c.input_lr, c.seed, standardized)
        target = window.page(lab_keys().index(OPTIMIZERS_LAB))
        target.document_applier(session_document(OPTIMIZERS_LAB, config))()
        window.select_lab(OPTIMIZERS_LAB)
        return True

    # --- handlers ------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        self._activate_sweep()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.sweep_runner.set_active(False)  # a hidden lab takes no time from the one shown
        super().hideEvent(event)

    def _activate_sweep(self) -> None:
        self.sweep_runner.set_active(self.isVisible() and self.session.config.tab == "layers")

    def _on_config_changed(self, config: NormalizationConfig) -> None:
        self.error_label.show_error(None)
        self._activate_sweep()
        index = TABS.index(config.tab)
        if self.tabs.shown_index() != index:  # by the tab bar, Play, a preset or undo
            for driver in (self.driver, self.gap_driver):
                if driver is not self.active_driver():
                    driver.set_playing(False)
            self.tabs.show_page(index, self.flush)

    def _fit_scrolls(self, _rows: int = 0) -> None:
        for tab, scroll in zip((self.layers_tab, self.breaks_tab, self.inputs_tab),
                               self.tab_scrolls[1:], strict=True):  # fmt: skip
            scroll.set_min_height(round(PLOTS_MIN_HEIGHT * tab.height_share()))

    def _on_tab_changed(self, index: int) -> None:
        for driver in (self.driver, self.gap_driver):  # only the tab on screen trains
            driver.set_playing(False)
        self.session.update(tab=TABS[index])

    def _on_cell_clicked(self, row: int, column: int) -> None:
        self.session.update(row=row, column=column)

    def _on_step_clicked(self) -> None:
        self.set_playing(False)
        self.step_once()

    def _on_playing_changed(self, playing: bool) -> None:
        if not playing:
            self.training_frames.flush()
        playing = self.is_playing()  # the tab on screen's driver (the other just paused)
        self.sweep_runner.set_training(self.driver.is_playing())
        show_play_state(self.training_panel.play_button, playing)
        self.playing_changed.emit(playing)

"""The "When it breaks" tab: torch's refusal of a batch of one on top; the batch statistics'
noise (μ_B and σ_B over batches, and against B) in the first row; the train/eval run (running
mean against the true mean, accuracy in train and eval mode) in the second."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.normalization.breaks import BatchNoise, EvalGapView
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.normalization.break_views import (
    AccuracyView,
    NoiseSweepView,
    NoiseTraceView,
    RunningStatsView,
)
from explorer.ui.labs.normalization.plot_flow import PlotFlow


class BreaksTab(QWidget):
    """The refusal banner over a 2 × 3 grid of plots."""

    def __init__(self) -> None:
        super().__init__()
        self.refusal = ErrorLabel("⚠ ")
        self.refusal.setTextFormat(Qt.TextFormat.RichText)
        self.mu_view = NoiseTraceView("mu")
        self.sigma_view = NoiseTraceView("sigma")
        self.sweep_view = NoiseSweepView()
        self.running_view = RunningStatsView()
        self.accuracy_view = AccuracyView()
        # μ_B, σ_B, std(μ_B) over the running mean (two wide) and the accuracy; in a narrow
        # tab two by two over the running mean, or one under another
        plots = (self.mu_view, self.sigma_view, self.sweep_view, self.running_view,
                 self.accuracy_view)  # fmt: skip
        self.flow = PlotFlow(plots, {
            3: ((0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (1, 0, 1, 2), (1, 2, 1, 1)),
            2: ((0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (2, 0, 1, 2), (1, 1, 1, 1)),
            1: tuple((row, 0, 1, 1) for row in (0, 1, 2, 4, 3)),
        })  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.refusal)
        layout.addWidget(self.flow, stretch=1)
        self._noise_shown: BatchNoise | None = None
        self._gap_shown: EvalGapView | None = None

    def height_share(self) -> float:
        """The height the plots need against two rows."""
        return self.flow.rows / 2

    def views(self) -> list:
        return [self.mu_view, self.sigma_view, self.sweep_view, self.running_view,
                self.accuracy_view]  # fmt: skip

    def show_views(self, noise: BatchNoise, gap: EvalGapView) -> None:
        # the session keeps each view until it changes: a training step leaves the noise
        if noise is not self._noise_shown:
            self._noise_shown = noise
            self._show_noise(noise)
        if gap is not self._gap_shown:
            self._gap_shown = gap
            self.running_view.show_gap(gap)
            self.accuracy_view.show_gap(gap)

    def _show_noise(self, noise: BatchNoise) -> None:
        refusal = None
        if noise.error is not None:
            refusal = (
                f"BatchNorm with B = {noise.batch} in training mode: torch raises "
                f"<tt>ValueError: {noise.error}</tt>. Eval mode works on one sample."
            )
        self.refusal.show_error(refusal)
        for view in (self.mu_view, self.sigma_view, self.sweep_view):
            view.show_noise(noise)

    def apply_scale(self) -> None:
        self._noise_shown = self._gap_shown = None
        self.flow.refit()
        for view in self.views():
            view.apply_scale()

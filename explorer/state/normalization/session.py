"""The Normalization lab's session and snapshot.

Qt-free. A snapshot holds the "Which axis" view of the config (cheap: a click recomputes the
group's statistics of one cached batch), the training view of the four variants and, on the
"When it breaks" tab, BatchNorm's batch noise and the train/eval run. Every part is kept
until a field it depends on changes, so a view that did not change is the same object in
the next snapshot (the page redraws only the plots whose view is new). The training runs live
in the session, not in the config: a change of a field a run depends on starts it again at
step 0 with the same seed; the other fields leave it training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.state.normalization.axis import (
    AxisView,
    BatchSource,
    NormalizedBatch,
    axis_view,
    normalized_batch,
)
from explorer.state.normalization.breaks import (
    BatchNoise,
    EvalGapRun,
    EvalGapView,
    NoiseSource,
)
from explorer.state.normalization.config import NET_FIELDS, NormalizationConfig
from explorer.state.normalization.inputs import InputScaleView, input_scale_view
from explorer.state.normalization.lr_sweep import LRSweep, SweepView, sweep_key
from explorer.state.normalization.variants import VariantsRun, VariantsView
from explorer.state.session import LabSession


@dataclass(frozen=True, eq=False)
class NormalizationSnapshot:
    config: NormalizationConfig
    axis: AxisView | None  # on the "Which axis" and "Every layer" tabs (their status quotes it)
    variants: VariantsView | None  # on the "Every layer" tab, or while its run exists
    stop_reason: str | None
    sweep: SweepView | None  # on the "Every layer" tab only
    noise: BatchNoise | None  # on the "When it breaks" tab only
    gap: EvalGapView | None  # likewise
    gap_stop_reason: str | None
    inputs: InputScaleView | None  # on the "Input scale" tab only


class EvalGapTrainee:
    """The train/eval run as a TrainingDriver's trainee (it follows the session's config)."""

    def __init__(self, session: NormalizationSession) -> None:
        self.session = session
        self._run: EvalGapRun | None = None
        self._view: EvalGapView | None = None

    @property
    def run(self) -> EvalGapRun:
        config = self.session.config
        if self._run is None or not self._run.matches(config):
            self._run, self._view = EvalGapRun(config), None
        return self._run

    def view(self) -> EvalGapView:
        run = self.run
        if self._view is None:
            self._view = run.view()
        return self._view

    def _matching_run(self) -> VariantsRun | None:
        """The run of the current config if there is one (None: none built yet)."""
        run = self._run
        return run if run is not None and run.matches(self.config) else None

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        done = self.run.train(max_steps, budget_s)
        if done:
            self._view = None
            self.session.invalidate()
        return done

    def stop_reason(self) -> str | None:
        return self.run.stopped

    @property
    def training_steps(self) -> int:
        return 0 if self._run is None else self._run.step_count

    def restart(self) -> None:
        self._run = self._view = None
        self.session.invalidate()


class NormalizationSession(LabSession[NormalizationConfig, NormalizationSnapshot]):
    """The lab's session: the config, the cached batch, the four-variant run (the session is
    its trainee) and the train/eval run (:attr:`gap`)."""

    VIEW_FIELDS = frozenset({"tab"})

    def __init__(self, config: NormalizationConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or NormalizationConfig(), **kwargs)
        self.batches = BatchSource()
        self.noise = NoiseSource()
        self.gap = EvalGapTrainee(self)
        self._run: VariantsRun | None = None
        self._variants: VariantsView | None = None
        self._normalized: tuple[tuple, NormalizedBatch] | None = None  # the last one
        self._axis: tuple[tuple, AxisView] | None = None
        self._inputs: tuple[tuple, InputScaleView] | None = None
        self._sweep: LRSweep | None = None
        self._sweep_view: SweepView | None = None

    # --- the four variants (the TrainingDriver's trainee) -------------------------------------
    @property
    def run(self) -> VariantsRun:
        if self._run is None or not self._run.matches(self.config):
            self._run = VariantsRun(self.config)
            self._variants = None
        return self._run

    def _matching_run(self) -> VariantsRun | None:
        """The run of the current config if there is one (None: none built yet)."""
        run = self._run
        return run if run is not None and run.matches(self.config) else None

    def train(self, max_steps: int, budget_s: float | None = None) -> int:
        done = self.run.train(max_steps, budget_s)
        if done:
            self._variants = None
            self.invalidate()
        return done

    def stop_reason(self) -> str | None:
        return self.run.stopped

    @property
    def training_steps(self) -> int:
        run = self._matching_run()  # a settings change starts again at 0
        return 0 if run is None else run.step_count

    def restart(self) -> None:
        """Step 0 again with the same seed: the same initial weights and batches."""
        self._run = None
        self._variants = None
        self.invalidate()

    # --- the learning-rate sweep (advanced in slices by the page's runner) -------------------
    @property
    def sweep(self) -> LRSweep:
        """The sweep of the current config (a new one, at 0 cells, when its fields changed)."""
        if self._sweep is None or self._sweep.key != sweep_key(self.config):
            self._sweep, self._sweep_view = LRSweep(self.config), None
        return self._sweep

    def advance_sweep(self, budget_s: float) -> bool:
        """Work on the sweep for about ``budget_s``; True once it is complete. The snapshot
        changes only when a run of the sweep has finished: a slice inside one shows nothing
        new (a new snapshot after every slice redrew the plots 60 times a second for 36
        changes, more time than the sweep itself took, measured)."""
        sweep = self.sweep
        done = sweep.done
        finished = sweep.advance(budget_s)
        if sweep.done != done:
            self._sweep_view = None
            self.invalidate()
        return finished

    def _sweep_view_now(self) -> SweepView:
        sweep = self.sweep
        if self._sweep_view is None:
            self._sweep_view = sweep.view()
        return self._sweep_view

    # --- snapshot -----------------------------------------------------------------------------
    def _normalized_batch(self, config: NormalizationConfig, z) -> NormalizedBatch:
        """The norm's output of ``z``, kept while only the clicked cell changes."""
        key = (*(getattr(config, f) for f in NET_FIELDS), config.batch, config.layer,
               config.norm, config.effective_groups)  # fmt: skip
        if self._normalized is None or self._normalized[0] != key:
            self._normalized = (key, normalized_batch(config.norm, config.effective_groups, z))
        return self._normalized[1]

    def _axis_view(self, config: NormalizationConfig) -> AxisView:
        """The heat map's view, kept while nothing it shows changes (a training step, say)."""
        z = self.batches.layers(config)[config.layer - 1]
        batch = self._normalized_batch(config, z)
        key = (self._normalized[0], config.row, config.column)
        if self._axis is None or self._axis[0] != key:
            self._axis = (key, axis_view(config, z, batch))
        return self._axis[1]

    def _inputs_view(self, config: NormalizationConfig) -> InputScaleView:
        key = (config.input_scale, config.input_lr, config.seed)
        if self._inputs is None or self._inputs[0] != key:
            self._inputs = (key, input_scale_view(*key))
        return self._inputs[1]

    def compute(self, config: NormalizationConfig) -> NormalizationSnapshot:
        # the four nets are built on their tab; elsewhere a run that goes on training (or
        # stands paused) still reports its step to the status line
        run = self.run if config.tab == "layers" else self._matching_run()
        if run is not None and self._variants is None:
            self._variants = run.view()
        breaks = config.tab == "breaks"
        sweep = self._sweep_view_now() if config.tab == "layers" else None
        return NormalizationSnapshot(
            config=config,
            axis=self._axis_view(config) if config.tab in ("axis", "layers") else None,
            variants=self._variants if run is not None else None,
            stop_reason=run.stopped if run is not None else None,
            sweep=sweep,
            noise=self.noise.get(config) if breaks else None,
            gap=self.gap.view() if breaks else None,
            gap_stop_reason=self.gap.stop_reason() if breaks else None,
            inputs=self._inputs_view(config) if config.tab == "inputs" else None,
        )

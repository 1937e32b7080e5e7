"""The Normalization lab's session and snapshot.

Qt-free. A snapshot holds the "Which axis" view of the config (cheap: a click recomputes the
group's statistics of one cached batch) and the training view of the four variants. The
training run lives in the session, not in the config: a change of a field the run depends on
(:data:`~explorer.state.normalization.config.TRAIN_FIELDS`) starts a new run at step 0 with
the same seed; the other fields leave it training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.state.normalization.axis import AxisView, BatchSource, axis_view
from explorer.state.normalization.config import NormalizationConfig
from explorer.state.normalization.variants import VariantsRun, VariantsView
from explorer.state.session import LabSession


@dataclass(frozen=True, eq=False)
class NormalizationSnapshot:
    config: NormalizationConfig
    axis: AxisView
    variants: VariantsView
    stop_reason: str | None


class NormalizationSession(LabSession[NormalizationConfig, NormalizationSnapshot]):
    """The lab's session: the config, the cached batch and the four-variant run."""

    VIEW_FIELDS = frozenset({"tab"})

    def __init__(self, config: NormalizationConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or NormalizationConfig(), **kwargs)
        self.batches = BatchSource()
        self._run: VariantsRun | None = None
        self._variants: VariantsView | None = None

    # --- training (the TrainingDriver's trainee) ---------------------------------------------
    @property
    def run(self) -> VariantsRun:
        if self._run is None or not self._run.matches(self.config):
            self._run = VariantsRun(self.config)
            self._variants = None
        return self._run

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
        return 0 if self._run is None else self._run.step_count

    def restart(self) -> None:
        """Step 0 again with the same seed: the same initial weights and batches."""
        self._run = None
        self._variants = None
        self.invalidate()

    # --- snapshot -----------------------------------------------------------------------------
    def compute(self, config: NormalizationConfig) -> NormalizationSnapshot:
        layers = self.batches.layers(config)
        run = self.run
        if self._variants is None:
            self._variants = run.view()
        return NormalizationSnapshot(
            config=config,
            axis=axis_view(config, layers[config.layer - 1]),
            variants=self._variants,
            stop_reason=run.stopped,
        )

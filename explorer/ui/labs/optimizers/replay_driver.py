"""Play for the race: a TrainingDriver whose "training" moves the step on show.

The runs are computed in full when the settings change; Play animates them, about 2.5 s for
a whole run whatever its length, and at the end pauses; Play again starts over from step 0.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from explorer.state.optimizers.session import OptimizersSession
from explorer.ui.training_driver import TrainingDriver

FRAMES_PER_RUN = 150  # at 60 frames a second: 2.5 s from the start to the last step


class ReplayDriver(TrainingDriver):
    """Advances ``session``'s step on show by a share of the run per frame."""

    def __init__(self, session: OptimizersSession, parent: QObject | None = None) -> None:
        super().__init__(session, budget_s=0.004,
                         steps_per_tick=lambda: max(1, session.config.steps // FRAMES_PER_RUN),
                         parent=parent)  # fmt: skip
        self.session = session

    def _ready_to_play(self) -> bool:
        if self.session.stop_reason() is not None:  # at the end: from the start again
            self.session.rewind()
        return True

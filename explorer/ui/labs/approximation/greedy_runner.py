"""Runs "Greedy next" without freezing the window: the candidates' search in timer slices.

The search scores ~700 candidate units; their columns depend only on the activation and the
points (see :mod:`explorer.state.approximation.greedy`), so the session keeps them and a
second press with the same data is one matrix–vector product. A first press computes them:
for 200 sigmoid points that fits in a few milliseconds and the neuron appears at once; for
2 000 points with GELU it is 0.1–0.25 s, so the press starts slices of ``TICK_BUDGET_S``
each, the button says "Searching…" and the status line says what is being scored, and the
neuron appears when the last slice is done. Changing N or a weight meanwhile is fine (only
the final scoring reads the network); changing the activation, the target's points or
leaving the build view drops the search, and says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.state.approximation.greedy import GreedySearch
from explorer.state.approximation.session import (
    ApproximationConfig,
    ApproximationSession,
    greedy_key,
)

FIRST_BUDGET_S = 0.006  # what a press may compute at once before it goes on in slices
TICK_BUDGET_S = 0.006
TICK_MS = 10  # the rest of each frame is for drawing and input
DROPPED = "Greedy next stopped: the activation or the data changed while it searched."
LEFT = "Greedy next stopped: it adds to the build view, which was left while it searched."


class GreedyRunner(QObject):
    """Answers a press of "Greedy next"; ``changed`` when a search starts, grows or ends.

    ``apply`` appends the neuron (the list's own error handling around
    ``session.greedy_next``); ``say`` shows a one-off line under the buttons.
    """

    changed = Signal()

    def __init__(
        self,
        session: ApproximationSession,
        apply: Callable[[], None],
        say: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self._apply, self._say = session, apply, say
        self.job: GreedySearch | None = None
        self._key: tuple | None = None
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._on_tick)
        session.subscribe(self._on_config_changed)

    @property
    def running(self) -> bool:
        """A search is under way (the neuron is not appended yet)."""
        return self.job is not None

    def progress(self) -> tuple[float, int]:
        """(share done 0 … 1, how many candidates) of the search under way."""
        job = self.job
        return (job.progress, job.candidates) if job is not None else (1.0, 0)

    def request(self) -> None:
        """Append the best next neuron: now if its search fits a frame, else once it is done."""
        if self.job is not None:
            return  # one search at a time; the button is disabled meanwhile
        job = self.session.greedy_search()
        if job.done or job.advance(FIRST_BUDGET_S):
            self._apply()
            return
        self.job, self._key = job, greedy_key(self.session.config)
        self.timer.start()
        self.changed.emit()

    def _on_tick(self) -> None:
        job = self.job
        if job is None:
            self.timer.stop()
            return
        if job.advance(TICK_BUDGET_S):
            self._stop()
            self._apply()
        self.changed.emit()

    def _stop(self) -> None:
        self.job = self._key = None
        self.timer.stop()

    def _on_config_changed(self, config: ApproximationConfig) -> None:
        if self.job is None:
            return
        left = config.mode != "build"
        if left or greedy_key(config) != self._key:
            self._stop()
            self._say(LEFT if left else DROPPED)
            self.changed.emit()

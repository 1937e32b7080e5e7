"""The build view's controls: add / greedy / least-squares buttons, output bias c, neuron rows.

Rows are never destroyed: shrinking N hides rows, growing it shows them again. Building and
first showing a row costs 1–2 ms (its three sliders), so N jumping from 3 to 64 took 100 ms and
more in one frame: rows now appear ``ROW_BATCH`` per pass, the rest a frame or two later, and
while the list is on screen and idle it builds the rows N may need ahead of time, a batch per
tick. Rows are only refreshed while the build view is showing; a hidden list catches up when it
is shown again (dragging N in the fit view must not build 64 rows).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from explorer.state.approximation.network import C_LIMIT, MAX_NEURONS
from explorer.state.approximation.session import ApproximationConfig, ApproximationSession
from explorer.ui.controls import ValueSlider, bind
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.approximation.greedy_runner import GreedyRunner
from explorer.ui.labs.approximation.neuron_row import NeuronRow

COUNT_SYNC_S = 0.15
ROW_BATCH = 4  # rows built or first shown per pass (each 1–2 ms)
AHEAD_BATCH = 2  # rows built ahead per idle tick
ROW_BATCH_MS = 25  # between passes: past the frame that asked for them
GREEDY = "Greedy next"
SEARCHING = "Searching…"


class NeuronList(QWidget):
    """Everything to build ŷ(x) = Σ vᵢσ(wᵢx + bᵢ) + c by hand."""

    def __init__(self, session: ApproximationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.add_button = QPushButton("+ Add neuron")
        self.add_button.setToolTip(
            "Append a neuron with vᵢ = 0 (the sum is unchanged until you drag vᵢ)"
        )
        self.add_button.clicked.connect(self._on_add)
        self.greedy_button = QPushButton(GREEDY)
        self.greedy_button.setToolTip(
            "Append the one neuron that most reduces the squared error, with its best vᵢ "
            "(searched over hundreds of steep and gentle steps placed all along the range)"
        )
        self.greedy = GreedyRunner(
            session, lambda: self._apply(session.greedy_next), self.show_error, parent=self
        )
        self.greedy.changed.connect(self._show_greedy_state)
        self.greedy_button.clicked.connect(self.greedy.request)
        self.solve_button = QPushButton("Best vᵢ, c")
        self.solve_button.setToolTip(
            "Keep every wᵢ, bᵢ; set all output weights vᵢ and c by least squares"
        )
        self.solve_button.clicked.connect(self._on_solve)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.greedy_button, 0, 1)
        buttons.addWidget(self.solve_button, 1, 0, 1, 2)
        self.bias_slider = ValueSlider(
            "Output bias c", -C_LIMIT, C_LIMIT, session.config.output_bias, decimals=2,
            tooltip="c shifts the whole sum up or down",
        )  # fmt: skip
        bind(self.bias_slider, session, "output_bias", on_error=self.show_error)
        self.error_label = ErrorLabel()
        self.rows: list[NeuronRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.bias_slider)
        layout.addLayout(self._rows_layout)
        self._row(0)  # the first row always exists: it holds the lab's main control
        self._stale = True
        self._synced_at = -1e9
        self._sync_timer = QTimer(self, singleShot=True, interval=int(COUNT_SYNC_S * 1000))
        self._sync_timer.timeout.connect(self.sync)
        self._batch_timer = QTimer(self, singleShot=True, interval=ROW_BATCH_MS)
        self._batch_timer.timeout.connect(self._on_batch)
        session.subscribe(self._on_config_changed)
        self._on_config_changed(session.config)

    # --- rows ----------------------------------------------------------------------------------
    def _row(self, index: int) -> NeuronRow:
        while len(self.rows) <= index:
            row = NeuronRow(len(self.rows))
            row.hide()  # shown by sync (a row added to a shown list would show itself)
            row.valueChanged.connect(self._on_value_changed)
            row.removeRequested.connect(self._on_remove)
            self._rows_layout.addWidget(row)
            self.rows.append(row)
        return self.rows[index]

    def sync(self) -> None:
        """Show the config's neurons in the rows (cheap when little changed); rows that are
        not on screen yet appear ``ROW_BATCH`` at a time, the rest on the next passes."""
        config = self.session.config
        neurons = config.neurons
        removable = len(neurons) > 1
        appeared = 0
        for index, neuron in enumerate(neurons):
            row = self._row(index) if appeared < ROW_BATCH else None
            if row is None or row.isHidden():
                if row is None:  # the visible rows are a prefix: the rest waits
                    self._batch_timer.start()
                    break
                appeared += 1
                row.show_neuron(index, neuron, removable)
                row.show()
            else:
                row.show_neuron(index, neuron, removable)
        for row in self.rows[len(neurons) :]:
            if not row.isHidden():
                row.hide()
        full = len(neurons) >= MAX_NEURONS
        self.add_button.setEnabled(not full)
        self._show_greedy_state()
        self._stale = False
        self._sync_timer.stop()
        self._synced_at = time.perf_counter()
        if not self._batch_timer.isActive() and len(self.rows) < MAX_NEURONS:
            self._batch_timer.start()  # build ahead while nothing else happens

    def shown_rows(self) -> int:
        return sum(1 for row in self.rows if not row.isHidden())

    def _on_batch(self) -> None:
        """Show the rows a big step of N left waiting; else build hidden rows ahead."""
        if not self.isVisible():
            return  # the next showEvent syncs and starts over
        if self.shown_rows() < self.session.config.n_hidden:
            self.sync()
        elif len(self.rows) < MAX_NEURONS:
            for _ in range(AHEAD_BATCH):
                if len(self.rows) < MAX_NEURONS:
                    self._row(len(self.rows)).ensurePolished()
            self._batch_timer.start()

    def _show_greedy_state(self) -> None:
        searching = self.greedy.running
        full = self.session.config.n_hidden >= MAX_NEURONS
        self.greedy_button.setEnabled(not (full or searching))
        text = SEARCHING if searching else GREEDY
        if self.greedy_button.text() != text:
            self.greedy_button.setText(text)

    def _on_config_changed(self, config: ApproximationConfig) -> None:
        if config.mode != "build":
            self._stale = True
            return
        count_changed = len(config.neurons) != self.shown_rows()
        if count_changed and time.perf_counter() - self._synced_at < COUNT_SYNC_S:
            # dragging N: showing and hiding rows re-lays out the whole panel, so rows follow
            # a few times a second while the plots follow every frame
            if not self._sync_timer.isActive():
                self._sync_timer.start()
            return
        self.sync()

    def showEvent(self, event) -> None:
        if self._stale:
            self.sync()
        elif not self._batch_timer.isActive():
            self._batch_timer.start()  # rows left waiting, or rows to build ahead
        super().showEvent(event)

    # --- handlers ------------------------------------------------------------------------------
    def _on_value_changed(self, index: int, field: str, value: float) -> None:
        if self._gone(index):
            return
        self._apply(lambda: self.session.set_neuron(index, **{field: value}))

    def _on_add(self) -> None:
        self._apply(self.session.add_neuron)

    def _on_remove(self, index: int) -> None:
        if self._gone(index):
            return
        self._apply(lambda: self.session.remove_neuron(index))

    def _gone(self, index: int) -> bool:
        """Whether row ``index`` still shows a neuron that N took away: the rows follow an N
        drag a few times a second, so for up to ``COUNT_SYNC_S`` a row outlives its neuron.
        Touching it then hides it (its neuron raised IndexError in the session before)."""
        if index < len(self.session.config.neurons):
            return False
        self.sync()
        return True

    def _on_solve(self) -> None:
        self._apply(self.session.solve_output_weights)

    def _apply(self, change) -> None:
        try:
            change()
        except ValueError as error:
            self.show_error(str(error))
        else:
            self.show_error("")
        self.sync()  # a button press shows its result at once (and a refusal puts rows back)

    def show_error(self, message: str) -> None:
        self.error_label.show_error(message)

"""The build view's controls: add / greedy / least-squares buttons, output bias c, neuron rows.

Rows are created lazily (N can reach 64) and never destroyed: shrinking N hides rows, growing it
shows them again. Rows are only refreshed while the build view is showing; a hidden list
catches up when it is shown again (dragging N in the fit view must not build 64 rows).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from explorer.state.approximation.network import C_LIMIT, MAX_NEURONS
from explorer.state.approximation.session import ApproximationConfig, ApproximationSession
from explorer.ui.controls import ValueSlider, bind
from explorer.ui.error_label import ErrorLabel
from explorer.ui.labs.approximation.neuron_row import NeuronRow

COUNT_SYNC_S = 0.15


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
        self.greedy_button = QPushButton("Greedy next")
        self.greedy_button.setToolTip(
            "Append the one neuron that most reduces the squared error, with its best vᵢ "
            "(searched over hundreds of steep and gentle steps placed all along the range)"
        )
        self.greedy_button.clicked.connect(self._on_greedy)
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
        session.subscribe(self._on_config_changed)
        self._on_config_changed(session.config)

    # --- rows ----------------------------------------------------------------------------------
    def _row(self, index: int) -> NeuronRow:
        while len(self.rows) <= index:
            row = NeuronRow(len(self.rows))
            row.valueChanged.connect(self._on_value_changed)
            row.removeRequested.connect(self._on_remove)
            self._rows_layout.addWidget(row)
            self.rows.append(row)
        return self.rows[index]

    def sync(self) -> None:
        """Show the config's neurons in the rows (cheap when little changed)."""
        config = self.session.config
        neurons = config.neurons
        removable = len(neurons) > 1
        for index, neuron in enumerate(neurons):
            row = self._row(index)
            row.show_neuron(index, neuron, removable)
            if row.isHidden():
                row.show()
        for row in self.rows[len(neurons) :]:
            if not row.isHidden():
                row.hide()
        full = len(neurons) >= MAX_NEURONS
        self.add_button.setEnabled(not full)
        self.greedy_button.setEnabled(not full)
        self._stale = False
        self._sync_timer.stop()
        self._synced_at = time.perf_counter()

    def _on_config_changed(self, config: ApproximationConfig) -> None:
        if config.mode != "build":
            self._stale = True
            return
        shown = sum(1 for row in self.rows if not row.isHidden())
        count_changed = len(config.neurons) != shown
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

    def _on_greedy(self) -> None:
        self._apply(self.session.greedy_next)

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

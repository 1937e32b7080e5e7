"""The Compare group: pin the current run as A, then change a setting and train B."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from explorer.state.depth.pinned_run import differences, fairness_warning
from explorer.state.depth.session import DepthSnapshot
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.control_group import ControlGroup
from explorer.ui.labs.depth.palette import PINNED_COLOUR, text_colour

HELP = ("Pin the current run as A, change one setting and train B: same seed, same data, "
        "the same initial weights where the architecture allows. A's bars and curves stay "
        "on the plots, dashed.")  # fmt: skip


class ComparePanel(ControlGroup):
    """Pin / clear buttons and what differs between A and B."""

    pinRequested = Signal()
    clearRequested = Signal()

    def __init__(self) -> None:
        super().__init__("Compare A / B")
        self.pin_button = QPushButton("Pin as A")
        self.pin_button.setToolTip("Keep this run's bars and loss curve as A")
        self.pin_button.clicked.connect(self.pinRequested.emit)
        self.clear_button = QPushButton("Clear A")
        self.clear_button.setToolTip("Remove run A from the plots")
        self.clear_button.clicked.connect(self.clearRequested.emit)
        self.summary = QLabel(HELP, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pin_button)
        row.addWidget(self.clear_button)
        self.add(row, self.summary)
        self._text = HELP

    def show_snapshot(self, snapshot: DepthSnapshot) -> None:
        pinned = snapshot.pinned
        self.clear_button.setEnabled(pinned is not None)
        if pinned is None:
            text = HELP
        else:
            colour = text_colour(PINNED_COLOUR)
            steps = f"{pinned.step} steps" if pinned.step else "untrained"
            text = (f"<span style='color:{colour}'><b>A</b></span> pinned ({steps}, first/last "
                    f"layer gradient {number(pinned.ratio)}).<br>")  # fmt: skip
            diff = differences(pinned.config, snapshot.config)
            if diff:
                text += "B differs in: " + "; ".join(f"{label} {a} → <b>{b}</b>"
                                                      for label, a, b in diff)  # fmt: skip
            else:
                text += "B has the same settings: change one to compare."
            warning = fairness_warning(pinned.config, snapshot.config)
            if warning:
                text += f"<br><span style='color:{theme.ERROR_COLOUR}'>{warning}</span>"
            if pinned.step:
                text += f"<br>B pauses at step {pinned.step} to match A."
        if text != self._text:
            self._text = text
            self.summary.setText(text)

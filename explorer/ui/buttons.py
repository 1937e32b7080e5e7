"""Train/Pause and Restart buttons that look alike in every lab.

Their icons come from the Qt style, not from glyphs such as ⏸ or ⟲ in the label: fonts on a
student's laptop (and the fonts a bundle finds) often lack those code points, and the button
then shows an empty box instead of its symbol.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QHBoxLayout, QPushButton, QStyle


def show_play_state(
    control: QAbstractButton | QAction, playing: bool, *, play: str = "Train", pause: str = "Pause"
) -> None:
    """Give a button or action the pause icon and ``pause`` text while playing, else the play
    icon and ``play``."""
    pixmap = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
    control.setIcon(QApplication.style().standardIcon(pixmap))
    control.setText(pause if playing else play)


def restart_button(text: str, tooltip: str) -> QPushButton:
    """A push button with the style's reload icon, for Restart and Reset."""
    button = QPushButton(text)
    button.setIcon(button.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
    button.setToolTip(tooltip)
    return button


class TrainingButtons(QHBoxLayout):
    """The row every training panel has: Train/Pause (Space), Step (→) and Restart, as
    ``play_button``, ``step_button`` and ``restart_button``."""

    def __init__(self, step_tip: str, restart_tip: str) -> None:
        super().__init__()
        self.setContentsMargins(0, 4, 0, 0)
        self.play_button = QPushButton()
        show_play_state(self.play_button, False)
        self.play_button.setToolTip("Start or pause training (Space)")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip(step_tip)
        self.restart_button = restart_button("Restart", restart_tip)
        for button in (self.play_button, self.step_button, self.restart_button):
            self.addWidget(button)

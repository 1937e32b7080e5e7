"""Train/Pause and Restart buttons that look alike in every lab.

Their icons come from the Qt style, not from glyphs such as ⏸ or ⟲ in the label: fonts on a
student's laptop (and the fonts a bundle finds) often lack those code points, and the button
then shows an empty box instead of its symbol.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QStyle


def show_play_state(
    button: QPushButton, playing: bool, *, play: str = "Train", pause: str = "Pause"
) -> None:
    """Give ``button`` the pause icon and ``pause`` text while playing, else play and ``play``."""
    pixmap = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
    button.setIcon(button.style().standardIcon(pixmap))
    button.setText(pause if playing else play)


def restart_button(text: str, tooltip: str) -> QPushButton:
    """A push button with the style's reload icon, for Restart and Reset."""
    button = QPushButton(text)
    button.setIcon(button.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
    button.setToolTip(tooltip)
    return button

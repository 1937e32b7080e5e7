"""The presenter window: on a second screen, the current scene's notes, the next scene's title
and a clock, as slide tools show the speaker."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.state.deck import Scene


class PresenterWindow(QWidget):
    """Notes for the speaker; the hall sees the main window only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # a window of its own, owned by the main window (and deleted with it)
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("explorer — presenter view")
        self.setObjectName("presenter-window")
        self.current = QLabel(objectName="presenter-current")
        self.notes = QLabel(objectName="presenter-notes", wordWrap=True)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.next = QLabel(objectName="presenter-next")
        self.clock = QLabel(objectName="presenter-clock")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        for label in (self.current, self.clock):
            label.setFont(big)
        self.current.setWordWrap(True)
        notes_font = QFont(self.font())
        notes_font.setPointSizeF(notes_font.pointSizeF() * 1.4)
        self.notes.setFont(notes_font)
        self.next.setFont(notes_font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.notes, stretch=1)
        layout.addWidget(self.next)
        layout.addWidget(self.clock)
        self._started = time.monotonic()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self.resize(800, 600)

    def show_scene(self, number: int, total: int, scene: Scene, following: Scene | None) -> None:
        self.current.setText(f"{number} / {total} · {scene.title}")
        self.notes.setText(scene.notes or "(no notes for this scene)")
        self.next.setText(f"Next: {following.title}" if following else "Next: end of the deck")

    def start(self) -> None:
        self._started = time.monotonic()
        self._tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.hide()

    def elapsed_text(self, seconds: float) -> str:
        minutes, secs = divmod(int(seconds), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"

    def _tick(self) -> None:
        now = time.strftime("%H:%M")
        self.clock.setText(f"{now}   ·   {self.elapsed_text(time.monotonic() - self._started)}")

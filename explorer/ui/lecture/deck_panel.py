"""The deck panel: the scenes in order, to pick, reorder, rename, annotate and remove.

A click on a scene shows it; the title, speaker notes and the control groups the presentation
view hides are edited in place and kept in the deck (File names and order are saved with
Lecture → Save deck).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.ui.lecture.deck_player import DeckPlayer


class DeckPanel(QDockWidget):
    """A dock beside the labs that shows and edits the open deck."""

    def __init__(self, player: DeckPlayer, parent: QWidget | None = None) -> None:
        super().__init__("Deck", parent)
        self.setObjectName("deck-panel")
        self.player = player
        self.scenes = QListWidget(objectName="deck-scenes")
        self.scenes.setToolTip("The deck's scenes in order; click one to show it")
        self.title = QLineEdit(placeholderText="Scene title")
        self.notes = QPlainTextEdit(placeholderText="Speaker notes (shown in the presenter view)")
        self.hidden = QLineEdit(placeholderText="e.g. Fitting, Network  (* hides all)")
        self.hidden.setToolTip("Control groups the presentation view leaves out, by title")
        self.up = QPushButton("▲", toolTip="Move the scene earlier")
        self.down = QPushButton("▼", toolTip="Move the scene later")
        self.remove = QPushButton("Remove", toolTip="Take the scene out of the deck")
        buttons = QHBoxLayout()
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.scenes, stretch=2)
        layout.addLayout(buttons)
        layout.addWidget(self.title)
        layout.addWidget(QLabel("Notes"))
        layout.addWidget(self.notes, stretch=1)
        layout.addWidget(QLabel("Hide while presenting"))
        layout.addWidget(self.hidden)
        self.setWidget(body)

        self.scenes.currentRowChanged.connect(self._on_row)
        self.title.editingFinished.connect(lambda: self._edit(title=self.title.text().strip()))
        self.notes.textChanged.connect(lambda: self._edit(notes=self.notes.toPlainText()))
        self.hidden.editingFinished.connect(lambda: self._edit(hidden=self.hidden_titles()))
        self.up.clicked.connect(lambda: self.player.move(self.player.index, -1))
        self.down.clicked.connect(lambda: self.player.move(self.player.index, +1))
        self.remove.clicked.connect(lambda: self.player.remove(self.player.index))
        player.deck_changed.connect(self._fill)
        player.scene_changed.connect(self._follow)
        self._fill()

    def hidden_titles(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.hidden.text().split(",") if t.strip())

    def _edit(self, **changes) -> None:
        scene = self.player.scene
        if scene is None or all(getattr(scene, k) == v for k, v in changes.items()):
            return
        if changes.get("title") == "":
            return  # a scene keeps a title
        self.player.edit(self.player.index, **changes)

    def _fill(self) -> None:
        deck = self.player.deck
        with QSignalBlocker(self.scenes):
            self.scenes.clear()
            for number, scene in enumerate(deck.scenes if deck else (), start=1):
                self.scenes.addItem(f"{number}. {scene.title}  ({scene.lab})")
        for widget in (self.title, self.notes, self.hidden, self.up, self.down, self.remove):
            widget.setEnabled(deck is not None)
        self._follow(self.player.index)

    def _follow(self, index: int) -> None:
        scene = self.player.scene
        with QSignalBlocker(self.scenes):
            self.scenes.setCurrentRow(index)
        for widget, text in ((self.title, scene.title if scene else ""),
                             (self.hidden, ", ".join(scene.hidden) if scene else "")):  # fmt: skip
            if widget.text() != text:
                with QSignalBlocker(widget):
                    widget.setText(text)
        notes = scene.notes if scene else ""
        if self.notes.toPlainText() != notes:
            with QSignalBlocker(self.notes):
                self.notes.setPlainText(notes)

    def _on_row(self, row: int) -> None:
        if row >= 0 and row != self.player.index:
            self.player.go(row)
        self.scenes.setFocus(Qt.FocusReason.OtherFocusReason)

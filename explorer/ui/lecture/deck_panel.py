"""The deck panel: the scenes in order, to pick, reorder, rename, annotate and remove.

A click on a scene shows it; the title, speaker notes and the control groups the presentation
view hides are edited in place and kept in the deck (File names and order are saved with
Lecture → Save deck).

Undo and redo (Ctrl+Z, Ctrl+Shift+Z) act on the deck while the focus is in the panel's scene
list or on its buttons: adding a scene (which puts the focus there), moving, renaming,
annotating and removing one are each a step; the notes typed into one scene are one step.
Elsewhere they are the lab's, as always; in the title, notes and hidden fields they are the
text's own until the edit is made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
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
        for widget in (self, self.scenes, self.up, self.down, self.remove):
            widget.installEventFilter(self)
        self._fill()

    def focus_scenes(self) -> None:
        """Show the panel with the focus on the scene list, where Ctrl+Z undoes deck edits."""
        self.show()
        self.scenes.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo(self) -> bool:
        return self._step(self.player.undo, "Nothing to undo in the deck")

    def redo(self) -> bool:
        return self._step(self.player.redo, "Nothing to redo in the deck")

    def _step(self, step: Callable[[], bool], nothing: str) -> bool:
        if step():
            return True
        self.player.window.statusBar().showMessage(nothing, 2000)
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Z / Ctrl+Shift+Z on the list or a button: the deck's, not the window's (a
        ``ShortcutOverride`` accepted here makes the key a key press for the focused widget,
        before the window's Undo shortcut sees it)."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            step = self._history_step(event)
            if step is not None:
                if kind == QEvent.Type.KeyPress:
                    step()
                event.accept()
                return True
        return super().eventFilter(watched, event)

    def _history_step(self, event: QKeyEvent) -> Callable[[], bool] | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return self.undo
        if event.matches(QKeySequence.StandardKey.Redo):
            return self.redo
        return None

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

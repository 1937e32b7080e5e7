"""Play a deck in the window: show scene k, step through scenes, build and save the deck.

Opening a deck checks every scene against its lab (the same checks as opening a session file)
before anything on screen changes, so a deck with one broken scene is refused with that scene's
number and title instead of failing in front of the hall. Entering a scene puts its lab on
screen in the deck's state; the lecturer then drags freely, and entering the scene again starts
from the deck's state once more.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from explorer.state.deck import Deck, DeckFileError, DeckHistory, Scene, load_deck, save_deck
from explorer.state.serialize import SessionFileError, check_document
from explorer.ui.labs import lab_keys

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


class DeckPlayer(QObject):
    """The open deck, the scene on screen, and the edits that make a deck."""

    scene_changed = Signal(int)  # the index of the scene now on screen (−1: none)
    deck_changed = Signal()  # scenes added, moved, renamed, removed, or another deck opened

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.deck: Deck | None = None
        self.path: Path | None = None  # where the deck was opened from or saved to
        self.index = -1
        self._appliers: list[Callable[[], None]] = []
        # (deck, appliers, index) before each edit: undo puts all three back
        self.history: DeckHistory[tuple] = DeckHistory()

    # --- opening -------------------------------------------------------------------------------
    def open(self, path: str | Path) -> Deck:
        """Open the deck at ``path`` and show its first scene; ``DeckFileError`` (nothing
        changed) says why a deck is refused."""
        deck = load_deck(path, lab_keys())
        self.set_deck(deck)
        self.path = Path(path)
        return deck

    def set_deck(self, deck: Deck) -> None:
        """Check every scene, then make ``deck`` the open one and show its first scene."""
        appliers = [self._applier(number, scene) for number, scene in
                    enumerate(deck.scenes, start=1)]  # fmt: skip
        self.deck, self._appliers, self.path = deck, appliers, None
        self.history.clear()  # another deck: its edits start here
        self.deck_changed.emit()
        self.go(0)

    def _applier(self, number: int, scene: Scene) -> Callable[[], None]:
        where = f"scene {number} (“{scene.title}”)"
        page = self.window.page(lab_keys().index(scene.lab))
        try:
            return page.document_applier(check_document(scene.document(), scene.lab, where))
        except SessionFileError as error:
            message = str(error)
            raise DeckFileError(message if where in message else f"{where}: {message}") from None

    # --- moving through it ---------------------------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        return self.deck.scenes[self.index] if self.deck and self.index >= 0 else None

    def go(self, index: int) -> bool:
        """Show scene ``index`` (clamped) in the deck's state; False if there is no deck."""
        if self.deck is None:
            return False
        index = max(0, min(len(self.deck.scenes) - 1, index))
        scene = self.deck.scenes[index]
        self.window.current_page.set_playing(False)  # a run never continues under a new scene
        self.window.select_lab(scene.lab)
        self._appliers[index]()
        self.index = index
        self.scene_changed.emit(index)
        return True

    def next(self) -> bool:
        return self.go(self.index + 1)

    def previous(self) -> bool:
        return self.go(self.index - 1)

    def first(self) -> bool:
        return self.go(0)

    def last(self) -> bool:
        return self.go(len(self.deck.scenes) - 1) if self.deck else False

    # --- building ------------------------------------------------------------------------------
    def add_current_view(self, title: str = "") -> Scene:
        """Insert the lab on screen, as it is now, as a new scene after the current one."""
        page = self.window.current_page
        document = page.session_document()  # ValueError for a lab without settings
        session = {k: v for k, v in document.items() if k not in ("explorer", "lab")}
        scenes = list(self.deck.scenes) if self.deck else []
        scene = Scene(title or f"{page.title} {len(scenes) + 1}", page.key, session=session)
        at = self.index + 1 if scenes else 0
        appliers = list(self._appliers)
        appliers.insert(at, self._applier(at + 1, scene))
        scenes.insert(at, scene)
        self._replace(scenes, appliers, at)
        return scene

    def move(self, index: int, offset: int) -> None:
        """Move scene ``index`` ``offset`` places (−1: earlier); the moved scene stays current."""
        scenes, appliers = list(self.deck.scenes), list(self._appliers)
        target = max(0, min(len(scenes) - 1, index + offset))
        if target == index:
            return  # already first or last: no edit, no undo step
        scenes.insert(target, scenes.pop(index))
        appliers.insert(target, appliers.pop(index))
        self._replace(scenes, appliers, target)

    def edit(self, index: int, **changes) -> None:
        """Change a scene's ``title``, ``notes`` or ``hidden`` control groups."""
        scenes = list(self.deck.scenes)
        scenes[index] = dataclasses.replace(scenes[index], **changes)
        typing = ("notes", index) if set(changes) == {"notes"} else None  # one step per edit
        self._replace(scenes, self._appliers, self.index, typing)

    def remove(self, index: int) -> None:
        scenes, appliers = list(self.deck.scenes), list(self._appliers)
        del scenes[index], appliers[index]
        self._replace(scenes, appliers, min(self.index, len(scenes) - 1))

    def undo(self) -> bool:
        """Take back the last edit of the deck (the scene on screen stays); False if none."""
        return self._restore(self.history.undo((self.deck, self._appliers, self.index)))

    def redo(self) -> bool:
        return self._restore(self.history.redo((self.deck, self._appliers, self.index)))

    def _restore(self, state: tuple | None) -> bool:
        if state is None:
            return False
        self.deck, self._appliers, self.index = state
        self.deck_changed.emit()
        self.scene_changed.emit(self.index)
        return True

    def _replace(self, scenes: list[Scene], appliers: list, current: int, key=None) -> None:
        self.history.record((self.deck, self._appliers, self.index), key)
        if scenes:
            self.deck = Deck(self.deck.title if self.deck else "Lecture", tuple(scenes))
        else:
            self.deck, current = None, -1
        self._appliers, self.index = list(appliers), current
        self.deck_changed.emit()
        self.scene_changed.emit(current)

    def save(self, path: str | Path) -> Path:
        """Write the deck atomically; ``ValueError`` if there is none."""
        if self.deck is None:
            raise ValueError("there is no deck to save: add a scene first")
        self.path = save_deck(path, self.deck)
        return self.path

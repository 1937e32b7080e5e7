"""A lecture deck: an ordered list of live scenes, read and written like session files.

A deck file is JSON::

    {"explorer": "0.1.0", "deck": "Neural networks, live",
     "scenes": [
        {"title": "One sigmoid is a step", "lab": "approximation",
         "preset": "01-one-sigmoid-step",              # a preset of that lab, by file name
         "notes": "Drag w: the step sharpens.", "hidden": ["Fit"]},
        {"title": "My own view", "lab": "depth",
         "session": {"config": {...}}}                 # or a whole session, as saved
     ]}

A scene names its lab and either a preset or a session (the content of a session file); its
``notes`` are the speaker's, ``hidden`` lists the control groups (by title) that the
presentation view leaves out, and an optional ``sweep`` (see :mod:`explorer.state.sweep`)
moves one slider by itself when the scene is entered. Reading checks the envelope and every
scene and refuses the whole deck with the scene's number and title if one is wrong; the lab
checks each scene's settings before the deck is used (see :mod:`explorer.ui.lecture`).
Writing is atomic. :class:`DeckHistory` undoes and redoes the edits that build a deck.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from explorer import __version__
from explorer.fileio import write_text_atomic
from explorer.resources import resources_dir
from explorer.state.serialize import (
    MAX_TEXT,
    SessionFileError,
    config_from_dict,
    config_to_dict,
    read_document,
)
from explorer.state.sweep import Sweep

#: a lecture of more scenes than this is not a deck someone wrote
MAX_SCENES = 500
#: the longest scene or deck title
MAX_TITLE = 200
SCENE_KEYS = {"title", "lab", "preset", "session", "notes", "hidden", "sweep"}
#: deck edits kept for undo, as a lab keeps its changes (explorer.state.session.MAX_UNDO)
MAX_DECK_UNDO = 200

StateT = TypeVar("StateT")


class DeckFileError(SessionFileError):
    """A deck file that cannot be used; the message says why."""


@dataclass(frozen=True)
class Scene:
    """One teaching moment: a lab in a given state, with the speaker's notes."""

    title: str
    lab: str
    preset: str = ""  # a file name in resources/presets/<lab>/, without ".json"
    session: dict[str, Any] | None = field(default=None, compare=False)  # "config" and parts
    notes: str = ""
    hidden: tuple[str, ...] = ()  # control groups the presentation view leaves out
    sweep: Sweep | None = None  # a slider the scene moves by itself when it is entered

    def document(self) -> dict[str, Any]:
        """The session document that puts this scene on screen (a fresh copy each time)."""
        if self.session is not None:
            return {"explorer": __version__, "lab": self.lab, **copy.deepcopy(self.session)}
        return read_document(preset_path(self.lab, self.preset))


@dataclass(frozen=True)
class Deck:
    title: str
    scenes: tuple[Scene, ...]


def preset_path(lab: str, preset: str) -> Path:
    return resources_dir() / "presets" / lab / f"{preset}.json"


def default_deck_path() -> Path:
    """The deck that ships with explorer: the course, lab by lab."""
    return resources_dir() / "decks" / "course.json"


def _text(where: str, value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise DeckFileError(f"{where} must be text")
    if len(value) > limit:
        raise DeckFileError(f"{where} is {len(value)} characters long (at most {limit})")
    return value


def _scene(number: int, raw: Any, labs: Collection[str]) -> Scene:
    where = f"scene {number}"
    if not isinstance(raw, dict):
        raise DeckFileError(f"{where} must be an object")
    title = _text(f"{where}: title", raw.get("title", f"Scene {number}"), MAX_TITLE)
    where = f"scene {number} (“{title}”)"
    unknown = sorted(set(raw) - SCENE_KEYS)
    if unknown:
        raise DeckFileError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))[:200]}")
    lab = raw.get("lab")
    if lab not in labs:
        raise DeckFileError(f"{where}: lab {str(lab)[:40]!r} is not one of {', '.join(labs)}")
    notes = _text(f"{where}: notes", raw.get("notes", ""), MAX_TEXT)
    hidden = raw.get("hidden", [])
    if not isinstance(hidden, list) or len(hidden) > 100:
        raise DeckFileError(f"{where}: hidden must be a list of control group titles")
    hidden = tuple(_text(f"{where}: hidden", h, MAX_TITLE) for h in hidden)
    sweep = None
    if "sweep" in raw:
        if not isinstance(raw["sweep"], dict):
            raise DeckFileError(f"{where}: sweep must be an object")
        try:
            sweep = config_from_dict(Sweep, raw["sweep"], prefix="sweep.")
        except SessionFileError as error:
            raise DeckFileError(f"{where}: {error}") from None
    if ("preset" in raw) == ("session" in raw):
        raise DeckFileError(f"{where}: give either a preset or a session, not both or neither")
    if "preset" in raw:
        preset = _text(f"{where}: preset", raw["preset"], MAX_TITLE)
        if "/" in preset or "\\" in preset or not preset_path(lab, preset).is_file():
            raise DeckFileError(f"{where}: the {lab} lab has no preset {preset!r}")
        return Scene(title, lab, preset=preset, notes=notes, hidden=hidden, sweep=sweep)
    session = raw["session"]
    if not isinstance(session, dict) or not isinstance(session.get("config"), dict):
        raise DeckFileError(f"{where}: session must be an object with a config")
    session = {k: v for k, v in session.items() if k not in ("explorer", "lab")}
    return Scene(title, lab, session=session, notes=notes, hidden=hidden, sweep=sweep)


def parse_deck(document: Any, labs: Collection[str], name: str = "the deck") -> Deck:
    """A :class:`Deck` from a deck file's JSON value; ``DeckFileError`` says why not.

    ``labs`` are the lab keys a scene may name (the registry's).
    """
    if not isinstance(document, dict) or not isinstance(document.get("scenes"), list):
        raise DeckFileError(f"{name} is not an explorer deck (no list of scenes)")
    scenes = document["scenes"]
    if not scenes:
        raise DeckFileError(f"{name} has no scenes")
    if len(scenes) > MAX_SCENES:
        raise DeckFileError(f"{name} has {len(scenes)} scenes (at most {MAX_SCENES})")
    title = _text(f"{name}: deck title", document.get("deck", "Lecture"), MAX_TITLE)
    return Deck(title, tuple(_scene(i, raw, labs) for i, raw in enumerate(scenes, start=1)))


def load_deck(path: str | Path, labs: Collection[str]) -> Deck:
    """Read a deck file safely (see :func:`~explorer.state.serialize.read_document`)."""
    path = Path(path)
    try:
        document = read_document(path)
    except DeckFileError:
        raise
    except SessionFileError as error:
        raise DeckFileError(str(error).replace("session file", "deck")) from None
    return parse_deck(document, labs, path.name)


def is_deck(path: str | Path) -> bool:
    """Whether ``path`` holds a deck rather than a session file (an unreadable file is
    neither; opening it as a session says why)."""
    try:
        document = read_document(path)
    except SessionFileError:
        return False
    return isinstance(document, dict) and "scenes" in document and "config" not in document


def deck_to_dict(deck: Deck) -> dict[str, Any]:
    scenes = []
    for scene in deck.scenes:
        raw: dict[str, Any] = {"title": scene.title, "lab": scene.lab}
        if scene.session is not None:
            raw["session"] = copy.deepcopy(scene.session)
        else:
            raw["preset"] = scene.preset
        if scene.notes:
            raw["notes"] = scene.notes
        if scene.hidden:
            raw["hidden"] = list(scene.hidden)
        if scene.sweep is not None:
            raw["sweep"] = config_to_dict(scene.sweep)
        scenes.append(raw)
    return {"explorer": __version__, "deck": deck.title, "scenes": scenes}


def save_deck(path: str | Path, deck: Deck) -> Path:
    """Write ``deck`` atomically (a failed save leaves the old file as it was)."""
    text = json.dumps(deck_to_dict(deck), indent=2, ensure_ascii=False, allow_nan=False)
    return write_text_atomic(path, text + "\n")


class DeckHistory(Generic[StateT]):
    """Undo and redo for the edits that build a deck: adding, moving, renaming, annotating
    and removing scenes.

    The owner records the state an edit is about to leave (``record``) and gets a state back
    from ``undo`` and ``redo``; what a state holds (the deck, the scene on show) is the
    owner's. Edits that share a ``key`` one after the other are one step: the notes of one
    scene, typed a letter at a time, come back as they were before the typing began.
    """

    def __init__(self, limit: int = MAX_DECK_UNDO) -> None:
        self._undo: list[StateT] = []
        self._redo: list[StateT] = []
        self._limit = limit
        self._open_key: Hashable | None = None  # the key of the step still being extended

    def record(self, before: StateT, key: Hashable | None = None) -> None:
        """An edit is about to leave ``before``; it joins the last step if both share ``key``."""
        if key is None or key != self._open_key or not self._undo:
            self._undo.append(before)
            del self._undo[: -self._limit]
        self._open_key = key
        self._redo.clear()

    def undo(self, current: StateT) -> StateT | None:
        """The state before the last step (``current`` becomes redoable); None if none."""
        return self._step(self._undo, self._redo, current)

    def redo(self, current: StateT) -> StateT | None:
        return self._step(self._redo, self._undo, current)

    def _step(self, source: list[StateT], target: list[StateT], current: StateT) -> StateT | None:
        self._open_key = None  # typing after an undo is a new step
        if not source:
            return None
        target.append(current)
        return source.pop()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._open_key = None

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

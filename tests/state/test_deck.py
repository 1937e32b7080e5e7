"""Deck files: read like session files, every scene checked, written atomically."""

from __future__ import annotations

import json

import pytest

from explorer.state.deck import (
    Deck,
    DeckFileError,
    DeckHistory,
    Scene,
    deck_to_dict,
    default_deck_path,
    load_deck,
    parse_deck,
    save_deck,
)
from explorer.state.presets import list_presets
from explorer.ui.labs import lab_keys

LABS = tuple(lab_keys())  # the registry's keys (the registry module imports no Qt)


def scene(**changes) -> dict:
    raw = {"title": "A step", "lab": "approximation", "preset": "01-one-sigmoid-step"}
    raw.update(changes)
    return raw


def test_the_course_deck_names_real_presets_in_course_order():
    deck = load_deck(default_deck_path(), LABS)
    assert len(deck.scenes) >= 10
    assert all(s.notes for s in deck.scenes)  # every teaching moment has speaker notes
    firsts = {}
    for number, s in enumerate(deck.scenes):
        firsts.setdefault(s.lab, number)
    assert sorted(firsts, key=firsts.get) == list(LABS)  # every lab, in course order
    for s in deck.scenes:
        if s.session is None:
            assert s.preset in {p.path.stem for p in list_presets(s.lab)}
        assert s.document()["lab"] == s.lab


def test_a_deck_round_trips_through_a_file(tmp_path):
    session = {"config": {"n_hidden": 3}, "xor": {"hidden": 4}}
    deck = Deck("Mine", (Scene("One", "approximation", preset="01-one-sigmoid-step",
                               notes="say this", hidden=("Fitting",)),
                         Scene("Two", "depth", session=session)))  # fmt: skip
    path = save_deck(tmp_path / "deck.json", deck)
    loaded = load_deck(path, LABS)
    assert loaded == deck
    assert loaded.scenes[1].session == session
    assert deck_to_dict(loaded) == json.loads(path.read_text(encoding="utf-8"))
    document = loaded.scenes[1].document()
    assert document["lab"] == "depth" and document["config"] == {"n_hidden": 3}
    document["config"]["n_hidden"] = 99  # a copy: the deck's scene keeps its state
    assert loaded.scenes[1].session["config"] == {"n_hidden": 3}


BROKEN = [
    ({"deck": "x"}, "no list of scenes"),
    ([], "no list of scenes"),
    ({"scenes": []}, "has no scenes"),
    ({"scenes": [42]}, "scene 1 must be an object"),
    ({"scenes": [scene(lab="chemistry")]}, "lab 'chemistry'"),
    ({"scenes": [scene(), scene(title=7)]}, "scene 2: title must be text"),
    ({"scenes": [scene(preset="no-such-preset")]}, "has no preset 'no-such-preset'"),
    ({"scenes": [scene(preset="../depth/01-sigmoid-depth-20-vanishes")]}, "has no preset"),
    ({"scenes": [scene(session={"config": {}})]}, "either a preset or a session"),
    ({"scenes": [{"title": "t", "lab": "depth"}]}, "either a preset or a session"),
    ({"scenes": [{"title": "t", "lab": "depth", "session": []}]}, "session must be an object"),
    ({"scenes": [scene(hidden="Fitting")]}, "hidden must be a list"),
    ({"scenes": [scene(notes="x" * 20_000)]}, "notes is 20000 characters"),
    ({"scenes": [scene(colour="red")]}, "unknown key(s) 'colour'"),
    ({"scenes": [scene()] * 501}, "501 scenes"),
]


@pytest.mark.parametrize(("document", "reason"), BROKEN)
def test_a_broken_deck_is_refused_with_its_reason(document, reason):
    with pytest.raises(DeckFileError, match=None) as caught:
        parse_deck(document, LABS)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not text"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"scenes": [NaN]}', "scene 1 must be an object"),
        (b"{not json", "not a valid explorer deck"),
    ],
)
def test_a_broken_deck_file_is_refused_by_name(tmp_path, content, reason):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(DeckFileError) as caught:
        load_deck(path, LABS)
    assert reason in str(caught.value) and "session" not in str(caught.value)


def test_saving_over_a_deck_that_cannot_be_written_keeps_the_old_file(tmp_path):
    path = tmp_path / "deck.json"
    path.write_text("precious", encoding="utf-8")
    bad = Deck("Bad", (Scene("x", "depth", session={"config": {"lr": float("nan")}}),))
    with pytest.raises(ValueError):
        save_deck(path, bad)
    assert path.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.json"]


def test_deck_history_undoes_and_redoes_each_edit_and_joins_typing_in_one_scene():
    history: DeckHistory[str] = DeckHistory(limit=3)
    assert history.undo("now") is None and not history.can_undo
    history.record("empty")  # add a scene
    history.record("one scene", key=("notes", 0))  # type "a"
    history.record("one scene, a", key=("notes", 0))  # type "b": the same step
    history.record("one scene, ab", key=("notes", 1))  # another scene's notes: a new step
    assert history.undo("one scene, ab, c") == "one scene, ab"
    assert history.undo("one scene, ab") == "one scene"  # "a" and "b" at once
    assert history.redo("one scene") == "one scene, ab" and history.can_redo
    history.record("one scene, ab", key=("notes", 1))  # typing after an undo: a new step
    assert not history.can_redo  # a new edit drops what was undone
    assert history.undo("x") == "one scene, ab"
    assert history.undo("one scene, ab") == "one scene"
    assert history.undo("one scene") == "empty"
    assert history.undo("empty") is None


def test_deck_history_keeps_its_last_steps_and_forgets_them_when_cleared():
    history: DeckHistory[int] = DeckHistory(limit=3)
    for state in range(5):
        history.record(state)
    assert [history.undo(9), history.undo(9), history.undo(9), history.undo(9)] == [4, 3, 2, None]
    history.clear()
    assert not history.can_undo and not history.can_redo

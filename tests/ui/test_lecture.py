"""Lecture mode driven with real key presses: a deck's scenes, the presentation view, blanking."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QSlider

from explorer.state.deck import default_deck_path, load_deck
from explorer.ui import theme
from explorer.ui.control_group import ControlGroup
from explorer.ui.labs import lab_keys

Key = Qt.Key


@pytest.fixture
def warnings(monkeypatch) -> list:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    return shown


@pytest.fixture
def lecture(window):
    assert window.lecture.open_course()
    yield window.lecture
    window.lecture.leave()
    window.lecture.leave()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window, key, modifier)


def go_to_lab(lecture, lab: str) -> int:
    """Show the deck's first scene of ``lab``; its index."""
    index = next(i for i, s in enumerate(lecture.player.deck.scenes) if s.lab == lab)
    lecture.player.go(index)
    return index


def test_the_clicker_keys_walk_the_course_deck(window, lecture, qtbot):
    deck = load_deck(default_deck_path(), lab_keys())
    assert lecture.player.index == 0 and window.current_page.key == deck.scenes[0].lab
    press(qtbot, window, Key.Key_PageDown)
    assert lecture.player.index == 1
    assert lecture.counter.text() == f"Scene 2 / {len(deck.scenes)} · {deck.scenes[1].title}"
    press(qtbot, window, Key.Key_End)
    assert lecture.player.index == len(deck.scenes) - 1
    assert window.current_page.key == deck.scenes[-1].lab
    press(qtbot, window, Key.Key_PageDown)  # past the end stays on the last scene
    assert lecture.player.index == len(deck.scenes) - 1
    press(qtbot, window, Key.Key_PageUp)
    assert lecture.player.index == len(deck.scenes) - 2
    press(qtbot, window, Key.Key_Home)
    assert lecture.player.index == 0 and window.current_page.key == deck.scenes[0].lab


def test_a_scene_starts_from_the_decks_state_again(window, lecture, qtbot):
    index = go_to_lab(lecture, "depth")
    press(qtbot, window, Key.Key_PageDown)
    press(qtbot, window, Key.Key_PageUp)
    assert lecture.player.index == index
    page = window.current_page
    scene_config = page.session.config
    page.session.update(depth=page.session.config.depth + 3)  # the lecturer drags
    press(qtbot, window, Key.Key_PageUp)
    press(qtbot, window, Key.Key_PageDown)
    assert page.session.config == scene_config


def test_space_and_right_keep_their_meaning_inside_a_scene(window, lecture, qtbot):
    index = go_to_lab(lecture, "depth")  # a depth scene: it trains
    page = window.current_page
    press(qtbot, window, Key.Key_Space)
    assert page.is_playing()
    press(qtbot, window, Key.Key_PageDown)  # a new scene never continues the old run
    assert not page.is_playing() and lecture.player.index == index + 1


def test_without_a_deck_page_keys_stay_the_sliders(window, qtbot):
    slider = window.current_page.findChild(QSlider)
    slider.setFocus()
    slider.setValue(slider.minimum())
    assert not window.lecture.next_action.isEnabled()
    qtbot.keyClick(slider, Key.Key_PageUp)
    assert slider.value() == slider.minimum() + slider.pageStep()


def test_f5_presents_and_esc_leaves_with_the_desk_view_back(window, lecture, qtbot):
    window.set_scale(125)
    press(qtbot, window, Key.Key_F5)
    assert lecture.presentation.active
    assert not window.menuBar().isVisible() and not window.navigator.isVisible()
    assert window.isFullScreen()
    assert round(theme.Scale.factor * 100) == window.settings.get("lecture/scale") == 175
    press(qtbot, window, Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # chosen once
    assert window.settings.get("lecture/scale") == 200
    press(qtbot, window, Key.Key_Escape)
    assert not lecture.presentation.active and not window.isFullScreen()
    assert window.menuBar().isVisible() and window.navigator.isVisible()
    assert round(theme.Scale.factor * 100) == window.settings.get("view/scale") == 125
    press(qtbot, window, Key.Key_F5)  # the projector scale is remembered
    assert round(theme.Scale.factor * 100) == 200


def test_presenting_shows_only_the_controls_the_scene_keeps(window, lecture, qtbot):
    scene = lecture.player.scene
    assert scene.hidden == ("Target f(x)",)
    page = window.current_page
    groups = page.controls.findChildren(ControlGroup)
    target = next(g for g in groups if g.title() == "Target f(x)")
    shown = [g for g in groups if g.isVisible()]
    assert target in shown
    press(qtbot, window, Key.Key_F5)
    assert [g for g in groups if g.isVisible()] == [g for g in shown if g is not target]
    go_to_lab(lecture, "depth")  # a scene that hides nothing
    depth_groups = window.current_page.controls.findChildren(ControlGroup)
    assert all(g.isVisible() for g in depth_groups)
    press(qtbot, window, Key.Key_Home)
    assert not target.isVisible()
    press(qtbot, window, Key.Key_Escape)
    assert [g for g in groups if g.isVisible()] == shown


def test_b_or_dot_blanks_the_screen_and_esc_brings_it_back(window, lecture, qtbot):
    press(qtbot, window, Key.Key_F5)
    press(qtbot, window, Key.Key_B)
    assert lecture.blank.isVisible() and lecture.blank.geometry() == window.rect()
    press(qtbot, window, Key.Key_Period)
    assert not lecture.blank.isVisible()
    press(qtbot, window, Key.Key_Period)
    assert lecture.blank.isVisible()
    press(qtbot, window, Key.Key_Escape)  # first Esc: the picture, still presenting
    assert not lecture.blank.isVisible() and lecture.presentation.active
    press(qtbot, window, Key.Key_Escape)
    assert not lecture.presentation.active


def test_the_presenter_window_shows_notes_next_title_and_a_clock(window, lecture):
    presenter = lecture.presenter
    deck = lecture.player.deck
    lecture.player.go(2)
    assert presenter.current.text() == f"3 / {len(deck.scenes)} · {deck.scenes[2].title}"
    assert presenter.notes.text() == deck.scenes[2].notes
    assert presenter.next.text() == f"Next: {deck.scenes[3].title}"
    lecture.player.last()
    assert presenter.next.text() == "Next: end of the deck"
    assert presenter.elapsed_text(3725) == "1:02:05" and presenter.elapsed_text(65) == "01:05"


def test_a_deck_built_from_the_app_saves_and_reopens(window, qtbot, tmp_path):
    player = window.lecture.player
    window.select_lab("depth")
    window.current_page.session.update(depth=7)
    player.add_current_view("Seven layers")
    window.select_lab("approximation")
    player.add_current_view("Build")
    player.edit(1, notes="Say why", hidden=("Network",))
    player.move(1, -1)
    assert [s.title for s in player.deck.scenes] == ["Build", "Seven layers"]
    assert window.lecture.panel.scenes.count() == 2
    assert window.lecture.panel.notes.toPlainText() == "Say why"
    path = window.lecture.save_deck(tmp_path / "mine.json")
    assert (
        json.loads(path.read_text(encoding="utf-8"))["scenes"][1]["session"]["config"]["depth"] == 7
    )
    window.current_page.session.update(n_points=50)
    window.select_lab("activations")
    assert window.lecture.open_deck(path)
    assert window.current_page.key == "approximation"
    assert window.current_page.session.config.n_points != 50
    press(qtbot, window, Key.Key_PageDown)
    assert window.current_page.key == "depth" and window.current_page.session.config.depth == 7


def test_the_panel_edits_the_scene_on_screen(window, lecture, qtbot):
    panel = lecture.panel
    panel.show()
    panel.title.setText("Renamed")
    panel.title.editingFinished.emit()
    panel.notes.setPlainText("new notes")
    assert lecture.player.scene.title == "Renamed" and lecture.player.scene.notes == "new notes"
    assert panel.scenes.item(0).text().startswith("1. Renamed")
    panel.scenes.setCurrentRow(3)
    assert lecture.player.index == 3


def test_a_deck_with_one_broken_scene_is_refused_and_changes_nothing(window, qtbot, tmp_path,
                                                                      warnings):  # fmt: skip
    good = json.loads(default_deck_path().read_text(encoding="utf-8"))
    good["scenes"][4] = {"title": "Broken", "lab": "depth",
                         "session": {"config": {"depth": "deep"}}}  # fmt: skip
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    window.select_lab("activations")
    before = window.current_page.session.config
    assert not window.lecture.open_deck(path)
    assert len(warnings) == 1 and "scene 5 (“Broken”)" in warnings[0][2]
    assert "depth" in warnings[0][2]
    assert window.current_page.key == "activations"
    assert window.current_page.session.config == before
    assert window.lecture.player.deck is None and not window.lecture.next_action.isEnabled()


def press_focused(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is, as a user's goes (shortcuts first)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def titles(player) -> list[str]:
    return [s.title for s in player.deck.scenes] if player.deck else []


def test_deck_edits_undo_and_redo_with_the_keys_in_the_deck_panel(window, qtbot, monkeypatch):
    player, panel = window.lecture.player, window.lecture.panel
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.select_lab("depth")
    window.current_page.session.update(depth=7)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("Seven layers", True))
    press(qtbot, window, Key.Key_A, CTRL | SHIFT)  # Lecture → Add current view as scene
    assert titles(player) == ["Seven layers"] and panel.isVisible()
    assert QApplication.focusWidget() is panel.scenes  # Ctrl+Z next would take it out
    window.select_lab("approximation")
    page = window.current_page
    lab_config, lab_can_undo = page.session.config, page.session.can_undo
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("Build", True))
    press(qtbot, window, Key.Key_A, CTRL | SHIFT)
    qtbot.mouseClick(panel.up, Qt.MouseButton.LeftButton)  # move "Build" first
    assert titles(player) == ["Build", "Seven layers"] and player.index == 0
    panel.title.setFocus()
    panel.title.selectAll()
    qtbot.keyClicks(panel.title, "Opening")
    qtbot.keyClick(panel.title, Key.Key_Return)  # rename
    panel.notes.setFocus()
    qtbot.keyClicks(panel.notes, "Say why")  # seven edits, one undo step
    assert player.scene.title == "Opening" and player.scene.notes == "Say why"
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert titles(player) == ["Seven layers"]

    panel.scenes.setFocus()
    undone = []
    for _ in range(6):
        press_focused(qtbot, Key.Key_Z, CTRL)
        undone.append((titles(player), player.scene.notes if player.scene else None))
    assert undone == [
        (["Opening", "Seven layers"], "Say why"),  # the removed scene is back
        (["Opening", "Seven layers"], ""),  # the notes, all seven letters
        (["Build", "Seven layers"], ""),  # the title
        (["Seven layers", "Build"], ""),  # the move
        (["Seven layers"], ""),  # the second scene added
        ([], None),  # the first: no deck
    ]
    assert panel.scenes.count() == 0 and not window.lecture.save_action.isEnabled()
    press_focused(qtbot, Key.Key_Z, CTRL)  # nothing left: the lab is not touched
    assert window.statusBar().currentMessage() == "Nothing to undo in the deck"
    assert page.session.config == lab_config and page.session.can_undo == lab_can_undo
    press_focused(qtbot, Key.Key_Z, CTRL | SHIFT)
    press_focused(qtbot, Key.Key_Z, CTRL | SHIFT)
    assert titles(player) == ["Seven layers", "Build"] and panel.scenes.count() == 2
    assert page.session.config == lab_config

    page.session.update(n_points=page.session.config.n_points + 10)
    page.setFocus()  # outside the panel Ctrl+Z is the lab's again
    press_focused(qtbot, Key.Key_Z, CTRL)
    assert page.session.config == lab_config and titles(player) == ["Seven layers", "Build"]


def test_typing_after_an_undo_is_a_new_step_and_another_deck_forgets_the_edits(lecture):
    player, panel = lecture.player, lecture.panel
    notes = player.scene.notes
    panel.notes.setPlainText("first")
    panel.notes.setPlainText("first, longer")
    assert panel.undo() and player.scene.notes == notes
    panel.notes.setPlainText("second")
    assert panel.undo() and player.scene.notes == notes
    assert panel.redo() and player.scene.notes == "second"
    assert lecture.open_course()
    assert not panel.undo() and player.scene.notes == notes
    player.move(0, -1)  # the first scene cannot move earlier: no edit, nothing to undo
    assert not player.history.can_undo

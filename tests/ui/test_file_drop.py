"""Dropping a session file or a deck on the window opens it; other drops are declined."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from explorer.resources import resources_dir


def drop(window, path) -> tuple[bool, bool]:
    """(whether the drag was accepted, whether the drop was) for a drag of ``path``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    action = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(window.rect().center(), action, mime, buttons, modifiers)
    QApplication.sendEvent(window, enter)
    dropped = QDropEvent(QPointF(window.rect().center()), action, mime, buttons, modifiers)
    QApplication.sendEvent(window, dropped)
    return enter.isAccepted(), dropped.isAccepted()


def test_a_dropped_session_file_opens_in_its_lab(window):
    window.select_lab("activations")
    preset = resources_dir() / "presets" / "depth" / "03-bad-init-explodes.json"
    assert drop(window, preset) == (True, True)
    assert window.current_page.key == "depth"
    assert window.current_page.session.config.init == "normal"


def test_a_dropped_deck_opens_on_its_first_scene(window):
    window.select_lab("depth")
    assert drop(window, resources_dir() / "decks" / "course.json") == (True, True)
    assert window.lecture.player.index == 0 and window.current_page.key == "approximation"


def test_a_dropped_picture_is_declined(window, tmp_path):
    picture = tmp_path / "plot.png"
    picture.write_bytes(b"\x89PNG")
    shown = window.current_page
    assert drop(window, picture) == (False, False)
    assert window.current_page is shown

"""Dropping a session file or a deck on the window opens it, as File → Open would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


def dropped_files(event) -> list[Path]:
    """The local ``.json`` files a drag carries (what the window can open)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() == ".json"]


class FileDrop(QObject):
    """Event filter that lets ``window`` take dropped files and hands each to ``open_file``."""

    def __init__(self, window: QWidget, open_file: Callable[[Path], bool]) -> None:
        super().__init__(window)
        self.open_file = open_file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_files(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            files = dropped_files(event)
            if files:
                event.acceptProposedAction()
                self.open_file(files[0])  # one lab on screen: the first file wins
                return True
        return False

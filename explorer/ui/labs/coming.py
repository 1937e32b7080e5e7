"""A placeholder page for a lab that is planned but not built yet."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from explorer.ui.labs.base import LabPage


@cache  # one class per coming lab, however often the registry loads it
def coming_lab(key: str, title: str, summary: str) -> type[LabPage]:
    """Make a :class:`LabPage` subclass that only says what the lab will show."""

    class Coming(LabPage):
        def __init__(self, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.controls_area.hide()  # nothing to control yet
            self.notes.hide()

        def build_plots(self) -> QWidget:
            label = QLabel(
                f"<h2>{title}</h2><p>{summary}</p>"
                "<p><i>This lab is coming in a later release.</i></p>",
                wordWrap=True,
                alignment=Qt.AlignmentFlag.AlignCenter,
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            return label

        def live_status(self) -> str:
            return f"{title}: coming soon"

    Coming.key, Coming.title = key, title
    Coming.__name__ = Coming.__qualname__ = f"Coming{key.title()}Lab"
    return Coming

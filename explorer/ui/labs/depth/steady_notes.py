"""Keeps the notes box as high as its tallest text so far, so the plots below stay put.

The notes' numbers part wraps to one line more or less as the settings change (a preset, the
normalization, the activation's sentence). Each such change moved every plot of the lab up or
down by a line: all six were laid out and painted again, an eighth of a second after the
change (when the notes' throttled text arrived), on top of the redraw the change had cost.
Here the box keeps the tallest height its text has taken at the current width and text size;
a shorter text leaves a blank line under it instead. A new width or text size, or a resized
page (the notes' share of its height changes), starts over from the text's own height.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from explorer.ui import theme
from explorer.ui.notes import NotesBox


class SteadyNotesHeight(QObject):
    """Holds ``notes`` at the tallest height its text has needed (see the module)."""

    def __init__(self, notes: NotesBox) -> None:
        super().__init__(notes)
        self.notes = notes
        self._key: tuple | None = None  # (width, text scale) the tallest height is for
        self._tallest = 0
        notes.text_box.heightChanged.connect(self._on_height_changed)
        notes.live_box.heightChanged.connect(self._on_height_changed)
        notes.toggle.toggled.connect(self._on_toggled)

    def _on_height_changed(self, _height: int = 0) -> None:
        # called as the text takes its new height, before the window lays out again: with
        # the same minimum, that layout gives every plot the geometry it had
        if not self.notes.toggle.isChecked():
            return
        needed = self.notes.sizeHint().height()
        key = (self.notes.width(), theme.Scale.factor)
        if key != self._key:
            self._key, self._tallest = key, needed
        else:
            self._tallest = max(self._tallest, needed)
        if self.notes.minimumHeight() != self._tallest:
            self.notes.setMinimumHeight(self._tallest)

    def start_over(self) -> None:
        """Back to the text's own height (the page was resized: its layout runs anyway)."""
        self._key, self._tallest = None, 0
        self.notes.setMinimumHeight(0)

    def _on_toggled(self, expanded: bool) -> None:
        """Folded, the box is only its title; unfolded at the same width and text size, it
        takes back the height it had."""
        same = self._key == (self.notes.width(), theme.Scale.factor)
        self.notes.setMinimumHeight(self._tallest if expanded and same else 0)

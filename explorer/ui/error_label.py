"""The red message under a control: a refused value, a formula that does not parse, a run that
stopped. Every lab shows its errors with this one widget, so they look and behave alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from explorer.ui import theme


class ErrorLabel(QLabel):
    """A word-wrapped label in :data:`theme.ERROR_COLOUR`, hidden while it has nothing to say.

    ``show_error(message)`` shows the message (after ``prefix``, e.g. "⚠ "); an empty message
    or None hides the label. The colour comes from the palette, not a style sheet: a style
    sheet would route every repaint of the panel around it through Qt's slower style-sheet
    style.
    """

    def __init__(self, prefix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.setWordWrap(True)
        palette = self.palette()
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, QColor(theme.ERROR_COLOUR))
        self.setPalette(palette)
        self.hide()

    def show_error(self, message: str | None) -> None:
        """Show ``message``, or hide the label when it is empty or None."""
        text = f"{self.prefix}{message}" if message else ""
        if text != self.text():
            self.setText(text)
        if self.isHidden() == bool(text):
            self.setVisible(bool(text))

    def message(self) -> str:
        """What is shown, without the prefix ("" while hidden)."""
        return self.text()[len(self.prefix) :] if self.text() else ""

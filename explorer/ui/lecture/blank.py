"""A blank screen over the window (B or . as in slide tools): the hall looks at the speaker."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


class BlankScreen(QWidget):
    """A black widget that covers its parent completely while shown; the lab underneath keeps
    its state (a run in progress is paused by the caller, not here)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("blank-screen")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(Qt.GlobalColor.black))
        self.setPalette(palette)
        self.hide()
        parent.installEventFilter(self)

    def toggle(self) -> bool:
        """Blank or unblank; returns whether the screen is blank now."""
        if self.isVisible():
            self.hide()
        else:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
            self.show()
        return self.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

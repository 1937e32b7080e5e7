"""The collapsible "What you are seeing" box above a lab's plots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from explorer.ui.live_text import LiveText


class NotesBox(QWidget):
    """A title button that folds a rich-text explanation in and out.

    Labs call :meth:`set_html` whenever their numbers change, so the formula shown carries the
    live values (e.g. ŷ = 1.20·σ(2.0x − 1.3) + …).
    """

    def __init__(self, title: str = "What you are seeing", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(text=title, checkable=True, checked=True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.toggle.setToolTip("Show or hide the explanation of this lab")
        self.toggle.toggled.connect(self._on_toggled)
        self.body = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setContentsMargins(16, 0, 4, 4)
        self._base_pt = self.body.font().pointSizeF()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text_box = LiveText(self.body)
        layout.addWidget(self.toggle)
        layout.addWidget(self.text_box)

    def apply_scale(self, factor: float) -> None:
        """Scale the explanation's text with View → Text and line size: the audience reads it."""
        font = self.body.font()
        font.setPointSizeF(self._base_pt * factor)
        self.body.setFont(font)
        self.text_box.fit()
        title = self.toggle.font()
        title.setPointSizeF(self._base_pt * factor)
        self.toggle.setFont(title)

    def set_html(self, html: str) -> None:
        """Show ``html``, at most eight times a second during a drag (see ``LiveText``)."""
        self.text_box.set_html(html)

    def flush(self) -> None:
        """Show a text the throttle is holding back (tests, screenshots, exports)."""
        self.text_box.flush()

    def _on_toggled(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.text_box.setVisible(expanded)

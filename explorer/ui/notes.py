"""The collapsible "What you are seeing" box above a lab's plots."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

INTERVAL_S = 0.125  # the notes follow a drag at up to 8 updates a second


class WrappedText(QWidget):
    """Holds a word-wrapped label at the height its text needs, and asks the window's layout
    to re-measure only when that height changes.

    A label in a layout makes every ancestor's layout re-measure on each ``setText``, rich-text
    labels included, even when the new text wraps to the same lines (measured: ~5 ms per
    notes update, one frame in twelve of a drag). Here the label has no layout above it;
    this box measures the label at its own width and changes its fixed height when needed.
    """

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        # placed by this box from the start: a child of a widget without a layout that was
        # never resized is sized to its own size hint when first shown
        label.setGeometry(self.rect())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def fit(self) -> None:
        """Take the height the label's text needs at the box's width."""
        height = self.label.heightForWidth(max(self.width(), 1))
        if height < 0:
            height = self.label.sizeHint().height()
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:  # as wide as the layout makes it; as high as the text
        return QSize(self.label.minimumSizeHint().width(), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width():
            self.fit()
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # a page shown for the first time, or again
        self.label.setGeometry(self.rect())
        self.fit()
        super().showEvent(event)


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
        self._pending = ""
        self._shown_at = -1e9
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.flush)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text_box = WrappedText(self.body)
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
        """Show ``html``: at once if the notes were quiet, else at most every
        ``INTERVAL_S`` during a drag, and always the last text.

        Laying out and repainting a paragraph of rich text costs 1.5–2.5 ms (measured), a good
        part of a frame. Eight updates a second still read as live; the plots carry the same
        numbers every frame.
        """
        self._pending = html
        if html == self.body.text():
            self._timer.stop()
            return
        wait = INTERVAL_S - (time.perf_counter() - self._shown_at)
        if wait <= 0 or not self.body.text():
            self.flush()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(wait * 1000)))

    def flush(self) -> None:
        """Show a text the throttle is holding back (tests, screenshots, exports)."""
        self._timer.stop()
        if self._pending != self.body.text():
            self._shown_at = time.perf_counter()
            self.body.setText(self._pending)
            self.text_box.fit()

    def _on_toggled(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.text_box.setVisible(expanded)

"""The collapsible "What you are seeing" box above a lab's plots."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from explorer.ui.live_text import LiveText

#: Put in a lab's notes where its live numbers start: the argument above it is laid out once,
#: and only the short part below is laid out again as the numbers change (shaping a paragraph
#: of rich text cost 3–5 ms, one frame in eight of a drag).
LIVE = "<!--live-->"


def _label(margins: tuple[int, int, int, int]) -> QLabel:
    label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setContentsMargins(*margins)
    return label


class NotesBox(QWidget):
    """A title button that folds a rich-text explanation in and out.

    Labs call :meth:`set_html` whenever their numbers change, so the formula shown carries the
    live values (e.g. ŷ = 1.20·σ(2.0x − 1.3) + …). The text before :data:`LIVE` goes to
    :attr:`body`, the rest to :attr:`live`, each shown at most eight times a second, and never
    later than that: training that redraws every frame does not hold the text back (see
    ``LiveText``), so a lab keeps no timer of its own for its notes.
    """

    def __init__(self, title: str = "What you are seeing", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(text=title, checkable=True, checked=True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.toggle.setToolTip("Show or hide the explanation of this lab")
        self.toggle.toggled.connect(self._on_toggled)
        self.body = _label((16, 0, 4, 4))
        self.live = _label((16, 0, 4, 4))
        self._base_pt = self.body.font().pointSizeF()
        self.text_box = LiveText(self.body)
        self.live_box = LiveText(self.live)
        self.live_box.hide()
        self._has_live = False
        # The argument scrolls rather than crowd the plots out (at 250 % in a 1400 × 860 window
        # it took half the page and left the plots a few pixels high); the live numbers below
        # it stay in view
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.text_box)
        self._max_text_height = 1 << 20
        self.text_box.heightChanged.connect(self._fit_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.scroll)
        layout.addWidget(self.live_box)
        self._fit_scroll()

    def set_max_text_height(self, pixels: int) -> None:
        """Let the argument take at most ``pixels`` (the page passes a share of its height);
        beyond that it scrolls."""
        if pixels != self._max_text_height:
            self._max_text_height = max(pixels, 1)
            self._fit_scroll()

    def _fit_scroll(self, _height: int = 0) -> None:
        """As high as the argument, up to the limit; the window re-measures only on a change."""
        height = min(self.text_box.minimumHeight(), self._max_text_height)
        if height != self.scroll.minimumHeight() or height != self.scroll.maximumHeight():
            self.scroll.setFixedHeight(height)

    def text(self) -> str:
        """The text on show (the live numbers may still be held back: see :meth:`flush`)."""
        return self.body.text() + self.live.text()

    def apply_scale(self, factor: float) -> None:
        """Scale the explanation's text with View → Text and line size: the audience reads it."""
        for label, box in ((self.body, self.text_box), (self.live, self.live_box)):
            font = label.font()
            font.setPointSizeF(self._base_pt * factor)
            label.setFont(font)
            box.fit()
        title = self.toggle.font()
        title.setPointSizeF(self._base_pt * factor)
        self.toggle.setFont(title)

    def set_html(self, html: str) -> None:
        """Show ``html``: at most eight times a second during a drag or training, and within
        an eighth of a second of the last call (see ``LiveText``)."""
        lead, marked, live = html.partition(LIVE)
        self._has_live = bool(marked)
        self.body.setContentsMargins(16, 0, 4, 0 if marked else 4)  # one paragraph's spacing
        self.text_box.set_html(lead)
        self.live_box.set_html(live)
        shown = self._has_live and self.toggle.isChecked()
        if self.live_box.isVisibleTo(self) != shown:
            self.live_box.setVisible(shown)

    def flush(self) -> None:
        """Show a text the throttle is holding back (tests, screenshots, exports)."""
        self.text_box.flush()
        self.live_box.flush()

    def _on_toggled(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.scroll.setVisible(expanded)
        self.live_box.setVisible(expanded and self._has_live)

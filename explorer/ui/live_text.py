"""Rich text that changes as sliders move, without costing the drag its frame.

Two costs are avoided. A word-wrapped label in a layout makes the whole window re-measure on
every ``setText`` (``WrappedText``); and laying out and painting a paragraph of rich text
60 times a second buys nothing a reader can follow (``LiveText`` shows at most eight
updates a second, and always the last).

``LiveText`` is a max-rate throttle, not a debounce: a stream of new texts that never pauses
(a drag, or training that redraws every frame) is shown every ``INTERVAL_S``, so the text
on screen is never older than that. A debounce (wait for a quiet moment) would hold it back
for as long as the stream lasts.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

INTERVAL_S = 0.125  # text follows a drag at up to 8 updates a second


class WrappedText(QWidget):
    """Holds a word-wrapped label at the height its text needs, and asks the window's layout
    to re-measure only when that height changes.

    A label in a layout makes every ancestor's layout re-measure on each ``setText``, rich-text
    labels included, even when the new text wraps to the same lines (measured: ~5 ms per
    notes update, one frame in twelve of a drag). Here the label has no layout above it;
    this box measures the label at its own width and changes its fixed height when needed.
    """

    heightChanged = Signal(int)  # the box took a new height for its text

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
            self.heightChanged.emit(height)

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


class LiveText(WrappedText):
    """A :class:`WrappedText` whose text follows a drag at most every ``INTERVAL_S``.

    Laying out and repainting a paragraph of rich text costs 1–2.5 ms (measured), a good part
    of a frame. Eight updates a second still read as live; the plots and sliders carry the
    same numbers every frame.

    ``clock`` (seconds, ``time.perf_counter`` by default) times the interval; a test may set
    it to a clock of its own.
    """

    def __init__(
        self,
        label: QLabel,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(label, parent)
        self.clock = clock
        self._pending = ""
        self._shown_at = -1e9
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.flush)

    def set_html(self, html: str) -> None:
        """Show ``html``: at once if the text was quiet, else at most every ``INTERVAL_S``
        during a drag, and always the last text."""
        self._pending = html
        if html == self.label.text():
            self._timer.stop()
            return
        wait = INTERVAL_S - (self.clock() - self._shown_at)
        if wait <= 0 or not self.label.text():
            self.flush()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(wait * 1000)))

    def flush(self) -> None:
        """Show a text the throttle is holding back (tests, screenshots, exports)."""
        self._timer.stop()
        if self._pending != self.label.text():
            self._shown_at = self.clock()
            self.label.setText(self._pending)
            self.fit()

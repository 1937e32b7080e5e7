"""What every lab page is: controls on the left, notes and plots in the centre, a status line.

A lab subclasses :class:`LabPage`, fills :meth:`build_controls` and :meth:`build_plots`, and
reports its numbers with :meth:`show_status` (one-off messages with :meth:`show_message`),
which :attr:`status_changed` passes to the window. The main window wires the shared actions
(reset, play/pause, step, export, scale) to the methods below, so a new lab needs no change to
the window: only its module and one line in :mod:`explorer.ui.labs`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from explorer.state.serialize import (
    SessionFileError,
    config_from_dict,
    load_document,
    save_session,
    session_document,
)
from explorer.state.session import LabSession
from explorer.ui.notes import NotesBox
from explorer.ui.plot import PlotsScroll
from explorer.ui.scheduler import FrameScheduler

#: the share of a page's height the notes' text may take before it scrolls
NOTES_SHARE = 0.2


class LabPage(QWidget):
    """Base class of a lab page.

    Class attributes a lab sets: ``key`` (command-line name), ``title`` (navigator text) and
    ``trains`` (whether play/pause/step apply).

    A lab with state creates its :class:`LabSession` in :meth:`make_session` (called before the
    controls are built); undo/redo, save/load and presets then work without further code.
    Controls change the session; the session's listeners call :meth:`request_redraw`; the
    :class:`FrameScheduler` runs :meth:`redraw` at most once per frame. Every redraw writes
    the notes (``self.notes.set_html``) and the status line (:meth:`show_status`) from the
    same snapshot as the plots: the notes box limits how often its text is laid out, so the
    words on screen never describe other settings than the plots for longer than that.
    """

    key: str = ""
    title: str = ""
    trains: bool = False

    status_changed = Signal(str)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"lab-{self.key}")
        self.scheduler = FrameScheduler(self.redraw, parent=self)
        self._stale = False  # a redraw was asked for while the page was hidden
        self._status = ""  # what the status line shows
        self._message = ""  # a one-off message in front of the live status
        self.session: LabSession | None = self.make_session()
        if self.session is not None:
            self.session.subscribe(self._drop_message)
        self.playing_changed.connect(self._drop_message_on_play)
        self.notes = NotesBox()
        self.controls = self.build_controls()
        self.plots = self.build_plots()

        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.controls)
        scroll.setMinimumWidth(260)
        self.controls_area = scroll

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(4, 0, 0, 0)
        centre_layout.addWidget(self.notes)
        centre_layout.addWidget(self.plots, stretch=1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(centre)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        self.splitter = splitter
        self._controls_pt = self.controls.font().pointSizeF()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.request_redraw()  # the first draw, once the event loop runs

    # --- to fill in by a lab -------------------------------------------------------------------
    def make_session(self) -> LabSession | None:
        return None

    def redraw(self) -> None:
        """Update every plot item from ``self.session.snapshot()`` (``setData``, no new items)."""

    def main_control(self) -> Any:
        """The control a benchmark or self-test moves (has ``setValue`` and ``valueChanged``)."""
        return None

    def benchmark_controls(self) -> list[tuple[str, Callable[[], Any]]]:
        """(label, prepare) for every slider ``benchmarks/ui.py`` should time, by default the
        main one; ``prepare()`` sets the lab up for that slider (ticks what it needs, say) and
        returns it."""
        return [("main", self.main_control)] if self.main_control() is not None else []

    def from_defaults(self, control: Callable[[], Any]) -> Callable[[], Any]:
        """A ``benchmark_controls`` entry: every setting back to its default, then ``control()``."""

        def prepare() -> Any:
            self.session.replace_config(type(self.session.config)())
            self.flush()
            return control()

        return prepare

    def build_controls(self) -> QWidget:
        return QWidget()

    def build_plots(self) -> QWidget:
        return QWidget()

    def reset(self) -> None:
        """Return every control of the lab to its default (undoable)."""
        if self.session is not None:
            self.session.replace_config(type(self.session.config)())

    def set_playing(self, playing: bool) -> None:
        """Start or pause training (labs with ``trains = True``)."""

    def is_playing(self) -> bool:
        return False

    def step_once(self) -> None:
        """Advance training by one step (labs with ``trains = True``)."""

    def busy(self) -> bool:
        """True while the lab computes something in the background for its plots (a
        screenshot waits for it)."""
        return False

    def training_steps(self) -> int:
        """Optimizer steps taken since the last reset (benchmarks read steps per second)."""
        return 0

    def apply_scale(self) -> None:
        """Re-apply text and line sizes after View → Text and line size changed."""

    def scale_controls(self, factor: float) -> None:
        """The controls' text at ``factor`` of its normal size, and their pane as wide as they
        need (the plots give up the width; a slider's label is never cut off)."""
        font = self.controls.font()
        font.setPointSizeF(self._controls_pt * factor)
        self.controls.setFont(font)
        needed = self.controls.sizeHint().width() + self.controls_area.verticalScrollBar(
        ).sizeHint().width()  # fmt: skip
        self.controls_area.setMinimumWidth(max(260, needed))
        sizes = self.splitter.sizes()
        if sizes[0] < needed and sum(sizes) > 0:
            self.splitter.setSizes([needed, max(0, sum(sizes) - needed)])

    def live_status(self) -> str:
        """The lab's status line for its current state (what :meth:`redraw` shows)."""
        return ""

    def export_target(self) -> QWidget:
        """The widget that File → Export writes: the plots, or, where they scroll (a small
        window at a large View scale), the whole scrolled plots, not the part in view."""
        scrolls = [s for s in (self.plots, *self.plots.findChildren(PlotsScroll))
                   if isinstance(s, PlotsScroll) and s.isVisible()]  # fmt: skip
        if len(scrolls) == 1:
            return scrolls[0].widget()
        return self.plots

    # --- the status line -----------------------------------------------------------------------
    def status_text(self) -> str:
        """What the status line says now: a one-off message, else the live status."""
        return self._message or self.live_status()

    def show_status(self, live: str) -> None:
        """Show the live status (a lab calls this at the end of :meth:`redraw`); a one-off
        message stays in front of it. ``status_changed`` only fires when the text changes."""
        self._emit_status(self._message or live)

    def show_message(self, message: str) -> None:
        """A one-off note in the status line (why Play was refused, say), shown until the
        next change of the settings or until training starts."""
        self._message = message
        self._emit_status(message or self.status_text())
        self.request_redraw()

    def _emit_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def _drop_message(self, _config=None) -> None:
        """A change of the settings: the redraw it asks for shows the live status again."""
        self._message = ""
        self.request_redraw()

    def _drop_message_on_play(self, playing: bool) -> None:
        if playing and self._message:
            self._drop_message()

    # --- shared behaviour ----------------------------------------------------------------------
    def request_redraw(self) -> None:
        """Redraw within a frame; a hidden page only remembers to, and draws when it is shown
        (or flushed): a lab training or finishing background work in another tab takes no
        time from the lab on screen."""
        if self.isVisible():
            self.scheduler.request()
        else:
            self._stale = True

    def resizeEvent(self, event) -> None:
        self.notes.set_max_text_height(int(NOTES_SHARE * event.size().height()))
        super().resizeEvent(event)

    def showEvent(self, event) -> None:
        if self._stale:  # before the first paint: the page never shows outdated plots
            self.flush()
        super().showEvent(event)

    def flush(self) -> None:
        """Run a pending redraw now and show the notes it wrote (tests, screenshots, exports)."""
        if self._stale:
            self._stale = False
            self.scheduler.request()
        self.scheduler.flush()
        self.notes.flush()

    def undo(self) -> bool:
        return self.session.undo() if self.session is not None else False

    def redo(self) -> bool:
        return self.session.redo() if self.session is not None else False

    def session_parts(self) -> dict[str, Any]:
        """The sub-configs a session file holds beside ``config`` (a lab with a second
        session, such as the approximation lab's XOR tab, names them here)."""
        return {}

    def session_document(self) -> dict[str, Any]:
        """What a session file of this lab holds now (a deck's scene keeps it too)."""
        if self.session is None:
            raise ValueError(f"the {self.title} lab has nothing to save")
        return session_document(self.key, self.session.config, self.session_parts())

    def save_to(self, path: str | Path) -> Path:
        if self.session is None:
            raise ValueError(f"the {self.title} lab has nothing to save")
        return save_session(path, self.key, self.session.config, self.session_parts())

    def document_applier(self, document: dict[str, Any]) -> Callable[[], None]:
        """Check a session document (see :func:`~explorer.state.serialize.check_document`)
        and return what puts it on screen; ``SessionFileError`` says why it is refused, and
        nothing has changed then. A lab with parts overrides this to check them all first."""
        if self.session is None:
            raise SessionFileError(f"the {self.title} lab has no settings to load yet")
        config = config_from_dict(type(self.session.config), document["config"])
        return lambda: self.session.replace_config(config)

    def load_from(self, path: str | Path) -> None:
        """Replace the config with a session file's; ``SessionFileError`` leaves it as it was."""
        if self.session is None:
            raise SessionFileError(f"the {self.title} lab has no settings to load yet")
        self.document_applier(load_document(path, self.key))()

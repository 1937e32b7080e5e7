"""What every lab page is: controls on the left, notes and plots in the centre, a status line.

A lab subclasses :class:`LabPage`, fills :meth:`build_controls` and :meth:`build_plots`, and
reports its numbers through :attr:`status_changed`. The main window wires the shared actions
(reset, play/pause, step, export, scale) to the methods below, so a new lab needs no change to
the window: only its module and one line in :mod:`explorer.ui.labs`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from explorer.ui.notes import NotesBox


class LabPage(QWidget):
    """Base class of a lab page.

    Class attributes a lab sets: ``key`` (command-line name), ``title`` (navigator text) and
    ``trains`` (whether play/pause/step apply).
    """

    key: str = ""
    title: str = ""
    trains: bool = False

    status_changed = Signal(str)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"lab-{self.key}")
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # --- to fill in by a lab -----------------------------------------------------------------
    def build_controls(self) -> QWidget:
        return QWidget()

    def build_plots(self) -> QWidget:
        return QWidget()

    def reset(self) -> None:
        """Return every control of the lab to its default."""

    def set_playing(self, playing: bool) -> None:
        """Start or pause training (labs with ``trains = True``)."""

    def is_playing(self) -> bool:
        return False

    def step_once(self) -> None:
        """Advance training by one step (labs with ``trains = True``)."""

    def apply_scale(self) -> None:
        """Re-apply text and line sizes after View → Text and line size changed."""

    def status_text(self) -> str:
        return ""

    def export_target(self) -> QWidget:
        """The widget that File → Export writes (the plots by default)."""
        return self.plots

"""Lecture → Record: the last sweep or some seconds of training, to GIF, WebP or MP4.

A recording renders every frame offscreen (see :mod:`explorer.ui.recording.recorder`); a
progress dialog shows how far it is and cancelling leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMenu, QProgressDialog

from explorer.state.sweep import Sweep
from explorer.ui.recording.recorder import Recorder
from explorer.ui.recording.writers import mp4_available

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


class Cancelled(Exception):
    """The lecturer cancelled a recording."""


class RecordMenu(QMenu):
    """Record the last sweep played, or training; remembers the last sweep itself."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("&Record", window)
        self.window = window
        self.last_sweep: Sweep | None = None
        self.sweep_action = self.addAction("Record the last &sweep…", self._on_record_sweep)
        self.sweep_action.setStatusTip("Play the last sweep again into a GIF, WebP or MP4 file")
        self.sweep_action.setEnabled(False)
        self.train_action = self.addAction("Record &training…", self._on_record_training)
        self.train_action.setStatusTip("Train the lab on screen into a GIF, WebP or MP4 file")
        self.aboutToShow.connect(self._sync)

    def remember(self, sweep: Sweep) -> None:
        self.last_sweep = sweep

    def _sync(self) -> None:
        page = self.window.current_page
        self.sweep_action.setEnabled(self.last_sweep is not None)
        self.train_action.setEnabled(page.trains)

    def _ask_path(self, name: str) -> str:
        kinds = "GIF (*.gif);;WebP (*.webp)" + (";;MP4 video (*.mp4)" if mp4_available() else "")
        start = Path(self.window.settings.get("export/last_dir") or Path.home()) / name
        path, chosen = QFileDialog.getSaveFileName(self.window, "Record to", str(start), kinds)
        if path and not Path(path).suffix:
            path += chosen[chosen.index("*") + 1 : chosen.index(")")]
        return path

    def _on_record_sweep(self) -> None:
        sweep = self.last_sweep
        if sweep is None or self.window.lecture.find_slider(sweep.field) is None:
            self.window.statusBar().showMessage("The lab on screen has no slider for the sweep")
            return
        path = self._ask_path(f"{self.window.current_page.key}-{sweep.field}.gif")
        if path:
            self._run(lambda r: r.record_sweep(path, sweep))

    def _on_record_training(self) -> None:
        seconds, ok = QInputDialog.getDouble(self.window, "Record training", "Seconds:",
                                             10.0, 0.5, 600.0, 1)  # fmt: skip
        path = self._ask_path(f"{self.window.current_page.key}-training.gif") if ok else ""
        if path:
            self._run(lambda r: r.record_training(path, seconds))

    def _run(self, record) -> None:
        dialog = QProgressDialog("Recording…", "Cancel", 0, 100, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise Cancelled

        try:
            written = record(Recorder(self.window, progress))
        except Cancelled:
            self.window.statusBar().showMessage("Recording cancelled: no file written", 5000)
            return
        except (ValueError, OSError) as error:
            self.window.statusBar().showMessage(f"Recording failed: {error}", 8000)
            return
        finally:
            dialog.close()
        self.window.statusBar().showMessage(f"Recorded {written}", 8000)

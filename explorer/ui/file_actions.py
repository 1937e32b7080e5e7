"""The window's file actions: sessions and decks in and out, plots out as PNG, SVG or CSV.

A mixin of :class:`~explorer.ui.main_window.MainWindow` (it uses the window's
``current_page``, ``pages``, ``settings``, ``lecture``, ``select_lab`` and status bar). A
broken file or a failed write is reported in a dialog, never raised, and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from explorer.state.deck import is_deck
from explorer.state.serialize import SessionFileError, peek_lab
from explorer.ui.data_export import export_plot_data
from explorer.ui.export import FORMATS, export_widget
from explorer.ui.labs import lab_keys


class FileActions:
    """File → Open, Save, Export (PNG, SVG, plot data as CSV), and opening dropped files."""

    def _on_save(self) -> None:
        start = Path(self.settings.get("export/last_dir") or Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save session",
            str(start / f"{self.current_page.key}.json"),
            "explorer session (*.json)",
        )
        if path:
            self.save_session_file(path if path.endswith(".json") else path + ".json")

    def save_session_file(self, path: str | Path) -> Path | None:
        try:
            written = self.current_page.save_to(path)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, "Save failed", f"Could not save to {path}:\n{error}")
            return None
        self.statusBar().showMessage(f"Saved {written}", 5000)
        return written

    def _on_open(self) -> None:
        start = Path(self.settings.get("export/last_dir") or Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Open session", str(start), "explorer session (*.json)"
        )
        if path:
            self.load_session_file(path)

    def open_file(self, path: str | Path) -> bool:
        """Open a deck (a file with scenes) or else a session file; False if it was refused."""
        if is_deck(path):
            return self.lecture.open_deck(path)
        return self.load_session_file(path)

    def load_session_file(self, path: str | Path) -> bool:
        """Load a session (or preset) into its lab; a broken file changes nothing, and the
        lab it names is shown only once it has loaded there."""
        lab = peek_lab(path)
        page = self.page(lab_keys().index(lab)) if lab in lab_keys() else self.current_page
        try:
            page.load_from(path)
        except (SessionFileError, ValueError) as error:
            QMessageBox.warning(
                self, "Cannot open session", f"{Path(path).name} was not loaded:\n{error}"
            )
            return False
        if page is not self.current_page:
            self.select_lab(page.key)
        self.statusBar().showMessage(f"Loaded {Path(path).name}", 5000)
        return True

    def _on_export(self, suffix: str) -> None:
        start = Path(self.settings.get("export/last_dir") or Path.home())
        name = str(start / f"{self.current_page.key}{suffix}")
        path, _ = QFileDialog.getSaveFileName(
            self, f"Export as {FORMATS[suffix]}", name, f"{FORMATS[suffix]} (*{suffix})"
        )
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        self.export_to(path)

    def export_to(self, path: str | Path) -> Path | None:
        """Export the current lab's plots; a failure is reported, never raised."""
        # a page shown a moment ago may still have layouts posted (a scroll area sizes its
        # plots on an event): the file shows them laid out, as the screen will
        QApplication.sendPostedEvents()
        try:
            written = export_widget(self.current_page.export_target(), path)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, "Export failed", f"Could not export to {path}:\n{error}")
            return None
        self.settings.set("export/last_dir", str(written.parent))
        self.statusBar().showMessage(f"Exported {written}", 5000)
        return written

    def _on_export_data(self) -> None:
        start = self.settings.get("export/last_dir") or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Export plot data into folder", start)
        if folder:
            self.export_data_to(folder)

    def export_data_to(self, folder: str | Path) -> list[Path]:
        """A CSV file per plot of the current lab into ``folder``; a failure is reported."""
        page = self.current_page
        try:
            written = export_plot_data(page.export_target(), folder, page.key)
        except OSError as error:
            QMessageBox.warning(self, "Export failed", f"Could not export to {folder}:\n{error}")
            return []
        self.settings.set("export/last_dir", str(folder))
        self.statusBar().showMessage(f"Exported {len(written)} CSV files to {folder}", 5000)
        return written

"""The Lecture menu and keys: open a deck, move through its scenes, present, blank the screen.

PageDown / PageUp (what presentation clickers send), Home and End move through the deck and
are live only while a deck is open, so without one they stay the sliders' page keys. F5
presents, Esc leaves; B or . blanks the screen. Space and → keep their meaning in a scene.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMenu, QMessageBox

from explorer.state.deck import DeckFileError, default_deck_path
from explorer.state.sweep import Sweep
from explorer.ui.controls import ValueSlider
from explorer.ui.lecture.blank import BlankScreen
from explorer.ui.lecture.deck_panel import DeckPanel
from explorer.ui.lecture.deck_player import DeckPlayer
from explorer.ui.lecture.presentation import Presentation
from explorer.ui.lecture.presenter import PresenterWindow
from explorer.ui.lecture.record_menu import RecordMenu
from explorer.ui.lecture.sweep_dialog import SweepDialog
from explorer.ui.lecture.sweeper import Sweeper
from explorer.ui.recording.recorder import find_slider

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow


class Lecture(QObject):
    """Everything the window needs to run a lecture from a deck."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.player = DeckPlayer(window)
        self.presentation = Presentation(window)
        self.blank = BlankScreen(window)
        self.presenter = PresenterWindow(window)
        self.panel = DeckPanel(self.player, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.sweeper = Sweeper(self)
        self.sweeper.started.connect(self._on_sweep_started)
        self.sweeper.stopped.connect(self._on_sweep_stopped)
        self.counter = QLabel(objectName="scene-counter")
        window.statusBar().addPermanentWidget(self.counter)
        self.counter.hide()
        self._make_actions()
        self.player.scene_changed.connect(self._on_scene_changed)
        self.player.deck_changed.connect(self._on_deck_changed)
        self._on_deck_changed()

    def _make_actions(self) -> None:
        act = self.window.make_action
        self.open_action = act("Open &deck…", "Ctrl+Shift+O", self._on_open,
                               "Open a lecture deck: a list of live scenes")  # fmt: skip
        self.course_action = act("Open the &course deck", None, self.open_course,
                                 "The deck that walks the labs in course order")  # fmt: skip
        self.save_action = act("Sa&ve deck…", "Ctrl+Shift+S", self._on_save,
                               "Save the deck, with its scenes' notes, to a file")  # fmt: skip
        self.add_action = act("&Add current view as scene", "Ctrl+Shift+A", self._on_add,
                              "The lab on screen, as it is now, as the next scene")  # fmt: skip
        self.panel_action = self.panel.toggleViewAction()
        self.panel_action.setText("Deck &panel")
        self.present_action = act("&Present", "F5", self.toggle_presenting,
                                  "Full screen, no menus, text at the projector scale")  # fmt: skip
        self.leave_action = act("&Leave presentation", "Esc", self.leave,
                                "Back to the desk view")  # fmt: skip
        self.next_action = act("&Next scene", "PgDown", self.player.next, "The next scene")
        self.previous_action = act("P&revious scene", "PgUp", self.player.previous,
                                   "The previous scene")  # fmt: skip
        self.first_action = act("&First scene", "Home", self.player.first, "The first scene")
        self.last_action = act("La&st scene", "End", self.player.last, "The last scene")
        self.blank_action = act("&Blank screen", "B", self.toggle_blank,
                                "Black out the screen; B or . again brings it back")  # fmt: skip
        self.blank_action.setShortcuts([QKeySequence("B"), QKeySequence(".")])
        self.leave_action.setEnabled(False)

        menu = QMenu("L&ecture", self.window)
        menu.addActions([self.open_action, self.course_action, self.save_action])
        menu.addSeparator()
        menu.addActions([self.add_action, self.panel_action])
        menu.addSeparator()
        self.record_menu = RecordMenu(self.window)
        menu.addMenu(self.record_menu)
        menu.addSeparator()
        menu.addActions([self.present_action, self.leave_action, self.next_action,
                         self.previous_action, self.first_action, self.last_action,
                         self.blank_action])  # fmt: skip
        self.menu = menu
        self.window.menuBar().insertMenu(self.window.help_menu.menuAction(), menu)

    @property
    def navigation_actions(self) -> list[QAction]:
        return [self.next_action, self.previous_action, self.first_action, self.last_action]

    # --- decks ---------------------------------------------------------------------------------
    def open_deck(self, path: str | Path) -> bool:
        """Open a deck and show its first scene; a broken deck is refused with its reason and
        changes nothing."""
        try:
            deck = self.player.open(path)
        except DeckFileError as error:
            QMessageBox.warning(self.window, "Cannot open deck",
                                f"{Path(path).name} was not opened:\n{error}")  # fmt: skip
            return False
        self.window.settings.set("lecture/last_deck", str(path))
        self.window.statusBar().showMessage(
            f"Opened the deck “{deck.title}”: {len(deck.scenes)} scenes (PageDown for the next)",
            5000,
        )
        return True

    def open_course(self) -> bool:
        return self.open_deck(default_deck_path())

    def _on_open(self) -> None:
        start = self.window.settings.get("lecture/last_deck") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Open deck", start,
                                              "explorer deck (*.json)")  # fmt: skip
        if path:
            self.open_deck(path)

    def _on_save(self) -> None:
        if self.player.deck is None:
            self.window.statusBar().showMessage("No deck yet: add the current view first", 4000)
            return
        start = str(self.player.path or Path.home() / "lecture.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save deck", start,
                                              "explorer deck (*.json)")  # fmt: skip
        if path:
            self.save_deck(path if path.endswith(".json") else path + ".json")

    def save_deck(self, path: str | Path) -> Path | None:
        try:
            written = self.player.save(path)
        except (OSError, ValueError) as error:
            QMessageBox.warning(self.window, "Save failed", f"Could not save to {path}:\n{error}")
            return None
        self.window.statusBar().showMessage(f"Saved the deck to {written}", 5000)
        return written

    def _on_add(self) -> None:
        page = self.window.current_page
        if page.session is None:
            self.window.statusBar().showMessage(f"The {page.title} lab has no settings yet", 4000)
            return
        title, ok = QInputDialog.getText(self.window, "Add scene", "Scene title:",
                                         text=f"{page.title}")  # fmt: skip
        if ok:
            self.player.add_current_view(title.strip())
            self.panel.focus_scenes()  # so that Ctrl+Z, next, takes the new scene out again

    # --- presenting ----------------------------------------------------------------------------
    def toggle_presenting(self) -> None:
        if self.presentation.active:
            self.leave()
        else:
            self.present()

    def present(self) -> None:
        scene = self.player.scene
        self.presentation.enter(scene.hidden if scene else ())
        self._sync_leave()
        screens = QGuiApplication.screens()
        if len(screens) > 1 and self.player.deck is not None:
            hall = self.window.screen()
            other = next(s for s in screens if s is not hall)
            self.presenter.setGeometry(other.availableGeometry())
            self.presenter.show()
            self.presenter.start()
        self._on_scene_changed(self.player.index)

    def leave(self) -> None:
        if self.blank.isVisible():
            self.blank.toggle()  # Esc on a blank screen only brings the picture back
        else:
            self.presentation.leave()
            self.presenter.stop()
        self._sync_leave()

    def toggle_blank(self) -> None:
        if self.blank.toggle():
            self.window.current_page.set_playing(False)
        self._sync_leave()

    def _sync_leave(self) -> None:
        # Esc is the window's only while there is something to leave: dialogs and line edits
        # keep it otherwise
        self.leave_action.setEnabled(self.presentation.active or self.blank.isVisible())

    # --- sweeps ---------------------------------------------------------------------------------
    def sweep_slider(self, slider: ValueSlider) -> None:
        """Ask how, then sweep ``slider`` (its context menu's *Sweep…*)."""
        dialog = SweepDialog(slider, self.window)
        if dialog.exec() == SweepDialog.DialogCode.Accepted:
            self.start_sweep(slider, dialog.sweep())

    def start_sweep(self, slider: ValueSlider, sweep: Sweep) -> bool:
        try:
            self.sweeper.start(slider, sweep)
        except ValueError as error:
            self.window.statusBar().showMessage(f"Cannot sweep: {error}", 5000)
            return False
        self.record_menu.remember(sweep)
        return True

    def find_slider(self, field: str) -> ValueSlider | None:
        """The slider of the lab on screen bound to ``field`` (a deck's or --sweep's name)."""
        return find_slider(self.window.current_page, field)

    def _on_sweep_started(self, field: str) -> None:
        self.window.statusBar().showMessage(f"Sweeping {field}: touch any control to stop", 3000)

    def _on_sweep_stopped(self, field: str) -> None:
        self.window.statusBar().showMessage(f"Sweep of {field} stopped", 2000)

    # --- following the deck --------------------------------------------------------------------
    def _on_deck_changed(self) -> None:
        has_deck = self.player.deck is not None
        for action in self.navigation_actions:
            action.setEnabled(has_deck)
        self.save_action.setEnabled(has_deck)
        self.counter.setVisible(has_deck)

    def _on_scene_changed(self, index: int) -> None:
        deck, scene = self.player.deck, self.player.scene
        if deck is None or scene is None:
            self.counter.setText("")
            return
        total = len(deck.scenes)
        self.counter.setText(f"Scene {index + 1} / {total} · {scene.title}")
        self.presentation.show_controls(scene.hidden)
        self.sweeper.stop()  # a sweep belongs to its scene
        if scene.sweep is not None:
            slider = self.find_slider(scene.sweep.field)
            if slider is None:
                self.window.statusBar().showMessage(
                    f"This scene sweeps {scene.sweep.field!r}, which the lab has no slider for",
                    5000,
                )
            else:
                self.start_sweep(slider, scene.sweep)
        following = deck.scenes[index + 1] if index + 1 < total else None
        self.presenter.show_scene(index + 1, total, scene, following)

"""The explorer window: lesson navigator, one page per lab, menus, toolbar and status line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from explorer import __version__
from explorer.resources import resource_path
from explorer.settings import Settings
from explorer.state.presets import list_presets
from explorer.ui import theme
from explorer.ui.buttons import show_play_state
from explorer.ui.file_actions import FileActions
from explorer.ui.file_drop import FileDrop
from explorer.ui.focus_keys import FocusKeys, focus_buttons_by_keyboard_only
from explorer.ui.labs import LABS, lab_keys
from explorer.ui.labs.base import LabPage
from explorer.ui.lecture import Lecture

SCALES = (100, 125, 150, 175, 200, 250)


class MainWindow(QMainWindow, FileActions):
    """Holds the lab pages and the actions they share.

    A lab's page is built when the lab is first shown: until then the stack holds an empty
    placeholder in its place (start-up builds one lab, not six). ``lab`` opens that lab
    instead of the one last used.
    """

    def __init__(self, settings: Settings | None = None, lab: str | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.setWindowTitle("explorer — how neural networks work")
        self.setWindowIcon(QIcon(str(resource_path("icons", "explorer.svg"))))

        self.navigator = QListWidget()
        self.navigator.setObjectName("navigator")
        self.navigator.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self._pages: list[LabPage | None] = [None] * len(LABS)  # None: not built yet
        for number, entry in enumerate(LABS, start=1):
            self.stack.addWidget(QWidget())  # the placeholder, replaced on first selection
            self.navigator.addItem(f"{number}. {entry.title}")
        self.navigator.currentRowChanged.connect(self._on_lab_selected)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 1200])
        self.setCentralWidget(splitter)

        self._make_actions()
        self._make_menus_and_toolbar()
        self.lecture = Lecture(self)  # the Lecture menu, decks, the presentation view
        self._file_drop = FileDrop(self, self.open_file)
        # Space and → stay Play and Step unless a focused control acts on them itself
        self._focus_keys = FocusKeys(self, passing=(self.navigator,))
        focus_buttons_by_keyboard_only(self)
        self.statusBar().setSizeGripEnabled(True)
        self._base_status_pt = self.statusBar().font().pointSizeF()
        self.statusBar().messageChanged.connect(self._on_status_message_changed)
        self._restore_settings(lab)

    # --- construction ------------------------------------------------------------------------
    def make_action(
        self,
        text: str,
        shortcut: str | QKeySequence | None,
        slot,
        tip: str,
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip} ({action.shortcut().toString()})" if shortcut else tip)
        action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.reset_action = self.make_action(
            "&Reset lab",
            "R",
            self._on_reset,
            "Return every control of this lab to its default",
            sp.SP_BrowserReload,
        )
        self.play_action = self.make_action(
            "&Play", "Space", self._on_play_pause, "Start or pause training", sp.SP_MediaPlay
        )
        self.step_action = self.make_action(
            "&Step", "Right", self._on_step, "Advance training by one step", sp.SP_MediaSkipForward
        )
        self.export_png_action = self.make_action(
            "Export plots as &PNG…",
            "Ctrl+E",
            lambda: self._on_export(".png"),
            "Save the current plots as a PNG image",
            sp.SP_DialogSaveButton,
        )
        self.export_svg_action = self.make_action(
            "Export plots as &SVG…",
            "Ctrl+Shift+E",
            lambda: self._on_export(".svg"),
            "Save the current plots as an SVG vector image",
            sp.SP_DialogSaveButton,
        )
        self.export_data_action = self.make_action(
            "Export plot &data as CSV…",
            "Ctrl+Alt+E",
            self._on_export_data,
            "Save the numbers behind every plot, one CSV file per plot, into a folder",
        )
        self.save_action = self.make_action(
            "&Save session…",
            QKeySequence.StandardKey.Save,
            self._on_save,
            "Save this lab's settings to a file you can reload later",
        )
        self.open_action = self.make_action(
            "&Open session…",
            QKeySequence.StandardKey.Open,
            self._on_open,
            "Load a saved session file into its lab",
        )
        self.undo_action = self.make_action(
            "&Undo", QKeySequence.StandardKey.Undo, self._on_undo, "Undo the last change"
        )
        self.redo_action = self.make_action(
            "&Redo", QKeySequence.StandardKey.Redo, self._on_redo, "Redo the undone change"
        )
        self.quit_action = self.make_action(
            "&Quit", QKeySequence.StandardKey.Quit, self.close, "Close explorer"
        )
        self.about_action = self.make_action(
            "&About explorer",
            "F1",
            self._on_about,
            "Version, credits and the keyboard shortcuts",
            sp.SP_MessageBoxInformation,
        )
        self.lab_actions = [
            self.make_action(
                f"&{i}. {lab.title}",
                f"Ctrl+{i}",
                lambda _=False, row=i - 1: self.navigator.setCurrentRow(row),
                f"Go to the {lab.title} lab",
            )
            for i, lab in enumerate(LABS, start=1)
        ]
        self.scale_group = QActionGroup(self)
        self.scale_actions: dict[int, QAction] = {}
        for percent in SCALES:
            action = QAction(f"{percent} %", self, checkable=True)
            action.setStatusTip("Scale plot text and line widths for a large room")
            action.triggered.connect(lambda _=False, p=percent: self.set_scale(p))
            self.scale_group.addAction(action)
            self.scale_actions[percent] = action
        self.bigger_action = self.make_action(
            "&Larger text and lines", "Ctrl+=", lambda: self._step_scale(+1), "One size up"
        )
        self.smaller_action = self.make_action(
            "S&maller text and lines", "Ctrl+-", lambda: self._step_scale(-1), "One size down"
        )
        # Ctrl++ (where + needs Shift) and the platform's zoom keys do the same
        self.bigger_action.setShortcuts(_keys("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn))
        self.smaller_action.setShortcuts(_keys("Ctrl+-", QKeySequence.StandardKey.ZoomOut))

    def _make_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.open_action, self.save_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_png_action, self.export_svg_action,
                              self.export_data_action])  # fmt: skip
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        lab_menu = menu.addMenu("&Lab")
        lab_menu.addActions([self.reset_action, self.play_action, self.step_action])
        self.presets_menu = lab_menu.addMenu("&Presets")
        self.presets_menu.setToolTipsVisible(True)
        lab_menu.addSeparator()
        lab_menu.addActions(self.lab_actions)
        view_menu = menu.addMenu("&View")
        size_menu = view_menu.addMenu("Text and line &size")
        size_menu.addActions(list(self.scale_actions.values()))
        view_menu.addActions([self.bigger_action, self.smaller_action])
        self.help_menu = menu.addMenu("&Help")
        self.help_menu.addAction(self.about_action)

        toolbar = QToolBar("Lab", self)
        toolbar.setObjectName("lab-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.reset_action, self.play_action, self.step_action])
        self.presets_button_action = toolbar.addAction("Presets")
        self.presets_button_action.setMenu(self.presets_menu)
        self.presets_button_action.setToolTip("Recall a prepared teaching moment")
        toolbar.widgetForAction(self.presets_button_action).setPopupMode(
            toolbar.widgetForAction(self.presets_button_action).ToolButtonPopupMode.InstantPopup
        )
        toolbar.addSeparator()
        toolbar.addActions([self.export_png_action, self.export_svg_action])
        toolbar.addSeparator()
        toolbar.addAction(self.about_action)
        self.addToolBar(toolbar)

    # --- pages ---------------------------------------------------------------------------------
    @property
    def current_page(self) -> LabPage:
        page = self._pages[self.stack.currentIndex()]
        assert page is not None, "the shown lab is always built"
        return page

    @property
    def pages(self) -> list[LabPage]:
        """Every lab's page in course order, building those not built yet (the self-test and
        the benchmarks walk them all)."""
        return [self.page(row) for row in range(len(LABS))]

    def built_pages(self) -> list[LabPage]:
        """The pages built so far (shown at least once, or asked for by :meth:`page`)."""
        return [page for page in self._pages if page is not None]

    def page(self, row: int) -> LabPage:
        """The page of the lab in ``row``, built (once) on first use."""
        page = self._pages[row]
        if page is None:
            page = self._pages[row] = LABS[row].load()()
            # bound to their page, since sender() did not tell: a hidden lab's redraw put its
            # status line over the shown lab's
            page.status_changed.connect(
                lambda text, p=page: self._from_page(p, self._show_status, text)
            )
            page.playing_changed.connect(
                lambda playing, p=page: self._from_page(p, self._on_playing_changed, playing)
            )
            focus_buttons_by_keyboard_only(page)
            self.scale_page(page)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return page

    # --- state ---------------------------------------------------------------------------------
    def select_lab(self, key: str) -> None:
        self.navigator.setCurrentRow(lab_keys().index(key))

    def set_scale(self, percent: int) -> None:
        percent = min(SCALES, key=lambda s: abs(s - percent))
        theme.Scale.set_percent(percent)
        self.scale_actions[percent].setChecked(True)
        # while presenting, the size chosen is the projector's, kept for the next lecture
        presenting = self.lecture.presentation.active
        self.settings.set("lecture/scale" if presenting else "view/scale", percent)
        status_font = self.statusBar().font()
        status_font.setPointSizeF(self._base_status_pt * theme.Scale.factor)
        self.statusBar().setFont(status_font)
        for page in self.built_pages():  # a lab built later takes the scale as it is built
            self.scale_page(page)

    @staticmethod
    def scale_page(page: LabPage) -> None:
        # the notes and controls grow at half the rate: at 200 % full-size text would crowd
        # the plots out
        half = 1 + (theme.Scale.factor - 1) / 2
        page.notes.apply_scale(half)
        page.scale_controls(half)
        page.apply_scale()

    def _step_scale(self, direction: int) -> None:
        current = round(theme.Scale.factor * 100)
        index = min(range(len(SCALES)), key=lambda i: abs(SCALES[i] - current))
        self.set_scale(SCALES[max(0, min(len(SCALES) - 1, index + direction))])

    def _restore_settings(self, lab: str | None) -> None:
        geometry = self.settings.get("window/geometry")
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
        self.set_scale(self.settings.get("view/scale"))
        first = lab or self.settings.get("lab/last")
        self.select_lab(first if first in lab_keys() else lab_keys()[0])

    def closeEvent(self, event) -> None:
        for page in self.built_pages():
            page.set_playing(False)
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("lab/last", self.current_page.key)
        self.settings.sync()
        super().closeEvent(event)

    # --- handlers ------------------------------------------------------------------------------
    def _on_lab_selected(self, row: int) -> None:
        if row < 0:
            return
        for page in self.built_pages():
            page.set_playing(False)  # a hidden lab never trains in the background
        page = self.page(row)
        self.stack.setCurrentIndex(row)
        for action in (self.play_action, self.step_action):
            action.setEnabled(page.trains)
        self._on_playing_changed(page.is_playing())
        self._fill_presets_menu(page)
        has_state = page.session is not None  # a "coming" page has neither state nor plots
        stateful = (self.save_action, self.open_action, self.undo_action, self.redo_action,
                    self.reset_action, self.export_png_action, self.export_svg_action,
                    self.export_data_action)  # fmt: skip
        for action in stateful:
            action.setEnabled(has_state)
        self._show_status(page.status_text())
        self.settings.set("lab/last", page.key)

    def _from_page(self, page: LabPage, show, value) -> None:
        if page is self.current_page:
            show(value)

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text)

    def _on_status_message_changed(self, text: str) -> None:
        # A timed message ("Saved …") clears the bar when it expires; the page sends its status
        # only when it changes, so without this the bar stayed blank
        if not text:
            status = self.current_page.status_text()
            if status:
                self._show_status(status)

    def _on_playing_changed(self, playing: bool) -> None:
        show_play_state(self.play_action, playing, play="&Play", pause="&Pause")

    def _on_reset(self) -> None:
        self.current_page.reset()

    def _on_play_pause(self) -> None:
        page = self.current_page
        if page.trains:
            page.set_playing(not page.is_playing())

    def _on_step(self) -> None:
        page = self.current_page
        if page.trains:
            page.set_playing(False)
            page.step_once()

    def _fill_presets_menu(self, page: LabPage) -> None:
        self.presets_menu.clear()
        presets = list_presets(page.key) if page.session is not None else []
        for preset in presets:
            action = self.presets_menu.addAction(preset.title)
            action.setToolTip(preset.description)
            action.setStatusTip(preset.description)
            action.triggered.connect(lambda _=False, p=preset.path: self.load_session_file(p))
        self.presets_menu.setEnabled(bool(presets))
        self.presets_button_action.setEnabled(bool(presets))

    def _on_undo(self) -> None:
        if not self.current_page.undo():
            self.statusBar().showMessage("Nothing to undo", 2000)

    def _on_redo(self) -> None:
        if not self.current_page.redo():
            self.statusBar().showMessage("Nothing to redo", 2000)

    def sweep_slider(self, slider) -> None:
        """A slider's context menu offers *Sweep…* in this window (see ui/lecture/sweeper.py)."""
        self.lecture.sweep_slider(slider)

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            "About explorer",
            f"<h3>explorer {__version__}</h3><p>Show, live, how neural networks "
            "work: universal approximation, activations, depth and gradients.</p>"
            f"<p><b>Keys</b></p>{self.shortcuts_html()}"
            "<p>Built with PySide6, pyqtgraph and NumPy.</p>",
        )

    def shortcuts_html(self) -> str:
        """A table of the window's actions and their keys (shown in About)."""
        actions = [self.play_action, self.step_action, self.reset_action, self.undo_action,
                   self.redo_action, self.save_action, self.open_action, self.export_png_action,
                   self.export_svg_action, self.export_data_action, self.bigger_action,
                   self.smaller_action]  # fmt: skip
        rows = [
            (action.text().replace("&", "").rstrip("…"), action.shortcut().toString(
                QKeySequence.SequenceFormat.NativeText))
            for action in actions
        ]  # fmt: skip
        rows.append(("Switch lab", f"Ctrl+1 … Ctrl+{len(self.lab_actions)}"))
        rows += [("Present / leave", "F5 / Esc"), ("Next / previous scene", "PgDown / PgUp"),
                 ("First / last scene", "Home / End"), ("Blank the screen", "B or .")]  # fmt: skip
        cells = "".join(f"<tr><td>{text}</td><td>&nbsp;&nbsp;{key}</td></tr>" for text, key in rows)
        return f"<table>{cells}</table>"


def _keys(*keys: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key sequences for ``keys`` (a standard key may stand for several), each once."""
    found: list[QKeySequence] = []
    for key in keys:
        for sequence in (
            QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else
            [QKeySequence(key)]
        ):  # fmt: skip
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found

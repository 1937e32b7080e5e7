"""The presentation view: full screen, no menus or toolbar, the scene's controls only, text at
the projector scale.

Entering remembers what it changes (window state, menu bar, toolbars, navigator, scale) and
leaving puts back exactly that. The projector scale is chosen once: whatever scale the
lecturer sets while presenting is the next presentation's scale (``lecture/scale``), and the
desk scale (``view/scale``) is untouched by a lecture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from explorer.ui import theme
from explorer.ui.control_group import ControlGroup

if TYPE_CHECKING:
    from explorer.ui.labs.base import LabPage
    from explorer.ui.main_window import MainWindow

#: a scene's ``hidden`` entry that hides the whole control panel
ALL_CONTROLS = "*"


class Presentation:
    """Enter and leave the presentation view of ``window``."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.active = False
        self._saved: dict = {}
        self._hidden: list = []  # the widgets this view hid, shown again on leaving

    def enter(self, hidden: tuple[str, ...] = ()) -> None:
        if self.active:
            self.show_controls(hidden)
            return
        window = self.window
        self._saved = {
            "state": window.windowState(),
            "scale": round(theme.Scale.factor * 100),
            "bars": [bar for bar in window.findChildren(QToolBar) if bar.isVisible()],
            "menu": window.menuBar().isVisible(),
            "navigator": window.navigator.isVisible(),
        }
        self.active = True  # from here the window keeps scale changes as the projector scale
        for bar in self._saved["bars"]:
            bar.hide()
        window.menuBar().hide()
        window.navigator.hide()
        window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        window.set_scale(window.settings.get("lecture/scale"))
        self.show_controls(hidden)

    def leave(self) -> None:
        if not self.active:
            return
        window = self.window
        self.active = False
        self.show_controls(())
        for bar in self._saved["bars"]:
            bar.show()
        window.menuBar().setVisible(self._saved["menu"])
        window.navigator.setVisible(self._saved["navigator"])
        window.setWindowState(self._saved["state"])
        window.set_scale(self._saved["scale"])

    def show_controls(self, hidden: tuple[str, ...]) -> None:
        """Show every control group of the lab on screen except those ``hidden`` names (all of
        them for ``"*"``); outside the presentation view nothing is hidden."""
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if not self.active or not hidden:
            return
        page: LabPage = self.window.current_page
        if ALL_CONTROLS in hidden:
            self._hidden = [page.controls_area]
        else:
            names = set(hidden)
            groups = page.controls.findChildren(ControlGroup)
            self._hidden = [g for g in groups if g.title() in names and g.isVisible()]
        for widget in self._hidden:
            widget.hide()

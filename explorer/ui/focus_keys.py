"""Which keys a focused control keeps for itself, and which stay the window's shortcuts.

The window binds bare keys to the lesson: Space plays or pauses, → takes one training step. Qt
gives a window shortcut precedence over the focused control, so without this a focused slider
could not be nudged with → (it took a training step and switched the approximation lab to
Fit), and a button reached with Tab could not be pressed with Space.

Two rules keep both habits:

- a focused control keeps the keys it acts on (→ on a slider, spin box or tab bar; Space on a
  button or a check list), the usual desktop behaviour;
- buttons and check boxes take focus from the keyboard (Tab) only, not from a click, as on
  macOS. A lecturer who clicks *Greedy next* and then presses Space starts training; a
  keyboard user who tabs to the button presses it.

The filter sits on the window, where the ``ShortcutOverride`` event arrives after the focused
control and its parents have let it pass, so it costs nothing on the paint path.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QTabBar,
    QWidget,
)

#: key → the kinds of focused control that act on it themselves
CLAIMS: dict[Qt.Key, tuple[type, ...]] = {
    Qt.Key.Key_Right: (QAbstractSlider, QAbstractSpinBox, QTabBar),
    Qt.Key.Key_Space: (QAbstractButton, QAbstractItemView),
}


def control_claims(widget: QWidget | None, key: int, passing: tuple[QWidget, ...] = ()) -> bool:
    """True if the focused ``widget`` (or the control it is part of) acts on ``key`` itself."""
    kinds = CLAIMS.get(key)  # Qt.Key is an IntEnum: an int key finds its entry
    while kinds and widget is not None and not widget.isWindow():
        if widget in passing:
            return False
        if isinstance(widget, kinds):
            return True
        widget = widget.parentWidget()  # a spin box's inner line edit, say
    return False


class FocusKeys(QObject):
    """Event filter for a window: leave a bare key to the focused control that uses it.

    ``passing`` lists controls that never keep a key (the lesson navigator: a list in which
    Space means nothing, so it stays Play there).
    """

    def __init__(self, window: QWidget, passing: tuple[QWidget, ...] = ()) -> None:
        super().__init__(window)
        self.passing = passing
        window.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return False
        if control_claims(QApplication.focusWidget(), event.key(), self.passing):
            event.accept()  # the key goes to the control, the shortcut does not fire
            return True
        return False


def focus_buttons_by_keyboard_only(root: QWidget) -> None:
    """Buttons and check boxes under ``root`` take focus by Tab, not by a click (see module)."""
    for button in root.findChildren(QAbstractButton):
        if button.focusPolicy() == Qt.FocusPolicy.StrongFocus:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

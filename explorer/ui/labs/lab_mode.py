"""One tab of a lab page that trains and reports on its own, and how the page forwards to it.

A lab whose tabs show different things (the approximation lab: build and fit one network; or
a linear model against a hidden layer on XOR) gives each tab a :class:`LabMode`. The page
keeps a dict of tab → mode and forwards the window's commands (Space, →, R, undo) and its
status line to the mode of the tab on screen; it has no ``if tab == …`` branches.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import SignalInstance


class LabMode(Protocol):
    """What a page asks of the tab on screen.

    ``status_changed(text)`` after the mode drew itself (the page's
    :meth:`~explorer.ui.labs.base.LabPage.show_status` drops repeats) and
    ``playing_changed(playing)`` when training starts or pauses; the page passes them on
    while the mode is active.
    """

    status_changed: SignalInstance
    playing_changed: SignalInstance

    def redraw(self) -> None:
        """Draw the tab from its state."""

    def status_text(self) -> str:
        """The status line for the tab's current state."""

    def set_playing(self, playing: bool) -> None: ...

    def is_playing(self) -> bool: ...

    def step_once(self) -> None: ...

    def reset(self) -> None:
        """R: what "reset" means on this tab."""

    def training_steps(self) -> int: ...

    def busy(self) -> bool:
        """Something for the tab's plots is still being computed in the background."""

    def main_control(self) -> Any:
        """The slider a benchmark or self-test moves on this tab."""

    def undo(self) -> bool:
        """Undo a change of the tab's own settings; False if it has none to undo (the page
        then undoes its own)."""

    def redo(self) -> bool: ...

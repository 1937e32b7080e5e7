"""The card beside the plots: the selected activation's formula and properties."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from explorer.state.activations.session import ActivationsSnapshot
from explorer.ui import theme
from explorer.ui.labs.activations.palette import ACTIVATION_COLOURS
from explorer.ui.labs.activations.texts import card_html
from explorer.ui.live_text import LiveText


class SelectedCard(LiveText):
    """Rich text: name, formula (Unicode), output range, zero-centred, monotonic, smooth,
    max |f′| and the chain factor at the chosen depth.

    Its numbers follow a drag eight times a second, as the notes do (``LiveText``): a card
    repainted every frame cost ~0.7 ms, and re-measured the window on every change (~2 ms).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setContentsMargins(10, 8, 10, 8)
        label.setObjectName("selected-card")
        label.setStyleSheet("#selected-card { background: white; }")
        label.setToolTip("The selected activation: click a name in the list to change it")
        super().__init__(label, parent)
        self.setMinimumWidth(200)
        self._snapshot: ActivationsSnapshot | None = None

    def text(self) -> str:
        """The text on show (a drag's last numbers may still be held back: see ``flush``)."""
        return self.label.text()

    def show_snapshot(self, snapshot: ActivationsSnapshot) -> None:
        self._snapshot = snapshot
        colour = ACTIVATION_COLOURS[snapshot.selected.index % len(ACTIVATION_COLOURS)]
        # grows at half the View scale: a card of 20 pt text would push the plots off screen
        font_pt = round(theme.BASE_FONT_PT * (1 + (theme.Scale.factor - 1) / 2))
        self.set_html(card_html(snapshot, colour, font_pt))

    def apply_scale(self) -> None:
        if self._snapshot is not None:
            self.show_snapshot(self._snapshot)
            self.flush()

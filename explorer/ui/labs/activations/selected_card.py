"""The card beside the plots: the selected activation's formula and properties."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from explorer.state.activations_lab import ActivationsSnapshot
from explorer.ui import theme
from explorer.ui.labs.activations.style import ACTIVATION_COLOURS
from explorer.ui.labs.activations.texts import card_html


class SelectedCard(QLabel):
    """Rich text: name, formula (Unicode), output range, zero-centred, monotonic, smooth,
    max |f′| and the chain factor at the chosen depth."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setContentsMargins(10, 8, 10, 8)
        self.setObjectName("selected-card")
        self.setStyleSheet("#selected-card { background: white; }")
        self.setToolTip("The selected activation: click a name in the list to change it")
        self.setMinimumWidth(200)
        self._snapshot: ActivationsSnapshot | None = None

    def show_snapshot(self, snapshot: ActivationsSnapshot) -> None:
        self._snapshot = snapshot
        colour = ACTIVATION_COLOURS[snapshot.selected.index % len(ACTIVATION_COLOURS)]
        # grows at half the View scale: a card of 20 pt text would push the plots off screen
        font_pt = round(theme.BASE_FONT_PT * (1 + (theme.Scale.factor - 1) / 2))
        text = card_html(snapshot, colour, font_pt)
        if text != self.text():
            self.setText(text)

    def apply_scale(self) -> None:
        if self._snapshot is not None:
            self.show_snapshot(self._snapshot)

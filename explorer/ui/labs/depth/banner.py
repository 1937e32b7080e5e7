"""The divergence banner: what happened, the likely cause, and a one-click remedy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from explorer.state.depth.diagnosis import Diagnosis
from explorer.text_format import number
from explorer.ui.buttons import restart_button

STYLE = (
    "QFrame#depth-banner { background: #FDECEA; border: 1px solid #D55E00; border-radius: 4px; }"
)


class DivergenceBanner(QFrame):
    """Hidden until :meth:`show_diagnosis`; ``remedy(lr)`` asks for a restart at ``lr``."""

    remedy = Signal(float)
    restart = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("depth-banner")
        self.setStyleSheet(STYLE)
        self.title = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.cause = QLabel(wordWrap=True)
        self.cause.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remedy_button = QPushButton()
        self.remedy_button.setToolTip("Back to step 0 with a ten times smaller learning rate, "
                                      "and train again")  # fmt: skip
        self.remedy_button.clicked.connect(self._on_remedy)
        self.restart_button = restart_button("Restart", "Back to step 0 with the same settings")
        self.restart_button.clicked.connect(self.restart.emit)
        self.close_button = QPushButton("✕")
        self.close_button.setFixedWidth(32)
        self.close_button.setToolTip("Hide this message")
        self.close_button.clicked.connect(self.hide)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.cause)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addLayout(text, stretch=1)
        row.addWidget(self.remedy_button)
        row.addWidget(self.restart_button)
        row.addWidget(self.close_button, alignment=Qt.AlignmentFlag.AlignTop)
        self.diagnosis: Diagnosis | None = None
        self.hide()

    def show_diagnosis(self, diagnosis: Diagnosis) -> None:
        self.diagnosis = diagnosis
        self.title.setText(f"<b>{diagnosis.title}</b>")
        self.cause.setText(diagnosis.cause)
        lr = diagnosis.suggested_lr
        self.remedy_button.setVisible(lr is not None)
        if lr is not None:
            self.remedy_button.setText(f"Reset and lower the learning rate to {number(lr)}")
        self.show()

    def clear(self) -> None:
        self.diagnosis = None
        self.hide()

    def _on_remedy(self) -> None:
        if self.diagnosis is not None and self.diagnosis.suggested_lr is not None:
            self.remedy.emit(self.diagnosis.suggested_lr)

"""Ask how to sweep a slider: from, to, how long, how it moves, how often."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QWidget,
)

from explorer.state.sweep import EASINGS, REPEATS, Sweep
from explorer.ui.controls import ValueSlider

EASING_TEXT = {"ease": "slow at both ends", "linear": "steady"}
REPEAT_TEXT = {"once": "once", "loop": "again from the start", "bounce": "there and back"}


class SweepDialog(QDialog):
    """Starts at the slider's range; ``sweep()`` gives what the lecturer chose."""

    def __init__(self, slider: ValueSlider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Sweep “{slider.label.text()}”")
        self.field = slider.bound_field
        decimals = 0 if slider.integer else max(2, slider.spin.decimals())
        self.start, self.end = (QDoubleSpinBox(decimals=decimals) for _ in range(2))
        for box, value in ((self.start, slider.minimum), (self.end, slider.maximum)):
            box.setRange(slider.minimum, slider.maximum)
            box.setValue(value)
        self.seconds = QDoubleSpinBox(decimals=1, minimum=0.5, maximum=600.0, value=8.0,
                                      suffix=" s")  # fmt: skip
        self.easing, self.repeat = QComboBox(), QComboBox()
        for combo, keys, texts in ((self.easing, EASINGS, EASING_TEXT),
                                   (self.repeat, REPEATS, REPEAT_TEXT)):  # fmt: skip
            for key in keys:
                combo.addItem(texts[key], key)
        self.easing.setCurrentIndex(EASINGS.index("ease"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sweep")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow("Over", self.seconds)
        form.addRow("Moving", self.easing)
        form.addRow("Play", self.repeat)
        form.addRow(buttons)

    def sweep(self) -> Sweep:
        return Sweep(self.field, self.start.value(), self.end.value(), self.seconds.value(),
                     self.easing.currentData(), self.repeat.currentData())  # fmt: skip

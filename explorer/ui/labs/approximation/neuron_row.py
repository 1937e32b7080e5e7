"""One neuron's row in the build view: colour swatch, title, remove button, sliders w, b, v.

Rows are positions, not neurons: row i always shows the i-th neuron of the config, so removing
neuron 2 shifts the later neurons up one row and the last row is hidden (and kept for reuse).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from explorer.state.approximation.network import B_LIMIT, V_LIMIT, W_LIMIT, Neuron
from explorer.text_format import subscript
from explorer.ui.controls import ValueSlider
from explorer.ui.labs.approximation.palette import neuron_colour


class CompactSlider(ValueSlider):
    """A :class:`ValueSlider` on one line (label, slider, number box), for long lists."""

    def __init__(self, *args, label_width: int = 26, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        outer = self.layout()
        outer.removeWidget(self.label)
        outer.setContentsMargins(0, 0, 0, 0)
        row = outer.itemAt(0).layout()
        row.insertWidget(0, self.label)
        row.setSpacing(4)
        self.label.setFixedWidth(label_width)
        self.spin.setMinimumWidth(62)
        self.spin.setMaximumWidth(74)

    def set_label(self, text: str) -> None:
        self.label.setText(text)


class NeuronRow(QFrame):
    """Sliders for wᵢ, bᵢ, vᵢ of one neuron; emits ``valueChanged(index, "w"|"b"|"v", value)``."""

    valueChanged = Signal(int, str, float)
    removeRequested = Signal(int)

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.index = -1
        self._shown: Neuron | None = None
        self.swatch = QLabel("■")
        self.title = QLabel()
        self.remove_button = QToolButton(text="✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setToolTip("Remove this neuron from the network")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.index))
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.swatch)
        header.addWidget(self.title, stretch=1)
        header.addWidget(self.remove_button)
        self.sliders = {
            "w": CompactSlider(
                "w", -W_LIMIT, W_LIMIT, 1.0, decimals=2,
                tooltip="Input weight wᵢ: how steep the step is (negative: a step down)",
            ),
            "b": CompactSlider(
                "b", -B_LIMIT, B_LIMIT, 0.0, decimals=2,
                tooltip="Bias bᵢ: moves the step; it sits at x = −bᵢ/wᵢ",
            ),
            "v": CompactSlider(
                "v", -V_LIMIT, V_LIMIT, 0.0, decimals=2,
                tooltip="Output weight vᵢ: the height of this neuron's step in the sum",
            ),
        }  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(0)
        layout.addLayout(header)
        for field, slider in self.sliders.items():
            slider.valueChanged.connect(
                lambda value, f=field: self.valueChanged.emit(self.index, f, value)
            )
            layout.addWidget(slider)
        self.set_index(index)

    @property
    def w_slider(self) -> CompactSlider:
        return self.sliders["w"]

    def set_index(self, index: int) -> None:
        if index == self.index:
            return
        self.index = index
        number = subscript(index + 1)
        self.title.setText(f"Neuron {index + 1}")
        self.swatch.setStyleSheet(f"color: {neuron_colour(index).name()};")
        for field, slider in self.sliders.items():
            slider.set_label(f"{field}{number}")

    def show_neuron(self, index: int, neuron: Neuron, removable: bool) -> None:
        """Show ``neuron`` as the ``index``-th; widgets whose value is unchanged are not touched."""
        self.set_index(index)
        self.remove_button.setEnabled(removable)
        if neuron == self._shown:
            return
        for field, value, old in zip("wbv", neuron, self._shown or (None,) * 3, strict=True):
            if value != old:
                self.sliders[field].setValue(value)
        self._shown = tuple(neuron)

"""The checkable list of every activation in the registry, in its colours."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from explorer.core import activations
from explorer.state.activations.config import ActivationsConfig
from explorer.ui.labs.activations.palette import activation_colour


def _swatch(colour: QColor, size: int = 16) -> QIcon:
    """A short thick line in the activation's colour, like its curve."""
    pixmap = QPixmap(size * 2, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(1, size // 2 - 2, size * 2 - 2, 4, colour)
    painter.end()
    return QIcon(pixmap)


class ActivationChecklist(QListWidget):
    """Tick an activation to plot it; click its name to select it for the notes and shading.

    Emits ``checkToggled(name, checked)`` and ``selectedChanged(name)``; :meth:`show_config`
    mirrors a config without emitting either.
    """

    checkToggled = Signal(str, bool)
    selectedChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = activations.names()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(32, 16))
        self.setUniformItemSizes(True)
        self.setToolTip("Tick to plot an activation; click its name to select it")
        for index, name in enumerate(self.names):
            act = activations.get(name)
            item = QListWidgetItem(_swatch(activation_colour(index)), act.display_name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(f"{act.formula}\n(tick to plot, click to select)")
            self.addItem(item)
        # every row visible: the point is to see the whole registry at a glance
        rows = self.sizeHintForRow(0) * len(self.names) + 2 * self.frameWidth() + 4
        self.setMinimumHeight(rows)
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current_changed)

    def item_for(self, name: str) -> QListWidgetItem:
        return self.item(self.names.index(name))

    def checked_names(self) -> list[str]:
        return [n for n in self.names if self.item_for(n).checkState() == Qt.CheckState.Checked]

    def set_checked(self, name: str, checked: bool) -> None:
        """Tick or untick like a user click (emits ``checkToggled``)."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.item_for(name).setCheckState(state)

    def show_config(self, config: ActivationsConfig) -> None:
        with QSignalBlocker(self):
            for name in self.names:
                checked = name in config.checked
                item = self.item_for(name)
                if (item.checkState() == Qt.CheckState.Checked) != checked:
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
            if self.currentRow() != self.names.index(config.selected):
                self.setCurrentRow(self.names.index(config.selected))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        self.checkToggled.emit(name, item.checkState() == Qt.CheckState.Checked)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.selectedChanged.emit(current.data(Qt.ItemDataRole.UserRole))

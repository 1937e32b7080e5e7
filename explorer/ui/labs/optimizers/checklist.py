"""The checkable list of the race's optimizers, each in its path's colour."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from explorer.state.optimizers import entries
from explorer.state.optimizers.config import OptimizersConfig
from explorer.ui.labs.optimizers.palette import entry_colour


def _swatch(colour: QColor, size: int = 16) -> QIcon:
    """A short thick line in the optimizer's colour, like its path."""
    pixmap = QPixmap(size * 2, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.fillRect(1, size // 2 - 2, size * 2 - 2, 4, colour)
    painter.end()
    return QIcon(pixmap)


class RaceChecklist(QListWidget):
    """Tick an optimizer to race it; click its name to select it (its sliders and notes).

    Emits ``checkToggled(key, checked)`` and ``selectedChanged(key)``; :meth:`show_config`
    mirrors a config without emitting either.
    """

    checkToggled = Signal(str, bool)
    selectedChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = entries.KEYS
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(32, 16))
        self.setUniformItemSizes(True)
        self.setToolTip("Tick to race an optimizer; click its name for its sliders and rule")
        for entry in entries.ENTRIES:
            item = QListWidgetItem(_swatch(entry_colour(entry.key)), entry.label)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(f"torch.optim.{entry.optimizer}: tick to race, click to select")
            self.addItem(item)
        rows = self.sizeHintForRow(0) * len(self.keys) + 2 * self.frameWidth() + 4
        self.setMinimumHeight(rows)
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current_changed)

    def item_for(self, key: str) -> QListWidgetItem:
        return self.item(self.keys.index(key))

    def set_checked(self, key: str, checked: bool) -> None:
        """Tick or untick like a user click (emits ``checkToggled``)."""
        self.item_for(key).setCheckState(
            Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        )

    def checked_keys(self) -> list[str]:
        return [k for k in self.keys if self.item_for(k).checkState() == Qt.CheckState.Checked]

    def show_config(self, config: OptimizersConfig) -> None:
        with QSignalBlocker(self):
            for key in self.keys:
                checked = key in config.ticked
                item = self.item_for(key)
                if (item.checkState() == Qt.CheckState.Checked) != checked:
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
            if self.currentRow() != self.keys.index(config.selected):
                self.setCurrentRow(self.keys.index(config.selected))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        self.checkToggled.emit(key, item.checkState() == Qt.CheckState.Checked)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.selectedChanged.emit(current.data(Qt.ItemDataRole.UserRole))

"""The "Same network" loss curves (one per ticked optimizer, log y) and the table of how each
run stands: its learning rate, loss and accuracy on the whole data set, and steps per second."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from explorer.state.optimizers import entries
from explorer.state.optimizers.network import NetworkView
from explorer.text_format import number, percent
from explorer.ui import theme
from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS
from explorer.ui.plot import LossPlot
from explorer.ui.plot.loss import whole_decades

COLUMNS = ("Optimizer", "lr", "loss", "accuracy", "steps/s")


class NetLossView(LossPlot):
    """Binary cross-entropy per step of every ticked optimizer, in its colour."""

    def __init__(self) -> None:
        super().__init__(("Training loss of the same net", "Training loss", "loss"), "step",
                         "BCE loss", legend=False)  # fmt: skip

    def build(self) -> None:
        super().build()
        self.curves = {e.key: self.curve(None, ENTRY_COLOURS[e.key]) for e in entries.ENTRIES}
        for item in self.curves.values():
            self.set_attached(item, False)

    def show_view(self, view: NetworkView) -> None:
        steps = np.arange(view.step, dtype=np.float64)  # the loss before update t + 1
        for key, curve in self.curves.items():
            shown = key in view.keys
            self.set_attached(curve, shown)
            if shown:
                self.show_losses(curve, steps, view.losses[view.index(key)])
        self.show_steps(float(max(view.steps, 10)))
        decades = whole_decades(view.losses, self.floor) if view.step else None
        self.show_decades(*(decades or (-2, 0)), ticks=True)


class ScoreTable(QTableWidget):
    """One row per ticked optimizer (its name in its colour): lr, loss, accuracy, steps/s."""

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip("Loss and accuracy of each net on the whole data set now; steps/s: its "
                        "steps over the time they took (forward, backward, update) on this "
                        "machine")  # fmt: skip
        self.setMinimumHeight(120)
        self.apply_scale()

    def show_view(self, view: NetworkView, lrs: dict[str, float]) -> None:
        if self.rowCount() != len(view.keys):
            self.setRowCount(len(view.keys))
        for row, key in enumerate(view.keys):
            i = view.index(key)
            rate = view.steps_per_s[i]
            cells = (
                entries.entry(key).label,
                number(lrs[key]),
                number(view.final_loss[i]),
                percent(view.accuracy[i], 1),
                number(round(rate) if math.isfinite(rate) else None),
            )
            for column, text in enumerate(cells):
                item = self.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(row, column, item)
                if item.text() != text:
                    item.setText(text)
                if column == 0:
                    item.setForeground(QColor(ENTRY_COLOURS[key]))

    def rows(self) -> list[list[str]]:
        """The table's text, row by row (for tests and a reader)."""
        return [[self.item(r, c).text() for c in range(self.columnCount())]
                for r in range(self.rowCount())]  # fmt: skip

    def apply_scale(self) -> None:
        font = QFont()
        font.setPointSize(theme.Scale.font_pt())
        self.setFont(font)
        self.horizontalHeader().setFont(font)
        self.verticalHeader().setDefaultSectionSize(int(font.pointSize() * 2.2))

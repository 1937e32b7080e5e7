"""A titled group of controls for a lab's left panel; every lab builds its groups with it.

``ControlGroup("Training", lr_slider, buttons_layout)`` stacks widgets and layouts under the
title; :meth:`ControlGroup.add_row` adds a labelled row (consecutive rows share one form, so
their labels line up). A ``colour`` draws the title bold in that colour (the activation lab
gives each activation's parameters its curve's colour).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

MARGIN = 6  # px around the controls inside the frame
TEXT_ROLES = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text)  # a title uses either


class ControlGroup(QGroupBox):
    """A group box that lays out the controls it is given, top to bottom."""

    def __init__(
        self,
        title: str,
        *items: QWidget | QLayout,
        colour: str | None = None,
        tooltip: str = "",
        margins: tuple[int, int, int, int] = (MARGIN, MARGIN, MARGIN, MARGIN),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.coloured = colour is not None
        if colour is not None:
            # font and palette, not a style sheet: a style sheet would route every repaint
            # of the sliders inside through Qt's much slower style-sheet style (~0.4 ms per
            # value change of a drag, measured)
            bold = QFont()  # only the weight is set; size and family come from the window
            bold.setBold(True)
            self.setFont(bold)
            palette = self.palette()
            for role in TEXT_ROLES:
                palette.setColor(role, QColor(colour))
            self.setPalette(palette)
        if tooltip:
            self.setToolTip(tooltip)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(*margins)
        self._form: QFormLayout | None = None  # the form the last add_row went into
        self.add(*items)

    def add(self, *items: QWidget | QLayout) -> None:
        """Append widgets and layouts below what is there."""
        for item in items:
            if isinstance(item, QLayout):
                self.column.addLayout(item)
            else:
                self._plain(item)
                self.column.addWidget(item)
        self._form = None

    def add_row(self, label: str, widget: QWidget) -> None:
        """Append ``label`` beside ``widget``; rows added one after another share a form."""
        if self._form is None:
            form = QFormLayout()
            form.setContentsMargins(0, 0, 0, 0)
            self.column.addLayout(form)
            self._form = form
        text = QLabel(label)
        for part in (text, widget):
            self._plain(part)
        self._form.addRow(text, widget)

    def _plain(self, widget: QWidget) -> None:
        """Under a coloured title, give ``widget`` back the normal weight and colours it
        would otherwise inherit from the title."""
        if not self.coloured:
            return
        normal = QFont()
        normal.setBold(False)
        widget.setFont(normal)
        palette, default = widget.palette(), QApplication.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                      QPalette.ColorGroup.Disabled):  # fmt: skip
            for role in TEXT_ROLES:
                palette.setColor(group, role, default.color(group, role))
        widget.setPalette(palette)

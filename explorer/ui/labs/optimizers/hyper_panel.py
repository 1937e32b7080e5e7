"""The selected optimizer's hyper-parameters, on sliders built from its ``param_specs``.

One group per race entry is built up front; only the selected entry's is shown, so the panel
stays short and a selection change costs no widget construction.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.core.optimizers import ParamSpec
from explorer.state.optimizers import entries
from explorer.state.optimizers.config import OptimizersConfig
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import Toggle, ValueSlider
from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS


def _decimals(spec: ParamSpec) -> int:
    """Enough decimals for the smallest value of the slider to show (1e-5 → 6)."""
    if spec.log:
        return min(10, max(2, 1 - math.floor(math.log10(spec.min))))
    return 3


def make_control(spec: ParamSpec, value) -> ValueSlider | Toggle:
    label = spec.label or spec.name.replace("_", " ")
    tooltip = f"{spec.key}: {spec.description} (torch's default {spec.default})"
    if spec.kind == "bool":
        return Toggle(label, bool(value), tooltip=tooltip)
    return ValueSlider(label, spec.min, spec.max, value, decimals=_decimals(spec), log=spec.log,
                       tooltip=tooltip)  # fmt: skip


class HyperPanel(QWidget):
    """Emits ``paramChanged(entry, spec_key, value)`` when a control moves."""

    paramChanged = Signal(str, str, object)

    def __init__(self, config: OptimizersConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.groups: dict[str, ControlGroup] = {}
        self.controls: dict[tuple[str, str], ValueSlider | Toggle] = {}
        for entry in entries.ENTRIES:
            colour = ENTRY_COLOURS[entry.key]
            title = f"{entry.label}: hyper-parameters"
            group = ControlGroup(title, colour=colour, margins=(6, 4, 6, 4))
            for spec in entry.specs:
                control = make_control(spec, config.value(entry.key, spec.key))
                control.valueChanged.connect(
                    lambda value, e=entry.key, k=spec.key: self.paramChanged.emit(e, k, value)
                )
                group.add(control)
                self.controls[(entry.key, spec.key)] = control
            self.groups[entry.key] = group
            layout.addWidget(group)  # parented first: a parentless widget shown is a window
            group.setVisible(entry.key == config.selected)

    def show_config(self, config: OptimizersConfig) -> None:
        """Mirror the config (no signals); show the selected entry's group."""
        for (entry, key), control in self.controls.items():
            value = config.value(entry, key)
            if control.value() != value:
                control.setValue(value)
        for key, group in self.groups.items():
            shown = key == config.selected
            if group.isVisibleTo(self) != shown:
                group.setVisible(shown)

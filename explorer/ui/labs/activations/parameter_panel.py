"""Sliders and choices for the hyper-parameters of the ticked activations.

One group per activation that has parameters (built from ``param_specs``), shown only while the
activation is ticked, so the panel lists exactly what the lecturer can tune in the plot.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.core import activations
from explorer.core.activations import ParamSpec
from explorer.state.activations.config import ActivationsConfig
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider
from explorer.ui.labs.activations.palette import ACTIVATION_COLOURS


def _decimals(spec: ParamSpec) -> int:
    span = spec.max - spec.min
    return 3 if span <= 1 else 2 if span <= 10 else 1


def make_control(spec: ParamSpec) -> ValueSlider | ChoiceBox:
    """A control in model units for one parameter, with its description as tooltip."""
    tooltip = f"{spec.name}: {spec.description} (default {spec.default})"
    if spec.choices is not None:
        return ChoiceBox([(c, c) for c in spec.choices], str(spec.default), tooltip=tooltip)
    label = spec.name.replace("_", " ")
    return ValueSlider(
        label, spec.min, spec.max, spec.default, decimals=_decimals(spec), tooltip=tooltip
    )


class ParameterPanel(QWidget):
    """Emits ``paramChanged(activation, parameter, value)`` when a control moves."""

    paramChanged = Signal(str, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel("None of the ticked activations has parameters.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #666666;")
        layout.addWidget(self.empty_label)
        self.groups: dict[str, ControlGroup] = {}
        self.controls: dict[tuple[str, str], ValueSlider | ChoiceBox] = {}
        for index, name in enumerate(activations.names()):
            act = activations.get(name)
            if not act.param_specs:
                continue
            colour = ACTIVATION_COLOURS[index % len(ACTIVATION_COLOURS)]
            group = ControlGroup(act.display_name, colour=colour, tooltip=act.formula,
                                 margins=(6, 4, 6, 4))  # fmt: skip
            for spec in act.param_specs:
                control = make_control(spec)
                control.valueChanged.connect(
                    lambda value, n=name, p=spec.name: self.paramChanged.emit(n, p, value)
                )
                group.add(control)
                self.controls[(name, spec.name)] = control
            group.setVisible(False)
            self.groups[name] = group
            layout.addWidget(group)

    def show_config(self, config: ActivationsConfig) -> None:
        """Mirror the config (no signals) and show the groups of ticked activations."""
        for (name, param), control in self.controls.items():
            value = config.params_for(name)[param]
            if control.value() != value:
                control.setValue(value)
        any_shown = False
        for name, group in self.groups.items():
            shown = name in config.checked
            any_shown |= shown
            if group.isVisibleTo(self) != shown:
                group.setVisible(shown)
        if self.empty_label.isVisibleTo(self) == any_shown:
            self.empty_label.setVisible(not any_shown)

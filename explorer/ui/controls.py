"""Small control widgets that speak in model units, and the one-line binding to a session.

Every control here has ``valueChanged(value)`` and a ``setValue(value)`` that does **not** emit,
so state → widget never echoes back into the state. :func:`bind` is the whole wiring:
widget → ``session.update(field=value)`` and session change → ``widget.setValue``.
Log-scale sliders map between slider steps and values here, never in the model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class ValueSlider(QWidget):
    """A labelled slider with an editable number box, linear or logarithmic.

    ``integer=True`` gives whole-number steps; ``log=True`` spaces the slider's steps evenly in
    log10(value) (for learning rates and the like). The number box accepts typed values.
    """

    valueChanged = Signal(float)
    STEPS = 1000

    def __init__(
        self,
        label: str,
        minimum: float,
        maximum: float,
        value: float,
        *,
        decimals: int = 2,
        log: bool = False,
        integer: bool = False,
        tooltip: str = "",
        suffix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not minimum < maximum:
            raise ValueError(f"{label}: minimum {minimum} must be below maximum {maximum}")
        if log and minimum <= 0:
            raise ValueError(f"{label}: a log slider needs a positive minimum")
        self.minimum, self.maximum = minimum, maximum
        self.log, self.integer = log, integer
        self.label = QLabel(label)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        if integer:
            self.slider.setRange(int(minimum), int(maximum))
            self.spin: QSpinBox | QDoubleSpinBox = QSpinBox()
            self.spin.setRange(int(minimum), int(maximum))
        else:
            self.slider.setRange(0, self.STEPS)
            self.spin = QDoubleSpinBox()
            self.spin.setDecimals(decimals)
            self.spin.setRange(minimum, maximum)
            self.spin.setSingleStep((maximum - minimum) / 100 if not log else minimum)
            if log:
                self.spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        if suffix:
            self.spin.setSuffix(suffix)
        self.spin.setKeyboardTracking(False)  # typed numbers apply on Enter, not per keystroke
        self.spin.setMinimumWidth(80)
        for widget in (self, self.label, self.slider, self.spin):
            widget.setToolTip(tooltip)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, stretch=1)
        row.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.spin.valueChanged.connect(self._on_spin_changed)
        self.setValue(value)

    # slider position <-> value
    def value_at(self, position: int) -> float:
        if self.integer:
            return float(position)
        t = position / self.STEPS
        if self.log:
            lo, hi = math.log10(self.minimum), math.log10(self.maximum)
            return 10 ** (lo + t * (hi - lo))
        return self.minimum + t * (self.maximum - self.minimum)

    def position_of(self, value: float) -> int:
        if self.integer:
            return round(value)
        if self.log:
            lo, hi = math.log10(self.minimum), math.log10(self.maximum)
            t = (math.log10(max(value, self.minimum)) - lo) / (hi - lo)
        else:
            t = (value - self.minimum) / (self.maximum - self.minimum)
        return round(min(max(t, 0.0), 1.0) * self.STEPS)

    def value(self) -> float:
        return float(self.spin.value())

    def position_along(self, start: float, end: float, fraction: float) -> int:
        """The slider position ``fraction`` of the way from ``start`` to ``end`` along the
        slider's own scale (a log slider moves evenly in log scale, as a hand drags it)."""
        if self.log and not self.integer:
            lo, hi = self.position_of(start), self.position_of(end)
            return round(lo + fraction * (hi - lo))
        value = start + fraction * (end - start)
        return self.position_of(round(value) if self.integer else value)

    def contextMenuEvent(self, event) -> None:
        """Right-click: *Sweep…* where the window offers sweeps (``sweep_slider``) and the
        slider is bound to a setting."""
        sweep = getattr(self.window(), "sweep_slider", None)
        if sweep is None or getattr(self, "bound_field", None) is None:
            super().contextMenuEvent(event)
            return
        menu = QMenu(self)
        menu.addAction("Sweep this slider…", lambda: sweep(self))
        menu.exec(event.globalPos())

    def setValue(self, value: float) -> None:
        """Show ``value`` without emitting ``valueChanged``."""
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.spin.setValue(round(value) if self.integer else value)
            self.slider.setValue(self.position_of(value))

    def _on_slider_moved(self, position: int) -> None:
        value = self.value_at(position)
        if not self.integer:
            value = float(f"{value:.{self.spin.decimals() + 2}g}") if self.log else value
        with QSignalBlocker(self.spin):
            self.spin.setValue(int(value) if self.integer else value)
        self.valueChanged.emit(self.value())

    def _on_spin_changed(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self.position_of(value))
        self.valueChanged.emit(float(value))


class ChoiceBox(QComboBox):
    """A combo box of (key, label) pairs that reports and accepts keys."""

    valueChanged = Signal(str)

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        value: str,
        tooltip: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        for key, label in choices:
            self.addItem(label, key)
        self.setToolTip(tooltip)
        self.setValue(value)
        self.currentIndexChanged.connect(lambda i: self.valueChanged.emit(self.itemData(i)))

    def value(self) -> str:
        return self.currentData()

    def setValue(self, key: str) -> None:
        index = self.findData(key)
        if index < 0:
            raise ValueError(f"{key!r} is not one of the choices")
        with QSignalBlocker(self):
            self.setCurrentIndex(index)


class Toggle(QCheckBox):
    """A check box with the same value interface as the other controls."""

    valueChanged = Signal(bool)

    def __init__(
        self, text: str, value: bool, tooltip: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self.setToolTip(tooltip)
        # focus by Tab only, so Space after a click still plays (explorer.ui.focus_keys); a
        # Toggle may be built after the window's one pass over its buttons
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setValue(value)
        self.toggled.connect(self.valueChanged.emit)

    def value(self) -> bool:
        return self.isChecked()

    def setValue(self, value: bool) -> None:
        with QSignalBlocker(self):
            self.setChecked(bool(value))


def bind(
    widget: Any,
    session: Any,
    field: str,
    convert: Callable[[Any], Any] = lambda v: v,
    on_error: Callable[[str], None] | None = None,
) -> None:
    """Wire ``widget`` to ``session.config.<field>`` both ways.

    An invalid value (the config's ``validate`` raises ``ValueError``) leaves the config as it
    was, puts the widget back, and passes the message to ``on_error``. State → widget touches
    the widget only when its own field changed: ``setValue`` on a spin box rewrites and
    repaints its text even for the same value, and with a dozen bound controls that cost ~4 ms
    of every frame of a drag (measured in the approximation lab).
    """
    shown = [getattr(session.config, field)]

    def widget_to_state(value: Any) -> None:
        value = convert(value)
        before, shown[0] = shown[0], value  # the widget already shows it: no echo back
        try:
            session.update(**{field: value})
        except ValueError as error:
            shown[0] = before
            widget.setValue(getattr(session.config, field))
            if on_error is not None:
                on_error(str(error))

    def state_to_widget(config: Any) -> None:
        value = getattr(config, field)
        if value != shown[0]:
            shown[0] = value
            widget.setValue(value)

    widget.valueChanged.connect(widget_to_state)
    session.subscribe(state_to_widget)
    widget.bound_field = field  # what a lecture's sweep or deck names the control by
    widget.bound_session = session


def set_if_changed(widget: Any, value: Any) -> None:
    """``widget.setValue(value)`` unless it already shows exactly that."""
    if widget.value() != value:
        widget.setValue(value)


def compact(combo: QComboBox, chars: int = 14) -> None:
    """Let a combo box be narrow (the left panel is ~280 px) but show full texts when open."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)

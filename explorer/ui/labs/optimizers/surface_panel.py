"""The surface: which one, its parameters (the quadratic's condition number κ …), the start.

Choosing a surface also moves the start point to that surface's instructive default and
shows the whole run again (one undo step).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from explorer.core import surfaces
from explorer.state.optimizers.config import CUSTOM, OptimizersConfig
from explorer.state.optimizers.session import OptimizersSession
from explorer.state.optimizers.surface_params import SURFACE_PARAMS
from explorer.text_format import number
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, compact, set_if_changed
from explorer.ui.error_label import ErrorLabel
from explorer.ui.live_text import WrappedText


class SurfacePanel(ControlGroup):
    """Surface choice, its parameter sliders (only the chosen surface's are shown), start."""

    def __init__(self, session: OptimizersSession, on_error: Callable[[str], None]) -> None:
        super().__init__("Surface")
        self.session, self._on_error = session, on_error
        config = session.config
        choices = [(n, surfaces.get(n).display_name) for n in surfaces.names()]
        choices.append((CUSTOM, surfaces.ExpressionSurface.display_name))
        tip = "The function f(x, y) the optimizers minimise"
        self.surface_box = ChoiceBox(choices, config.surface, tooltip=tip)
        self.surface_box.valueChanged.connect(self._on_surface_chosen)
        compact(self.surface_box)
        self.add_row("f(x, y)", self.surface_box)
        self.formula = QLabel(wordWrap=True)
        self.formula.setStyleSheet("color: #555555;")
        self.expression_edit = QLineEdit(config.expression)
        self.expression_edit.setPlaceholderText("e.g. x**2 + 10*y**2 + sin(3*x)")
        self.expression_edit.setToolTip(
            "Type f(x, y) with + − * / **, numbers, pi, e and sin cos exp log sqrt abs tanh "
            "sigmoid relu minimum maximum clip where …; Enter applies it. Its gradient is "
            "exact: the formula is differentiated, not sampled"
        )
        self.expression_edit.returnPressed.connect(self.apply_expression)
        self.expression_error = ErrorLabel(prefix="⚠ ")
        self.add(self.formula, self.expression_edit, self.expression_error)
        self.sliders: dict[str, ValueSlider] = {}
        for key, param in SURFACE_PARAMS.items():
            slider = ValueSlider(param.label, param.low, param.high, config.surface_value(key),
                                 decimals=2 if param.log else 1, log=param.log,
                                 tooltip=param.description)  # fmt: skip
            slider.valueChanged.connect(lambda value, k=key: self._on_param_moved(k, value))
            self.sliders[key] = slider
            self.add(slider)
        self.start_label = QLabel(wordWrap=True)
        self.start_label.setToolTip("Drag the start marker (×) on the surface to move it")
        # its numbers change on every frame of a start drag: held in a box that re-measures
        # only the label, so the whole panel is not laid out again each frame
        self.start_box = WrappedText(self.start_label)
        self.reset_start = QPushButton("Default start")
        self.reset_start.setToolTip(
            "Put the start point back where this surface's classic run begins"
        )
        self.reset_start.clicked.connect(self._on_reset_start)
        self.add(self.start_box, self.reset_start)
        session.subscribe(self.show_config)
        self.show_config(config)

    def show_config(self, config: OptimizersConfig) -> None:
        set_if_changed(self.surface_box, config.surface)
        custom = config.surface == CUSTOM
        if self.expression_edit.isVisibleTo(self) != custom:
            self.expression_edit.setVisible(custom)
            self.formula.setVisible(not custom)
        if not custom:
            self.expression_error.show_error(None)
        if self.expression_edit.text() != config.expression and not self.expression_edit.hasFocus():
            self.expression_edit.setText(config.expression)
        self.formula.setText(f"f = {config.make_surface().formula}")
        for key, slider in self.sliders.items():
            shown = key.startswith(config.surface + ".")
            if slider.isVisibleTo(self) != shown:
                slider.setVisible(shown)
            value = config.surface_value(key)
            if shown and slider.value() != value:
                slider.setValue(value)
        x, y = config.start
        start = f"Start (drag × on the map): ({number(x, 3)}, {number(y, 3)})"
        if start != self.start_label.text():
            self.start_label.setText(start)
            self.start_box.fit()

    def apply_expression(self) -> bool:
        """Use the field's f(x, y); False (the parser's message shown) if it is refused."""
        text = self.expression_edit.text()
        try:
            self.session.update(expression=text, step=None)
        except ValueError as error:
            self.expression_error.show_error(str(error))
            return False
        self.expression_error.show_error(None)
        return True

    def _on_surface_chosen(self, name: str) -> None:
        start = (surfaces.ExpressionSurface if name == CUSTOM else surfaces.get(name)).default_start
        self._apply(lambda: self.session.update(surface=name, start=start, step=None))

    def _on_param_moved(self, key: str, value: float) -> None:
        params = (*self.session.config.surface_params, (key, float(value)))
        self._apply(lambda: self.session.update(surface_params=params))

    def _on_reset_start(self) -> None:
        start = self.session.config.make_surface().default_start
        self._apply(lambda: self.session.update(start=tuple(float(v) for v in start)))

    def _apply(self, change) -> None:
        try:
            change()
        except ValueError as error:
            self.show_config(self.session.config)
            self._on_error(str(error))

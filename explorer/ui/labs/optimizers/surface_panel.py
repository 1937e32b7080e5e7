"""The surface: which one, its parameters (the quadratic's condition number κ …), the start.

Choosing a surface also moves the start point to that surface's instructive default and
shows the whole run again (one undo step).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPushButton

from explorer.core import surfaces
from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.session import OptimizersSession
from explorer.state.optimizers.surface_params import SURFACE_PARAMS
from explorer.text_format import number
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, compact, set_if_changed


class SurfacePanel(ControlGroup):
    """Surface choice, its parameter sliders (only the chosen surface's are shown), start."""

    def __init__(self, session: OptimizersSession, on_error: Callable[[str], None]) -> None:
        super().__init__("Surface")
        self.session, self._on_error = session, on_error
        config = session.config
        choices = [(n, surfaces.get(n).display_name) for n in surfaces.names()]
        tip = "The function f(x, y) the optimizers minimise"
        self.surface_box = ChoiceBox(choices, config.surface, tooltip=tip)
        self.surface_box.valueChanged.connect(self._on_surface_chosen)
        compact(self.surface_box)
        self.add_row("f(x, y)", self.surface_box)
        self.formula = QLabel(wordWrap=True)
        self.formula.setStyleSheet("color: #555555;")
        self.add(self.formula)
        self.sliders: dict[str, ValueSlider] = {}
        for key, param in SURFACE_PARAMS.items():
            slider = ValueSlider(param.label, param.low, param.high, config.surface_value(key),
                                 decimals=2 if param.log else 1, log=param.log,
                                 tooltip=param.description)  # fmt: skip
            slider.valueChanged.connect(lambda value, k=key: self._on_param_moved(k, value))
            self.sliders[key] = slider
            self.add(slider)
        self.start_label = QLabel()
        self.start_label.setToolTip("Drag the start marker (×) on the surface to move it")
        self.reset_start = QPushButton("Default start")
        self.reset_start.setToolTip(
            "Put the start point back where this surface's classic run begins"
        )
        self.reset_start.clicked.connect(self._on_reset_start)
        self.add(self.start_label, self.reset_start)
        session.subscribe(self.show_config)
        self.show_config(config)

    def show_config(self, config: OptimizersConfig) -> None:
        set_if_changed(self.surface_box, config.surface)
        surface = config.make_surface()
        self.formula.setText(f"f = {surface.formula}")
        for key, slider in self.sliders.items():
            shown = key.startswith(config.surface + ".")
            if slider.isVisibleTo(self) != shown:
                slider.setVisible(shown)
            value = config.surface_value(key)
            if shown and slider.value() != value:
                slider.setValue(value)
        x, y = config.start
        self.start_label.setText(f"Start (drag × on the map): ({number(x, 3)}, {number(y, 3)})")

    def _on_surface_chosen(self, name: str) -> None:
        start = surfaces.get(name).default_start
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

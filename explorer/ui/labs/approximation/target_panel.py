"""The target controls: a named function or a typed formula, x-range, points, noise, seed.

A formula is checked by the core's safe parser as it is typed (after a short pause, or at once
on Enter). A bad one shows its message, column included, in red under the field, and the last
good target stays on screen: the config only ever holds formulas that parse and are finite on
the range.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from explorer.core import targets
from explorer.state.approximation.session import (
    CUSTOM,
    NOISE_MAX,
    POINTS_RANGE,
    SEED_MAX,
    X_LIMIT,
    ApproximationConfig,
    ApproximationSession,
)
from explorer.ui.controls import ChoiceBox, ValueSlider, bind
from explorer.ui.error_label import ErrorLabel

TYPING_PAUSE_MS = 600


class TargetPanel(QWidget):
    """Which f(x) to approximate, where, and how many (noisy) samples of it."""

    def __init__(self, session: ApproximationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        config = session.config
        choices = [(name, targets.get(name).display_name) for name in targets.names()]
        choices.append((CUSTOM, "Formula (type it below)"))
        self.target_box = ChoiceBox(
            choices, config.target, tooltip="The function f(x) the network should approximate"
        )
        self.target_box.valueChanged.connect(self._on_target_chosen)
        self.expression_edit = QLineEdit(config.expression)
        self.expression_edit.setPlaceholderText("e.g. sin(3*x) * exp(-x**2)")
        self.expression_edit.setToolTip(
            "Type f(x) with + − * / **, numbers, pi, e and sin cos tan exp log sqrt abs tanh "
            "sigmoid relu sign floor minimum maximum clip where …; Enter applies it"
        )
        self.expression_edit.textEdited.connect(self._on_text_edited)
        self.expression_edit.returnPressed.connect(self.apply_expression)
        self.expression_error = ErrorLabel(prefix="⚠ ")
        self._typing_timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing_timer.timeout.connect(self.apply_expression)
        self._shown_expression = config.expression
        self._shown_target = config.target

        self.x_min_slider = ValueSlider(
            "x from", -X_LIMIT, X_LIMIT, config.x_min, decimals=2,
            tooltip="Left end of the range the points are sampled on",
        )  # fmt: skip
        self.x_max_slider = ValueSlider(
            "x to", -X_LIMIT, X_LIMIT, config.x_max, decimals=2,
            tooltip="Right end of the range the points are sampled on",
        )  # fmt: skip
        self.points_slider = ValueSlider(
            "Sample points", *POINTS_RANGE, config.n_points, integer=True,
            tooltip="How many evenly spaced points (x, f(x) + noise) the network is fitted to",
        )  # fmt: skip
        self.noise_slider = ValueSlider(
            "Noise (std)", 0.0, NOISE_MAX, config.noise, decimals=2,
            tooltip="Gaussian noise added to f at the points (same seed: same noise)",
        )  # fmt: skip
        self.seed_slider = ValueSlider(
            "Seed", 0, SEED_MAX, config.seed, integer=True,
            tooltip="Seed of the noise, the random hidden units and the initial weights",
        )  # fmt: skip
        self.range_error = ErrorLabel(prefix="⚠ ")
        bind(self.x_min_slider, session, "x_min", on_error=self.range_error.show_error)
        bind(self.x_max_slider, session, "x_max", on_error=self.range_error.show_error)
        bind(self.points_slider, session, "n_points", int, self.range_error.show_error)
        bind(self.noise_slider, session, "noise", on_error=self.range_error.show_error)
        bind(self.seed_slider, session, "seed", int, self.range_error.show_error)

        self.formula_label = QLabel("f(x) =")
        formula = QHBoxLayout()
        formula.setContentsMargins(0, 0, 0, 0)
        formula.addWidget(self.formula_label)
        formula.addWidget(self.expression_edit, stretch=1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Target", self.target_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(formula)
        layout.addWidget(self.expression_error)
        for widget in (self.x_min_slider, self.x_max_slider, self.points_slider,
                       self.noise_slider, self.seed_slider, self.range_error):  # fmt: skip
            layout.addWidget(widget)
        session.subscribe(self._on_config_changed)
        self._show_formula_in_use(config.target == CUSTOM)

    # --- handlers ------------------------------------------------------------------------------
    def _on_target_chosen(self, name: str) -> None:
        if name == CUSTOM:
            self.apply_expression()
            if self.session.config.target != CUSTOM:
                self.target_box.setValue(self.session.config.target)
            return
        self._typing_timer.stop()
        self.session.select_target(name)
        self.expression_error.show_error("")

    def _on_text_edited(self, _text: str) -> None:
        self._typing_timer.start()

    def apply_expression(self) -> bool:
        """Use the field's formula as the target; False (error shown) if it is refused."""
        self._typing_timer.stop()
        try:
            self.session.set_expression(self.expression_edit.text())
        except ValueError as error:
            self.expression_error.show_error(str(error))
            return False
        self.expression_error.show_error("")
        return True

    def _show_formula_in_use(self, in_use: bool) -> None:
        """A formula that is not the target is shown grey, behind "or type"."""
        self.formula_label.setText("f(x) =" if in_use else "or type")
        self.expression_edit.setStyleSheet("" if in_use else "color: #777777;")

    def _on_config_changed(self, config: ApproximationConfig) -> None:
        if config.target != self._shown_target:
            self._shown_target = config.target
            self.target_box.setValue(config.target)
            self._show_formula_in_use(config.target == CUSTOM)
        if config.expression != self._shown_expression:
            self._shown_expression = config.expression
            if self.expression_edit.text().strip() != config.expression:
                self.expression_edit.setText(config.expression)
                self.expression_error.show_error("")
        self.range_error.show_error(None)  # a valid change went through

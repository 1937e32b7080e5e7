"""The run: its length, the step on show with Play and Step, gradient noise, lr schedule."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from explorer.core import schedules
from explorer.state.optimizers.config import (
    MAX_NOISE,
    MAX_SEED,
    MAX_STEPS,
    PHASE_METRICS,
    SCHEDULE_PARAMS,
    OptimizersConfig,
)
from explorer.state.optimizers.session import OptimizersSession
from explorer.ui.buttons import show_play_state
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind, compact, set_if_changed

_SCHEDULE_LABELS = {"step.step_size": "step_size (steps)", "step.gamma": "gamma",
                    "exponential.gamma": "gamma", "cosine.eta_min": "eta_min (absolute lr)",
                    "warmup_cosine.warmup": "warm-up steps",
                    "warmup_cosine.start_factor": "start factor"}  # fmt: skip


class RunPanel(ControlGroup):
    """Steps, the step on show, Play/Step buttons, noise and the schedule."""

    def __init__(self, session: OptimizersSession, on_error: Callable[[str], None]) -> None:
        super().__init__("Run")
        self.session, self._on_error = session, on_error
        c = session.config
        self.steps_slider = ValueSlider(
            "Steps", 1, MAX_STEPS, c.steps, integer=True,
            tooltip="How many updates each optimizer makes",
        )  # fmt: skip
        self.step_slider = ValueSlider(
            "Step on show", 0, c.steps, c.shown_step, integer=True,
            tooltip="Scrub through the runs: paths, dots and the plots' step line follow "
            "(Play: Space)",
        )  # fmt: skip
        self.step_slider.valueChanged.connect(self._on_step_moved)
        self.play_button = QPushButton()
        show_play_state(self.play_button, False, play="Play")
        self.play_button.setToolTip("Animate the runs step by step (Space); at the end, from 0")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("One step further (→)")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 2, 0, 2)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.step_button)
        self.noise_slider = ValueSlider(
            "Gradient noise σ", 0.0, MAX_NOISE, c.noise, decimals=2,
            tooltip="Adds seeded Gaussian noise N(0, σ²) to each gradient component: stochastic "
            "gradients, as from mini-batches. Momentum and Adam average it out",
        )  # fmt: skip
        self.seed_slider = ValueSlider(
            "Noise seed", 0, MAX_SEED, c.seed, integer=True,
            tooltip="The same seed gives every optimizer the same noise",
        )  # fmt: skip
        choices = [(n, schedules.Schedule.DISPLAY[n]) for n in schedules.names()]
        tip = "torch.optim.lr_scheduler's rule for the learning rate"
        self.schedule_box = ChoiceBox(choices, c.schedule, tooltip=tip)
        compact(self.schedule_box)
        self.schedule_sliders: dict[str, ValueSlider] = {}
        for key, (low, high, integer) in SCHEDULE_PARAMS.items():
            slider = ValueSlider(_SCHEDULE_LABELS[key], low, high, c.schedule_value(key),
                                 integer=integer, decimals=3)  # fmt: skip
            slider.valueChanged.connect(lambda value, k=key: self._on_schedule_param(k, value))
            self.schedule_sliders[key] = slider
        self.add(self.steps_slider, self.step_slider, buttons, self.noise_slider, self.seed_slider)
        self.add_row("lr schedule", self.schedule_box)
        self.add(*self.schedule_sliders.values())
        self.phase_box = ChoiceBox(list(PHASE_METRICS.items()), c.phase_metric,
                                   tooltip="What colours the phase diagram's cells: f − f* after "
                                   "the steps, or how many steps f − f* took to fall a "
                                   "millionfold")  # fmt: skip
        compact(self.phase_box)
        self.add_row("phase diagram", self.phase_box)
        bind(self.steps_slider, session, "steps", int, on_error)
        bind(self.noise_slider, session, "noise", float, on_error)
        bind(self.seed_slider, session, "seed", int, on_error)
        bind(self.schedule_box, session, "schedule", str, on_error)
        bind(self.phase_box, session, "phase_metric", str, on_error)
        session.subscribe(self.show_config)
        self.show_config(c)

    def show_config(self, config: OptimizersConfig) -> None:
        step = self.step_slider
        if step.maximum != config.steps:
            with QSignalBlocker(step.slider), QSignalBlocker(step.spin):
                step.maximum = config.steps
                step.slider.setRange(0, config.steps)
                step.spin.setRange(0, config.steps)
        set_if_changed(step, config.shown_step)
        for key, slider in self.schedule_sliders.items():
            shown = key.startswith(config.schedule + ".")
            if slider.isVisibleTo(self) != shown:
                slider.setVisible(shown)
            if shown:
                set_if_changed(slider, config.schedule_value(key))

    def show_playing(self, playing: bool) -> None:
        show_play_state(self.play_button, playing, play="Play")

    def _on_step_moved(self, value: float) -> None:
        steps = self.session.config.steps
        self.session.update(step=None if int(value) >= steps else int(value))

    def _on_schedule_param(self, key: str, value: float) -> None:
        params = (*self.session.config.schedule_params, (key, float(value)))
        try:
            self.session.update(schedule_params=params)
        except ValueError as error:
            self.show_config(self.session.config)
            self._on_error(str(error))

"""The Task group: the data (a 2-D classification set or a 1-D target), its size and noise,
and the loss, restricted to the losses that fit the task."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker

from explorer.core import datasets, losses, targets
from explorer.state.depth.config import (
    CLASSES_MAX,
    CLASSES_MIN,
    CLASSIFICATION_TASKS,
    NOISE_MAX,
    POINTS_MAX,
    POINTS_MIN,
    REGRESSION_TASKS,
    DepthConfig,
    losses_for,
)
from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, ValueSlider, bind, compact, set_if_changed

LOSS_LABELS = {"cross_entropy": "cross-entropy (softmax over logits)"}


def task_choices() -> list[tuple[str, str]]:
    two_d = [(n, f"2-D classes · {datasets.info(n).display_name}") for n in CLASSIFICATION_TASKS]
    one_d = [(n, f"1-D fit · {targets.get(n).display_name}: {targets.get(n).formula}")
             for n in REGRESSION_TASKS]  # fmt: skip
    return two_d + one_d


def loss_label(name: str) -> str:
    return LOSS_LABELS.get(name, losses.get(name).display_name)


class TaskPanel(ControlGroup):
    """Data and loss controls, bound to the session."""

    def __init__(self, session, on_error) -> None:
        super().__init__("Task")
        self.session, self._on_error = session, on_error
        c = session.config
        self.task_box = ChoiceBox(
            task_choices(), c.task, tooltip="2-D classification set, or a 1-D function to fit"
        )
        self.task_box.valueChanged.connect(self._on_task_chosen)
        self.points_slider = ValueSlider(
            "Points", POINTS_MIN, POINTS_MAX, c.points, integer=True,
            tooltip="Size of the training set",
        )  # fmt: skip
        self.noise_slider = ValueSlider(
            "Noise (std)", 0.0, NOISE_MAX, c.noise, decimals=2,
            tooltip="Gaussian noise: on both features of a 2-D set, on y of a 1-D target",
        )  # fmt: skip
        self.classes_slider = ValueSlider(
            "Classes (Gaussian blobs)", CLASSES_MIN, CLASSES_MAX, c.classes, integer=True,
            tooltip="Number of blobs; more than 2 is multi-class (cross-entropy)",
        )  # fmt: skip
        self.classes_slider.valueChanged.connect(self._on_classes_chosen)
        self.loss_box = ChoiceBox(
            [(n, loss_label(n)) for n in losses_for(c.kind)],
            c.loss,
            tooltip="Only the losses that fit the task are offered",
        )
        self.add_row("Data", self.task_box)
        self.add(self.points_slider, self.noise_slider, self.classes_slider)
        self.add_row("Loss", self.loss_box)
        compact(self.task_box)
        compact(self.loss_box)
        # first: the loss choices must fit the new task before the loss box shows its loss
        session.subscribe(self.show_config)
        bind(self.points_slider, session, "points", int, on_error)
        bind(self.noise_slider, session, "noise", on_error=on_error)
        bind(self.loss_box, session, "loss", on_error=on_error)
        self.show_config(c)

    def show_config(self, config: DepthConfig) -> None:
        set_if_changed(self.task_box, config.task)
        set_if_changed(self.classes_slider, config.classes)
        self.classes_slider.setVisible(config.task == "gaussians")
        names = losses_for(config.kind)
        current = [self.loss_box.itemData(i) for i in range(self.loss_box.count())]
        if current != list(names):
            with QSignalBlocker(self.loss_box):
                self.loss_box.clear()
                for name in names:
                    self.loss_box.addItem(loss_label(name), name)
        set_if_changed(self.loss_box, config.loss)

    def _on_task_chosen(self, task: str) -> None:
        new = self.session.config.with_task(task)
        self._apply(task=new.task, loss=new.loss)

    def _on_classes_chosen(self, value: float) -> None:
        new = self.session.config.with_classes(int(value))
        self._apply(classes=new.classes, loss=new.loss)

    def _apply(self, **changes) -> None:
        try:
            self.session.update(**changes)
        except ValueError as error:
            self.show_config(self.session.config)
            self._on_error(str(error))

"""The Depth & gradients lab's config: the network, the task, the loss and the optimizer.

Qt-free. :class:`DepthConfig` is a frozen dataclass, the lab's single source of truth; its
:meth:`DepthConfig.validate` raises ``ValueError`` with a message a student can act on. The
helpers here answer the questions every other module asks of a config: what kind of task it is,
which losses fit it, how many outputs the network has, which optimizer it builds.

A *task* is one name: a 2-D classification set of :mod:`explorer.core.datasets` (``circles``,
``xor``, …) or a 1-D target of :mod:`explorer.core.targets` (``sin``, ``runge``, …). The two
registries share no name, so one field says both what the data is and what kind of task it is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from explorer.core import activations, datasets, losses, optimizers, targets
from explorer.core import init as initializers
from explorer.state.checks import check_int, check_name, check_number

DEPTH_MIN, DEPTH_MAX = 1, 64
WIDTH_MIN, WIDTH_MAX = 1, 256
GAIN_MIN, GAIN_MAX = 0.05, 20.0
POINTS_MIN, POINTS_MAX = 20, 1000
NOISE_MAX = 0.5
CLASSES_MIN, CLASSES_MAX = 2, 6
LR_MIN, LR_MAX = 1e-5, 10.0
BATCH_MAX = POINTS_MAX  # 0 means "the whole data set" (full-batch gradient descent)
SEED_MAX = 9999
NORMS = ("none", "batchnorm", "layernorm")

Norm = Literal["none", "batchnorm", "layernorm"]
TaskKind = Literal["regression", "binary", "multiclass"]
LayerView = Literal["preact", "act"]

CLASSIFICATION_TASKS = tuple(datasets.names())
REGRESSION_TASKS = tuple(targets.names())
TASKS = CLASSIFICATION_TASKS + REGRESSION_TASKS
#: the loss a task gets when it is chosen and the current loss does not fit it
DEFAULT_LOSS = {"regression": "mse", "binary": "bce_with_logits", "multiclass": "cross_entropy"}


def task_kind(task: str, classes: int = 2) -> TaskKind:
    """``'regression'`` for a 1-D target; ``'binary'`` or ``'multiclass'`` for a 2-D set."""
    if task in REGRESSION_TASKS:
        return "regression"
    if task not in CLASSIFICATION_TASKS:
        raise ValueError(f"unknown task {task!r}; valid: {', '.join(TASKS)}")
    return "multiclass" if task == "gaussians" and classes > 2 else "binary"


def losses_for(kind: TaskKind) -> tuple[str, ...]:
    """The losses that fit a task kind, the default first.

    Two classes can be scored by one logit (``bce_with_logits``; ``bce`` on σ of it; ``hinge``
    with ±1 targets) or by two logits and a softmax (``cross_entropy``)."""
    if kind == "regression":
        return tuple(losses.names("regression"))
    if kind == "binary":
        return ("bce_with_logits", "bce", "cross_entropy", "hinge")
    return ("cross_entropy",)


def hyper_specs(optimizer: str) -> tuple[optimizers.ParamSpec, ...]:
    """The optimizer's tunable hyper-parameters other than the learning rate."""
    specs = optimizers.optimizer_class(optimizer).param_specs
    return tuple(spec for spec in specs if spec.name != "lr")


@dataclass(frozen=True)
class DepthConfig:
    """Everything the Depth & gradients lab shows and trains; the single source of truth.

    ``gain`` multiplies every initial weight the initializer draws: for the gain-aware
    initializers (xavier, kaiming, orthogonal) it multiplies the activation's recommended gain
    (``torch.nn.init.calculate_gain``); for ``normal`` it is the standard deviation.
    ``hyper`` holds the optimizer's hyper-parameters that differ from torch's defaults, as
    ``(key, value)`` pairs with the keys of ``ParamSpec.key`` (``"momentum"``, ``"betas[1]"``;
    switches are stored as 0.0/1.0). ``batch_size`` 0 is full-batch gradient descent.
    """

    depth: int = 10
    width: int = 32
    activation: str = "sigmoid"
    init: str = "xavier_uniform"
    gain: float = 1.0
    norm: Norm = "none"
    residual: bool = False
    task: str = "circles"
    points: int = 200
    noise: float = 0.1
    classes: int = 3
    loss: str = "bce_with_logits"
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    hyper: tuple[tuple[str, float], ...] = ()
    batch_size: int = 0
    seed: int = 0
    layer_view: LayerView = "preact"  # what the activation strips show: u or a = f(u)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hyper", canonical_hyper(self.optimizer, self.hyper))

    # --- derived facts ---------------------------------------------------------------------------
    @property
    def kind(self) -> TaskKind:
        return task_kind(self.task, self.classes)

    @property
    def n_classes(self) -> int:
        """Number of classes (0 for regression)."""
        if self.kind == "regression":
            return 0
        return self.classes if self.task == "gaussians" else 2

    @property
    def inputs(self) -> int:
        return 1 if self.kind == "regression" else 2

    @property
    def outputs(self) -> int:
        return self.n_classes if self.loss == "cross_entropy" else 1

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.inputs, *([self.width] * self.depth), self.outputs)

    @property
    def norm_or_none(self) -> str | None:
        return None if self.norm == "none" else self.norm

    @property
    def full_batch(self) -> bool:
        return self.batch_size == 0 or self.batch_size >= self.points

    @property
    def effective_batch(self) -> int:
        return self.points if self.full_batch else self.batch_size

    def hyper_value(self, key: str) -> float | bool:
        """The value of hyper-parameter ``key`` (override or torch's default)."""
        for spec in hyper_specs(self.optimizer):
            if spec.key == key:
                value = dict(self.hyper).get(key, spec.default)
                return bool(value) if spec.kind == "bool" else float(value)
        raise ValueError(f"{self.optimizer} has no hyper-parameter {key!r}")

    def optimizer_hyper(self) -> dict:
        """Keyword arguments of ``optimizers.get(self.optimizer, **…)``, lr included."""
        hyper = dict(optimizers.optimizer_class(self.optimizer).defaults)
        for spec in hyper_specs(self.optimizer):
            hyper = spec.apply(hyper, self.hyper_value(spec.key))
        hyper["lr"] = float(self.learning_rate)
        return hyper

    def with_task(self, task: str) -> DepthConfig:
        """This config on another task, with its default loss if the current one does not fit."""
        kind = task_kind(task, self.classes)
        loss = self.loss if self.loss in losses_for(kind) else DEFAULT_LOSS[kind]
        return dataclasses.replace(self, task=task, loss=loss)

    def with_classes(self, classes: int) -> DepthConfig:
        kind = task_kind(self.task, classes)
        loss = self.loss if self.loss in losses_for(kind) else DEFAULT_LOSS[kind]
        return dataclasses.replace(self, classes=classes, loss=loss)

    # --- validation ------------------------------------------------------------------------------
    def validate(self) -> None:
        check_int("depth", self.depth, DEPTH_MIN, DEPTH_MAX)
        check_int("width", self.width, WIDTH_MIN, WIDTH_MAX)
        check_int("points", self.points, POINTS_MIN, POINTS_MAX)
        check_int("classes", self.classes, CLASSES_MIN, CLASSES_MAX)
        check_int("batch size", self.batch_size, 0, BATCH_MAX)
        check_int("seed", self.seed, 0, SEED_MAX)
        check_number("gain", self.gain, GAIN_MIN, GAIN_MAX)
        check_number("noise", self.noise, 0.0, NOISE_MAX)
        check_number("learning rate", self.learning_rate, LR_MIN, LR_MAX)
        check_name("activation", self.activation, activations.names())
        check_name("initializer", self.init, initializers.names())
        check_name("normalization", self.norm, NORMS)
        check_name("task", self.task, TASKS)
        check_name("optimizer", self.optimizer, optimizers.names())
        check_name("layer view", self.layer_view, ("preact", "act"))
        allowed = losses_for(self.kind)
        if self.loss not in allowed:
            raise ValueError(
                f"the loss {self.loss!r} does not fit a {self.kind} task; "
                f"choose one of: {', '.join(allowed)}"
            )
        if self.norm == "batchnorm" and self.effective_batch < 2:
            raise ValueError("BatchNorm needs at least 2 samples per batch: raise the batch size")
        check_hyper_keys(self)
        optimizers.get(self.optimizer, **self.optimizer_hyper())  # torch's own checks


def canonical_hyper(optimizer: str, hyper) -> tuple[tuple[str, float], ...]:
    """Overrides only (a default is dropped), as floats, in the optimizer's spec order.

    Two configs that mean the same are then equal: a slider moved back to its default is no
    extra undo step, and a session file lists only what was changed. Unknown keys are kept
    (``validate`` names them)."""
    try:
        specs = {spec.key: spec for spec in hyper_specs(optimizer)}
    except ValueError:
        specs = {}
    merged = {}
    for key, value in hyper:
        merged[str(key)] = float(value)
    order = list(specs)
    keys = sorted(merged, key=lambda k: order.index(k) if k in order else len(order))
    return tuple(
        (key, merged[key])
        for key in keys
        if key not in specs or merged[key] != float(specs[key].default)
    )


def check_hyper_keys(config: DepthConfig) -> None:
    """ValueError naming a stored hyper-parameter the optimizer does not have."""
    known = {spec.key for spec in hyper_specs(config.optimizer)}
    for key, _value in config.hyper:
        if key not in known:
            raise ValueError(
                f"{config.optimizer} has no hyper-parameter {key!r}; valid: {', '.join(known)}"
            )

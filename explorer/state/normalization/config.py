"""The Normalization lab's config: the network, the norm on show, the clicked cell, training.

Qt-free. :class:`NormalizationConfig` is a frozen dataclass, the lab's single source of truth;
:meth:`~NormalizationConfig.validate` raises ``ValueError`` with a message that names the
setting. The network's choices (depth, width, activation, initializer, data set) are the depth
lab's; the data set is one of its 2-D classification sets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from explorer.core import activations, normalization
from explorer.core import init as initializers
from explorer.state.checks import check_int, check_name, check_number
from explorer.state.depth.config import CLASSIFICATION_TASKS, SEED_MAX

DEPTH_MIN, DEPTH_MAX = 2, 30
WIDTH_MIN, WIDTH_MAX = 4, 64
BATCH_MIN, BATCH_MAX = 2, 64  # rows of the heat map
GROUPS_MAX = 16
LR_MIN, LR_MAX = 1e-4, 10.0
TRAIN_BATCH_MIN, TRAIN_BATCH_MAX = 2, 200
NOISE_BATCH_MIN, NOISE_BATCH_MAX = 1, 128  # 1 shows torch's refusal
MOMENTUM_MIN, MOMENTUM_MAX = 0.01, 1.0
SCALE_MIN, SCALE_MAX = 1.0, 30.0  # the second input's std: κ grows like its square
INPUT_LR_MIN, INPUT_LR_MAX = 1e-3, 1.0
TABS = ("axis", "layers", "breaks", "inputs")

NormName = Literal["batchnorm", "layernorm", "rmsnorm", "groupnorm"]
Tab = Literal["axis", "layers", "breaks", "inputs"]


@dataclass(frozen=True)
class NormalizationConfig:
    """Everything the Normalization lab shows and trains.

    ``row``/``column`` is the clicked cell of the heat map (a sample and a feature of the
    batch); they are clamped into the batch and the width, so a smaller batch keeps a valid
    cell. ``layer`` is clamped to the depth likewise. ``groups`` is GroupNorm's G as asked
    for; :attr:`effective_groups` is the largest divisor of the width not above it (torch
    refuses a G that does not divide the features).
    """

    tab: Tab = "axis"
    # the network every tab uses (the depth lab's choices)
    depth: int = 10
    width: int = 16
    activation: str = "sigmoid"  # saturates: where normalization helps most
    init: str = "xavier_uniform"
    task: str = "circles"
    seed: int = 0
    # which axis
    norm: NormName = "batchnorm"
    layer: int = 3  # the hidden layer whose pre-activations the heat map shows
    batch: int = 16  # 16 samples × 16 features: every cell big enough to click
    groups: int = 4
    row: int = 0
    column: int = 0
    # what it does to every layer
    learning_rate: float = 0.5  # SGD; a deep sigmoid net without a norm barely moves at it
    train_batch: int = 32
    # when it breaks: BatchNorm's batch size and momentum; the unit is the clicked column
    noise_batch: int = 4
    momentum: float = 0.1  # torch's default
    # input scale: x₂'s std, and gradient descent's step on the linear model
    input_scale: float = 3.0  # η·λ_max ≈ 1.8 at η = 0.1: a zig-zag that still converges
    input_lr: float = 0.1

    def __post_init__(self) -> None:
        def clamp(name: str, high: int) -> None:
            value = getattr(self, name)
            if type(value) is int and type(high) is int and value > high:
                object.__setattr__(self, name, max(high, 0))

        clamp("layer", self.depth)
        clamp("row", self.batch - 1 if type(self.batch) is int else 0)
        clamp("column", self.width - 1 if type(self.width) is int else 0)

    @property
    def effective_groups(self) -> int:
        """GroupNorm's G: the largest divisor of the width that is at most ``groups``."""
        return max(g for g in range(1, min(self.groups, self.width) + 1) if self.width % g == 0)

    @property
    def sizes(self) -> tuple[int, ...]:
        """2 inputs, ``depth`` hidden layers of ``width``, 1 logit."""
        return (2, *([self.width] * self.depth), 1)

    def validate(self) -> None:
        check_name("tab", self.tab, TABS)
        check_int("depth", self.depth, DEPTH_MIN, DEPTH_MAX)
        check_int("width", self.width, WIDTH_MIN, WIDTH_MAX)
        check_name("activation", self.activation, activations.names())
        check_name("initializer", self.init, initializers.names())
        check_name("task", self.task, CLASSIFICATION_TASKS)
        check_int("seed", self.seed, 0, SEED_MAX)
        check_name("normalization", self.norm, normalization.names())
        check_int("layer", self.layer, 1, self.depth)
        check_int("batch", self.batch, BATCH_MIN, BATCH_MAX)
        check_int("groups", self.groups, 1, GROUPS_MAX)
        check_int("row", self.row, 0, self.batch - 1)
        check_int("column", self.column, 0, self.width - 1)
        check_number("learning rate", self.learning_rate, LR_MIN, LR_MAX)
        check_int("train batch", self.train_batch, TRAIN_BATCH_MIN, TRAIN_BATCH_MAX)
        check_int("noise batch", self.noise_batch, NOISE_BATCH_MIN, NOISE_BATCH_MAX)
        check_number("momentum", self.momentum, MOMENTUM_MIN, MOMENTUM_MAX)
        check_number("input scale", self.input_scale, SCALE_MIN, SCALE_MAX)
        check_number("input learning rate", self.input_lr, INPUT_LR_MIN, INPUT_LR_MAX)

    def replace(self, **changes) -> NormalizationConfig:
        return dataclasses.replace(self, **changes)


#: the fields that rebuild the network (and restart training)
NET_FIELDS = ("depth", "width", "activation", "init", "task", "seed")
TRAIN_FIELDS = (*NET_FIELDS, "learning_rate", "train_batch")

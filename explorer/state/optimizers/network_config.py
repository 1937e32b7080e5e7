"""The "Same network" tab's settings: limits, the net learning rates, validation. Qt-free.

The optimizers that train the net are the race's ticked ones, with the race's hyper-parameters
(momentum, β₁, β₂, ε, weight decay … mean the same on a net as on a surface) **except the
learning rate**: the race's start values are tuned to Rosenbrock's scale (SGD 0.002, Adagrad
0.5, RAdam 0.002) and would make a net crawl or diverge. So each optimizer has a net learning
rate of its own (``net_lr`` overrides, start values :data:`NET_LR`: each trains the default
net on "circles" well within the default steps, full batch, measured).

The network is the depth lab's kind (its 2-D two-class data sets, its activations and
initializers), small: 2 → width × depth → 1 logit, binary cross-entropy with logits.
"""

from __future__ import annotations

from typing import Any

from explorer.core import activations
from explorer.state.checks import check_int, check_name, check_number
from explorer.state.depth.config import CLASSIFICATION_TASKS, SEED_MAX
from explorer.state.optimizers import entries

WIDTH_MIN, WIDTH_MAX = 2, 64
DEPTH_MIN, DEPTH_MAX = 1, 6
BATCH_MAX = 200  # the data set's points; 0 is the whole set (full-batch gradient descent)
STEPS_MIN, STEPS_MAX = 10, 3000
SPAN_MIN, SPAN_MAX = 0.01, 5.0
LR_MIN, LR_MAX = 1e-5, 10.0
INIT = "xavier_uniform"  # torch's usual choice for tanh/sigmoid nets; fixed: not the topic here
#: each optimizer's start learning rate on the net
NET_LR: dict[str, float] = {
    "sgd": 0.5, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.05, "rmsprop": 0.003,
    "adadelta": 1.0, "adam": 0.01, "adamw": 0.01, "nadam": 0.01, "adamax": 0.02, "radam": 0.01,
}  # fmt: skip


def net_lr(config: Any, entry: str) -> float:
    """Race entry ``entry``'s learning rate on the net (its override, else :data:`NET_LR`)."""
    return float(dict(config.net_lr).get(entry, NET_LR[entry]))


def canonical_lrs(overrides) -> tuple[tuple[str, float], ...]:
    """Last value per entry wins; a value equal to the start value is dropped; table order."""
    merged: dict[str, Any] = {}
    for pair in overrides:
        key, value = pair
        if isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        merged[key] = value
    order = {key: i for i, key in enumerate(NET_LR)}
    keys = sorted(merged, key=lambda k: order.get(k, len(order)) if isinstance(k, str) else 99)
    return tuple((k, merged[k]) for k in keys if NET_LR.get(k) != merged[k])


def net_hyper(config: Any, entry: str) -> dict[str, Any]:
    """The keyword arguments of ``optimizers.get`` for ``entry`` on the net: the race's
    hyper-parameters with the net's learning rate."""
    return {**config.hyper_for(entry), "lr": net_lr(config, entry)}


def check_network(config: Any) -> None:
    """Raise ``ValueError`` naming the first ``net_`` setting out of range."""
    check_name("net task", config.net_task, CLASSIFICATION_TASKS)
    check_int("net width", config.net_width, WIDTH_MIN, WIDTH_MAX)
    check_int("net depth", config.net_depth, DEPTH_MIN, DEPTH_MAX)
    check_name("net activation", config.net_activation, activations.names())
    check_int("net batch", config.net_batch, 0, BATCH_MAX)
    check_int("net steps", config.net_steps, STEPS_MIN, STEPS_MAX)
    check_int("net seed", config.net_seed, 0, SEED_MAX)
    check_number("net span", config.net_span, SPAN_MIN, SPAN_MAX)
    for key, value in config.net_lr:
        if key not in NET_LR:
            raise ValueError(f"net lr: unknown optimizer {key!r}; valid: {', '.join(entries.KEYS)}")
        check_number(f"net lr of {key}", value, LR_MIN, LR_MAX)

"""Training losses with exact gradients, as a registry.

Names, parameters, defaults and the mean reduction follow ``torch.nn.functional`` (PyTorch
2.13); gradients are what autograd returns for the same call. Each loss says which ``task``
it fits ('regression', 'binary', 'multiclass', 'margin')::

    >>> from explorer.core import losses
    >>> loss = losses.get("cross_entropy")
    >>> loss.value(logits, labels)          # float; logits (N, C), labels (N,) ints
    >>> loss.gradient(logits, labels)       # ndarray (N, C), d value / d logits

Bad input raises ``ValueError`` naming the problem (shape mismatch, class index out of range,
probabilities outside [0, 1], margin targets other than ±1, unknown name or parameter).

The margin losses (task 'margin': zero_one, hinge, squared_hinge, soft_margin, exponential) also
give φ(m) and φ′(m) of the margin m = y·s (``of_margin``, ``derivative``); :func:`softmax` takes
a temperature and :func:`cross_entropy` torch's class ``weight``.
"""

from __future__ import annotations

from typing import Any

from explorer.core._params import lookup

from ._base import Loss
from .classification import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, SigmoidFocalLoss
from .margin import (
    ExponentialLoss,
    HingeLoss,
    MarginLoss,
    SoftMarginLoss,
    SquaredHingeLoss,
    ZeroOneLoss,
)
from .regression import HuberLoss, L1Loss, MSELoss, ResidualLoss, SmoothL1Loss
from .softmax import cross_entropy, softmax

_REGISTRY: dict[str, type[Loss]] = {
    cls.name: cls
    for cls in (
        MSELoss, L1Loss, HuberLoss, SmoothL1Loss,
        BCELoss, BCEWithLogitsLoss, SigmoidFocalLoss, CrossEntropyLoss,
        ZeroOneLoss, HingeLoss, SquaredHingeLoss, SoftMarginLoss, ExponentialLoss,
    )
}  # fmt: skip

TASKS = ("regression", "binary", "multiclass", "margin")


def names(task: str | None = None) -> list[str]:
    """Registry keys (regression losses first); only those for ``task`` if given."""
    if task is not None and task not in TASKS:
        raise ValueError(f"unknown task {task!r}; valid tasks: {', '.join(TASKS)}")
    return [n for n, cls in _REGISTRY.items() if task is None or cls.task == task]


def get(name: str, **params: Any) -> Loss:
    """Build the loss ``name`` with hyper-parameters ``params`` (torch keyword names).

    Parameters
    ----------
    name : str
        A key of :func:`names`, e.g. ``"huber"``.
    **params
        Hyper-parameters, e.g. ``delta=0.5``; omitted ones take torch's default.

    Returns
    -------
    Loss

    Raises
    ------
    ValueError
        Unknown name (the message lists valid names), unknown parameter (lists valid ones),
        or an invalid value (says which and why).
    """
    return lookup(_REGISTRY, "loss", name)(**params)


__all__ = [
    "TASKS", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "ExponentialLoss", "HingeLoss",
    "HuberLoss", "L1Loss", "Loss", "MSELoss", "MarginLoss", "ResidualLoss", "SigmoidFocalLoss",
    "SmoothL1Loss", "SoftMarginLoss", "SquaredHingeLoss", "ZeroOneLoss", "cross_entropy", "get",
    "names", "softmax",
]  # fmt: skip

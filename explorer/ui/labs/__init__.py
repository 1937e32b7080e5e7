"""The lab registry, in course order. Adding a lab: one module and one line here."""

from __future__ import annotations

from explorer.ui.labs.activations import ActivationsLab
from explorer.ui.labs.approximation import ApproximationLab
from explorer.ui.labs.base import LabPage
from explorer.ui.labs.coming import coming_lab
from explorer.ui.labs.depth import DepthLab

LABS: list[type[LabPage]] = [
    ApproximationLab,
    ActivationsLab,
    DepthLab,
    coming_lab(
        "normalization", "Normalization", "BatchNorm and LayerNorm keep deep nets trainable."
    ),
    coming_lab("optimizers", "Optimizers", "SGD, momentum, RMSprop and Adam on 2-D loss surfaces."),
    coming_lab(
        "losses", "Loss functions", "MSE, Huber, cross-entropy and hinge, and their gradients."
    ),
]


def lab_keys() -> list[str]:
    return [lab.key for lab in LABS]


def lab_by_key(key: str) -> type[LabPage]:
    for lab in LABS:
        if lab.key == key:
            return lab
    raise ValueError(f"unknown lab {key!r}; choose one of: {', '.join(lab_keys())}")

"""A/B comparison: run "A" pinned with its config, gradient bars and loss curve.

Qt-free. Pinning copies what the plots need (the arrays of a snapshot are read-only already,
so this is cheap) and keeps A's config, so the lab can say how run B differs from it and
whether the comparison is fair (same data, same seed, hence the same initial weights for an
unchanged architecture and the same mini-batches).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from explorer.state.depth.config import DepthConfig
from explorer.state.depth.data import DATA_FIELDS
from explorer.state.depth.probe import ProbeResult

# fields that only change what is displayed, not the run
VIEW_FIELDS = ("layer_view",)
LABELS = {
    "depth": "depth",
    "width": "width",
    "activation": "activation",
    "init": "init",
    "gain": "gain",
    "norm": "normalization",
    "residual": "residual",
    "task": "task",
    "points": "points",
    "noise": "noise",
    "classes": "classes",
    "loss": "loss",
    "optimizer": "optimizer",
    "learning_rate": "lr",
    "hyper": "optimizer settings",
    "batch_size": "batch size",
    "seed": "seed",
}


@dataclass(frozen=True, eq=False)
class PinnedRun:
    """Run A: its config, probe bars and the loss/accuracy curves it had when pinned."""

    config: DepthConfig
    grad_norm: np.ndarray
    ratio: float
    steps: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray | None
    step: int


def pin(config: DepthConfig, probe: ProbeResult, train) -> PinnedRun:
    """Pin the current run (``train`` is its TrainView, or None before the first step)."""
    empty = np.empty(0)
    return PinnedRun(
        config=config,
        grad_norm=probe.grad_norm,
        ratio=probe.ratio(),
        steps=empty if train is None else train.steps,
        loss=empty if train is None else train.loss,
        accuracy=None if train is None else train.accuracy,
        step=0 if train is None else train.step,
    )


def _show(field: str, value) -> str:
    if field == "hyper":
        return ", ".join(f"{k} {v:g}" for k, v in value) or "defaults"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if field == "batch_size" and value == 0:
        return "full"
    return str(value)


def differences(a: DepthConfig, b: DepthConfig) -> list[tuple[str, str, str]]:
    """``(label, A's value, B's value)`` for every run setting that differs."""
    out = []
    for field in dataclasses.fields(DepthConfig):
        name = field.name
        if name in VIEW_FIELDS:
            continue
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb:
            out.append((LABELS.get(name, name), _show(name, va), _show(name, vb)))
    return out


def fairness_warning(a: DepthConfig, b: DepthConfig) -> str | None:
    """Why A and B do not start from the same data (None when they do)."""
    changed = [LABELS[f] for f in DATA_FIELDS if f != "loss" and getattr(a, f) != getattr(b, f)]
    if not changed:
        return None
    return f"A and B differ in {', '.join(changed)}: they do not train on the same data."

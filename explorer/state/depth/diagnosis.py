"""Why training broke: NaN/inf, an exploding loss, or a layer whose units all pass no gradient.

Qt-free. The runner calls :func:`check_step` after every step and :func:`check_dead` after
every batch of steps; a :class:`Diagnosis` pauses training and the UI shows it as a banner with
a one-click remedy. The cause is read from the evidence the run has: the per-layer gradient
norms (at the first step and just before the failure), the learning rate, and the fraction of
dead units per layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from explorer.state.depth.config import LR_MIN, DepthConfig
from explorer.text_format import number, subscript

EXPLODE_FACTOR = 1e3  # a loss this many times the "predict nothing" loss has exploded
GROWTH_ALARM = 1e3  # a layer's gradient norm grown this much since step 1 is exploding
LR_REMEDY_FACTOR = 10.0  # "reset and lower the learning rate" divides it by this
# learning rates above these are "high" for the optimizer family (torch's usual ranges)
HIGH_LR = {"sgd": 1.0, "adagrad": 0.5, "adadelta": 10.0}
HIGH_LR_ADAPTIVE = 0.05  # adam, adamw, nadam, rmsprop: steps of about lr per parameter

Kind = Literal["nan", "exploded", "dead", "limit"]


@dataclass(frozen=True)
class Diagnosis:
    """What happened (``title``), the likely cause (``cause``), and the remedy's new lr."""

    kind: Kind
    step: int
    title: str
    cause: str
    layer: int | None = None  # 1-based hidden layer the cause points at
    suggested_lr: float | None = None


def lowered_lr(lr: float) -> float:
    """The learning rate the remedy sets: ten times lower, within the slider's range."""
    return max(LR_MIN, float(f"{lr / LR_REMEDY_FACTOR:.3g}"))


def lr_is_high(config: DepthConfig) -> bool:
    limit = HIGH_LR.get(config.optimizer, HIGH_LR_ADAPTIVE)
    return config.learning_rate > limit


def _init_cause(config, preact_std) -> tuple[str, int | None]:
    """The loss of the untrained net is already huge: the forward pass explodes."""
    std = np.asarray(preact_std, dtype=np.float64)
    growth = math.nan
    if len(std) > 1 and std[0] > 0 and math.isfinite(std[-1]):
        growth = (std[-1] / std[0]) ** (1 / (len(std) - 1))
    per_layer = f" (≈ ×{number(growth)} per layer)" if math.isfinite(growth) else ""
    return (
        f"the untrained net's outputs are already enormous: the initialization ({config.init}, "
        f"gain {config.gain:g}) makes the activations grow from layer to layer{per_layer}, and "
        "the gradients with them. Use a variance-preserving init (Kaiming for ReLU, Xavier for "
        "tanh/sigmoid), a smaller gain or normalization.",
        1,
    )


def _explosion_cause(config, first_norms, last_norms, step) -> tuple[str, int | None]:
    """Point at the layer whose gradient grew most, or at the initialization or the lr."""
    first = np.asarray(first_norms, dtype=np.float64)
    last = np.asarray(last_norms, dtype=np.float64)
    with np.errstate(all="ignore"):
        growth = np.where(first > 0, last / first, np.inf)
        ratio_at_init = first[0] / first[-1] if first[-1] > 0 else math.inf
    if len(first) > 1 and ratio_at_init > GROWTH_ALARM:
        return (
            f"exploding gradients from the initialization: at step 1, ‖∂L/∂W₁‖ was already "
            f"{number(ratio_at_init)}× the last layer's — each layer multiplies the gradient by "
            f"≈ {number(ratio_at_init ** (1 / (len(first) - 1)))}. Use a smaller gain or a "
            f"variance-preserving init (Xavier, Kaiming).",
            1,
        )
    finite = np.where(np.isfinite(growth), growth, np.inf)
    layer = int(np.argmax(finite)) + 1
    if len(first) and finite[layer - 1] > GROWTH_ALARM:
        return (
            f"exploding gradients at layer {layer}: ‖∂L/∂W{subscript(layer)}‖ grew "
            f"{number(float(finite[layer - 1]))}× since step 1 — each update made the next "
            f"gradient larger. The learning rate {number(config.learning_rate)} is too high for "
            "this network.",
            layer,
        )
    if lr_is_high(config):
        return (f"the learning rate {number(config.learning_rate)} is too high for "
                f"{config.optimizer}: one step overshoots the minimum.", None)  # fmt: skip
    return ("a step overshot: the learning rate is too high for this network at this "
            "depth.", None)  # fmt: skip


def check_step(
    config, step, loss, reference, first_norms, last_norms, grads_finite=True, preact_std=None
) -> Diagnosis | None:
    """A diagnosis if the loss of step ``step`` (1-based) is NaN/inf or exploded, or its
    gradient is not finite.

    ``reference`` is the loss of the "predict nothing" output (the chance level);
    ``first_norms``/``last_norms`` the per-layer gradient norms of step 1 and of the last
    finite step; ``preact_std`` (per layer) explains a failure at step 1, before any update."""
    exploded = not math.isfinite(loss) or loss > EXPLODE_FACTOR * max(reference, 1e-3)
    if grads_finite and not exploded:
        return None
    if not exploded:
        title = f"The gradient became infinite at step {step}: training is paused."
        kind: Kind = "nan"
    elif not math.isfinite(loss):
        title = f"The loss became {number(loss)} at step {step}: training is paused."
        kind = "nan"
    else:
        title = (f"The loss exploded to {number(loss)} at step {step} (predicting nothing gives "
                 f"{number(reference)}): training is paused.")  # fmt: skip
        kind = "exploded"
    if step == 1 and preact_std is not None:
        cause, layer = _init_cause(config, preact_std)
        return Diagnosis(kind, step, title, "Likely cause: " + cause, layer, None)
    cause, layer = _explosion_cause(config, first_norms, last_norms, step)
    return Diagnosis(kind, step, title, "Likely cause: " + cause, layer,
                     lowered_lr(config.learning_rate))  # fmt: skip


def check_dead(config, step, frac_dead, max_abs_derivative: float) -> Diagnosis | None:
    """A diagnosis if some hidden layer has every unit dead (f′ = 0 for every point)."""
    dead = [i for i, fraction in enumerate(frac_dead) if fraction >= 1.0]
    if not dead:
        return None
    layer = dead[-1] + 1  # the highest fully dead layer blocks the gradient of all below it
    if max_abs_derivative == 0:
        cause = (
            f"{config.activation}'s derivative is 0 everywhere, so no gradient reaches any "
            "weight: gradient descent cannot train it (the perceptron used another rule)."
        )
        return Diagnosis("dead", step, "No gradient flows: training is paused.",
                         "Likely cause: " + cause, layer, None)  # fmt: skip
    blocked = f"no gradient reaches layers 1–{layer}" if layer > 1 else "layer 1 cannot learn"
    head = (f"all units of layer {layer} are dead: f′ = 0 for every training point, so its "
            f"output is constant and {blocked}.")  # fmt: skip
    if step <= 1:
        cause = head + " The initialization left them there (e.g. zero weights put u = 0)."
        return Diagnosis("dead", step, "No gradient flows from the start: training is paused.",
                         "Likely cause: " + cause, layer, None)  # fmt: skip
    cause = head + " A too-large step pushed their pre-activations into f′ = 0: the learning "
    cause += "rate is too high."
    return Diagnosis("dead", step, f"Training stalled at step {step}: training is paused.",
                     "Likely cause: " + cause, layer, lowered_lr(config.learning_rate))  # fmt: skip


def step_limit(step: int) -> Diagnosis:
    return Diagnosis("limit", step, f"Stopped after {step:,} steps.",
                     "Press Restart (or change a setting) to train again.")  # fmt: skip

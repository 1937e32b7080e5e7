"""What one update of the selected optimizer is made of, as vectors on the surface. Qt-free.

Every rule of the race starts from the gradient g. The momentum methods step along a running
sum b of gradients; the Adam family along the bias-corrected first moment m/(1 − β₁ᵗ);
the adaptive methods then scale each coordinate by its own factor (Adam's
1/(√(v/(1 − β₂ᵗ)) + ε),
Adagrad's 1/(√s + ε), …). :func:`step_parts` splits the update θₜ − θₜ₋₁ into those parts:

- ``plain`` = −γg, what plain SGD would do at this point (the reference);
- ``direction`` = −γb (−γμb for Nesterov, whose update is −γg − γμb) or −γm/(1 − β₁ᵗ), the
  direction
  the method's memory points to (None for methods without one);
- ``scale`` = the per-coordinate factor that turns the base step (``direction``, or −γg for
  Adagrad, RMSprop and Adadelta) into the update: updateᵢ / baseᵢ. For Adam, Adagrad and
  RMSprop with their defaults it equals the factor of the rule exactly; for NAdam, RAdam,
  AdamW and Adadelta it is the factor in effect (their rule mixes in more terms), and the notes
  say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.state.optimizers.race import StepDetail

Vector = tuple[float, float]
#: the adaptive methods' per-coordinate factor, in the notes' notation
SCALE_FORMULAS = {
    "adagrad": "1/(√s + ε)",
    "rmsprop": "1/(√v + ε)",
    "adadelta": "√(u + ε)/√(v + ε)",
    "adam": "1/(√(v/(1 − β₂ᵗ)) + ε)",
    "adamw": "1/(√(v/(1 − β₂ᵗ)) + ε), with the decay −γλθ",
    "nadam": "1/(√(v/(1 − β₂ᵗ)) + ε), with NAdam's look-ahead",
    "adamax": "1/u",
    "radam": "rₜ/(√(v/(1 − β₂ᵗ)) + ε) once rectified, 1 before",
}
#: whose factor is the rule's own (else: the factor in effect)
EXACT_SCALE = frozenset({"adagrad", "rmsprop", "adam", "adamax"})


@dataclass(frozen=True)
class StepParts:
    """One update split into parts (vectors in θ's plane, from θₜ₋₁)."""

    entry: str
    detail: StepDetail  # the step: θₜ₋₁ (where every part starts), g, γ, the state
    plain: Vector  # −γg
    direction: Vector | None  # −γb, −γμb (Nesterov) or −γm/(1 − β₁ᵗ)
    direction_label: str  # "−γb", "−γμb", "−γm/(1 − β₁ᵗ)" ("" without a direction)
    scale: Vector | None  # the per-coordinate factor of an adaptive method
    update: Vector  # θₜ − θₜ₋₁

    @property
    def scale_formula(self) -> str:
        return SCALE_FORMULAS.get(self.entry, "")

    @property
    def exact_scale(self) -> bool:
        return self.entry in EXACT_SCALE

    @property
    def tail_to_tip(self) -> bool:
        """The parts add up: Nesterov's −γg and −γμb drawn one after the other."""
        return self.direction_label == "−γμb"


def _times(factor: float, vector: Vector) -> Vector:
    return (factor * vector[0], factor * vector[1])


def _ratio(update: Vector, base: Vector) -> Vector:
    return tuple(u / b if b != 0 else math.nan for u, b in zip(update, base, strict=True))


def step_parts(entry: str, hyper: dict, detail: StepDetail) -> StepParts:
    """The parts of ``detail``'s update for race entry ``entry`` run with ``hyper`` (the
    keyword arguments it was built with: ``momentum``, ``betas``, ``maximize``, …)."""
    lr, state, t = detail.lr, detail.state, detail.step
    sign = 1.0 if hyper.get("maximize") else -1.0
    plain = _times(sign * lr, detail.gradient)
    direction, label, base = None, "", plain
    if "momentum_buffer" in state:
        b = state["momentum_buffer"]
        if hyper.get("nesterov"):
            direction, label = _times(sign * lr * hyper["momentum"], b), "−γμb"
        else:
            direction, label = _times(sign * lr, b), "−γb"
        base = direction
    elif "exp_avg" in state:
        beta1 = hyper["betas"][0]
        direction = _times(sign * lr / (1.0 - beta1**t), state["exp_avg"])
        label = "−γm/(1 − β₁ᵗ)"
        base = direction
    scale = _ratio(detail.move, base) if entry in SCALE_FORMULAS else None
    return StepParts(entry, detail, plain, direction, label, scale, detail.move)

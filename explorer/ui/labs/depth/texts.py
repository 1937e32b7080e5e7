"""The notes ("What you are seeing") and the status line, with the live numbers."""

from __future__ import annotations

import math

import numpy as np

from explorer.core import activations
from explorer.state.depth.data import PROBE_POINTS
from explorer.state.depth.session import DepthSnapshot
from explorer.text_format import NO_VALUE, number, percent, subscript


def per_layer_factor(ratio: float, depth: int) -> float:
    """The geometric-mean factor per layer that gives ``ratio`` over depth − 1 layers."""
    if depth < 2 or not (ratio > 0 and math.isfinite(ratio)):
        return math.nan
    return ratio ** (1.0 / (depth - 1))


def _activation_sentence(snapshot: DepthSnapshot) -> str:
    config = snapshot.config
    act = activations.get(config.activation)
    mean_d = snapshot.probe.mean_abs_derivative
    typical = number(float(np.nanmean(mean_d))) if mean_d is not None and mean_d.size else NO_VALUE
    top = act.max_abs_derivative
    if config.activation == "sigmoid":
        head = "σ′(u) = σ(u)(1 − σ(u)) ≤ 0.25: every sigmoid layer multiplies the gradient by a "
        head += "quarter at best"
    elif top == 0:
        head = f"{act.display_name}'s derivative is 0 everywhere: no gradient passes at all"
    elif config.activation in ("relu", "leaky_relu", "relu6"):
        head = (
            f"{act.display_name}′ is 1 where the unit is on, so the factors are set by the "
            "weights; Kaiming's gain √2 makes up for the half of the units that are off"
        )
    else:
        head = f"|{act.display_name}′| ≤ {number(top)}"
    return f"{head}; in this net the mean |f′(u)| is {typical}."


def notes_parts(snapshot: DepthSnapshot) -> tuple[str, str]:
    """The notes as (argument, live numbers): the argument changes with the depth only, so
    the window lays out the short numbers part alone on most changes (see ``notes.LIVE``)."""
    config, probe = snapshot.config, snapshot.probe
    depth = probe.depth
    ratio = probe.ratio()
    factor = per_layer_factor(ratio, depth)
    d = subscript(depth)
    argument = (
        "<b>Why the early layers stop learning.</b> Back-propagation multiplies one factor per "
        f"layer: δₗ = f′(uₗ) ⊙ (Wₗ₊₁ᵀ δₗ₊₁) and ∂L/∂Wₗ = hₗ₋₁ δₗᵀ, so the gradient that reaches "
        f"layer 1 has passed through {depth - 1} factors diag(f′)·Wᵀ. "
        f"<br><i>Bars: one forward/backward pass of {PROBE_POINTS} probe points through the "
        "untrained net (float64), recomputed on every change.</i>"
    )
    live = ""
    if depth > 1 and math.isfinite(factor):
        live += (f"Here they scale it by ≈ <b>×{number(factor)} per layer</b>, so "
                 f"‖∂L/∂W₁‖ / ‖∂L/∂W{d}‖ = {number(factor)}<sup>{depth - 1}</sup> ≈ "
                 f"<b>{number(ratio)}</b>. ")  # fmt: skip
    live += _activation_sentence(snapshot)
    if config.norm != "none":
        live += " The normalization rescales every layer's pre-activations to mean 0, std 1, "
        live += "keeping units out of the saturated tails."
    if config.residual:
        live += " Residual connections add an identity path: δₗ gets δₗ₊₁ unchanged plus the "
        live += "layer's factor, so the product cannot shrink to nothing."
    return argument, live


def notes_html(snapshot: DepthSnapshot) -> str:
    """The notes' text as shown (the argument, then the live numbers)."""
    return "".join(notes_parts(snapshot))


def status_text(snapshot: DepthSnapshot) -> str:
    config, probe = snapshot.config, snapshot.probe
    parts = [f"depth {config.depth} × width {config.width}, {config.activation}, {config.init}"]
    if probe.depth > 1:
        parts.append(f"‖∂L/∂W₁‖/‖∂L/∂W{subscript(probe.depth)}‖ = {number(probe.ratio())}")
    train = snapshot.train
    if train is not None:
        parts.append(f"step {train.step}")
        if train.loss.size:
            parts.append(f"loss {number(float(train.loss[-1]))}")
        if train.full_accuracy is not None:
            parts.append(f"accuracy {percent(train.full_accuracy)} on all points")
        dead = float(np.max(train.layers.frac_dead)) if train.layers.depth else 0.0
        if dead > 0:
            parts.append(f"up to {percent(dead)} dead units")
    return " · ".join(parts)

"""The words of the Optimizers lab: the notes ("What you are seeing") and the status line.

Both are written from the snapshot on screen: the selected optimizer's update rule (torch's),
its numbers at the step on show, and how the ticked runs ended.
"""

from __future__ import annotations

import numpy as np

from explorer.state.optimizers import entries
from explorer.state.optimizers.race import Run
from explorer.state.optimizers.session import RaceSnapshot
from explorer.state.optimizers.step_parts import StepParts
from explorer.text_format import number

#: torch's update rules in the notes' notation (g the gradient, γ the lr, t the step)
RULES = {
    "sgd": "θ ← θ − γ g",
    "momentum": "b ← μ b + (1 − τ) g,  θ ← θ − γ b",
    "nesterov": "b ← μ b + g,  θ ← θ − γ (g + μ b)",
    "adagrad": "s ← s + g²,  θ ← θ − γ g / (√s + ε)",
    "rmsprop": "v ← α v + (1 − α) g²,  θ ← θ − γ g / (√v + ε)",
    "adadelta": "v ← ρv + (1 − ρ)g²,  Δ = √(u + ε)/√(v + ε)·g,  u ← ρu + (1 − ρ)Δ²,  θ ← θ − γΔ",
    "adam": "m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  "
    "θ ← θ − γ/(1 − β₁ᵗ) · m / (√(v/(1 − β₂ᵗ)) + ε)",
    "adamw": "θ ← θ(1 − γλ), then Adam's step θ ← θ − γ/(1 − β₁ᵗ) · m / (√(v/(1 − β₂ᵗ)) + ε)",
    "nadam": "Adam's m and v, with a Nesterov look-ahead: the step mixes the next momentum "
    "μₜ₊₁·m and the current gradient (1 − μₜ)·g, both over √(v/(1 − β₂ᵗ)) + ε",
    "adamax": "m ← β₁m + (1 − β₁)g,  u ← max(β₂u, |g| + ε),  θ ← θ − γ/(1 − β₁ᵗ) · m/u",
    "radam": "Adam's m and v; while ρₜ ≤ 5 (the first steps) θ ← θ − γ m/(1 − β₁ᵗ), then "
    "Adam's step times the rectification rₜ",
}
WHY = {
    "sgd": "Plain gradient descent steps straight downhill: across a narrow valley it "
    "zig-zags, along a flat floor it crawls, and above lr = 2/(largest curvature) it diverges.",
    "momentum": "Momentum keeps a running sum of past gradients: the zig-zag across a "
    "valley cancels, the steady pull along it adds up (up to 1/(1 − μ) times).",
    "nesterov": "Nesterov momentum looks one step ahead before it adds the gradient, so it "
    "brakes earlier when the valley turns.",
    "adagrad": "Adagrad divides every coordinate by the root of its summed squared "
    "gradients: steep directions get small steps, flat ones large, but the sum only grows, so "
    "steps shrink for ever.",
    "rmsprop": "RMSprop forgets old gradients (α): the per-coordinate scale follows the "
    "recent gradient size, so steps do not die out as in Adagrad.",
    "adadelta": "Adadelta sizes steps by the ratio of recent step sizes to recent gradient "
    "sizes: no learning rate to tune in theory (lr = 1), slow to start.",
    "adam": "Adam combines momentum (m) with RMSprop's per-coordinate scale (v), both "
    "bias-corrected: early steps are about γ long in each coordinate, whatever the "
    "gradient's size.",
    "adamw": "AdamW is Adam with decoupled weight decay: θ shrinks by γλ each step, pulling "
    "the path towards the origin.",
    "nadam": "NAdam applies Nesterov's look-ahead to Adam's momentum.",
    "adamax": "Adamax replaces Adam's root mean square by a decaying maximum of |g|: the "
    "scale never shrinks faster than β₂ per step.",
    "radam": "RAdam does not trust v while it has seen few gradients: its first steps are "
    "plain momentum steps (they can overshoot on a steep surface), then it rectifies Adam's step.",
}


def _gradient_norm(snapshot: RaceSnapshot, point: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        return float(np.linalg.norm(snapshot.surface.gradient(point)))


def _run_line(run: Run, snapshot: RaceSnapshot) -> str:
    index = run.at(snapshot.step)
    x, y = run.path[index]
    gap = run.loss[index] - (snapshot.minimum_value or 0.0)
    label = "f − f*" if snapshot.minimum_value is not None else "f"
    text = f"θ = ({number(x)}, {number(y)}), {label} = {number(gap)}"
    if run.distance is not None:
        text += f", ‖θ − θ*‖ = {number(run.distance[index])}"
    return text


def _pair(values) -> str:
    return f"({number(values[0])}, {number(values[1])})"


def step_html(parts: StepParts) -> str:
    """What the update on show is made of, with the arrows' meaning."""
    detail = parts.detail
    state = ", ".join(f"{key} = {_pair(value)}" for key, value in detail.state.items())
    text = (f"<b>What step {detail.step} does</b> (arrows at the dot, scaled alike): it moves "
            f"θ by {_pair(parts.update)} (solid arrow); plain SGD would move −γg = "
            f"{_pair(parts.plain)} (grey dashed), with g = {_pair(detail.gradient)}, γ = "
            f"{number(detail.lr)}.")  # fmt: skip
    if parts.direction_label == "−γμb":
        text += (f" Nesterov adds −γμb = {_pair(parts.direction)} (dashed, from the tip of "
                 "−γg): the momentum buffer b looks one step ahead.")  # fmt: skip
    elif parts.direction_label == "−γb":
        text += (f" It steps along −γb = {_pair(parts.direction)}: the momentum buffer b, "
                 "a running sum of past gradients, not g.")  # fmt: skip
    elif parts.direction is not None:
        text += (f" Its direction is −γm/(1 − β₁ᵗ) = {_pair(parts.direction)} (dashed): the "
                 "first moment m, bias-corrected.")  # fmt: skip
    if parts.scale is not None:
        base = "that direction" if parts.direction is not None else "−γg"
        kind = "its rule's" if parts.exact_scale else "in effect"
        text += (f" The per-coordinate scale ({kind}, {parts.scale_formula}) multiplies "
                 f"{base} by {_pair(parts.scale)}: each coordinate has its own step.")  # fmt: skip
    return text + (f" The state after it: {state}." if state else "")


def notes_html(snapshot: RaceSnapshot, step: StepParts | None = None) -> str:
    config = snapshot.config
    entry = entries.entry(config.selected)
    run = snapshot.selected
    surface = snapshot.surface
    parts = [f"<b>{surface.display_name}</b>. "
             f"Every ticked optimizer starts at the cross and makes {config.steps} updates "
             f"with torch.optim's rule; step {snapshot.step} is on show."]  # fmt: skip
    parts.append(f"<b>{entry.label}</b>: {RULES[entry.key]}. {WHY[entry.key]}")
    if run is None:
        parts.append(f"{entry.label} is not ticked: tick it to race it.")
    else:
        index = run.at(snapshot.step)
        point = run.path[index]
        hyper = ", ".join(
            f"{spec.label or spec.name} = {number(spec.read(run.hyper))}"
            for spec in entry.specs
            if spec.kind == "float"
        )
        grad = _gradient_norm(snapshot, point)
        parts.append(f"Now ({hyper}): {_run_line(run, snapshot)}, ‖∇f‖ = {number(grad)}.")
        if step is not None:
            parts.append(step_html(step))
        if run.exploded:
            how = (f"stopped after {len(run.path) - 1} steps (f or its gradient overflowed)"
                   if run.diverged else "grows without bound")  # fmt: skip
            parts.append(f"<span style='color:#B00020'>{entry.label} diverged: it {how}; "
                         "its learning rate is too large for this surface's curvature."
                         "</span>")  # fmt: skip
    if config.noise > 0:
        parts.append(f"Each gradient has Gaussian noise σ = {number(config.noise)} added "
                     f"(seed {config.seed}): momentum and Adam average it out.")  # fmt: skip
    if config.schedule != "constant":
        parts.append(f"The learning rate follows {config.make_schedule().display_name} "
                     "(small plot, bottom right).")  # fmt: skip
    if snapshot.estimated_minimum:
        x, y = snapshot.minima[0]
        parts.append(f"For your f the minimum is not known: f* and θ* are the lowest point of "
                     f"the map's grid, ({number(x)}, {number(y)}).")  # fmt: skip
    elif config.surface == "quadratic":
        kappa = surface.params["condition_number"]
        parts.append(f"κ = {number(kappa)}: the Hessian's eigenvalues are 1 and κ, so plain "
                     f"gradient descent needs lr < 2/κ = {number(2 / kappa)} and then "
                     f"shrinks the flat direction only by 1 − lr per step.")  # fmt: skip
    if snapshot.minimum_value is None:
        parts.append("The saddle has no minimum: the loss and distance plots stay empty; "
                     "watch which optimizers escape along y.")  # fmt: skip
    return "<p>" + "</p><p>".join(parts) + "</p>"


def status_text(snapshot: RaceSnapshot) -> str:
    runs = snapshot.runs
    if not runs:
        return "No optimizer ticked: tick some in the list on the left"
    diverged = [run.label for run in runs if run.exploded]
    best = None
    if snapshot.minimum_value is not None:
        finite = [r for r in runs if not r.exploded]
        if finite:
            best = min(finite, key=lambda r: r.loss[r.at(snapshot.step)])
    text = f"step {snapshot.step} of {snapshot.config.steps} · {len(runs)} optimizers"
    if best is not None:
        gap = best.loss[best.at(snapshot.step)] - snapshot.minimum_value
        text += f" · lowest: {best.label} (f − f* = {number(gap)})"
    if diverged:
        text += f" · diverged: {', '.join(diverged)}"
    return text

"""The words of the approximation lab: the notes' argument with live numbers, the status line."""

from __future__ import annotations

import html

from explorer.core import activations, optimizers
from explorer.state.approximation.network import describe_neuron
from explorer.state.approximation.snapshot import ApproximationSnapshot
from explorer.text_format import MINUS, fixed, number, percent
from explorer.ui import theme
from explorer.ui.labs.approximation.palette import neuron_colour
from explorer.ui.notes import LIVE

SHOWN_TERMS = 4  # the formula lists this many neurons, then "…"

BUILD = (
    "<b>Each hidden neuron is a smooth step.</b> σ(wᵢx + bᵢ) climbs from 0 to 1 around "
    "x = −bᵢ/wᵢ; wᵢ sets how steep, vᵢ how high (a negative vᵢ steps down). Two opposite steps "
    "make a bump, and bumps side by side can trace any continuous f to any accuracy: the "
    "universal approximation theorem (Cybenko 1989, Hornik 1991). Thin lines: each vᵢσ(wᵢx + bᵢ); "
    "thick: their sum. <i>Greedy next</i> adds the step that best fills what is still missing."
)
TOWERS = (
    "<b>Step units build towers.</b> A step rises at x = −bᵢ/wᵢ; a step up followed by a step "
    "down of the same height is a tower (Nielsen, <i>Neural Networks and Deep Learning</i>, "
    "ch. 4). Narrow towers side by side make a staircase that follows any f: the more towers, "
    "the finer the staircase."
)
GRADIENT = (
    "<b>Training moves all {count} numbers at once.</b> Each step computes the loss on the "
    "{points} points, its gradient by backpropagation, and {optimizer} (learning rate {lr}) moves "
    "every wᵢ, bᵢ, vᵢ and c a little downhill. Watch the steps slide and stretch into place."
)
STEP_UNITS_DO_NOT_TRAIN = (
    " <b>Step units have zero derivative</b>, so gradients cannot move wᵢ or bᵢ: only vᵢ and c "
    "learn. Use least squares, or build it by hand."
)
LSTSQ = (
    "<b>Least squares: random hidden units, exact output weights.</b> The wᵢ, bᵢ are drawn at "
    "random (seed {seed}): steps at random places with random steepness. With them fixed, ŷ is "
    "linear in the vᵢ and c, so the best ones solve a linear least-squares problem in one go. "
    "Drag N: more random steps, smaller error; the error-vs-N plot shows the whole curve."
)
XOR = (
    "<b>Why a hidden layer at all?</b> Without one the network is a single weighted sum: a "
    "straight line through the plane, which cannot separate XOR. The panel below trains both."
)


def formula_html(snapshot: ApproximationSnapshot) -> str:
    """ŷ = 1.20·σ(2.0x − 1.3) − 0.50·σ(−4.1x + 0.2) + … + 0.10, terms in their neurons' colours."""
    symbol = "H" if snapshot.config.activation == "step" else "σ"
    text = "ŷ = "
    for i, (w, b, v) in enumerate(snapshot.neurons[:SHOWN_TERMS]):
        inner = describe_neuron((w, b, abs(v)), symbol)
        sign = (MINUS if v < 0 else "") if i == 0 else (f" {MINUS} " if v < 0 else " + ")
        colour = neuron_colour(i).name()
        text += f"{sign}<span style='color:{colour}'>{inner}</span>"
    more = snapshot.n_hidden - SHOWN_TERMS
    if more > 0:
        text += f" + … ({more} more)"
    c = snapshot.output_bias
    return text + f" {MINUS if c < 0 else '+'} {fixed(abs(c), 2)}"


def _numbers(snapshot: ApproximationSnapshot, reference: float) -> str:
    n = snapshot.n_hidden
    text = (
        f"With N = {n}: MSE <b>{number(snapshot.mse)}</b> on the {snapshot.data.x.size} points, "
        f"max |error| {number(snapshot.max_error)}"
    )
    if reference == reference:  # not NaN
        text += f"; least squares with {n} random units reaches {number(reference)}"
    return text + "."


def notes_html(snapshot: ApproximationSnapshot, reference: float = float("nan")) -> str:
    """The notes for the snapshot's view, formula and live numbers included."""
    config = snapshot.config
    if config.mode == "xor":
        return XOR
    if snapshot.source == "build":
        lead = TOWERS if config.activation == "step" else BUILD
    elif snapshot.source == "lstsq":
        lead = LSTSQ.format(seed=config.seed)
    else:
        lead = GRADIENT.format(
            count=3 * snapshot.n_hidden + 1,
            points=snapshot.data.x.size,
            optimizer=optimizers.optimizer_class(config.optimizer).display_name,
            lr=f"{config.learning_rate:g}",
        )
        if activations.get(config.activation).max_abs_derivative == 0:
            lead += STEP_UNITS_DO_NOT_TRAIN
    parts = [f"<span style='font-size:large'>{formula_html(snapshot)}</span>"]
    numbers = _numbers(snapshot, reference)
    if snapshot.source == "gradient":
        numbers = f"Step {snapshot.steps:,}. " + numbers
    parts.append(numbers)
    if snapshot.diverged:
        message = html.escape(snapshot.diverged)
        parts.append(f"<span style='color:{theme.ERROR_COLOUR}'><b>{message}</b></span>")
    return lead + LIVE + "<br>".join(parts)  # the numbers below the argument, laid out alone


def status_text(snapshot: ApproximationSnapshot) -> str:
    """One line for the window's status bar."""
    config = snapshot.config
    if snapshot.diverged:
        return snapshot.diverged
    head = {"build": "Build", "lstsq": "Least squares", "gradient": "Training"}[snapshot.source]
    parts = [f"{head} · N = {snapshot.n_hidden}"]
    if snapshot.source == "gradient":
        name = optimizers.optimizer_class(config.optimizer).display_name
        parts.append(f"{name}, lr {config.learning_rate:g} · step {snapshot.steps:,}")
    parts.append(f"MSE {number(snapshot.mse)} · max |error| {number(snapshot.max_error)}")
    return " · ".join(parts)


def searching_text(progress: float, candidates: int) -> str:
    """The status line's lead while "Greedy next" scores its candidates in slices."""
    return (
        f"Greedy next: scoring {candidates} candidate steps against what is still missing "
        f"({percent(progress)} done)"
    )


def training_state(snapshot: ApproximationSnapshot) -> str:
    """The fit panel's one-liner: where training stands."""
    if snapshot.source == "lstsq":
        return f"Solved exactly for N = {snapshot.n_hidden}: MSE {number(snapshot.mse)}"
    return f"Step {snapshot.steps:,} · MSE {number(snapshot.mse)}"

"""The Normalization lab's words: the notes ("What you are seeing"), the formula card with the
clicked cell's numbers, and the status line. Every number goes through ``text_format``."""

from __future__ import annotations

import math

import numpy as np

from explorer.core.normalization import TITLES
from explorer.state.normalization.axis import AxisView
from explorer.state.normalization.breaks import ACCURACY_WINDOW, BatchNoise, EvalGapView
from explorer.state.normalization.inputs import InputScaleView, Problem
from explorer.state.normalization.lr_sweep import SWEEP_STEPS, SweepView
from explorer.state.normalization.session import NormalizationSnapshot
from explorer.state.normalization.variants import VARIANTS, VariantsView
from explorer.text_format import number, percent
from explorer.ui.notes import LIVE

VARIANT_TITLES = {"none": "no norm", **TITLES}

GROUP_WORDS = {
    "batchnorm": "feature j over the {count} samples (a column)",
    "layernorm": "sample i over its {count} features (a row)",
    "rmsnorm": "sample i over its {count} features (a row)",
    "groupnorm": "sample i, the {count} features of its group (G = {groups})",
}


def group_sentence(view: AxisView) -> str:
    return GROUP_WORDS[view.norm].format(count=view.count, groups=view.groups)


def formula_html(view: AxisView) -> str:
    """The clicked cell's normalization as a formula with its numbers (five short lines)."""
    cell = f"z<sub>{view.row},{view.column}</sub>"
    head = (f"<b>{TITLES[view.norm]}</b>, cell (i = {view.row}, j = {view.column})<br>"
            f"group: {group_sentence(view)}<br>")  # fmt: skip
    eps = number(view.eps, 2)
    if view.norm == "rmsnorm":
        return head + (
            f"rms = √(mean z² + ε) = <b>{number(view.denominator)}</b> (no mean taken)<br>"
            f"ẑ = {cell} / rms<br>"
            f"&nbsp;&nbsp;= {number(view.value)} / {number(view.denominator)} = "
            f"<b>{number(view.normalized)}</b>"
        )
    return head + (
        f"μ = <b>{number(view.mean)}</b>, σ = <b>{number(view.std)}</b> "
        f"(biased: ÷ {view.count})<br>"
        f"ẑ = ({cell} − μ) / √(σ² + ε)<br>"
        f"&nbsp;&nbsp;= ({number(view.value)} − {number(view.mean)}) / "
        f"√({number(view.var)} + {eps}) = <b>{number(view.normalized)}</b>"
    )


def _axis_notes(view: AxisView) -> tuple[str, str]:
    """(the argument, the numbers): see :func:`notes_html`."""
    if view.norm == "batchnorm":
        what = (
            "BatchNorm normalizes each <b>feature across the batch</b>: a column. Its μ and σ "
            "depend on which other samples share the batch, so a sample's output changes with "
            "its batch mates, and at test time the running averages stand in for them."
        )
    elif view.norm == "layernorm":
        what = (
            "LayerNorm normalizes each <b>sample across its features</b>: a row. It needs no "
            "batch at all, and training and eval compute the same thing."
        )
    elif view.norm == "rmsnorm":
        what = (
            "RMSNorm divides each <b>row</b> by its root mean square and does not subtract the "
            "mean: LayerNorm without the centring (and without a bias)."
        )
    if view.norm == "batchnorm" and view.z.shape[0] == 2:
        what += (
            " With 2 samples a feature's two values are μ ± σ, so ẑ is ±1 whatever they are: "
            "the output carries only which sample is larger, and no gradient passes back."
        )
    if view.norm == "groupnorm":
        what = (
            "GroupNorm splits each row into G groups of features and normalizes each group: "
            "LayerNorm is G = 1."
        )
    lead = (
        "<b>Which axis.</b> The heat map is a real batch: the pre-activations z of a hidden "
        "layer of the untrained net, samples × features. Click a cell: the outlined, unfaded "
        f"cells are the ones it is normalized with. {what} ε (torch's default 1e−05) keeps the "
        "division finite when σ is 0."
    )
    live = (
        f"Hidden layer {view.layer}, {view.z.shape[0]} samples × {view.z.shape[1]} features; "
        f"cell ({view.row}, {view.column}): {group_sentence(view)}, ε = {number(view.eps, 2)}."
    )
    if view.norm == "rmsnorm":
        live += (
            f" This row's mean is {number(float(view.z[view.mask].mean()))} and stays: after "
            f"the norm it is {number(float(view.out[view.mask].mean()))}, where LayerNorm "
            "would give 0."
        )
    return lead, live


VARIANTS_ARGUMENT = (
    "<b>Every layer.</b> The same net four times, from the same initial weights and on the "
    "same batches: without a norm, and with BatchNorm, LayerNorm or RMSNorm after every "
    "hidden Linear (γ = 1, β = 0 at the start). BatchNorm standardizes each unit <i>across the "
    "batch</i>: the small differences between samples — all a deep saturating net has left of "
    "its input — are scaled back up to std 1, so every layer sees them and passes a gradient "
    "back. LayerNorm and RMSNorm standardize each sample <i>across its units</i>: the strips "
    "look tidy, but the samples stay alike to the next layer. Below, each strip shows one "
    "variant's pre-activations per layer (5–95 % thin, 25–75 % thick, median dot)."
)


def _variants_live(variants: VariantsView) -> str:
    if variants.step == 0:
        state = "Press ▶ to train all four from the same initial weights on the same batches."
    else:
        losses = ", ".join(
            f"{VARIANT_TITLES[v]} {number(variants.last_loss(i))}" for i, v in enumerate(VARIANTS)
        )
        state = f"After {variants.step} steps the batch losses are {losses}."
    first = variants.grad_norms[:, 0]
    grads = ", ".join(f"{VARIANT_TITLES[v]} {number(first[i])}" for i, v in enumerate(VARIANTS))
    return f"{state} The gradient that reaches layer 1, ‖∂L/∂W₁‖: {grads}."


SWEEP_ARGUMENT = (
    f" <b>Learning rates.</b> Top right, each net is trained {SWEEP_STEPS} steps at each "
    "rate from 0.001 to 10, from the same start; a cross marks a run whose loss blew up."
)


def _sweep_live(sweep: SweepView | None) -> str:
    if sweep is None:
        return ""
    stable = ", ".join(
        f"{VARIANT_TITLES[v]} {number(sweep.largest_stable(i))}" for i, v in enumerate(VARIANTS)
    )
    progress = "" if sweep.finished else f" (so far: {sweep.done} of {sweep.total} runs)"
    return (
        f" The largest rate that brought the loss below ln 2{progress}: {stable} (NaN: none did)."
    )


def _breaks_notes(noise: BatchNoise, gap: EvalGapView, momentum: float, column: int,
                  layer: int) -> tuple[str, str]:  # fmt: skip
    """(the argument, the numbers): see :func:`notes_html`."""
    unit = f"unit j = {column} of hidden layer {layer} (the heat map's clicked column and layer)"
    if noise.error is not None:
        head = (
            "<b>Batch size 1.</b> One value per feature has no variance: torch refuses to "
            f"train BatchNorm on it (<i>{noise.error}</i>), and so does this lab. "
        )
        numbers = ""
    else:
        spread = float(noise.batch_mu.std()) if noise.batch_mu.size else math.nan
        head = (
            "<b>Batch noise.</b> A batch of B samples sees its own μ_B, σ_B instead of the "
            "statistics over all points: μ_B wobbles from batch to batch as sampling theory "
            "says, σ/√B · √((n − B)/(n − 1)), and every sample's output depends on its batch "
            "mates through them. "
        )
        numbers = (
            f"In the untrained net (no norm), over all {noise.n} points, {unit} has "
            f"μ = {number(noise.mu)} and σ = {number(noise.sigma)}; with B = {noise.batch}, "
            f"μ_B wobbles by {number(spread)} (predicted: {number(_predicted(noise))}). "
        )
    alpha = momentum
    if gap.step == 0:
        run = "Press ▶ to train the BatchNorm net with these batches."
    else:
        run = (
            f"After {gap.step} steps the running mean is {number(gap.running_mean[-1])} against "
            f"a true mean (all points as one batch) of {number(gap.true_mean[-1])}; the "
            "accuracy is "
            f"{percent(gap.train_accuracy[-1])} in train mode (last {ACCURACY_WINDOW} batches) "
            f"and {percent(gap.eval_accuracy[-1])} in eval mode (all points)."
        )
    return head + (
        "<b>Train vs eval.</b> In train mode BatchNorm divides by each batch's own μ_B, σ_B; in "
        f"eval mode by running averages, r ← (1 − {number(alpha)})·r + {number(alpha)}·μ_B. "
        f"With momentum {number(alpha)} they average about {number(1 / alpha)} batches: "
        "small batches and a high momentum make them as noisy as one batch, so eval-mode "
        "accuracy jumps from step to step; a low momentum lags behind the weights as they "
        "change. And in train mode each unit is forced to mean 0 over the batch, so a batch "
        "of 4 cannot have 3 outputs of one class and 1 of the other: the train-mode accuracy "
        "of small batches is capped."
    ), numbers + run


def _predicted(noise: BatchNoise) -> float:
    n, b = noise.n, min(noise.batch, noise.n)
    return noise.sigma / math.sqrt(b) * math.sqrt((n - b) / (n - 1)) if n > 1 else math.nan


def _behaviour(problem: Problem, learning_rate: float) -> str:
    product = learning_rate * float(problem.eigenvalues[-1])
    if problem.diverged or product > 2:
        verdict = "diverges"
    elif product > 1:
        verdict = "zig-zags across the valley"
    else:
        verdict = "slides straight down"
    return f"η·λ_max = {number(product)}: it {verdict}"


def _steps_to(problem: Problem, tolerance: float = 1e-3) -> str:
    if problem.diverged:
        return "never (it diverged)"
    excess = problem.losses - problem.min_loss
    close = np.nonzero(np.isfinite(excess) & (excess < tolerance))[0]
    return f"{close[0]} steps" if close.size else f"more than {excess.size - 1} steps"


INPUTS_ARGUMENT = (
    "<b>Input scale.</b> A linear model ŷ = w₁x₁ + w₂x₂ with the mean squared error, x₁ of "
    "std 1 and x₂ of the std the slider sets. Its Hessian H = 2XᵀX/n is constant: the "
    "contours are ellipses whose axes are ∝ 1/√λ, and κ = λ_max/λ_min grows like the scale "
    "squared. Gradient descent w ← w − η∇L from w = 0 multiplies each axis by (1 − ηλ) per "
    "step: above ηλ_max = 2 it diverges, between 1 and 2 it zig-zags across the valley. "
    "<b>Standardized</b> inputs, x ← (x − mean)/std, have κ ≈ 1: round contours, and the "
    "same η converges in a few steps. BatchNorm does the same for every hidden layer's inputs. "
    "“Raw → Optimizers lab” and “Standardized → Optimizers lab” (at the foot of the "
    "controls) open either surface there, to race the optimizers on it."
)


def _inputs_notes(view: InputScaleView) -> tuple[str, str]:
    """(the argument, the numbers): see :func:`notes_html`."""
    raw, std = view.raw, view.standardized
    eta = number(view.learning_rate)
    return INPUTS_ARGUMENT, (
        f"Scale {number(view.scale)}, η = {eta}. Raw inputs: λ = "
        f"{number(raw.eigenvalues[0])} and {number(raw.eigenvalues[1])}, κ = λ_max/λ_min = "
        f"<b>{number(raw.kappa)}</b>; {_behaviour(raw, view.learning_rate)}; within 0.001 of "
        f"the minimum: {_steps_to(raw)}. Standardized: κ = <b>{number(std.kappa)}</b>; "
        f"{_behaviour(std, view.learning_rate)}; within 0.001: {_steps_to(std)}."
    )


def notes_html(snapshot: NormalizationSnapshot) -> str:
    """The notes of the tab on screen: the argument, then (after the notes' ``LIVE`` marker,
    laid out alone as training or a drag changes them) its live numbers."""
    config = snapshot.config
    if config.tab == "inputs":
        lead, live = _inputs_notes(snapshot.inputs)
    elif config.tab == "breaks":
        lead, live = _breaks_notes(snapshot.noise, snapshot.gap, config.momentum, config.column,
                                   config.layer)  # fmt: skip
    elif config.tab == "layers":
        lead = VARIANTS_ARGUMENT + (SWEEP_ARGUMENT if snapshot.sweep is not None else "")
        if snapshot.config.train_batch == 2:
            lead += (
                " <b>Batch size 2:</b> BatchNorm turns each feature's two values into −1 and "
                "+1 whatever they are, so its net gets no gradient; the other norms do not "
                "look at the batch at all."
            )
        live = _variants_live(snapshot.variants) + _sweep_live(snapshot.sweep)
    else:
        lead, live = _axis_notes(snapshot.axis)
    return f"{lead}{LIVE}{live}"


def status_text(snapshot: NormalizationSnapshot) -> str:
    if snapshot.config.tab == "breaks":
        return _breaks_status(snapshot)
    if snapshot.config.tab == "inputs":
        view = snapshot.inputs
        return (f"Input scale {number(view.scale)} · η {number(view.learning_rate)} · raw κ "
                f"{number(view.raw.kappa)}, {_steps_to(view.raw)} · standardized κ "
                f"{number(view.standardized.kappa)}, {_steps_to(view.standardized)}")  # fmt: skip
    view, variants = snapshot.axis, snapshot.variants
    axis = (f"{TITLES[view.norm]} · cell ({view.row}, {view.column}) · μ {number(view.mean)} · "
            f"σ {number(view.std)} · ẑ {number(view.normalized)}")  # fmt: skip
    if view.norm == "rmsnorm":
        axis = (f"RMSNorm · cell ({view.row}, {view.column}) · rms "
                f"{number(view.denominator)} · ẑ {number(view.normalized)}")  # fmt: skip
    if variants is None or variants.step == 0:
        return axis + " · training: step 0"
    best = min(range(len(VARIANTS)), key=lambda i: _or_inf(variants.last_loss(i)))
    return (f"{axis} · step {variants.step} · lowest loss: {VARIANT_TITLES[VARIANTS[best]]} "
            f"{number(variants.last_loss(best))} (accuracy "
            f"{percent(variants.accuracy[best])})")  # fmt: skip


def _or_inf(value: float) -> float:
    return value if math.isfinite(value) else math.inf


def _breaks_status(snapshot: NormalizationSnapshot) -> str:
    noise, gap = snapshot.noise, snapshot.gap
    head = f"BatchNorm, B = {noise.batch}, momentum {number(snapshot.config.momentum)}"
    if noise.error is not None:
        return f"{head} · refused: {noise.error}"
    if gap.step == 0:
        return f"{head} · std of μ_B {number(float(noise.batch_mu.std()))} · step 0"
    return (f"{head} · step {gap.step} · running mean {number(gap.running_mean[-1])} vs true "
            f"{number(gap.true_mean[-1])} · accuracy train {percent(gap.train_accuracy[-1])}, "
            f"eval {percent(gap.eval_accuracy[-1])}")  # fmt: skip

"""The words of the sigmoid-vs-tanh tab: notes ("What you are seeing") and the status line,
written from the view on screen."""

from __future__ import annotations

import numpy as np

from explorer.state.optimizers import zigzag
from explorer.state.optimizers.zigzag import ZigzagRun, ZigzagView
from explorer.text_format import number, percent

_SIGNS = {zigzag.BOTH_PLUS: "(+, +)", zigzag.BOTH_MINUS: "(−, −)", zigzag.MIXED: "mixed"}


def reached(run: ZigzagRun) -> str:
    """ "in 62 steps" or "not reached in 200 steps"."""
    if run.steps_to_target is None:
        return f"not reached in {len(run.path) - 1} steps"
    return f"in {run.steps_to_target} steps"


def same_sign_share(run: ZigzagRun) -> float | None:
    """The share of the moving updates in (+,+) or (−,−)."""
    mixed = run.share(zigzag.MIXED)
    return None if mixed is None else 1.0 - mixed


def _direction(view: ZigzagView) -> str:
    """The sign pair of the way from the start to the minimum, e.g. "(+, −)"."""
    way = np.subtract(zigzag.TEACHER, view.start)
    if np.all(way == 0):
        return "here"
    signs = "".join("+" if v > 0 else "−" if v < 0 else "0" for v in way)
    return f"({signs[0]}, {signs[1]})"


def _shares(run: ZigzagRun) -> str:
    parts = [f"{percent(run.share(q))} {_SIGNS[q] if q != zigzag.MIXED else 'mixed'}"
             for q in (zigzag.BOTH_PLUS, zigzag.BOTH_MINUS, zigzag.MIXED)]  # fmt: skip
    return ", ".join(parts)


def notes_html(view: ZigzagView) -> str:
    sig, tanh = view.run("sigmoid"), view.run("tanh")
    per_step = "one example" if view.batch == 1 else f"{view.batch} examples"
    w1, w2 = view.start
    parts = [
        f"<b>One output neuron ŷ = w₁h₁ + w₂h₂</b> on two hidden units h = act(x), left "
        f"sigmoid, right tanh, fed the same {zigzag.EXAMPLES} seeded inputs (mean "
        f"{number(view.offset)}). The targets come from w* = ({number(zigzag.TEACHER[0])}, "
        f"{number(zigzag.TEACHER[1])}) through the same units, so both losses are 0 at the star. "
        f"Both runs start at the cross ({number(w1)}, {number(w2)}) and make "
        f"{sig.steps} steps of plain gradient descent (torch's SGD, η = {number(view.lr)}) on "
        f"{per_step} per step with MSE; each update is a segment coloured by its sign pair."
    ]
    n_h = 2 * zigzag.EXAMPLES
    sig_positive = round(sig.problem.positive_share * n_h)
    claim = (
        f"<b>Why sigmoid zig-zags.</b> For one example, ∂L/∂wᵢ = δ·hᵢ with δ = 2(ŷ − y). "
        f"{sig_positive} of sigmoid's {n_h} outputs hᵢ are positive, so both components carry "
        f"δ's sign and every update lies in (+, +) or (−, −): here {_shares(sig)}. The "
        f"minimum lies towards {_direction(view)} from the start"
    )
    if _direction(view) in ("(+, −)", "(−, +)"):
        claim += ", a direction no single sigmoid update can take: the path staircases."
    else:
        claim += ": drag the start so the way to the star is (+, −) to see the staircase."
    parts.append(claim)
    if view.batch > 1:
        parts.append(
            f"With {view.batch} examples per step an update is Σ δₙhₙ, and the δₙ can differ "
            f"in sign: even sigmoid's updates can mix ({percent(sig.share(zigzag.MIXED))} "
            "here). The notes' claim is about one example's gradient."
        )
    parts.append(_tanh_paragraph(tanh))
    parts.append(
        f"<b>The race to L ≤ {number(view.target)}</b>: sigmoid {reached(sig)}, tanh "
        f"{reached(tanh)}. Over all examples the loss is the bowl (w − w*)ᵀA(w − w*) with "
        f"A = mean hhᵀ; outputs that share a large mean make it steep along (1, 1) and flat "
        f"along (1, −1), a narrow valley: κ(A) = {number(sig.problem.condition)} for sigmoid, "
        f"{number(tanh.problem.condition)} for tanh. The zig-zag across it is the same effect."
    )
    still = tanh.count(zigzag.STILL) + sig.count(zigzag.STILL)
    if still:
        parts.append(f"{still} updates moved nothing (the loss was already 0 to the last "
                     "bit); the shares count the updates that moved.")  # fmt: skip
    diverged = [run for run in (sig, tanh) if _diverged(run)]
    for run in diverged:
        parts.append(f"<span style='color:#B00020'>{run.activation} diverged: η = "
                     f"{number(view.lr)} is too large for its curvature.</span>")  # fmt: skip
    if sig not in diverged:
        parts.append(
            "With two weights this is a detour, not a failure: the bowl is convex and the "
            "sigmoid run gets down it, only in more steps. In a real layer every neuron's "
            "incoming weights are held to one sign pattern per example alike, which is why "
            "zero-centred activations and inputs train faster."
        )
    return "<p>" + "</p><p>".join(parts) + "</p>"


def _tanh_paragraph(tanh: ZigzagRun) -> str:
    n_h = 2 * zigzag.EXAMPLES
    positive = round(tanh.problem.positive_share * n_h)
    one_sign = max(positive, n_h - positive) / n_h
    if one_sign >= 0.9:
        return (
            f"<b>Why tanh need not, and here does.</b> tanh's outputs are centred on 0 only "
            f"when its inputs are: with these, {positive} of its {n_h} hᵢ are positive, so "
            f"like sigmoid's its updates mostly share one sign ({_shares(tanh)}) and it "
            "zig-zags too. Zero-centred units need zero-centred inputs."
        )
    return (
        f"<b>Why tanh need not.</b> tanh's outputs are centred on 0 when its inputs are: "
        f"{positive} of its {n_h} hᵢ are positive, so h₁ and h₂ can differ in sign and an "
        f"update can point anywhere: {_shares(tanh)}. Move the input mean away from 0 and "
        "tanh's outputs share one sign as well: its updates lose that freedom."
    )


def _diverged(run: ZigzagRun) -> bool:
    """Stopped early, or its loss grew a thousand-fold over the start."""
    last = float(run.loss[-1])
    return run.diverged or not np.isfinite(last) or last > 1e3 * float(run.loss[0])


def status_text(view: ZigzagView) -> str:
    sig, tanh = view.run("sigmoid"), view.run("tanh")
    return (
        f"L ≤ {number(view.target)}: sigmoid {reached(sig)}, tanh {reached(tanh)} · "
        f"same-sign updates: sigmoid {percent(same_sign_share(sig))}, tanh "
        f"{percent(same_sign_share(tanh))}"
    )

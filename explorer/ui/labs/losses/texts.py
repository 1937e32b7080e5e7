"""The loss-functions lab's words: tooltips, the notes of each tab and the status line (the
margin tab's in :mod:`~explorer.ui.labs.losses.margin_texts`).

Every number quoted comes from the snapshot (text_format for each), so the words follow the
drags and sliders.
"""

from __future__ import annotations

import html

import numpy as np

from explorer.state.losses.neuron import NeuronView
from explorer.state.losses.regression import RegressionView
from explorer.state.losses.session import LossesSnapshot
from explorer.state.losses.small_mlp import COLD_STEPS, WARM_STEPS
from explorer.state.losses.softmax import SoftmaxView
from explorer.text_format import fixed, number, percent
from explorer.ui.labs.losses.margin_texts import MARGIN, margin_live, margin_status
from explorer.ui.labs.losses.palette import coloured, short
from explorer.ui.notes import LIVE

TAB_TITLES = {
    "regression": "Regression: robustness",
    "margin": "Classification: the margin",
    "softmax": "Softmax and its loss",
    "neuron": "Cross-entropy vs squared error",
}

LOSS_TIPS = {
    "mse": "F.mse_loss: ℓ(r) = r², pull 2r grows without bound",
    "l1": "F.l1_loss: ℓ(r) = |r|, every point pulls with ±1",
    "huber": "F.huber_loss: quadratic up to δ, then linear; pull clipped at ±δ",
    "smooth_l1": "F.smooth_l1_loss: Huber(δ = β)/β; pull clipped at ±1",
    "zero_one": "The error rate 1[m ≤ 0]: its derivative is 0 everywhere",
    "hinge": "max(0, 1 − m): no push at all once m ≥ 1",
    "squared_hinge": "max(0, 1 − m)²: smooth, punishes big violations quadratically",
    "soft_margin": "F.soft_margin_loss = BCE with logits: log(1 + e^(−m)), never quite 0",
    "exponential": "e^(−m) (AdaBoost): a badly wrong point weighs exponentially",
}


# --- regression ------------------------------------------------------------------------------

REGRESSION = (
    "Each loss turns a residual r = ŷ − y into a cost ℓ(r) (top right) and a <i>pull</i> "
    "ℓ′(r) (below it): the gradient descent force on that prediction. <b>MSE</b> pulls with "
    "2r, so a far point pulls hardest and drags the line to it; <b>L1</b> pulls every point "
    "with ±1, so the line ignores how far an outlier is; <b>Huber</b> (δ) and <b>Smooth L1</b> "
    "(β) are quadratic near 0 and linear beyond, so their pull is clipped at δ and 1. Drag a "
    "point or add an outlier and watch the lines and the pull bars."
)
REGRESSION_MLP = (
    f" <b>Small MLP</b>: each loss instead trains a 1 → 8 tanh → 1 net (Adam, {COLD_STEPS} "
    "full-batch steps from seed 0, computed between frames); the bars are then each point's "
    "ℓ′(r), the gradient that flows back into the net from that point. While a point moves, "
    f"each curve follows it approximately (the net on screen continued {WARM_STEPS} steps a "
    "move); the exact fit replaces it once the point rests."
)


def regression_progress(view: RegressionView) -> str:
    """What the MLP curves on screen are, when they are not yet the final fits ("" when
    they are): an approximation following a drag, or fits part-way."""
    if view.exact:
        return ""
    done = percent(view.progress)
    if any(fit.state == "warm" for fit in view.fits):
        return f"approximate, following the drag (exact fits {done} done)"
    return f"fitting… {done} of the exact fits' steps done"


def regression_badge(view: RegressionView) -> str:
    """The data plot's title's short form of :func:`regression_progress`."""
    if view.exact:
        return ""
    if any(fit.state == "warm" for fit in view.fits):
        return f"approximate (exact fit {percent(view.progress)})"
    return f"fitting… {percent(view.progress)}"


def regression_live(view: RegressionView) -> str:
    if not view.fits:
        return "Tick a loss on the left to fit a line."
    i = view.selected
    parts = []
    states = {"exact": "", "warm": " (approximate)"}
    for fit in view.fits:
        state = states.get(fit.state, f" (after {fit.steps} of {COLD_STEPS} steps)")
        model = (
            f"ŷ = {fixed(fit.slope, 2)}x {'+' if fit.intercept >= 0 else '−'} "
            f"{fixed(abs(fit.intercept), 2)}"
            if view.model == "line"
            else f"MLP{state}, L = {number(fit.mean_loss)}"
        )
        parts.append(
            f"{coloured(fit.name, short(fit.name))}: {model}, "
            f"r<sub>{i + 1}</sub> = {number(fit.residuals[i])}, "
            f"ℓ′ = {number(fit.pulls[i])}"
        )
    progress = regression_progress(view)
    lead = f"<b>Curves {html.escape(progress)}:</b> " if progress else ""
    head = f"<b>Point {i + 1}</b> ({number(view.x[i])}, {number(view.y[i])}) — "
    return lead + head + "; ".join(parts)


def regression_status(view: RegressionView) -> str:
    n = view.x.size
    if not view.fits:
        return f"{n} points · no loss ticked"
    if view.model == "mlp":
        means = ", ".join(f"{short(f.name)} {number(f.mean_loss)}" for f in view.fits)
        badge = regression_badge(view)
        state = f" {badge}" if badge else ""
        return f"{n} points · small MLP{state}, mean loss: {means}"
    slopes = ", ".join(f"{short(f.name)} {fixed(f.slope, 2)}" for f in view.fits)
    return f"{n} points · slopes: {slopes}"


# --- softmax ---------------------------------------------------------------------------------

SOFTMAX = (
    "Softmax turns logits z into probabilities pⱼ = e<sup>zⱼ/T</sup> / Σ e<sup>zₖ/T</sup>: a "
    "low <b>temperature</b> T sharpens them towards one-hot, a high one flattens them towards "
    "1/C. Cross-entropy against the target q, with <b>label smoothing</b> ε "
    "q = (1 − ε)·onehot(y) + ε/C (torch's <code>label_smoothing</code>), is "
    "L = −Σ qⱼ log pⱼ and its gradient is simply ∂L/∂z = (p − q)/T: it vanishes only when p "
    "equals q, so with ε &gt; 0 the logits stop growing once p<sub>y</sub> = 1 − ε + ε/C. "
    "Drag a logit's handle. Right: the binary <b>focal loss</b> "
    "αₜ(1 − pₜ)<sup>γ</sup>·BCE "
    "(torchvision's) against BCE: it fades for points already right."
)


def softmax_live(view: SoftmaxView, config) -> str:
    y = view.target
    weights = view.weights
    w_text = ""
    if np.any(weights != 1):
        # torch's weighted mean, for one sample
        w_text = (
            ", class weights w = (" + ", ".join(number(float(w)) for w in weights) + "): "
            "L = [(1 − ε)·w<sub>y</sub>(−log p<sub>y</sub>) + (ε/C)·Σ w<sub>c</sub>"
            "(−log p<sub>c</sub>)] / w<sub>y</sub>"
        )
        if config.softmax_smoothing == 0:
            # torch's weighted mean divides by the batch's summed weights: one sample's cancels
            w_text += " (for one sample w<sub>y</sub> cancels: only ε lets the weights act)"
    return (
        f"T = {number(config.softmax_temperature)}, ε = {number(config.softmax_smoothing)}"
        f"{w_text}: p<sub>{y + 1}</sub> = {fixed(view.probabilities[y], 3)} "
        f"(target q<sub>{y + 1}</sub> = {fixed(view.smoothed[y], 3)}), "
        f"L = {number(view.loss)}, ∂L/∂z<sub>{y + 1}</sub> = {number(view.gradient[y])}; "
        f"entropy {number(view.entropy)} of at most {number(float(np.log(view.logits.size)))} "
        f"nats. Focal (γ = {number(config.focal_gamma)}) at p<sub>t</sub> = "
        f"{fixed(view.p_true, 3)}: {number(view.focal_at_p)} vs BCE {number(view.bce_at_p)}."
    )


def softmax_status(view: SoftmaxView) -> str:
    y = view.target
    return (
        f"{view.logits.size} classes · p(class {y + 1}) {fixed(view.probabilities[y], 3)} · "
        f"CE {number(view.loss)}"
    )


# --- the sigmoid neuron ------------------------------------------------------------------------

NEURON = (
    "One sigmoid neuron a = σ(wx + b) learns a single example by gradient descent. Under "
    "squared error L = (a − y)² the gradient is ∂L/∂w = 2(a − y)·<b>σ′(z)</b>·x, and "
    "σ′(z) = a(1 − a) is nearly 0 when the neuron is confidently wrong: it learns slowest "
    "when it is most wrong. Under cross-entropy (BCE with logits) ∂L/∂w = (a − y)·x: the σ′ "
    "cancels, and the bigger the mistake the faster it learns (Nielsen's example)."
)


def _steps(run, target: float) -> str:
    step = run.steps_to(target)
    return f"within 0.1 of y after {step} steps" if step is not None else "not within 0.1 yet"


def neuron_live(view: NeuronView, config) -> str:
    mse, ce = view.mse, view.ce
    return (
        f"Start: a = {fixed(mse.outputs[0], 3)}, y = {number(view.target)}, "
        f"σ′(z) = <b>{number(mse.sigma_prime[0])}</b>. "
        f"{coloured('mse', 'MSE')}: ∂L/∂w = {number(mse.grad_w[0])}, "
        f"{_steps(mse, view.target)}; "
        f"{coloured('ce', 'cross-entropy')}: ∂L/∂w = {number(ce.grad_w[0])}, "
        f"{_steps(ce, view.target)} (learning rate {number(config.neuron_lr)})."
    )


def neuron_status(view: NeuronView) -> str:
    return (
        f"σ′(z₀) {number(view.mse.sigma_prime[0])} · after {view.steps.size - 1} steps: "
        f"a {fixed(view.mse.outputs[-1], 3)} (MSE) vs {fixed(view.ce.outputs[-1], 3)} (CE)"
    )


# --- the page --------------------------------------------------------------------------------


def notes_html(snapshot: LossesSnapshot) -> str:
    config = snapshot.config
    tab = config.tab
    if tab == "regression":
        extra = REGRESSION_MLP if config.reg_model == "mlp" else ""
        return f"{REGRESSION}{extra}{LIVE}{regression_live(snapshot.regression)}"
    if tab == "margin":
        return f"{MARGIN}{LIVE}{margin_live(snapshot.margin)}"
    if tab == "softmax":
        return f"{SOFTMAX}{LIVE}{softmax_live(snapshot.softmax, config)}"
    return f"{NEURON}{LIVE}{neuron_live(snapshot.neuron, config)}"


def status_text(snapshot: LossesSnapshot) -> str:
    tab = snapshot.config.tab
    view = getattr(snapshot, tab)
    status = {"regression": regression_status, "margin": margin_status,
              "softmax": softmax_status, "neuron": neuron_status}[tab](view)  # fmt: skip
    return f"{TAB_TITLES[tab]} · {status}"

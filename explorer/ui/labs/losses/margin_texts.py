"""The margin tab's words: its notes, the titles of its plots while the classifiers train,
and its status line. Every number comes from the view (text_format for each)."""

from __future__ import annotations

from explorer.core import datasets
from explorer.state.losses.margin import MarginView
from explorer.state.losses.training import LEARNING_RATE, MLP_LEARNING_RATE, STEPS
from explorer.text_format import number, percent
from explorer.ui.labs.losses.palette import coloured, short

MARGIN = (
    "A linear classifier scores s = w·x + b; with labels y = ±1 the <b>margin</b> m = y·s is "
    "positive on the right side of the boundary. Every classification loss is a function φ(m) "
    "(top): the <b>0-1</b> loss counts errors but has derivative 0, so nothing can learn "
    "from it; <b>hinge</b> stops caring once m ≥ 1 (φ′ = 0: those points are done); the "
    "<b>logistic</b> loss (binary cross-entropy) keeps pushing every point a little; the "
    "<b>exponential</b> loss lets a badly wrong point dominate. The dots are the data on the "
    "margin axis: turn w, scale ‖w‖, shift b. The <b>small MLP</b> (2 → 8 tanh → 1) instead "
    "scores s(x) after training under the logistic loss. <b>Train under each loss</b> trains "
    "the chosen classifier under every ticked loss: their decision regions side by side "
    "below, their errors and loss per step. Training runs between frames: until it ends, "
    "the pictures are part-way and their titles say how far."
)


def data_name(source: tuple) -> str:
    """ "Moons, noise 0.3" for a (data set, noise) pair."""
    data_set, noise = source
    return f"{datasets.info(data_set).display_name}, noise {number(noise)}"


def live_mlp(view: MarginView) -> str:
    """What the live MLP classifier on screen is: trained on these data, part-way, or the
    last finished one while these data's net trains."""
    if view.live == "partial":
        return (
            f"Small MLP s(x) training under the logistic loss: after {view.mlp_run.steps} of "
            f"{STEPS} Adam steps"
        )
    if view.live == "previous":
        return (
            f"Small MLP s(x) trained on {data_name(view.live_source)} (the net of these data "
            "is training)"
        )
    return f"Small MLP s(x) (logistic loss, {STEPS} Adam steps)"


def margin_data_title(view: MarginView) -> str:
    """The 2-D data plot's title: the classifier drawn, and how far its training is."""
    if view.model == "linear":
        return "Data and the classifier s = w·x + b"
    if view.live == "partial":
        return f"Data and the small MLP's s(x) · training… {percent(view.mlp_run.progress)}"
    if view.live == "previous":
        return f"Data and the small MLP trained on {data_name(view.live_source)} · retraining…"
    return "Data and the small MLP's s(x) (trained, logistic loss)"


def untrained_title(name: str) -> tuple[str, ...]:
    """A trained classifier's plot before "Train under each loss" is ticked (its variants,
    longest first: a narrow plot shows the loss's name only)."""
    return f"{short(name)}: not trained", short(name)


def run_title(run) -> tuple[str, ...]:
    """A trained classifier's plot title, longest first: its errors at the end, or that it is
    training (narrow plots: how far is in the status line and the notes)."""
    name = short(run.name)
    if not run.complete:
        return f"{name}: training…", name
    wrong = f"{name}: {percent(float(run.errors[-1]), 0)} wrong"
    return (f"{wrong} (overflowed)", wrong, name) if run.diverged else (wrong, name)


def margin_live(view: MarginView) -> str:
    n = view.y.size
    classifier = (
        f"w = ({number(view.w[0])}, {number(view.w[1])}), b = {number(view.b)}"
        if view.model == "linear"
        else live_mlp(view)
    )
    head = (
        f"{classifier}: "
        f"{view.errors} of {n} wrong (m ≤ 0), {view.inside_margin} inside the margin "
        "(0 &lt; m &lt; 1)"
    )
    parts = [
        f"{coloured(c.name, short(c.name))} L = {number(c.mean_loss)}, pushes {c.pushed}"
        for c in view.curves
    ]
    text = head + (". " + "; ".join(parts) + "." if parts else ".")
    if view.trained:
        runs = ", ".join(
            f"{coloured(run.name, short(run.name))} "
            + (
                f"{percent(float(run.errors[-1]), 1)}" + (" (overflowed)" if run.diverged else "")
                if run.complete
                else f"training ({run.steps} of {STEPS} steps)"
            )
            for run in view.trained
        )
        start = (
            f"<b>Trained from w = 0</b> ({STEPS} steps, η = {number(LEARNING_RATE)})"
            if view.model == "linear"
            else f"<b>Small MLPs trained from seed 0</b> ({STEPS} Adam steps, "
            f"η = {number(MLP_LEARNING_RATE)})"
        )
        done = all(run.complete for run in view.trained)
        text += f" {start}, wrong at the end: {runs}." if done else f" {start}, so far: {runs}."
        if any(run.name == "zero_one" for run in view.trained):
            text += " The 0-1 loss never moves: its φ′ is 0."
    return text


def margin_progress(view: MarginView) -> str:
    """ "training… 40 %" while something on screen trains, else ""."""
    if not view.pending:
        return ""
    return f"training… {percent(view.progress)}" if view.progress < 1 else "training…"


def margin_status(view: MarginView) -> str:
    progress = margin_progress(view)
    return (
        f"{view.errors}/{view.y.size} wrong · {view.inside_margin} inside the margin · "
        f"min m {number(float(view.margins.min()))}" + (f" · {progress}" if progress else "")
    )

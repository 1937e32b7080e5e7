"""The words of the "Same network" tab: its notes and its status line, from what is on screen."""

from __future__ import annotations

import math

import numpy as np

from explorer.state.optimizers import entries
from explorer.state.optimizers.network import NetworkView
from explorer.state.optimizers.network_landscape import GRID, LandscapeJob, in_plane_fraction
from explorer.text_format import number, percent


def _best(view: NetworkView) -> int | None:
    finite = [i for i in range(len(view.keys)) if math.isfinite(view.final_loss[i])]
    return min(finite, key=lambda i: view.final_loss[i]) if finite else None


def net_words(config) -> str:
    sizes = " → ".join(str(s) for s in (2, *([config.net_width] * config.net_depth), 1))
    return f"a {sizes} {config.net_activation} net on “{config.net_task}”"


def notes_html(
    config, view: NetworkView, job: LandscapeJob | None, playing: bool, stale: bool = False
) -> str:
    batch = ("the whole data set at every step" if config.net_batch == 0
             else f"the same batches of {config.net_batch} points")  # fmt: skip
    parts = [
        f"<b>The same network</b>: {net_words(config)}, binary cross-entropy with logits. "
        f"Every ticked optimizer trains its own copy, built from seed {config.net_seed}: all "
        f"start from the same initial weights and see {batch}. Each uses torch's update rule "
        "(explorer.core) with its learning rate on the net (the table) and the race's other "
        f"hyper-parameters. Step {view.step} of {view.steps}."
    ]
    if not view.keys:
        parts.append("No optimizer is ticked: tick some in the list to train them.")
        return "<p>" + "</p><p>".join(parts) + "</p>"
    best = _best(view)
    if view.step and best is not None:
        parts.append(f"Lowest loss on the whole data set now: "
                     f"<b>{entries.entry(view.keys[best]).label}</b> "
                     f"({number(view.final_loss[best])}, {percent(view.accuracy[best], 1)} of "
                     "the points on the right side).")  # fmt: skip
    if view.stopped and view.step < view.steps:
        parts.append(f"<span style='color:#B00020'>Stopped: {view.stopped}.</span>")
    if job is None:
        parts.append("The landscape is drawn once training pauses.")
        return "<p>" + "</p><p>".join(parts) + "</p>"
    if stale:
        parts.append(
            "<b>The landscape</b> on show is the previous settings' plane, drawn without "
            "paths: the nets trained now have other weights. A plane for these settings is "
            "computed once they rest and training is paused."
        )
        return "<p>" + "</p><p>".join(parts) + "</p>"
    plane = job.plane
    ref = entries.entry(plane.reference).label
    n = plane.centre.size
    start = view.kept[0, 0]  # the shared initial weights
    share = in_plane_fraction(plane, start)
    computed = job.values[np.isfinite(job.values)]
    low, high = (computed.min(), computed.max()) if computed.size else (math.nan, math.nan)
    parts.append(
        f"<b>The landscape</b> is the loss on a plane through <b>{ref}</b>'s weights at step "
        f"{plane.step} (the star): θ = θc + aδ + bη for a, b within ±{number(job.span)}. δ and "
        "η are random Gaussian directions whose every neuron (its incoming weights) is "
        "rescaled to the norm of that neuron's weights in θc (filter normalisation, Li et al. "
        "2018); biases are not moved (zero in δ and η, as in their plots). Colours are equal "
        f"steps of log₁₀ loss, {number(low)} to {number(high)}, computed at {GRID} × {GRID} "
        "points and drawn interpolated between them. The paths are every run's "
        "weights projected onto this same plane (least squares), from the shared start (×) "
        "to each one's weights now (dot)."
    )
    if not job.done:
        parts.append(f"Computing the landscape: {job.cells} of {GRID * GRID} points.")
    if math.isfinite(share):
        unseen = (f"Of the straight line from the start to the star, the plane holds "
                  f"{percent(share)} of its length, so a path that looks short here travelled "
                  "much further.")  # fmt: skip
    else:
        unseen = "Here the star is the start itself: train, then pause, to see the paths leave it."
    parts.append(
        f"<b>What a 2-D slice cannot show.</b> The net has {n} parameters; the plane is two "
        f"directions of those. Everything off the plane is not seen. {unseen} "
        "A path is not a walk on the drawn "
        "colours: a point of it has the loss of its own weights (the curves), not of the "
        "colour beneath it; only the star lies on the plane. The plane passes through one "
        "run's weights: the others end in valleys this slice cuts through elsewhere or not at "
        "all. Another seed gives other directions and another picture."
    )
    if playing:
        parts.append("While training runs the plane stays where it was; pause to put it "
                     f"through {ref}'s weights now.")  # fmt: skip
    return "<p>" + "</p><p>".join(parts) + "</p>"


def status_text(view: NetworkView, job: LandscapeJob | None) -> str:
    if not view.keys:
        return "No optimizer ticked: tick some in the list on the left"
    text = f"step {view.step} of {view.steps} · {len(view.keys)} optimizers on one net"
    best = _best(view)
    if view.step and best is not None:
        text += (f" · lowest loss: {entries.entry(view.keys[best]).label} "
                 f"({number(view.final_loss[best])})")  # fmt: skip
    if job is not None and not job.done:
        text += f" · landscape {job.cells}/{GRID * GRID}"
    return text

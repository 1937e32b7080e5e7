"""The Activation lab's words: status line, notes, captions and the selected activation's card.

Every number quoted here comes from the snapshot, so the text follows the sliders.
"""

from __future__ import annotations

import html
import re

from explorer.state.activations.curves import SATURATION, CurveData
from explorer.state.activations.session import ActivationsSnapshot
from explorer.text_format import fixed, number, number_range
from explorer.ui.labs.activations.palette import ACTIVATION_COLOURS
from explorer.ui.notes import LIVE


def short_name(display_name: str) -> str:
    """ "Sigmoid (logistic)" → "Sigmoid": for captions and the status line."""
    return display_name.split(" (")[0]


def formula_html(formula: str) -> str:
    """A plain formula as rich text: ``e^(−x)`` becomes e<sup>−x</sup>."""
    escaped = html.escape(formula, quote=False)
    escaped = re.sub(r"\^\(([^()]*)\)", r"<sup>\1</sup>", escaped)
    escaped = re.sub(r"\^(\w)", r"<sup>\1</sup>", escaped)
    return escaped.replace("  ", "&nbsp;&nbsp;")


def saturated_text(curve: CurveData) -> str:
    """Where the curve is saturated, e.g. "x < −5.98 and x > 5.98"."""
    if not curve.saturated:
        return "nowhere in view"
    lo, hi = -curve.x_range, curve.x_range
    parts = []
    for a, b in curve.saturated:
        if a <= lo and b >= hi:
            return "everywhere"
        if a <= lo:
            parts.append(f"x &lt; {number(b)}")
        elif b >= hi:
            parts.append(f"x &gt; {number(a)}")
        else:
            parts.append(f"{number(a)} &lt; x &lt; {number(b)}")
    return " and ".join(parts)


def zero_centred_evidence(curve: CurveData) -> str:
    """Why f is (or is not) zero-centred: odd symmetry, or the quickest counter-example."""
    if curve.zero_centred:
        return "f(−x) = −f(x)"
    if curve.f_at_zero != 0:
        return f"f(0) = {number(curve.f_at_zero)}"
    return "f(−x) ≠ −f(x)"


def zero_centred_text(curve: CurveData) -> str:
    prefix = "zero-centred" if curve.zero_centred else "not zero-centred"
    return f"{prefix}, {zero_centred_evidence(curve)}"


def zero_centred_caption(curve: CurveData) -> str:
    """Short, for a plot corner: "zero-centred", "not zero-centred, f(0) = 0.5"."""
    if curve.zero_centred:
        return "zero-centred"
    if curve.f_at_zero != 0:
        return f"not zero-centred, f(0) = {number(curve.f_at_zero)}"
    return "not zero-centred"


def chain_text(curve: CurveData, depth: int) -> str:
    value = curve.chain[depth - 1]
    return f"(max |f′|)<sup>{depth}</sup> = {number(value, 2)}"


def chain_caption_html(snapshot: ActivationsSnapshot, rows: int) -> str:
    """One coloured line per ticked activation: its (max |f′|)^L at the chosen depth."""
    depth = snapshot.config.depth
    if not snapshot.curves:
        return ""
    lines = [f"L = {depth}:"]
    for curve in snapshot.curves[:rows]:
        colour = ACTIVATION_COLOURS[curve.index % len(ACTIVATION_COLOURS)]
        value = number(curve.chain[depth - 1], 2)
        line = f"■ {html.escape(short_name(curve.display_name))}: {value}"
        if curve.name == snapshot.selected.name:
            line = f"<b>{line}</b>"
        lines.append(f"<span style='color:{colour}'>{line}</span>")
    if len(snapshot.curves) > rows:
        lines.append(f"+ {len(snapshot.curves) - rows} more")
    return "<br>".join(lines)


def status_text(snapshot: ActivationsSnapshot) -> str:
    n = len(snapshot.curves)
    selected = snapshot.selected
    return (
        f"{n} activation{'' if n == 1 else 's'} · selected: {short_name(selected.display_name)} · "
        f"max|f′| {number(selected.max_abs_derivative)}"
    )


ARGUMENT = (
    "The <b>sigmoid</b> squashes any input into (0, 1), but its slope is at most ¼ and its "
    "outputs are all positive (not zero-centred), so a layer's weight gradients share one sign "
    "and zig-zag. <b>Tanh</b> = 2σ(2x) − 1 is zero-centred with slope up to 1, yet both "
    "<i>saturate</i>: in the shaded tails f′ ≈ 0 and no gradient gets through. <b>ReLU</b> keeps "
    "f′ = 1 for every x &gt; 0 at the cost of one comparison; its family (Leaky ReLU, ELU, SELU) "
    "gives x &lt; 0 a slope so units cannot die, and GELU, SiLU and Mish round the kink. "
    "<b>Derivatives are what training sees:</b> backpropagation multiplies one f′ per layer, so "
    "L layers scale a gradient by at most (max |f′|)<sup>L</sup> (bottom right): 0.25<sup>L</sup> "
    "is why deep sigmoid nets stop learning."
)


def notes_html(snapshot: ActivationsSnapshot) -> str:
    curve, config = snapshot.selected, snapshot.config
    depth = config.depth
    centred = zero_centred_text(curve)
    # nothing here depends on the x-range: the box keeps its height while the range is dragged
    # (a re-wrapped line would resize, and so repaint, every plot below it)
    live = (
        f"<b>Now — {html.escape(short_name(curve.display_name))}:</b> max |f′| = "
        f"{fixed(curve.max_abs_derivative, 3)} → after {depth} layer{'s' if depth > 1 else ''} "
        f"{number(curve.chain[depth - 1], 2)}; {centred}; "
    )
    if curve.max_abs_derivative == 0:
        live += "f′ = 0 everywhere: gradient descent gets no signal at all."
    else:
        live += (
            f"saturated (shaded) where |f′| &lt; {number(SATURATION * curve.max_abs_derivative)}."
        )
    if curve.max_abs_derivative > 1:
        live += " max |f′| &gt; 1: a deep chain can also <i>explode</i>."
    if not snapshot.selected_is_shown:
        live += " <i>(Tick it on the left to plot it.)</i>"
    return f"{ARGUMENT}{LIVE}{live}"


def _yes_no(flag: bool, yes: str = "yes", no: str = "no") -> str:
    return yes if flag else no


def card_html(snapshot: ActivationsSnapshot, colour: str, font_pt: int) -> str:
    """The selected activation: name, formula and properties as a small table."""
    curve, depth = snapshot.selected, snapshot.config.depth
    shaded = snapshot.config.shade_saturation and snapshot.selected_is_shown and curve.saturated
    peak = f"{number(curve.max_abs_derivative)}"
    if abs(curve.peak_abs - curve.max_abs_derivative) <= 1e-3 * max(curve.max_abs_derivative, 1):
        peak += f", at x = {number(curve.peak_x, 2)}" if curve.max_abs_derivative > 0 else ""
    else:
        peak += f" (in view {number(curve.peak_abs)}, at x = {number(curve.peak_x, 2)})"
    rows = [
        ("Output range", number_range(*curve.output_range)),
        (
            "Zero-centred",
            f"{_yes_no(curve.zero_centred)}: {zero_centred_evidence(curve)}",
        ),
        ("Monotonic", _yes_no(curve.monotonic)),
        ("Smooth (C¹)", _yes_no(curve.smooth, "yes", "no: a kink or a jump")),
        ("max |f′|", peak),
        ("Saturated", saturated_text(curve) + (" (shaded)" if shaded else "")),
        (f"Chain, L = {depth}", chain_text(curve, depth)),
    ]
    if curve.params:
        rows.append(
            (
                "Parameters",
                ", ".join(
                    f"{k} = {number(v) if isinstance(v, float) else v}" for k, v in curve.params
                ),
            )
        )
    # plain lines, not a <table>: Qt lays a table out ~3 ms slower, on every x-range step
    lines = "<br>".join(f"<span style='color:#555555'>{k}:</span> {v}" for k, v in rows)
    return (
        f"<div style='font-size:{font_pt}pt'>"
        f"<span style='color:{colour}; font-size:{font_pt + 3}pt'>■</span> "
        f"<b style='font-size:{font_pt + 3}pt'>{html.escape(curve.display_name)}</b>"
        f"<p style='font-size:{font_pt + 3}pt; margin:6px 0'>{formula_html(curve.formula)}</p>"
        f"{lines}</div>"
    )

"""The XOR tab's words: the caption's argument, the live numbers, the map titles, the status."""

from __future__ import annotations

from explorer.core import activations
from explorer.state.approximation.xor import LN2, XorSnapshot
from explorer.text_format import fixed, number, percent
from explorer.ui.labs.approximation.xor_views import (
    CLASS_COLOURS,
    HIDDEN_COLOUR,
    LINEAR_COLOUR,
    text_colour,
)

CAPTION = (
    "<b>No straight line separates XOR's classes.</b> "
    "<span style='color:{c0}'>●</span> sits in quadrants I and III, "
    "<span style='color:{c1}'>▲</span> in II and IV. The linear model "
    "<i>p</i> = σ(<i>w</i>·<i>x</i> + <i>b</i>) can only split the plane with a line, so its best "
    "bet is <i>p</i> ≈ ½ everywhere and its loss stalls at ln 2 ≈ {ln2}. "
    "A hidden layer <i>h</i> = φ(<i>W</i>₁<i>x</i> + <i>b</i>₁) bends the space: "
    "in <i>h</i>-space one line does separate the classes, and mapped back it is the curved "
    "boundary on the right. Shading: the model's <i>p</i>(▲); black line: <i>p</i> = ½."
)


def caption_html() -> str:
    return CAPTION.format(c0=CLASS_COLOURS[0], c1=CLASS_COLOURS[1], ln2=fixed(LN2, 3))


def linear_title(snapshot: XorSnapshot) -> str:
    return f"Linear · {percent(snapshot.linear.accuracy)} correct"


def hidden_title(snapshot: XorSnapshot) -> str:
    c = snapshot.config
    name = activations.get(c.activation).display_name
    return f"{c.hidden_units} {name} units · {percent(snapshot.hidden.accuracy)} correct"


def numbers_html(snapshot: XorSnapshot) -> str:
    """The step and both losses, in the models' colours, above the maps."""
    return (
        f"Step <b>{snapshot.step:,}</b> · loss: "
        f"<span style='color:{text_colour(LINEAR_COLOUR)}'>linear "
        f"<b>{number(snapshot.linear.loss)}</b></span> (ln 2 = {fixed(LN2, 3)}) · "
        f"<span style='color:{text_colour(HIDDEN_COLOUR)}'>hidden layer "
        f"<b>{number(snapshot.hidden.loss)}</b></span>"
    )


def status_text(snapshot: XorSnapshot) -> str:
    c = snapshot.config
    return (
        f"linear: {percent(snapshot.linear.accuracy)} accuracy · hidden layer "
        f"({c.hidden_units} {c.activation} units): {percent(snapshot.hidden.accuracy)} "
        f"after {snapshot.step:,} steps"
    )

"""Numbers as every lab shows them: in notes, status lines, titles, cards and banners.

Qt-free, so the state layer (a diagnosis, a range) and the UI write numbers alike. One
convention everywhere:

- the minus sign is "−" (U+2212), never the hyphen "-", also in an exponent: "−0.17", "1.2e−05";
- a number that is not a number is "NaN"; infinities are "∞" and "−∞";
- "–" (an en dash) means "no value yet" and is only ever the text for ``None``.
"""

from __future__ import annotations

import math

MINUS = "−"
NO_VALUE = "–"
NOT_A_NUMBER = "NaN"
SUBSCRIPTS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")

# |value| in [PLAIN_LOW, WHOLE_LOW): significant digits; [WHOLE_LOW, WHOLE_HIGH): a whole
# number (412, 12345); outside: exponent form, which stays short for 1e-12 and 1e300 alike
PLAIN_LOW = 1e-3
WHOLE_LOW = 100.0
WHOLE_HIGH = 1e5


def with_minus(text: str) -> str:
    """``text`` with every hyphen-minus replaced by the minus sign."""
    return text.replace("-", MINUS)


def _special(value: float | None) -> str | None:
    """The text of None, NaN and the infinities; None for an ordinary number."""
    if value is None:
        return NO_VALUE
    if math.isnan(value):
        return NOT_A_NUMBER
    if math.isinf(value):
        return "∞" if value > 0 else MINUS + "∞"
    return None


def number(value: float | None, digits: int = 3) -> str:
    """A compact number: 0.0123, −0.17, 412, 1.2e−05, 3.4e+07, ∞, NaN ("–" for None).

    ``digits`` significant digits between 0.001 and 100; whole numbers up to 100 000; above
    and below, exponent form with ``digits − 1`` significant digits (at least 2).
    """
    special = _special(value)
    if special is not None:
        return special
    value = float(value)
    if value == 0:
        return "0"  # never "−0"
    magnitude = abs(value)
    if WHOLE_LOW <= magnitude < WHOLE_HIGH:
        text = f"{value:.0f}"
    elif PLAIN_LOW <= magnitude < WHOLE_LOW:
        text = f"{value:.{digits}g}"
        if "e" in text:  # rounding carried into the next decade: 99.96 → "1e+02"
            text = f"{value:.0f}"
    else:
        text = f"{value:.{max(digits - 2, 1)}e}"
    return with_minus(text)


def fixed(value: float | None, decimals: int) -> str:
    """``value`` with exactly ``decimals`` decimals ("−1.30"); a value that rounds to zero
    has no sign ("0.00", not "−0.00")."""
    special = _special(value)
    if special is not None:
        return special
    text = f"{float(value):.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return with_minus(text)


def percent(fraction: float | None, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.5 → "50 %" (a space before "%", as in the notes)."""
    special = _special(fraction)
    if special is not None:
        return special
    return f"{fixed(100 * float(fraction), decimals)} %"


def number_range(low: float | None, high: float | None, digits: int = 3) -> str:
    """An interval in words: "0 to 1", "−0.17 to ∞"."""
    return f"{number(low, digits)} to {number(high, digits)}"


def subscript(value: int) -> str:
    """An integer in subscript digits: 12 → "₁₂" (for W₁₂, x₀)."""
    return str(int(value)).translate(SUBSCRIPTS)

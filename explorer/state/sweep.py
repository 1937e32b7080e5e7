"""A slider sweep: a control moved from one value to another over some seconds, for a lecture.

Qt-free: :meth:`Sweep.fraction` says how far along the way (0 = ``start``, 1 = ``end``) the
control is ``t`` seconds after the sweep began; the UI turns that into a slider position (so a
logarithmic slider sweeps evenly in log scale, as a hand would drag it).

Written ``field:start:end:seconds`` on the command line (``depth:2:30:10``), and as an object
in a deck's scene: ``{"field": "depth", "start": 2, "end": 30, "seconds": 10,
"easing": "ease", "repeat": "once"}``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

EASINGS = ("linear", "ease")  # ease: slow start and end (a cosine), as a hand moves
REPEATS = ("once", "loop", "bounce")  # bounce: there and back, again and again
MAX_SECONDS = 3600.0


@dataclass(frozen=True)
class Sweep:
    field: str  # the config field of the control, e.g. "depth"
    start: float
    end: float
    seconds: float = 5.0
    easing: Literal["linear", "ease"] = "ease"
    repeat: Literal["once", "loop", "bounce"] = "once"

    def validate(self) -> None:
        if not self.field:
            raise ValueError("a sweep needs the name of the control's setting")
        if not all(math.isfinite(v) for v in (self.start, self.end)):
            raise ValueError("a sweep runs between two finite values")
        if not 0.1 <= self.seconds <= MAX_SECONDS:
            raise ValueError(f"a sweep lasts 0.1 to {MAX_SECONDS:g} seconds, not {self.seconds:g}")
        if self.easing not in EASINGS:
            raise ValueError(f"easing must be one of {', '.join(EASINGS)}")
        if self.repeat not in REPEATS:
            raise ValueError(f"repeat must be one of {', '.join(REPEATS)}")

    def finished(self, t: float) -> bool:
        """A sweep played ``once`` ends after its seconds; the others run until stopped."""
        return self.repeat == "once" and t >= self.seconds

    def fraction(self, t: float) -> float:
        """How far from ``start`` (0) to ``end`` (1) the control is at ``t`` seconds."""
        u = max(t, 0.0) / self.seconds
        if self.repeat == "once":
            u = min(u, 1.0)
        elif self.repeat == "loop":
            u = u % 1.0  # back to the start after each pass
        else:  # bounce: 0 → 1 → 0 → …
            u = u % 2.0
            u = 2.0 - u if u > 1.0 else u
        if self.easing == "ease":
            u = 0.5 - 0.5 * math.cos(math.pi * u)
        return u

    def value(self, t: float) -> float:
        """The value at ``t`` on a linear scale (a log slider maps the fraction itself)."""
        return self.start + self.fraction(t) * (self.end - self.start)


def parse_sweep(text: str) -> Sweep:
    """``"field:start:end:seconds"`` → a checked :class:`Sweep` (eased, played once);
    ``ValueError`` says what is wrong."""
    parts = text.split(":")
    if len(parts) != 4:
        raise ValueError(f"a sweep is NAME:FROM:TO:SECONDS (e.g. depth:2:30:10), not {text!r}")
    try:
        start, end, seconds = (float(p) for p in parts[1:])
    except ValueError:
        raise ValueError(f"FROM, TO and SECONDS must be numbers in {text!r}") from None
    sweep = Sweep(parts[0].strip(), start, end, seconds)
    sweep.validate()
    return sweep

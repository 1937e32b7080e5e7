"""The surfaces' parameters the lab puts on sliders, with their ranges. Qt-free.

Keys are ``"<surface>.<parameter>"``; the defaults are the core's (``surfaces.get(name)``).
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core import surfaces


@dataclass(frozen=True)
class SurfaceParam:
    """One slider: range, scale and words."""

    default: float
    low: float
    high: float
    log: bool
    label: str
    description: str


def _default(surface: str, name: str) -> float:
    return surfaces.get(surface).params[name]


SURFACE_PARAMS: dict[str, SurfaceParam] = {
    "quadratic.condition_number": SurfaceParam(
        _default("quadratic", "condition_number"), 1.0, 1000.0, True, "condition number κ",
        "ratio of the steepest to the flattest curvature: plain gradient descent needs lr < 2/κ",
    ),
    "quadratic.angle": SurfaceParam(
        _default("quadratic", "angle"), -90.0, 90.0, False, "valley angle (°)",
        "rotates the valley: at 0° and 90° it lies along an axis, where Adam's per-coordinate "
        "scale helps most",
    ),
    "rosenbrock.a": SurfaceParam(
        _default("rosenbrock", "a"), -2.0, 2.0, False, "a", "the minimum sits at (a, a²)"
    ),
    "rosenbrock.b": SurfaceParam(
        _default("rosenbrock", "b"), 1.0, 1000.0, True, "b",
        "steepness of the valley walls: large b, narrow curved valley",
    ),
    "rastrigin.A": SurfaceParam(
        _default("rastrigin", "A"), 0.0, 20.0, False, "A", "height of the ripples (local minima)"
    ),
}  # fmt: skip


def params_of(surface: str) -> list[tuple[str, SurfaceParam]]:
    """The slider keys and specs of ``surface`` (empty for a surface without parameters)."""
    return [(key, p) for key, p in SURFACE_PARAMS.items() if key.startswith(surface + ".")]

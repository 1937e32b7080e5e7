"""The checks a config's ``validate`` makes of one field, each raising ``ValueError`` with a
message that names the field as the user sees it (the labs' configs share them). Qt-free."""

from __future__ import annotations

from collections.abc import Iterable


def check_int(label: str, value, low: int, high: int) -> None:
    """A whole number (not a bool, not a float) in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{label} must be a whole number from {low} to {high}, got {value!r}")


def check_number(label: str, value, low: float, high: float) -> None:
    """A number (not a bool) in [low, high]; NaN is outside every range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{label} must be between {low:g} and {high:g}, got {value!r}")


def check_name(label: str, value, valid: Iterable[str]) -> None:
    """One of ``valid``."""
    valid = tuple(valid)
    if value not in valid:
        raise ValueError(f"unknown {label} {value!r}; valid: {', '.join(valid)}")

"""Sweeps: where the control is t seconds in, and the NAME:FROM:TO:SECONDS form."""

from __future__ import annotations

import pytest

from explorer.state.sweep import Sweep, parse_sweep


def test_once_goes_from_start_to_end_and_stays():
    sweep = Sweep("depth", 2, 30, seconds=10, easing="linear")
    assert [sweep.value(t) for t in (0, 2.5, 5, 10, 60)] == [2, 9, 16, 30, 30]
    assert not sweep.finished(9.99) and sweep.finished(10)


def test_ease_starts_and_ends_slowly_and_passes_the_middle_at_half_time():
    sweep = Sweep("lr", 0, 1, seconds=4, easing="ease")
    assert sweep.fraction(0) == 0 and sweep.fraction(4) == pytest.approx(1)
    assert sweep.fraction(2) == pytest.approx(0.5)
    assert sweep.fraction(0.4) < 0.4 / 4  # slower than steady at the start
    values = [sweep.fraction(t / 10) for t in range(41)]
    assert values == sorted(values)


def test_loop_starts_again_and_bounce_comes_back():
    loop = Sweep("w", 0, 1, seconds=2, easing="linear", repeat="loop")
    assert [loop.fraction(t) for t in (0.5, 1.5, 2.5)] == [0.25, 0.75, 0.25]
    bounce = Sweep("w", 0, 1, seconds=2, easing="linear", repeat="bounce")
    assert [bounce.fraction(t) for t in (1, 2, 3, 4, 5)] == [0.5, 1, 0.5, 0, 0.5]
    assert not loop.finished(1e6) and not bounce.finished(1e6)


def test_the_command_line_form():
    assert parse_sweep("depth:2:30:10") == Sweep("depth", 2.0, 30.0, 10.0)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("depth:2:30", "NAME:FROM:TO:SECONDS"),
        ("depth:a:30:10", "must be numbers"),
        (":2:30:10", "name of the control"),
        ("depth:2:30:0", "0.1 to 3600 seconds"),
        ("depth:nan:30:10", "finite"),
        ("depth:2:inf:10", "finite"),
    ],
)
def test_a_bad_sweep_says_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_sweep(text)

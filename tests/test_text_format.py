"""The one number format: a table of what each helper writes, and properties over many values
(a negative number starts with "−", no text holds a hyphen, the text reads back as the value
to the digits shown)."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from explorer.text_format import (
    MINUS,
    NO_VALUE,
    fixed,
    number,
    number_range,
    percent,
    subscript,
    with_minus,
)


def read_back(text: str) -> float:
    """What a reader takes the text to mean."""
    text = text.replace(MINUS, "-")
    if text == "NaN":
        return math.nan
    if text.endswith("∞"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (0.25, "0.25"),
        (-0.17, "−0.17"),
        (0.0123, "0.0123"),
        (0.001, "0.001"),
        (9.54e-7, "9.5e−07"),
        (1.2e-5, "1.2e−05"),
        (-1.2e-5, "−1.2e−05"),
        (99.96, "100"),
        (412.4, "412"),
        (-12345.6, "−12346"),
        (3.4e7, "3.4e+07"),
        (math.nan, "NaN"),
        (math.inf, "∞"),
        (-math.inf, "−∞"),
        (None, NO_VALUE),
        (np.float32(0.5), "0.5"),
    ],
)
def test_number_table(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(9.5367e-7, 2, "9.5e−07"), (0.123456, 2, "0.12"), (99.6, 2, "100"), (-3.14159, 5, "−3.1416")],
)
def test_number_digits(value, digits, text):
    assert number(value, digits) == text


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: fixed(-1.3, 2), "−1.30"),
        (lambda: fixed(-0.001, 2), "0.00"),
        (lambda: fixed(2.0, 1), "2.0"),
        (lambda: percent(0.5), "50 %"),
        (lambda: percent(-0.004), "0 %"),
        (lambda: percent(0.12345, 1), "12.3 %"),
        (lambda: percent(None), "–"),
        (lambda: percent(math.nan), "NaN"),
        (lambda: number_range(0.0, 1.0), "0 to 1"),
        (lambda: number_range(-0.17, math.inf), "−0.17 to ∞"),
        (lambda: number_range(-math.inf, math.inf), "−∞ to ∞"),
        (lambda: subscript(0), "₀"),
        (lambda: subscript(12), "₁₂"),
        (lambda: subscript(-3), "₋₃"),
        (lambda: with_minus("x-1"), "x−1"),
    ],
)
def test_helpers_table(call, text):
    assert call() == text


def many_values() -> np.ndarray:
    """Both signs over 600 decades, plus the edges between the three forms."""
    rng = np.random.default_rng(0)
    magnitudes = 10.0 ** rng.uniform(-300, 300, 3000)
    edges = np.array([1e-3, 100.0, 1e5, 99.95, 99999.5, 0.00099996])
    values = np.concatenate([magnitudes, edges, np.nextafter(edges, 0), np.nextafter(edges, 1e9)])
    return np.concatenate([values, -values])


@pytest.mark.parametrize("digits", [2, 3, 4])
def test_every_number_reads_back_with_its_sign(digits):
    for value in many_values():
        text = number(float(value), digits)
        assert "-" not in text, text
        assert text.startswith(MINUS) == (value < 0), (value, text)
        back = read_back(text)
        if abs(value) >= 100 and abs(value) < 1e5:
            assert abs(back - value) <= 0.5, (value, text)
        else:
            kept = digits if 1e-3 <= abs(value) < 100 else max(digits - 1, 2)
            assert back == pytest.approx(value, rel=0.51 * 10.0 ** (1 - kept)), (value, text)


def test_fixed_and_percent_read_back():
    for value in many_values()[many_values() < 1e6]:
        for decimals in (0, 2):
            text = fixed(float(value), decimals)
            assert "-" not in text
            assert read_back(text) == pytest.approx(value, abs=0.51 * 10.0**-decimals)
        assert percent(float(value) / 100, 1).endswith(" %")


def test_special_values_round_trip():
    for value in (math.inf, -math.inf):
        assert read_back(number(value)) == value
    assert math.isnan(read_back(number(math.nan)))


def test_the_module_imports_no_qt():
    """State code formats numbers with it, so it must stay as Qt-free as the state layer."""
    code = (
        "import sys, explorer.text_format\n"
        "print(any(m.startswith(('PySide6', 'shiboken6', 'pyqtgraph')) for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr

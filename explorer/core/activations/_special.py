"""Vectorized special functions without SciPy: erf, erfc and a stable logistic sigmoid.

erf/erfc use W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations
for the error function", Math. Comp. 23, 1969, pp. 631-638; the coefficients of the SPECFUN
routine CALERF), which are accurate to about 18 significant digits, so the float64 result is
limited by rounding only (|erf error| < 1e-15 against ``math.erf``). Three intervals of |x|:

- |x| ≤ 0.46875:    erf(x)  = x · A(x²) / B(x²)
- 0.46875 < |x| ≤ 4: erfc(x) = exp(−x²) · C(x) / D(x)
- |x| > 4:          erfc(x) = exp(−x²) / x · (1/√π − z · P(z) / Q(z)),  z = 1/x²

and erfc(−x) = 2 − erfc(x), erf(−x) = −erf(x). Evaluated in the input's dtype. exp(−x²) is taken
directly (not Cody's split of x²), which costs erfc up to x²·2⁻⁵³ relative accuracy in the far
tail (< 1e-13) but halves the exponentials; erf itself stays within 2e-16 of ``math.erf``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.core._params import as_float_array

# Cody's coefficients, regrouped as polynomials with the leading coefficient first.
_ERF_NUM = (0.185777706184603153, 3.16112374387056560, 113.864154151050156,
            377.485237685302021, 3209.37758913846947)  # fmt: skip
_ERF_DEN = (1.0, 23.6012909523441209, 244.024637934444173, 1282.61652607737228,
            2844.23683343917062)  # fmt: skip
_MID_NUM = (
    2.15311535474403846e-8, 0.564188496988670089, 8.88314979438837594, 66.1191906371416295,
    298.635138197400131, 881.952221241769090, 1712.04761263407058, 2051.07837782607147,
    1230.33935479799725,
)  # fmt: skip
_MID_DEN = (
    1.0, 15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019,
    3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
)  # fmt: skip
_TAIL_NUM = (0.0163153871373020978, 0.305326634961232344, 0.360344899949804439,
             0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4)  # fmt: skip
_TAIL_DEN = (1.0, 2.56852019228982242, 1.87295284992346047, 0.527905102951428412,
             0.0605183413124413191, 0.00233520497626869185)  # fmt: skip
_INV_SQRT_PI = 0.56418958354775628695
_INV_SQRT_2PI = 0.3989422804014327
_SQRT_HALF = 0.7071067811865476
_SMALL = 0.46875
# erfc(27) < 1e-300 is 0 in float64 (and far below float32); clipping keeps x·x finite.
_CLIP = 27.0


def _horner(y: np.ndarray, coeffs: tuple[float, ...]) -> np.ndarray:
    """Σₖ coeffs[k]·y^(n−k) (leading coefficient first), as a new array."""
    out = y.copy() if coeffs[0] == 1.0 else y * coeffs[0]
    for c in coeffs[1:-1]:
        out += c
        out *= y
    out += coeffs[-1]
    return out


def _erf_small(y: np.ndarray) -> np.ndarray:
    """erf(y) for 0 ≤ y ≤ 0.46875 (callers pass min(|x|, 0.46875))."""
    ysq = y * y
    num = _horner(ysq, _ERF_NUM)
    num *= y
    num /= _horner(ysq, _ERF_DEN)
    return num


def _erfc_big(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(erfc(y) for y ≥ 0.46875, exp(−y²)) for y = |x|; the first is garbage below 0.46875.

    Every interval is evaluated on the whole array with its argument clipped into range, and
    the results are blended with ``np.where``: far cheaper than boolean gathers and scatters.
    """
    yc = np.minimum(y, _CLIP)
    gauss = yc * yc
    np.negative(gauss, out=gauss)
    np.exp(gauss, out=gauss)

    ym = np.clip(y, _SMALL, 4.0)
    num = _horner(ym, _MID_NUM)
    num /= _horner(ym, _MID_DEN)

    if y.size and np.max(y) > 4.0:  # the tail is rare for activations: skip it when absent
        np.maximum(yc, 4.0, out=yc)
        z = yc * yc
        np.reciprocal(z, out=z)
        tail = _horner(z, _TAIL_NUM)
        tail *= z
        tail /= _horner(z, _TAIL_DEN)
        np.subtract(_INV_SQRT_PI, tail, out=tail)
        tail /= yc
        num = np.where(y > 4.0, tail, num)
    num *= gauss
    return num, gauss


def _erf_erfc(x: np.ndarray, want_erf: bool) -> tuple[np.ndarray, np.ndarray]:
    """(erf(x) or erfc(x), exp(−x²)) for a float ndarray ``x``."""
    y = np.abs(x)
    small = y <= _SMALL
    e_small = _erf_small(np.minimum(y, _SMALL))
    np.copysign(e_small, x, out=e_small)  # erf(x) on the small interval
    tail, gauss = _erfc_big(y)  # erfc(|x|)
    if want_erf:
        np.subtract(1.0, tail, out=tail)
        np.copysign(tail, x, out=tail)
        return np.where(small, e_small, tail), gauss
    tail = np.where(x < 0, 2.0 - tail, tail)
    np.subtract(1.0, e_small, out=e_small)
    return np.where(small, e_small, tail), gauss


def erf(x: Any) -> np.ndarray:
    """Error function erf(x) = 2/√π ∫₀ˣ exp(−t²) dt, elementwise.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    ndarray of the same shape and dtype as ``x`` (non-float input becomes float64)
    """
    x = as_float_array(x)
    return _erf_erfc(x.reshape(-1), want_erf=True)[0].reshape(x.shape)


def erfc(x: Any) -> np.ndarray:
    """Complementary error function erfc(x) = 1 − erf(x), accurate in relative terms for x > 0.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    ndarray of the same shape and dtype as ``x`` (non-float input becomes float64)
    """
    x = as_float_array(x)
    return _erf_erfc(x.reshape(-1), want_erf=False)[0].reshape(x.shape)


def normal_cdf_pdf(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standard normal Φ(x) = ½·erfc(−x/√2) and φ(x) = e^{−x²/2}/√(2π), sharing one exp.

    ``x`` is a float ndarray; both results have its shape and dtype. Φ keeps its relative
    accuracy in the far left tail, where ½(1 + erf(x/√2)) would cancel to 0.
    """
    cdf, pdf = _erf_erfc(x * -_SQRT_HALF, want_erf=False)
    cdf *= 0.5
    pdf *= _INV_SQRT_2PI
    return cdf, pdf


def exp_minus_abs(x: np.ndarray) -> np.ndarray:
    """e^{−|x|} ∈ (0, 1]: the one exponential behind the stable sigmoid and softplus."""
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return e


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic σ(x) = 1 / (1 + e^{−x}) without overflow, accurate in both tails.

    With e = exp(−|x|) ≤ 1: σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0.
    ``x`` is a float ndarray (ndim ≥ 1); the result has its shape and dtype.
    """
    e = exp_minus_abs(x)
    num = np.where(x >= 0, 1.0, e).astype(x.dtype, copy=False)
    e += 1.0
    num /= e
    return num


def sigmoid_of_negative(x: np.ndarray) -> np.ndarray:
    """σ(−x) = 1 − σ(x), computed directly (no cancellation for large positive x)."""
    e = exp_minus_abs(x)
    num = np.where(x > 0, e, 1.0).astype(x.dtype, copy=False)
    e += 1.0
    num /= e
    return num


def softplus_of(x: np.ndarray) -> np.ndarray:
    """log(1 + eˣ) = max(x, 0) + log(1 + e^{−|x|}), without overflow."""
    out = exp_minus_abs(x)
    np.log1p(out, out=out)
    out += np.maximum(x, 0.0)
    return out

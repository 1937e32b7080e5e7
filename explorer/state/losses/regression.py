"""The regression tab's maths: the best line under each loss, residual curves, pulls.

Qt-free. The line ŷ = a·x + c that minimises (1/n) Σ ℓ(ŷᵢ − yᵢ) is found in closed form for
MSE and by iteratively reweighted least squares (IRLS) for the others: each step solves the
weighted least squares with weights ωᵢ = ℓ′(rᵢ)/rᵢ of the current residuals (exact enumeration
for L1, see :func:`fit_line`), so a drag refits in well under a millisecond and the same points
always give the same lines. With ``reg_model = "mlp"`` each loss instead fits the lab's small
MLP (1 → 8 tanh → 1, :mod:`explorer.state.losses.small_mlp`): exactly (all steps at once)
without a store, or from the session's :class:`~explorer.state.losses.regression_fits.
RegressionFits`, which computes the exact fits in slices and says what is shown until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorer.core import losses
from explorer.core.losses import ResidualLoss
from explorer.state.losses import small_mlp
from explorer.state.losses.config import X_LIMIT, LossesConfig
from explorer.state.losses.regression_fits import RegressionFits
from explorer.state.session import freeze

IRLS_STEPS = 50  # at most; Huber's IRLS stops changing (< 1e-12) after ~10–20 steps
IRLS_TOLERANCE = 1e-12
RESIDUAL_FLOOR = 1e-9  # |r| below this is weighted as if it were this (ℓ′(r)/r stays finite)
RESIDUAL_RANGE = 6.0  # the residual plots show r ∈ [−6, 6]
MODEL_POINTS = 121  # samples of the MLP's curve over x ∈ [−3, 3]
CURVE_POINTS = 481  # includes r = 0 and every multiple of 0.025 (so the kinks at ±δ, ±β)


def regression_loss(name: str, config: LossesConfig) -> ResidualLoss:
    """The core loss ``name`` with the config's δ (Huber) or β (Smooth L1)."""
    params = {"huber": {"delta": config.reg_delta}, "smooth_l1": {"beta": config.reg_beta}}
    return losses.get(name, **params.get(name, {}))


def fit_line(
    loss: ResidualLoss, x: np.ndarray, y: np.ndarray, start: tuple[float, float] | None = None
) -> tuple[float, float]:
    """(slope a, intercept c) of the line minimising (1/n) Σ ℓ(a·xᵢ + c − yᵢ).

    MSE: least squares. L1: a best L1 line passes through two data points (the minimum of a
    convex piecewise-linear function is at a vertex), so every line through two points is
    tried — exact, and n ≤ 24 makes that 276 lines. Others (Huber, Smooth L1): IRLS from the
    least-squares line, weights ωᵢ = ℓ′(rᵢ)/rᵢ, until the line moves by < 1e-12.

    Parameters
    ----------
    x, y : ndarray of shape (n,), with at least two different x
    start : the least-squares line if the caller has it already (it is where IRLS starts)
    """
    a, c = least_squares_line(x, y) if start is None else start
    if loss.name == "mse":
        return float(a), float(c)
    if loss.name == "l1":
        return _l1_line(x, y)
    for _ in range(IRLS_STEPS):
        r = a * x + c - y
        safe = np.where(np.abs(r) < RESIDUAL_FLOOR, np.copysign(RESIDUAL_FLOOR, r), r)
        w = loss.derivative(safe.copy())
        w /= safe  # ωᵢ = ℓ′(rᵢ)/rᵢ > 0 for these even, increasing losses
        # the weighted normal equations (Dᵀ W D) θ = Dᵀ W y, 2 × 2
        sw, swx, swxx, swy, swxy = w.sum(), w @ x, w @ (x * x), w @ y, w @ (x * y)
        det = swxx * sw - swx * swx
        if not det > 1e-12 * swxx * sw:  # all the weight on one x: keep the line
            break
        a_new = (swxy * sw - swx * swy) / det
        c_new = (swy - a_new * swx) / sw
        moved = abs(a_new - a) + abs(c_new - c)
        a, c = a_new, c_new
        if moved < IRLS_TOLERANCE:
            break
    return float(a), float(c)


def least_squares_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(a, c) minimising Σ (a·xᵢ + c − yᵢ)², from the 2 × 2 normal equations."""
    n, sx, sy = x.size, x.sum(), y.sum()
    sxx, sxy = x @ x, x @ y
    a = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return float(a), float((sy - a * sx) / n)


def _l1_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The line through two data points with the least Σ|rᵢ| (the first such pair)."""
    i, j = np.triu_indices(len(x), k=1)
    dx = x[j] - x[i]
    ok = dx != 0
    i, j, dx = i[ok], j[ok], dx[ok]
    slopes = (y[j] - y[i]) / dx
    icepts = y[i] - slopes * x[i]
    cost = np.abs(slopes[:, None] * x + icepts[:, None] - y).sum(axis=1)
    best = int(np.argmin(cost))
    return float(slopes[best]), float(icepts[best])


@dataclass(frozen=True, eq=False)
class LossFit:
    """One ticked loss: its line, residuals and per-point pull, and its curves of r."""

    name: str
    display_name: str
    slope: float  # of the line (NaN for the MLP)
    intercept: float
    model_x: np.ndarray  # where the fitted model is drawn: the line's two ends, or the curve's
    model_y: np.ndarray
    residuals: np.ndarray  # (n,) ŷᵢ − yᵢ at this loss's line
    pulls: np.ndarray  # (n,) ℓ′(rᵢ): how hard each point pulls on its prediction
    mean_loss: float  # (1/n) Σ ℓ(rᵢ), the core loss's value at the line
    curve: np.ndarray  # (CURVE_POINTS,) ℓ(r)
    curve_derivative: np.ndarray  # (CURVE_POINTS,) ℓ′(r)
    #: the MLP's state: "exact" (the fit of these points), "warm" (following a drag: an
    #: approximation) or "partial" (the exact fit after ``steps`` of its steps); lines: exact
    state: str = "exact"
    steps: int = small_mlp.COLD_STEPS


@dataclass(frozen=True, eq=False)
class RegressionView:
    x: np.ndarray  # (n,) the data
    y: np.ndarray
    selected: int
    r_grid: np.ndarray  # (CURVE_POINTS,)
    fits: tuple[LossFit, ...]  # the ticked losses, in registry order
    model: str = "line"  # the config's reg_model

    def fit(self, name: str) -> LossFit | None:
        return next((f for f in self.fits if f.name == name), None)

    @property
    def exact(self) -> bool:
        """Every curve on screen is its loss's final fit of these points."""
        return all(f.state == "exact" for f in self.fits)

    @property
    def progress(self) -> float:
        """The share of the exact MLP fits' steps done (1 when every fit is exact)."""
        if not self.fits:
            return 1.0
        return sum(f.steps for f in self.fits) / (len(self.fits) * small_mlp.COLD_STEPS)


def residual_grid() -> np.ndarray:
    return freeze(np.linspace(-RESIDUAL_RANGE, RESIDUAL_RANGE, CURVE_POINTS))


_GRID = residual_grid()


@lru_cache(maxsize=32)
def residual_curves(loss: ResidualLoss) -> tuple[np.ndarray, np.ndarray]:
    """(ℓ(r), ℓ′(r)) on the residual grid; the same arrays while the loss's parameters stay
    (a drag of a point moves no curve, and the views skip their setData)."""
    return freeze(loss.of_residual(_GRID.copy())), freeze(loss.derivative(_GRID.copy()))


_MODEL_X = freeze(np.linspace(-X_LIMIT, X_LIMIT, MODEL_POINTS))
_LINE_X = freeze(np.array([-X_LIMIT - 1, X_LIMIT + 1]))  # beyond the box: no visible ends


def compute_regression(config: LossesConfig, store: RegressionFits | None = None) -> RegressionView:
    """Fit every ticked loss to the config's points: a line, or the small MLP (exactly, or
    as far as the session's ``store`` of sliced fits has got)."""
    points = np.array(config.reg_points)
    x, y = points[:, 0].copy(), points[:, 1].copy()
    fits = []
    start = least_squares_line(x, y)
    named = [(name, regression_loss(name, config)) for name in config.reg_losses]
    nets = {}
    if store is not None:  # the line needs no net: then no exact fit keeps running
        nets = store.nets(named if config.reg_model == "mlp" else [], x, y)
    for name, loss in named:
        state, steps = "exact", small_mlp.COLD_STEPS
        if config.reg_model == "mlp":
            if store is None:
                fitter = small_mlp.fit(loss, x[:, None], y)
            else:
                shown = nets[name]
                fitter, state, steps = shown.fitter, shown.kind, shown.steps
            a = c = float("nan")
            pred = small_mlp.predict(fitter, x[:, None])
            model_x, model_y = _MODEL_X, freeze(small_mlp.predict(fitter, _MODEL_X[:, None]))
        else:
            a, c = fit_line(loss, x, y, start)
            pred = a * x + c
            model_x, model_y = _LINE_X, freeze(a * _LINE_X + c)
        curves = residual_curves(loss)
        residuals = pred - y
        fits.append(
            LossFit(
                name=loss.name,
                display_name=loss.display_name,
                slope=float(a),
                intercept=float(c),
                model_x=model_x,
                model_y=model_y,
                residuals=freeze(residuals),
                pulls=freeze(loss.derivative(residuals.copy())),
                mean_loss=loss.value(pred, y),
                curve=curves[0],
                curve_derivative=curves[1],
                state=state,
                steps=steps,
            )
        )
    return RegressionView(
        freeze(x), freeze(y), config.reg_selected, _GRID, tuple(fits), config.reg_model
    )

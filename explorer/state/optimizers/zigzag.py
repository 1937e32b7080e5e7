"""Sigmoid vs tanh: why all-positive hidden outputs make gradient descent zig-zag. Qt-free.

The model, the same for both activations except ``act``::

    inputs    xₙ ∈ ℝ², n = 1 … N (N = 32), xₙ ~ offset + 1.5·𝒩(0, I), seeded
    hidden    hₙ = act(xₙ) elementwise (two units, no weights of their own), act = σ or tanh
    output    ŷₙ = w₁hₙ₁ + w₂hₙ₂ = w·hₙ (no bias)
    targets   yₙ = w*·hₙ with the teacher's w* = (2, −1): both nets reach loss 0 at w*

Training: plain gradient descent (torch's SGD rule from :mod:`explorer.core`) on (w₁, w₂)
only, from the same start, one batch B of examples per step (a seeded shuffle per epoch),
with torch's MSE on the batch::

    L_B(w) = (1/|B|) Σ_{n∈B} (w·hₙ − yₙ)²
    δₙ = ∂L_B/∂ŷₙ = 2(ŷₙ − yₙ)/|B|          (the core's MSE gradient)
    ∂L_B/∂wᵢ = Σ_{n∈B} δₙ hₙᵢ               (one example: δ·hᵢ)
    w ← w − η ∇L_B

With one example per step every component of the update −η δ h carries the sign of −δ
wherever all hᵢ > 0 (sigmoid): each update lies in the (+,+) or the (−,−) quadrant, so a
minimum that lies towards (+,−) is reached by a staircase. tanh's hᵢ take either sign: its
updates point anywhere. Over the whole data set the loss is the quadratic bowl

    L(w) = (1/N) Σₙ (w·hₙ − yₙ)² = (w − w*)ᵀ A (w − w*),   A = (1/N) Σₙ hₙhₙᵀ  (2 × 2)

whose contours are ellipses with axes along A's eigenvectors; positive hidden outputs share a
large mean, so A is dominated by the mean's direction (1, 1) and κ(A) = λ_max/λ_min is large:
the same zig-zag, seen as a narrow valley (LeCun et al., "Efficient BackProp", 1998).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from explorer.core import activations, losses, trajectories
from explorer.state.session import freeze
from explorer.text_format import number

ACTIVATIONS = ("sigmoid", "tanh")  # left and right
EXAMPLES = 32  # N: small enough that one example per step visibly matters
SPREAD = 1.5  # σ of the inputs around their mean
TEACHER = (2.0, -1.0)  # w*: the targets' weights, the minimum of both losses
WINDOW = 3.5  # the contour plots show at least w₁, w₂ ∈ [−WINDOW, WINDOW]
GRID_SPAN = 7.0  # the map covers [−GRID_SPAN, GRID_SPAN]²: a wide plot shows more of w₁
GRID_POINTS = 201
BANDS = 16  # colour bands of the filled contours, equal steps of log10 L
DECADES = 4.0  # the bands span this many decades below the window's highest loss
# the limits of the zig_ fields
LR_RANGE = (1e-3, 2.0)
MAX_STEPS = 1000
MAX_SEED = 999
MAX_START = 3.0
MAX_OFFSET = 3.0
TARGET_RANGE = (1e-6, 1e-1)
# every update's sign pair
BOTH_PLUS, BOTH_MINUS, MIXED, STILL = 0, 1, 2, 3
QUADRANT_NAMES = ("both +", "both −", "mixed", "no move")

_MSE = losses.get("mse")


@dataclass(frozen=True, eq=False)
class Problem:
    """One activation's data and its loss bowl (arrays read-only)."""

    activation: str
    features: np.ndarray  # (N, 2): hₙ = act(xₙ)
    targets: np.ndarray  # (N,): yₙ = w*·hₙ
    curvature: np.ndarray  # (2, 2): A = (1/N) Σ hₙhₙᵀ; L(w) = (w − w*)ᵀ A (w − w*)
    minimum: np.ndarray  # (2,): the least-squares w (w* up to rounding)
    shade: np.ndarray  # (GRID_POINTS, GRID_POINTS), rows along w₂: band index 0 … BANDS − 1

    @property
    def condition(self) -> float:
        """κ(A) = λ_max / λ_min: how narrow the valley is (1: round)."""
        low, high = np.linalg.eigvalsh(self.curvature)
        return float(high / low) if low > 0 else float("inf")

    @property
    def positive_share(self) -> float:
        """The fraction of hidden outputs hₙᵢ above 0."""
        return float(np.mean(self.features > 0))

    def loss(self, w: np.ndarray) -> np.ndarray:
        """L(w) over the whole data set for w of shape (..., 2); shape (...)."""
        residual = np.asarray(w, dtype=np.float64) @ self.features.T - self.targets
        with np.errstate(over="ignore", invalid="ignore"):
            return np.mean(residual * residual, axis=-1)


@dataclass(frozen=True, eq=False)
class ZigzagRun:
    """One activation's run (arrays read-only)."""

    problem: Problem
    path: np.ndarray  # (k + 1, 2): the start and w after each of k ≤ steps updates
    updates: np.ndarray  # (k, 2): w_{t} − w_{t−1}
    quadrants: np.ndarray  # (k,): BOTH_PLUS, BOTH_MINUS, MIXED or STILL per update
    loss: np.ndarray  # (k + 1,): L(w_t) over the whole data set
    steps: int  # asked for
    target: float
    steps_to_target: int | None  # the first t with L(w_t) ≤ target (None: not reached)

    @property
    def activation(self) -> str:
        return self.problem.activation

    @property
    def diverged(self) -> bool:
        """Stopped early: w or its gradient stopped being finite."""
        return len(self.path) - 1 < self.steps

    def count(self, quadrant: int) -> int:
        return int(np.count_nonzero(self.quadrants == quadrant))

    def share(self, quadrant: int) -> float | None:
        """The fraction of the updates that moved w that lie in ``quadrant`` (None: none moved)."""
        moved = len(self.quadrants) - self.count(STILL)
        return self.count(quadrant) / moved if moved else None


@dataclass(frozen=True, eq=False)
class ZigzagView:
    """What the tab draws: both runs from the same start on the same inputs."""

    runs: tuple[ZigzagRun, ZigzagRun]  # sigmoid, tanh
    start: tuple[float, float]
    lr: float
    batch: int
    target: float
    offset: float

    def run(self, activation: str) -> ZigzagRun:
        return self.runs[ACTIVATIONS.index(activation)]


def quadrants(updates: np.ndarray) -> np.ndarray:
    """The sign pair of each update (k, 2) as BOTH_PLUS, BOTH_MINUS, MIXED or STILL; an update
    with one component exactly 0 counts with the sign of the other."""
    u = np.asarray(updates, dtype=np.float64).reshape(-1, 2)
    out = np.full(len(u), STILL, dtype=np.int8)
    signs = np.sign(u)
    product = signs[:, 0] * signs[:, 1]  # of the signs: a product of huge updates overflows
    total = signs[:, 0] + signs[:, 1]
    out[(product >= 0) & (total > 0)] = BOTH_PLUS
    out[(product >= 0) & (total < 0)] = BOTH_MINUS
    out[product < 0] = MIXED
    return out


def inputs(seed: int, offset: float) -> np.ndarray:
    """The seeded inputs xₙ, shape (N, 2)."""
    rng = np.random.default_rng(seed)
    return offset + SPREAD * rng.standard_normal((EXAMPLES, 2))


def batch_order(seed: int, batch: int, steps: int) -> np.ndarray:
    """The examples of each step, shape (steps, batch): the data set shuffled afresh each
    epoch (the same stream of shuffles for any number of steps, so more steps extend a run)."""
    rng = np.random.default_rng([seed, 1])
    needed = steps * batch
    epochs = -(-needed // EXAMPLES)
    stream = np.concatenate([rng.permutation(EXAMPLES) for _ in range(epochs)])
    return stream[:needed].reshape(steps, batch)


def gradient(w, features: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """∂L_B/∂w = Σₙ δₙ hₙ for the batch ``features`` (|B|, 2), ``targets`` (|B|,); shape (2,)."""
    delta = _MSE.gradient(features @ np.asarray(w, dtype=np.float64), targets)
    return delta @ features


@lru_cache(maxsize=16)
def problem(activation: str, seed: int, offset: float) -> Problem:
    """The data and loss bowl of ``activation`` (cached: only the seed and offset change it)."""
    act = activations.get(activation)
    features = act.forward(inputs(seed, offset))
    targets = features @ np.array(TEACHER)
    curvature = features.T @ features / EXAMPLES
    minimum = np.linalg.lstsq(features, targets, rcond=None)[0]
    axis = np.linspace(-GRID_SPAN, GRID_SPAN, GRID_POINTS)
    grid = np.stack(np.meshgrid(axis, axis), axis=-1)  # (w₂ rows, w₁ columns, 2)
    d = grid - np.array(TEACHER)
    values = np.einsum("...i,ij,...j->...", d, curvature, d)
    inside = np.all(np.abs(grid) <= WINDOW, axis=-1)
    high = float(values[inside].max())  # the bands fit the window; beyond it the top band
    floor = high * 10**-DECADES
    scaled = np.log10(np.clip(values, floor, high) / high) / DECADES + 1.0
    shade = np.clip(np.floor(scaled * BANDS), 0, BANDS - 1)
    return Problem(activation, freeze(features), freeze(targets), freeze(curvature),
                   freeze(minimum), freeze(shade))  # fmt: skip


def linear_gradients(prob: Problem, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each step's gradient as an affine map of w: ∂L_B/∂w = M w − c, with
    M = (2/|B|) H_Bᵀ H_B (steps, 2, 2) and c = (2/|B|) H_Bᵀ y_B (steps, 2).

    The MSE gradient is affine in w, so every step's map is computed at once and a run costs
    a few float operations per step (1 000 steps in ~2 ms, not ~20 ms through
    :func:`gradient` per step); the tests hold the two equal.
    """
    h = prob.features[order]  # (steps, |B|, 2)
    y = prob.targets[order]  # (steps, |B|)
    scale = 2.0 / order.shape[1]
    return scale * np.einsum("sbi,sbj->sij", h, h), scale * np.einsum("sbi,sb->si", h, y)


def train(prob: Problem, start, lr: float, order: np.ndarray, target: float) -> ZigzagRun:
    """Plain gradient descent (the core's SGD rule) on ``prob`` from ``start``, one row of
    ``order`` per step."""
    steps = len(order)
    racer = trajectories.Racer("sgd", {"lr": lr}, None, steps, start)
    maps, shifts = linear_gradients(prob, order)
    m = maps.reshape(steps, 4).tolist()
    c = shifts.tolist()
    try:
        for t in range(1, steps + 1):
            (m00, m01, m10, m11), (c0, c1) = m[t - 1], c[t - 1]
            x, y = racer.x, racer.y
            racer.step(t, m00 * x + m01 * y - c0, m10 * x + m11 * y - c1)
            if not racer.running:
                break
    except OverflowError:  # floats raise where arrays give inf: the run stops, as diverged
        pass
    path = racer.path()
    updates = np.diff(path, axis=0)
    loss = prob.loss(path)
    reached = np.flatnonzero(loss <= target)
    return ZigzagRun(prob, freeze(path), freeze(updates), freeze(quadrants(updates)),
                     freeze(loss), steps, target,
                     int(reached[0]) if reached.size else None)  # fmt: skip


def compute(config: Any) -> ZigzagView:
    """Both runs for the ``zig_`` fields of an :class:`OptimizersConfig`."""
    start = (config.zig_w1, config.zig_w2)
    order = batch_order(config.zig_seed, config.zig_batch, config.zig_steps)
    runs = tuple(
        train(problem(name, config.zig_seed, config.zig_offset), start, config.zig_lr, order,
              config.zig_target)
        for name in ACTIVATIONS
    )  # fmt: skip
    return ZigzagView(runs, start, config.zig_lr, config.zig_batch, config.zig_target,
                      config.zig_offset)  # fmt: skip


def validate(config: Any) -> None:
    """``ValueError`` naming the first ``zig_`` field out of its range (in words and as the
    session file spells it)."""
    _within("learning rate η (zig_lr)", config.zig_lr, *LR_RANGE)
    _whole("steps (zig_steps)", config.zig_steps, 1, MAX_STEPS)
    _whole("examples per step (zig_batch)", config.zig_batch, 1, EXAMPLES)
    _whole("seed (zig_seed)", config.zig_seed, 0, MAX_SEED)
    _within("start w₁ (zig_w1)", config.zig_w1, -MAX_START, MAX_START)
    _within("start w₂ (zig_w2)", config.zig_w2, -MAX_START, MAX_START)
    _within("input mean (zig_offset)", config.zig_offset, -MAX_OFFSET, MAX_OFFSET)
    _within("target loss (zig_target)", config.zig_target, *TARGET_RANGE)


def _within(name: str, value: Any, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{name} must be between {number(low)} and {number(high)}, "
                         f"got {value!r}")  # fmt: skip


def _whole(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    _within(name, value, low, high)

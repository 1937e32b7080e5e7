"""The arithmetic of a one-hidden-layer network ŷ(x) = Σᵢ vᵢ·σ(wᵢx + bᵢ) + c, without Qt.

Used by the approximation lab's build view (hand-set neurons, and "Greedy next" in
:mod:`.greedy`), by its least-squares fitter (random hidden units, output weights solved
exactly) and by the error-vs-N curve. Everything is vectorized NumPy; no function here keeps state.

A neuron is the triple ``(w, b, v)``: input weight, bias and output weight.
"""

from __future__ import annotations

import numpy as np

from explorer.core import activations
from explorer.core.activations import Activation
from explorer.text_format import MINUS, fixed

Neuron = tuple[float, float, float]

MAX_NEURONS = 64
W_LIMIT = 30.0  # slider ranges; the config refuses values outside them
B_LIMIT = 60.0
V_LIMIT = 10.0
C_LIMIT = 10.0
RIDGE = 1e-8  # per point: keeps least-squares output weights of size ~10, not ~10⁶

# sin(x) on [−π, π] from three smooth steps: down, up, down (a rough first picture)
DEFAULT_NEURONS: tuple[Neuron, ...] = ((2.0, 4.4, -1.25), (2.0, 0.0, 2.7), (2.0, -4.4, -1.25))
DEFAULT_OUTPUT_BIAS = -0.1


def activation(name: str) -> Activation:
    """The hidden activation ``name`` with its default parameters."""
    return activations.get(name)


def hidden(act: Activation, w: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Hidden-unit outputs σ(wᵢx + bᵢ): x (n,), w and b (N,) → (n, N)."""
    with np.errstate(all="ignore"):
        return act.forward(np.multiply.outer(x, w) + b)


def contribution(act: Activation, neuron: Neuron, x: np.ndarray) -> np.ndarray:
    """One neuron's share of the output, vᵢ·σ(wᵢx + bᵢ), on the points ``x``."""
    w, b, v = neuron
    with np.errstate(all="ignore"):
        return v * act.forward(w * x + b)


def new_neuron(index: int, x_min: float, x_max: float) -> Neuron:
    """A fresh neuron for slot ``index``: a gentle step somewhere in the range, with v = 0.

    v = 0 so that adding a neuron never changes the sum; the lecturer then drags vᵢ and
    watches the step grow. Positions follow the golden-ratio sequence, so successive new
    neurons spread over the range instead of piling up.
    """
    width = x_max - x_min
    centre = x_min + width * (0.15 + 0.7 * ((index * 0.6180339887) % 1.0))
    w = float(np.clip(round(12.0 / width, 1), 0.5, W_LIMIT))
    b = float(np.clip(round(-w * centre, 2), -B_LIMIT, B_LIMIT))
    return (w, b, 0.0)


def resized(neurons: tuple[Neuron, ...], n: int, x_min: float, x_max: float) -> tuple:
    """``neurons`` cut to ``n`` or padded with :func:`new_neuron` up to ``n``."""
    kept = tuple(neurons[:n])
    return kept + tuple(new_neuron(i, x_min, x_max) for i in range(len(kept), n))


def solve_output(h: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Output weights v (N,) and bias c minimizing mean (h·v + c − y)² + RIDGE·|v|².

    ``h`` is (n, N). The tiny ridge term only matters when columns are nearly dependent:
    plain least squares then reaches errors of 1e-20 with weights of 10⁶, which is a
    rounding artefact, not approximation. Solved by the normal equations, which the ridge
    keeps well posed (see :func:`solve_gram`).
    """
    design = np.empty((h.shape[0], h.shape[1] + 1))
    design[:, 0], design[:, 1:] = 1.0, h
    coef = solve_gram(design.T @ design, design.T @ y, h.shape[0])
    return coef[1:], float(coef[0])


def solve_gram(gram: np.ndarray, rhs: np.ndarray, n_points: int) -> np.ndarray:
    """Solve (G + RIDGE·n·I′) θ = rhs where column 0 of the design is the bias (not penalized).

    Any leading block of a Gram matrix of ``[1, h₁, …, h₆₄]`` is the Gram matrix of
    ``[1, h₁, …, h_N]``, which is how the error-vs-N curve solves all N from one product.
    """
    g = gram.copy()
    diagonal = np.arange(1, g.shape[0])
    g[diagonal, diagonal] += RIDGE * n_points
    try:
        return np.linalg.solve(g, rhs)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(g, rhs, rcond=None)[0]


def random_hidden(n: int, x_min: float, x_max: float, seed: int) -> tuple[np.ndarray, ...]:
    """Random hidden weights (w, b), each (n,): the first n of a fixed draw of 64.

    Step centres −b/w are uniform over the range and slopes log-uniform between 4/width and
    ~60/width, with random sign. Taking the first n of one draw makes the sets nested, so
    more neurons can only help the least-squares fit.
    """
    rng = np.random.default_rng(seed)
    width = x_max - x_min
    centres = rng.uniform(x_min, x_max, MAX_NEURONS)
    slopes = (4.0 / width) * 10.0 ** rng.uniform(0.0, 1.2, MAX_NEURONS)
    slopes *= rng.choice((-1.0, 1.0), MAX_NEURONS)
    return slopes[:n].copy(), (-slopes * centres)[:n].copy()


def least_squares(
    act: Activation, n: int, x: np.ndarray, y: np.ndarray, x_range: tuple, seed: int
) -> tuple[tuple[Neuron, ...], float]:
    """The network with n random hidden units (seeded) and exactly solved v and c."""
    w, b = random_hidden(n, x_range[0], x_range[1], seed)
    v, c = solve_output(hidden(act, w, b, x), y)
    return tuple(zip(w.tolist(), b.tolist(), v.tolist(), strict=True)), c


def best_output_weights(
    act: Activation, neurons: tuple[Neuron, ...], x: np.ndarray, y: np.ndarray
) -> tuple[tuple[Neuron, ...], float]:
    """Keep every wᵢ, bᵢ; solve the vᵢ and c by least squares (clipped to the slider ranges)."""
    w = np.array([n[0] for n in neurons])
    b = np.array([n[1] for n in neurons])
    v, c = solve_output(hidden(act, w, b, x), y)
    v = np.clip(v, -V_LIMIT, V_LIMIT)
    rows = zip(w.tolist(), b.tolist(), v.round(4).tolist(), strict=True)
    out = tuple((wi, bi, vi) for wi, bi, vi in rows)
    return out, round(float(np.clip(c, -C_LIMIT, C_LIMIT)), 4)


def describe_neuron(neuron: Neuron, symbol: str = "σ") -> str:
    """``"1.20·σ(2.0x − 1.3)"`` with typographic minus signs."""
    w, b, v = neuron
    sign = "+" if b >= 0 else MINUS
    return f"{fixed(v, 2)}·{symbol}({fixed(w, 1)}x {sign} {fixed(abs(b), 1)})"

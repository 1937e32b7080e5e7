"""The slowdown tab's maths: one sigmoid neuron a = σ(w·x + b) trained on one example by
gradient descent, once under squared error and once under cross-entropy.

Qt-free. Squared error is torch's ``mse_loss(a, y) = (a − y)²``, so
∂L/∂w = 2(a − y)·σ′(z)·x: the factor σ′(z) = a(1 − a) is nearly 0 when the neuron is
confidently wrong (a ≈ 1, y = 0), and learning stalls. Cross-entropy on the logit
(``binary_cross_entropy_with_logits(z, y)``) has ∂L/∂z = a − y: the σ′ cancels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explorer.core import losses
from explorer.core.activations._special import sigmoid
from explorer.state.losses.config import LossesConfig
from explorer.state.session import freeze

_MSE = losses.get("mse")
_BCE = losses.get("bce_with_logits")


@dataclass(frozen=True, eq=False)
class Run:
    """One loss's run: per step 0 … S (before each update)."""

    name: str
    outputs: np.ndarray  # (S + 1,) a
    losses: np.ndarray  # (S + 1,) L
    grad_w: np.ndarray  # (S + 1,) ∂L/∂w
    sigma_prime: np.ndarray  # (S + 1,) σ′(z) = a(1 − a)

    def steps_to(self, target: float, tolerance: float = 0.1) -> int | None:
        """The first step with |a − target| < tolerance, or None."""
        hit = np.flatnonzero(np.abs(self.outputs - target) < tolerance)
        return int(hit[0]) if hit.size else None


@dataclass(frozen=True, eq=False)
class NeuronView:
    steps: np.ndarray  # (S + 1,) 0 … S
    mse: Run
    ce: Run
    target: float


def _trajectory(name: str, config: LossesConfig) -> tuple[np.ndarray, np.ndarray]:
    """(w, b) before each of the steps 0 … S, by plain gradient descent in Python floats
    (a core call per step would cost 40 times more); the update is the gradient of
    :func:`_run`'s core losses (a test holds the two equal)."""
    w, b, x, y = config.neuron_w, config.neuron_b, config.neuron_x, config.neuron_target
    lr = config.neuron_lr
    ws, bs = [w], [b]
    for _ in range(config.neuron_steps):
        z = w * x + b
        a = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        grad_z = 2.0 * (a - y) * a * (1.0 - a) if name == "mse" else a - y
        w -= lr * grad_z * x
        b -= lr * grad_z
        ws.append(w)
        bs.append(b)
    return np.array(ws), np.array(bs)


def _run(name: str, config: LossesConfig) -> Run:
    """The run's numbers, from the core losses evaluated along the trajectory at once."""
    w, b = _trajectory(name, config)
    x, y = config.neuron_x, config.neuron_target
    z = w * x + b
    a = sigmoid(z)
    target = np.full_like(a, y)
    s_prime = a * (1.0 - a)
    if name == "mse":
        value = _MSE.of_residual(a - target)  # (a − y)² per step
        grad_z = _MSE.derivative(a - target) * s_prime  # ∂L/∂a · σ′(z), the chain rule
    else:
        value = _BCE.terms(z, target)
        grad_z = _BCE.gradient(z, target) * z.size  # the mean's gradient, times n: per step
    return Run(name, freeze(a), freeze(value), freeze(grad_z * x), freeze(s_prime))


def compute_neuron(config: LossesConfig) -> NeuronView:
    steps = freeze(np.arange(config.neuron_steps + 1, dtype=float))
    return NeuronView(steps, _run("mse", config), _run("ce", config), config.neuron_target)

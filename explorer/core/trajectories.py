"""Fast optimizer paths on 2-D surfaces: the optimizers' own rules, run on plain floats.

A 2-D point as a NumPy array of two elements costs ~1 µs per ufunc call, so a step of Adam
costs tens of µs. Here the *same* rule (``Optimizer.rule``, the one that updates a network's
arrays) runs on the two coordinates as Python floats, with ``FLOAT_MATH``: a few µs per
step, so nine optimizers × 300 steps recompute within a frame while a slider moves. The
results are bit-identical to stepping the optimizer class on a (2,) array (a test checks).

Example::

    from explorer.core import surfaces, trajectories
    s = surfaces.get("rosenbrock")
    path = trajectories.run("adam", dict(lr=0.05), s.partials, start=(-1.2, 1.0), steps=300)
    path.shape                                           # (≤301, 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from explorer.core import optimizers
from explorer.core.optimizers import FLOAT_MATH

__all__ = ["Racer", "gradient_noise", "run", "run_many"]

Partials = Callable[[float, float], tuple[float, float]]


def gradient_noise(steps: int, scale: float, seed: int) -> np.ndarray:
    """Seeded Gaussian noise for the gradients: ndarray (steps, 2), N(0, scale²) each.

    The same seed gives every optimizer the same noise, so a race stays fair.
    """
    rng = np.random.default_rng(seed)
    return rng.standard_normal((int(steps), 2)) * float(scale)


def run(
    optimizer: str | type[optimizers.Optimizer],
    hyper: dict[str, Any],
    partials: Partials,
    start: Sequence[float],
    steps: int,
    lrs: Sequence[float] | None = None,
    noise: np.ndarray | None = None,
    record: list | None = None,
) -> np.ndarray:
    """The path of ``optimizer`` from ``start`` following the gradient ``partials(x, y)``.

    Parameters
    ----------
    optimizer : str or Optimizer subclass
        A name of :func:`explorer.core.optimizers.names` or its class.
    hyper : dict
        Hyper-parameters (torch's keywords; defaults filled in, checked as ``optimizers.get``).
    partials : callable
        ``(x, y) -> (∂f/∂x, ∂f/∂y)`` on floats, e.g. ``Surface.partials``.
    start : (x, y)
    steps : int
        Number of updates.
    lrs : sequence of float, optional
        The learning rate of each step (a schedule, length ≥ steps); default ``hyper['lr']``.
    noise : ndarray (≥ steps, 2), optional
        Added to the gradient at each step (stochastic gradients; see :func:`gradient_noise`).
    record : list, optional
        Receives, for every update, ``(gx, gy, lr, state_x, state_y)``: the gradient used (noise
        included), the learning rate and copies of the state after the update (torch's
        buffer names, e.g. ``{'exp_avg': …, 'exp_avg_sq': …}``), for "what this step does".

    Returns
    -------
    ndarray of shape (k + 1, 2)
        The start and the point after each of ``k ≤ steps`` updates: the run stops early where
        the gradient or the point stops being finite (divergence), like ``surfaces.trajectory``.
    """
    cls = optimizers.optimizer_class(optimizer) if isinstance(optimizer, str) else optimizer
    h = cls(**hyper).hyper  # validated, defaults filled in
    steps = int(steps)
    if lrs is not None and len(lrs) < steps:
        raise ValueError(f"lrs has {len(lrs)} learning rates for {steps} steps")
    if noise is not None and len(noise) < steps:
        raise ValueError(f"noise has {len(noise)} rows for {steps} steps")
    x, y = (float(v) for v in start)
    xs, ys = [x], [y]
    sx: dict[str, Any] = dict(cls.buffer_fills(h))
    sy: dict[str, Any] = dict(sx)
    rule, constants = cls.rule, cls._constants
    lr_list = [h["lr"]] * steps if lrs is None else [float(v) for v in lrs[:steps]]
    nx, ny = (
        ([0.0] * steps, [0.0] * steps) if noise is None else np.asarray(noise)[:steps].T.tolist()
    )
    for t in range(1, steps + 1):
        try:
            gx, gy = partials(x, y)
            gx, gy = float(gx) + nx[t - 1], float(gy) + ny[t - 1]
            # a − a + b − b is 0 for finite a, b and NaN otherwise: one test, no calls
            if gx - gx + gy - gy != 0.0:
                break
            c = constants(h, t, lr_list[t - 1])
            x = rule(x, gx, sx, c, FLOAT_MATH)
            y = rule(y, gy, sy, c, FLOAT_MATH)
        except (OverflowError, ZeroDivisionError):  # floats raise where arrays give inf/NaN
            break
        if x - x + y - y != 0.0:
            break
        xs.append(x)
        ys.append(y)
        if record is not None:
            record.append((gx, gy, lr_list[t - 1], dict(sx), dict(sy)))
    return np.column_stack([xs, ys])


class Racer:
    """One optimizer of :func:`run_many`: its class, checked hyper-parameters, state, path."""

    def __init__(self, optimizer, hyper: dict[str, Any], lrs, steps: int, start) -> None:
        self.cls = (
            optimizers.optimizer_class(optimizer) if isinstance(optimizer, str) else optimizer
        )
        self.h = self.cls(**hyper).hyper
        self.lrs = [self.h["lr"]] * steps if lrs is None else [float(v) for v in lrs[:steps]]
        self.sx: dict[str, Any] = dict(self.cls.buffer_fills(self.h))
        self.sy: dict[str, Any] = dict(self.sx)
        self.x, self.y = (float(v) for v in start)
        self.xs, self.ys = [self.x], [self.y]
        self.running = True

    def step(self, t: int, gx: float, gy: float) -> None:
        """Update t (1-based) with gradient (gx, gy); stops the racer where a value stops
        being finite, as :func:`run` does."""
        if not (math.isfinite(gx) and math.isfinite(gy)):
            self.running = False
            return
        try:
            c = self.cls._constants(self.h, t, self.lrs[t - 1])
            x = self.cls.rule(self.x, gx, self.sx, c, FLOAT_MATH)
            y = self.cls.rule(self.y, gy, self.sy, c, FLOAT_MATH)
        except (OverflowError, ZeroDivisionError):
            self.running = False
            return
        if not (math.isfinite(x) and math.isfinite(y)):
            self.running = False
            return
        self.x, self.y = x, y
        self.xs.append(x)
        self.ys.append(y)

    def path(self) -> np.ndarray:
        return np.column_stack([self.xs, self.ys])


def run_many(
    racers: Sequence[tuple],
    gradient: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    start: Sequence[float],
    steps: int,
    noise: np.ndarray | None = None,
) -> list[np.ndarray]:
    """Several optimizers from one start in lockstep, the gradient of all points at once.

    For a surface whose gradient is costly per call (a typed f(x, y) evaluates a tree of NumPy
    calls): one call per step for every racer instead of one each. ``racers`` holds
    ``(optimizer, hyper, lrs)`` triples (``lrs`` None: constant); ``gradient(xs, ys)`` takes
    and returns arrays of shape (n,). Each path is what :func:`run` gives with the same
    gradient values (to the last bit where the gradient's NumPy calls give the same bits on
    arrays as on single points).
    """
    steps = int(steps)
    pack = [Racer(opt, hyper, lrs, steps, start) for opt, hyper, lrs in racers]
    nx, ny = (
        ([0.0] * steps, [0.0] * steps) if noise is None else np.asarray(noise)[:steps].T.tolist()
    )
    for t in range(1, steps + 1):
        active = [r for r in pack if r.running]
        if not active:
            break
        with np.errstate(all="ignore"):
            gxs, gys = gradient(np.array([r.x for r in active]), np.array([r.y for r in active]))
        for r, gx, gy in zip(
            active, np.asarray(gxs).tolist(), np.asarray(gys).tolist(), strict=True
        ):
            r.step(t, gx + nx[t - 1], gy + ny[t - 1])
    return [r.path() for r in pack]

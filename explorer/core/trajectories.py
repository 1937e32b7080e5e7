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
from explorer.core.optimizers import ARRAY_MATH, FLOAT_MATH

__all__ = ["GridRun", "Racer", "gradient_noise", "run", "run_many"]

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
    rule, constants, fm = cls.rule, cls._constants, FLOAT_MATH
    lr_list = [h["lr"]] * steps if lrs is None else [float(v) for v in lrs[:steps]]
    # the loop is the lab's hot path (~2 µs a step): names bound locally, the per-step values
    # zipped rather than indexed, and no noise added where there is none
    noisy = noise is not None
    nx, ny = np.asarray(noise)[:steps].T.tolist() if noisy else ((), ())
    add_x, add_y = xs.append, ys.append
    for t, lr in enumerate(lr_list, 1):
        try:
            gx, gy = partials(x, y)
            gx, gy = float(gx), float(gy)
            if noisy:
                gx, gy = gx + nx[t - 1], gy + ny[t - 1]
            # a − a + b − b is 0 for finite a, b and NaN otherwise: one test, no calls
            if gx - gx + gy - gy != 0.0:
                break
            c = constants(h, t, lr)
            x = rule(x, gx, sx, c, fm)
            y = rule(y, gy, sy, c, fm)
        except (OverflowError, ZeroDivisionError):  # floats raise where arrays give inf/NaN
            break
        if x - x + y - y != 0.0:
            break
        add_x(x)
        add_y(y)
        if record is not None:
            record.append((gx, gy, lr, dict(sx), dict(sy)))
    return np.column_stack([xs, ys])


class Racer:
    """One optimizer of :func:`run_many`: its class, checked hyper-parameters, state, path."""

    def __init__(self, optimizer, hyper: dict[str, Any], lrs, steps: int, start,
                 record: list | None = None) -> None:  # fmt: skip
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
        self.record = record  # as run()'s

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
        if self.record is not None:
            self.record.append((gx, gy, self.lrs[t - 1], dict(self.sx), dict(self.sy)))

    def path(self) -> np.ndarray:
        return np.column_stack([self.xs, self.ys])


def run_many(
    racers: Sequence[tuple],
    gradient: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    start: Sequence[float],
    steps: int,
    noise: np.ndarray | None = None,
    records: Sequence[list | None] | None = None,
) -> list[np.ndarray]:
    """Several optimizers from one start in lockstep, the gradient of all points at once.

    For a surface whose gradient is costly per call (a typed f(x, y) evaluates a tree of NumPy
    calls): one call per step for every racer instead of one each. ``racers`` holds
    ``(optimizer, hyper, lrs)`` triples (``lrs`` None: constant); ``gradient(xs, ys)`` takes
    and returns arrays of shape (n,). Each path is what :func:`run` gives with the same
    gradient values (to the last bit where the gradient's NumPy calls give the same bits on
    arrays as on single points). ``records`` (one list or None per racer) receive what
    :func:`run`'s ``record`` does.
    """
    steps = int(steps)
    records = [None] * len(racers) if records is None else records
    pack = [Racer(opt, hyper, lrs, steps, start, record)
            for (opt, hyper, lrs), record in zip(racers, records, strict=True)]  # fmt: skip
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


class _Cells(np.ndarray):
    """A hyper-parameter's values over cells that a rule may branch on: ``if momentum != 0``
    is well defined where every cell gives the same answer (and raises where they differ)."""

    def __bool__(self) -> bool:
        plain = self.view(np.ndarray)
        first = bool(plain.flat[0])
        if bool(plain.all()) != first or bool(plain.any()) != first:
            raise ValueError("the cells branch differently")
        return first


def _merged(values: list) -> Any:
    """One hyper-parameter over many cells: the value itself where all cells agree, else an
    array of shape (cells,) (tuples such as ``betas`` merged entry by entry)."""
    first = values[0]
    if all(v == first for v in values):
        return first
    if isinstance(first, tuple):
        return tuple(_merged([v[i] for v in values]) for i in range(len(first)))
    return np.array(values, dtype=np.float64).view(_Cells)


def _expand(value: Any, inverse: np.ndarray) -> Any:
    """A merged value of the distinct dicts, as one per cell."""
    if isinstance(value, tuple):
        return tuple(_expand(v, inverse) for v in value)
    return value[inverse] if isinstance(value, _Cells) else value


def _sign(v: Any) -> Any:
    if isinstance(v, tuple):
        return tuple(_sign(e) for e in v)
    return (v > 0) - (v < 0) if isinstance(v, int | float) else v


def _signs(h: dict[str, Any]) -> tuple:
    """The sign of every number in ``h`` but the lr (tuples entry by entry)."""
    return tuple(_sign(v) for k, v in h.items() if k != "lr")


def _all_but_lr(h: dict[str, Any]) -> tuple:
    return tuple((k, v) for k, v in h.items() if k != "lr")


def _grouped(hs: list[dict], key: Callable[[dict], Any]) -> dict[Any, np.ndarray]:
    """Positions in ``hs`` by ``key`` (worked out once per dict: cells may share one)."""
    keys: dict[int, Any] = {}
    groups: dict[Any, list[int]] = {}
    for position, h in enumerate(hs):
        if id(h) not in keys:
            keys[id(h)] = key(h)
        groups.setdefault(keys[id(h)], []).append(position)
    return {k: np.array(v) for k, v in groups.items()}


class GridRun:
    """One optimizer with many hyper-parameter sets from one start, run as arrays.

    A phase diagram is the same rule over a grid of hyper-parameters: here every cell is a
    row of arrays of shape (cells,), and ``Optimizer.rule`` (the one :func:`run` and the
    network use) updates all of them at once, its constants arrays where the cells differ.
    Where a rule branches on a hyper-parameter that varies (SGD's ``momentum != 0``), the
    cells run in groups whose values have the same signs (momentum 0, momentum > 0), or else
    in groups that agree on every value but the learning rate.

    Parameters
    ----------
    optimizer : str or Optimizer subclass
    hypers : list of dict
        Each cell's hyper-parameters; a cell torch refuses (ValueError) is not run.
    start : (x, y)
    steps : int
    lrs : ndarray (cells, ≥ steps), optional
        Each cell's learning rate per step (a schedule); default each cell's ``lr``.
    noise : ndarray (≥ steps, 2), optional
        The same gradient noise for every cell, as :func:`run` adds it.

    After :meth:`advance` has made ``steps`` updates, ``points`` (steps + 1, cells, 2) holds
    every cell's path, NaN from the first non-finite value on (where :func:`run` stops), and
    ``valid`` (cells,) which cells were run. Each path is :func:`run`'s to rounding.
    """

    def __init__(self, optimizer, hypers: Sequence[dict[str, Any]], start: Sequence[float],
                 steps: int, lrs: np.ndarray | None = None,
                 noise: np.ndarray | None = None) -> None:  # fmt: skip
        self.cls = (
            optimizers.optimizer_class(optimizer) if isinstance(optimizer, str) else optimizer
        )
        self.steps = int(steps)
        cells = len(hypers)
        if lrs is None:
            lrs = np.array([[h.get("lr", self.cls.defaults["lr"])] for h in hypers])
            lrs = lrs * np.ones((1, self.steps))
        self.lrs = np.asarray(lrs, dtype=np.float64)[:, : self.steps]
        checked = self._checked(hypers, self.lrs[:, 0])
        self.valid = np.array([h is not None for h in checked], dtype=bool)
        self.noise = None if noise is None else np.asarray(noise, dtype=np.float64)[: self.steps]
        self.points = np.full((self.steps + 1, cells, 2), np.nan)
        self.points[0, self.valid] = np.asarray(start, dtype=np.float64)
        self.t = 0
        index = np.flatnonzero(self.valid)
        self._groups = self._make_groups([checked[i] for i in index], index)

    def _checked(self, hypers: Sequence[dict], first_lrs: np.ndarray) -> list[dict | None]:
        """Each cell's hyper-parameters checked by the optimizer (None: refused), its lr
        being its first of ``lrs``. A grid repeats a few settings besides the lr (cells may
        share one dict), and no rule's lr check looks at the others: each dict and each lr is
        checked once (1 600 full checks took ~25 ms)."""
        by_id: dict[int, dict | None] = {}
        lr_ok: dict[float, bool] = {}
        checked: list[dict | None] = []
        for hyper, lr in zip(hypers, first_lrs.tolist(), strict=True):
            if id(hyper) not in by_id:
                try:
                    by_id[id(hyper)] = self.cls(**hyper).hyper
                except ValueError:
                    by_id[id(hyper)] = None
            h = by_id[id(hyper)]
            if h is not None and lr not in lr_ok:
                try:
                    self.cls(**{**hyper, "lr": lr})
                    lr_ok[lr] = True
                except ValueError:
                    lr_ok[lr] = False
            checked.append(h if h is not None and lr_ok[lr] else None)
        return checked

    @property
    def groups(self) -> int:
        """How many arrays each step updates (1 unless the rule branches on a varying value)."""
        return len(self._groups)

    def _make_groups(self, hs: list[dict], index: np.ndarray) -> list[list]:
        if not len(index):
            return []
        if self._branch_free(hs, index):
            return [self._group(hs, index)]
        # a rule that branches on a varying value (SGD: momentum != 0): cells whose values
        # have the same signs take the same branches; else cells that agree on all but the lr
        groups = []
        for positions in _grouped(hs, _signs).values():
            part = [hs[p] for p in positions]
            if self._branch_free(part, index[positions]):
                groups.append(self._group(part, index[positions]))
                continue
            for same in _grouped(part, _all_but_lr).values():
                groups.append(self._group([part[p] for p in same], index[positions][same]))
        return groups

    def _group(self, hs: list[dict], index: np.ndarray) -> list:
        order: dict[int, int] = {}
        inverse = np.array([order.setdefault(id(c), len(order)) for c in hs])
        unique = list({id(c): c for c in hs}.values())  # in the order of ``order``
        h = {key: _expand(_merged([c[key] for c in unique]), inverse)
             for key in hs[0] if key != "lr"}  # fmt: skip
        h["lr"] = self.lrs[index, 0]  # the rules take each step's lr as an argument
        fills = dict(self.cls.buffer_fills(hs[0]))
        return [h, index, dict(fills), dict(fills)]

    def _branch_free(self, hs: list[dict], index: np.ndarray) -> bool:
        """Whether one step of the rule runs on the merged cells (no ``if`` on an array)."""
        h, index, sx, _sy = self._group(hs, index)
        p = np.zeros(len(index))
        try:
            c = self.cls._constants(h, 1, self.lrs[index, 0])
            self.cls.rule(p, p + 1.0, sx, c, ARRAY_MATH)
        except (ValueError, TypeError):
            return False
        return True

    @property
    def done(self) -> bool:
        return self.t >= self.steps

    def advance(self, gradient: Callable[[np.ndarray], np.ndarray], count: int) -> bool:
        """Make up to ``count`` more updates; ``gradient(points)`` maps (n, 2) to (n, 2)
        (e.g. ``Surface.gradient``). True when all ``steps`` are made."""
        for _ in range(min(count, self.steps - self.t)):
            t = self.t = self.t + 1
            before, after = self.points[t - 1], self.points[t]
            with np.errstate(all="ignore"):
                g = np.asarray(gradient(before), dtype=np.float64)
                if self.noise is not None:
                    g = g + self.noise[t - 1]
                for h, index, sx, sy in self._groups:
                    lr = self.lrs[index, t - 1]
                    c = self.cls._constants(h, t, lr if np.ptp(lr) else float(lr[0]))
                    after[index, 0] = self.cls.rule(before[index, 0], g[index, 0], sx, c,
                                                    ARRAY_MATH)  # fmt: skip
                    after[index, 1] = self.cls.rule(before[index, 1], g[index, 1], sy, c,
                                                    ARRAY_MATH)  # fmt: skip
                # as run(): a non-finite gradient or point ends that cell's path
                bad = ~(np.isfinite(g).all(axis=1) & np.isfinite(after).all(axis=1))
                after[bad] = np.nan
        return self.done

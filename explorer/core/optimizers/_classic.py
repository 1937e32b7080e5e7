"""SGD, Adagrad, RMSprop and Adadelta, with the update rules of ``torch.optim`` (2.13).

Notation for every rule: ``θ`` a parameter, ``g`` its gradient, ``t`` the step count
(1 on the first step), ``γ`` the learning rate ``lr``, ``λ`` the weight decay. Weight decay
here is L2 ("coupled"): ``g ← g + λθ``, applied before anything else (after ``g ← −g``
when ``maximize``).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ._base import Optimizer, ParamSpec

_LR_HELP = "learning rate γ: the size of each step"
_WD_HELP = "L2 penalty λ: adds λθ to the gradient"


def _lr(default: float, high: float = 10.0) -> ParamSpec:
    return ParamSpec("lr", default, 1e-5, high, True, _LR_HELP, label="lr")


_WEIGHT_DECAY = ParamSpec("weight_decay", 0.0, 0.0, 0.1, False, _WD_HELP, label="weight decay")


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as ``torch.optim.SGD``.

    With momentum ``μ`` and dampening ``τ``, buffer ``b`` (state ``'momentum_buffer'``)::

        b_1 = g_1                        (first step: no dampening)
        b_t = μ b_{t-1} + (1 − τ) g_t
        g_t ← g_t + μ b_t   if nesterov, else   g_t ← b_t
        θ_t = θ_{t-1} − γ g_t

    ``nesterov=True`` needs ``momentum > 0`` and ``dampening = 0``.
    """

    name = "sgd"
    display_name = "SGD"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False
    )
    param_specs = (
        _lr(1e-3),
        ParamSpec("momentum", 0.0, 0.0, 0.999, False, "momentum μ: fraction of the last step kept"),
        ParamSpec("dampening", 0.0, 0.0, 1.0, False, "dampening τ: scales the new gradient by 1−τ"),
        _WEIGHT_DECAY,
        ParamSpec("nesterov", False, 0, 1, False, "Nesterov momentum: look ahead", kind="bool"),
    )

    def _validate(self, h: dict[str, Any]) -> None:
        super()._validate(h)
        if not h["momentum"] >= 0.0:
            raise ValueError(f"invalid momentum={h['momentum']!r} for sgd: must be >= 0")
        if h["nesterov"] and (h["momentum"] <= 0.0 or h["dampening"] != 0.0):
            raise ValueError("nesterov=True requires momentum > 0 and dampening = 0")

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        h = self._h
        _, work, _ = self._scratch[i]
        d = self._grad(i, p, g, h["weight_decay"])
        momentum = h["momentum"]
        if momentum != 0.0:
            buffers = self._state.setdefault("momentum_buffer", [])
            if len(buffers) == i:  # torch: the first buffer is the gradient itself
                buffers.append(np.array(d, dtype=p.dtype))
                buf = buffers[i]
            else:
                buf = buffers[i]
                buf *= momentum
                if h["dampening"] != 0.0:
                    np.multiply(d, 1.0 - h["dampening"], out=work)
                    buf += work
                else:
                    buf += d
            if h["nesterov"]:
                np.multiply(buf, momentum, out=work)
                work += d
                d = work
            else:
                d = buf
        np.multiply(d, h["lr"], out=work)
        p -= work


class Adagrad(Optimizer):
    """Adagrad, as ``torch.optim.Adagrad``: per-coordinate steps shrink with the summed
    squared gradients (state ``'sum'``, starting at ``initial_accumulator_value``)::

        γ̃_t = γ / (1 + (t − 1) η)                 (η = lr_decay)
        s_t = s_{t-1} + g_t²
        θ_t = θ_{t-1} − γ̃_t g_t / (√s_t + ε)
    """

    name = "adagrad"
    display_name = "Adagrad"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1e-2,
        lr_decay=0.0,
        weight_decay=0.0,
        initial_accumulator_value=0.0,
        eps=1e-10,
        maximize=False,
    )
    param_specs = (
        _lr(1e-2),
        ParamSpec("lr_decay", 0.0, 0.0, 0.1, False, "η: lr is divided by 1 + (t−1)η"),
        _WEIGHT_DECAY,
        ParamSpec(
            "initial_accumulator_value", 0.0, 0.0, 1.0, False, "starting value of the sum of g²"
        ),
        ParamSpec("eps", 1e-10, 1e-12, 1e-2, True, "ε added to √sum to avoid dividing by 0"),
    )

    def _validate(self, h: dict[str, Any]) -> None:
        super()._validate(h)
        for key in ("lr_decay", "initial_accumulator_value"):
            if not h[key] >= 0.0:
                raise ValueError(f"invalid {key}={h[key]!r} for adagrad: must be >= 0")

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        h = self._h
        _, work, _ = self._scratch[i]
        d = self._grad(i, p, g, h["weight_decay"])
        clr = h["lr"] / (1.0 + (self.step_count - 1) * h["lr_decay"])
        total = self._buffer("sum", i, p, h["initial_accumulator_value"])
        np.multiply(d, d, out=work)
        total += work
        np.sqrt(total, out=work)
        work += h["eps"]
        np.divide(d, work, out=work)
        work *= clr
        p -= work


class RMSprop(Optimizer):
    """RMSprop, as ``torch.optim.RMSprop`` (state ``'square_avg'``, ``'grad_avg'`` when
    centered, ``'momentum_buffer'`` when momentum > 0; all start at zero)::

        v_t = α v_{t-1} + (1 − α) g_t²
        centered:  ḡ_t = α ḡ_{t-1} + (1 − α) g_t,   ṽ_t = v_t − ḡ_t²   else ṽ_t = v_t
        μ > 0:     b_t = μ b_{t-1} + g_t / (√ṽ_t + ε),   θ_t = θ_{t-1} − γ b_t
        else:      θ_t = θ_{t-1} − γ g_t / (√ṽ_t + ε)

    (Where rounding makes ``ṽ_t`` slightly negative, torch gives NaN; here it is clamped to 0.)
    """

    name = "rmsprop"
    display_name = "RMSprop"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1e-2,
        alpha=0.99,
        eps=1e-8,
        weight_decay=0.0,
        momentum=0.0,
        centered=False,
        maximize=False,
    )
    param_specs = (
        _lr(1e-2),
        ParamSpec("alpha", 0.99, 0.0, 0.999, False, "α: smoothing of the mean of g²", label="α"),
        ParamSpec("eps", 1e-8, 1e-10, 1e-2, True, "ε added to the root mean square"),
        _WEIGHT_DECAY,
        ParamSpec("momentum", 0.0, 0.0, 0.999, False, "momentum μ on the scaled step"),
        ParamSpec("centered", False, 0, 1, False, "divide by the variance, not g²", kind="bool"),
    )

    def _validate(self, h: dict[str, Any]) -> None:
        super()._validate(h)
        for key in ("momentum", "alpha"):
            if not h[key] >= 0.0:
                raise ValueError(f"invalid {key}={h[key]!r} for rmsprop: must be >= 0")

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        h = self._h
        alpha = h["alpha"]
        _, work, _ = self._scratch[i]
        d = self._grad(i, p, g, h["weight_decay"])
        square_avg = self._buffer("square_avg", i, p)
        square_avg *= alpha
        np.multiply(d, d, out=work)
        work *= 1.0 - alpha
        square_avg += work
        if h["centered"]:
            grad_avg = self._buffer("grad_avg", i, p)
            np.subtract(d, grad_avg, out=work)  # torch's lerp: ḡ + (1 − α)(g − ḡ)
            work *= 1.0 - alpha
            grad_avg += work
            np.multiply(grad_avg, grad_avg, out=work)
            np.subtract(square_avg, work, out=work)
            np.maximum(work, 0.0, out=work)
            np.sqrt(work, out=work)
        else:
            np.sqrt(square_avg, out=work)
        work += h["eps"]
        np.divide(d, work, out=work)
        if h["momentum"] > 0.0:
            buf = self._buffer("momentum_buffer", i, p)
            buf *= h["momentum"]
            buf += work
            np.multiply(buf, h["lr"], out=work)
        else:
            work *= h["lr"]
        p -= work


class Adadelta(Optimizer):
    """Adadelta, as ``torch.optim.Adadelta`` (state ``'square_avg'`` v and ``'acc_delta'`` u,
    both starting at zero)::

        v_t = ρ v_{t-1} + (1 − ρ) g_t²
        Δ_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t
        u_t = ρ u_{t-1} + (1 − ρ) Δ_t²
        θ_t = θ_{t-1} − γ Δ_t
    """

    name = "adadelta"
    display_name = "Adadelta"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False
    )
    param_specs = (
        _lr(1.0, high=100.0),
        ParamSpec("rho", 0.9, 0.0, 0.999, False, "ρ: smoothing of both running averages"),
        ParamSpec("eps", 1e-6, 1e-10, 1e-1, True, "ε: also sets the size of the first steps"),
        _WEIGHT_DECAY,
    )

    def _validate(self, h: dict[str, Any]) -> None:
        super()._validate(h)
        if not 0.0 <= h["rho"] <= 1.0:
            raise ValueError(f"invalid rho={h['rho']!r} for adadelta: must be in [0, 1]")

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        h = self._h
        rho, eps = h["rho"], h["eps"]
        _, std, delta = self._scratch[i]
        d = self._grad(i, p, g, h["weight_decay"])
        square_avg = self._buffer("square_avg", i, p)
        acc_delta = self._buffer("acc_delta", i, p)
        square_avg *= rho
        np.multiply(d, d, out=std)
        std *= 1.0 - rho
        square_avg += std
        np.add(square_avg, eps, out=std)
        np.sqrt(std, out=std)
        np.add(acc_delta, eps, out=delta)
        np.sqrt(delta, out=delta)
        delta /= std
        delta *= d
        acc_delta *= rho
        np.multiply(delta, delta, out=std)
        std *= 1.0 - rho
        acc_delta += std
        delta *= h["lr"]
        p -= delta

"""SGD, Adagrad, RMSprop and Adadelta, with the update rules of ``torch.optim`` (2.13).

Notation for every rule: ``θ`` a parameter, ``g`` its gradient, ``t`` the step count
(1 on the first step), ``γ`` the learning rate ``lr``, ``λ`` the weight decay. Weight decay
here is L2 ("coupled"): ``g ← g + λθ``, applied before anything else (after ``g ← −g``
when ``maximize``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._base import Optimizer, ParamSpec, direction

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

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        return (lr, h["momentum"], h["dampening"], h["nesterov"], h["weight_decay"],
                h["maximize"])  # fmt: skip

    @staticmethod
    def rule(p, g, s, c, math):
        lr, momentum, dampening, nesterov, weight_decay, maximize = c
        d = direction(p, g, maximize, weight_decay)
        if momentum != 0.0:
            buf = s.get("momentum_buffer")
            if buf is None:  # torch: the first buffer is the gradient itself
                buf = math.copy_like(d, p)
            else:
                buf *= momentum
                buf += d * (1.0 - dampening) if dampening != 0.0 else d
            s["momentum_buffer"] = buf
            d = buf * momentum + d if nesterov else buf
        p -= d * lr
        return p


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

    @classmethod
    def buffer_fills(cls, h):
        return {"sum": h["initial_accumulator_value"]}

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        clr = lr / (1.0 + (t - 1) * h["lr_decay"])
        return clr, h["eps"], h["weight_decay"], h["maximize"]

    @staticmethod
    def rule(p, g, s, c, math):
        clr, eps, weight_decay, maximize = c
        d = direction(p, g, maximize, weight_decay)
        total = s["sum"]
        total += d * d
        s["sum"] = total
        p -= d / (math.sqrt(total) + eps) * clr
        return p


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

    @classmethod
    def buffer_fills(cls, h):
        fills = {"square_avg": 0.0}
        if h["centered"]:
            fills["grad_avg"] = 0.0
        if h["momentum"] > 0.0:
            fills["momentum_buffer"] = 0.0
        return fills

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        return (lr, h["alpha"], h["eps"], h["momentum"], h["centered"], h["weight_decay"],
                h["maximize"])  # fmt: skip

    @staticmethod
    def rule(p, g, s, c, math):
        lr, alpha, eps, momentum, centered, weight_decay, maximize = c
        d = direction(p, g, maximize, weight_decay)
        square_avg = s["square_avg"]
        square_avg *= alpha
        square_avg += d * d * (1.0 - alpha)
        s["square_avg"] = square_avg
        if centered:
            grad_avg = s["grad_avg"]
            grad_avg += (d - grad_avg) * (1.0 - alpha)  # torch's lerp: ḡ + (1 − α)(g − ḡ)
            s["grad_avg"] = grad_avg
            avg = math.sqrt(math.maximum(square_avg - grad_avg * grad_avg, 0.0))
        else:
            avg = math.sqrt(square_avg)
        scaled = d / (avg + eps)
        if momentum > 0.0:
            buf = s["momentum_buffer"]
            buf *= momentum
            buf += scaled
            s["momentum_buffer"] = buf
            p -= buf * lr
        else:
            p -= scaled * lr
        return p


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

    @classmethod
    def buffer_fills(cls, h):
        return {"square_avg": 0.0, "acc_delta": 0.0}

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        return lr, h["rho"], h["eps"], h["weight_decay"], h["maximize"]

    @staticmethod
    def rule(p, g, s, c, math):
        lr, rho, eps, weight_decay, maximize = c
        d = direction(p, g, maximize, weight_decay)
        square_avg, acc_delta = s["square_avg"], s["acc_delta"]
        square_avg *= rho
        square_avg += d * d * (1.0 - rho)
        delta = math.sqrt(acc_delta + eps) / math.sqrt(square_avg + eps) * d
        acc_delta *= rho
        acc_delta += delta * delta * (1.0 - rho)
        s["square_avg"], s["acc_delta"] = square_avg, acc_delta
        p -= delta * lr
        return p

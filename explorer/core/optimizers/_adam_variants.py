"""Adamax and RAdam, with the update rules of ``torch.optim`` (2.13).

Notation as in :mod:`._adam`: ``θ`` a parameter, ``g`` its gradient (``−g`` first when
``maximize``), ``t`` the step count (1 on the first step), ``γ`` the learning rate, ``λ`` the
weight decay, ``β₁, β₂ = betas``; every buffer starts at zero.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._adam import _BETAS, _EPS, decayed_direction, moments
from ._base import Optimizer, ParamSpec, direction

_WD = ParamSpec("weight_decay", 0.0, 0.0, 0.1, False, "L2 penalty λ: adds λθ to g")


class Adamax(Optimizer):
    """Adamax (Adam with the infinity norm), as ``torch.optim.Adamax``::

        g_t ← g_t + λθ_{t-1}                          (coupled weight decay)
        m_t = β₁ m_{t-1} + (1 − β₁) g_t               (state 'exp_avg')
        u_t = max(β₂ u_{t-1}, |g_t| + ε)              (state 'exp_inf')
        θ_t = θ_{t-1} − γ/(1 − β₁ᵗ) · m_t / u_t

    ε is added to ``|g|`` inside the maximum (not to the denominator), as torch does.
    """

    name = "adamax"
    display_name = "Adamax"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False
    )
    param_specs = (
        ParamSpec("lr", 2e-3, 1e-5, 1.0, True, "learning rate γ: the size of each step"),
        _BETAS[0],
        ParamSpec("betas", 0.999, 0.0, 0.9999, False, "β₂: decay of the running max of |g|",
                  index=1, label="β₂"),
        ParamSpec("eps", 1e-8, 1e-10, 1e-2, True, "ε added to |g| inside the maximum"),
        _WD,
    )  # fmt: skip

    @classmethod
    def buffer_fills(cls, h):
        return {"exp_avg": 0.0, "exp_inf": 0.0}

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        beta1, beta2 = h["betas"]
        clr = lr / (1.0 - beta1**t)
        return beta1, beta2, clr, h["eps"], h["weight_decay"], h["maximize"]

    @staticmethod
    def rule(p, g, s, c, math):
        beta1, beta2, clr, eps, weight_decay, maximize = c
        d = direction(p, g, maximize, weight_decay)
        m = s["exp_avg"]
        m += (d - m) * (1.0 - beta1)
        u = s["exp_inf"] = math.maximum(s["exp_inf"] * beta2, abs(d) + eps)
        s["exp_avg"] = m
        p -= m / u * clr
        return p


class RAdam(Optimizer):
    """RAdam (rectified Adam), as ``torch.optim.RAdam``::

        m_t, v_t as in Adam;  m̂_t = m_t / (1 − β₁ᵗ)
        ρ_∞ = 2/(1 − β₂) − 1,   ρ_t = ρ_∞ − 2t β₂ᵗ/(1 − β₂ᵗ)
        ρ_t > 5:  r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
                  θ_t = θ_{t-1} − γ m̂_t · √(1 − β₂ᵗ)/(√v_t + ε) · r_t
        else:     θ_t = θ_{t-1} − γ m̂_t          (SGD with momentum while v is unreliable)

    With β₂ = 0.999 the first five steps are plain momentum steps. Weight decay is L2, or
    decoupled (``θ ← θ(1 − γλ)``) with ``decoupled_weight_decay=True``.
    """

    name = "radam"
    display_name = "RAdam"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0.0,
        decoupled_weight_decay=False,
        maximize=False,
    )
    param_specs = (
        ParamSpec("lr", 1e-3, 1e-5, 1.0, True, "learning rate γ: the size of each step"),
        *_BETAS,
        _EPS,
        _WD,
        ParamSpec("decoupled_weight_decay", False, 0, 1, False,
                  "decay θ directly (AdamW style)", kind="bool"),
    )  # fmt: skip

    @classmethod
    def buffer_fills(cls, h):
        return {"exp_avg": 0.0, "exp_avg_sq": 0.0}

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        beta1, beta2 = h["betas"]
        bias_correction1 = 1.0 - beta1**t
        bias_correction2 = 1.0 - beta2**t
        rho_inf = 2.0 / (1.0 - beta2) - 1.0
        rho_t = rho_inf - 2.0 * t * beta2**t / bias_correction2
        rect = None  # None: the unrectified (momentum) step
        if rho_t > 5.0:
            rect = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                    / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)) ** 0.5  # fmt: skip
        return (lr, beta1, beta2, bias_correction1, bias_correction2**0.5, rect, h["eps"],
                h["weight_decay"], h["decoupled_weight_decay"], h["maximize"])  # fmt: skip

    @staticmethod
    def rule(p, g, s, c, math):
        lr, beta1, beta2, bc1, bc2_sqrt, rect, eps, wd, decoupled, maximize = c
        p, d = decayed_direction(p, g, lr, wd, decoupled, maximize)
        m, v = moments(s, d, beta1, beta2)
        m_hat = m / bc1
        if rect is None:
            p -= m_hat * lr
        else:
            p -= m_hat * lr * (bc2_sqrt / (math.sqrt(v) + eps)) * rect
        return p

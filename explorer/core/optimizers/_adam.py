"""Adam, AdamW and NAdam, with the update rules of ``torch.optim`` (2.13).

Notation: ``θ`` a parameter, ``g`` its gradient, ``t`` the step count (1 on the first
step), ``γ`` the learning rate, ``λ`` the weight decay, ``β₁, β₂ = betas``. State
``'exp_avg'`` (m) and ``'exp_avg_sq'`` (v) start at zero. Weight decay is either coupled
(L2: ``g ← g + λθ``) or decoupled (``θ ← θ(1 − γλ)`` before the update, as AdamW).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._base import Optimizer, ParamSpec, direction

_LR = ParamSpec("lr", 1e-3, 1e-5, 1.0, True, "learning rate γ: the size of each step")
_BETAS = (
    ParamSpec("betas", 0.9, 0.0, 0.999, False, "β₁: smoothing of the mean gradient m", index=0,
              label="β₁"),
    ParamSpec("betas", 0.999, 0.0, 0.9999, False, "β₂: smoothing of the mean of g² v", index=1,
              label="β₂"),
)  # fmt: skip
_EPS = ParamSpec("eps", 1e-8, 1e-10, 1e-2, True, "ε added to √v̂ to avoid dividing by 0")
_AMSGRAD = ParamSpec("amsgrad", False, 0, 1, False, "use the running max of v", kind="bool")


def moments(s, d, beta1: float, beta2: float):
    """m ← β₁m + (1−β₁)d (as torch's lerp: m + (1−β₁)(d − m)) and v ← β₂v + (1−β₂)d², in
    state ``s`` ('exp_avg', 'exp_avg_sq'); returns (m, v)."""
    m, v = s["exp_avg"], s["exp_avg_sq"]
    m += (d - m) * (1.0 - beta1)
    v *= beta2
    v += d * d * (1.0 - beta2)
    s["exp_avg"], s["exp_avg_sq"] = m, v
    return m, v


def decayed_direction(p, g, c_lr: float, weight_decay: float, decoupled: bool, maximize: bool):
    """The gradient to follow, and ``p`` after decoupled decay ``θ ← θ(1 − γλ)`` if asked."""
    if decoupled:
        if weight_decay != 0.0:
            p *= 1.0 - c_lr * weight_decay
        return p, direction(p, g, maximize, 0.0)
    return p, direction(p, g, maximize, weight_decay)


class Adam(Optimizer):
    """Adam, as ``torch.optim.Adam``::

        m_t = β₁ m_{t-1} + (1 − β₁) g_t
        v_t = β₂ v_{t-1} + (1 − β₂) g_t²
        amsgrad:  v̂max_t = max(v̂max_{t-1}, v_t)  (state 'max_exp_avg_sq'); use it for v_t below
        θ_t = θ_{t-1} − γ/(1 − β₁ᵗ) · m_t / (√v_t / √(1 − β₂ᵗ) + ε)

    So the bias corrections divide the step and ``√v`` — ε is added *after* correcting
    ``√v``, and with amsgrad the maximum is taken of the *uncorrected* ``v``.
    """

    name = "adam"
    display_name = "Adam"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0.0,
        amsgrad=False,
        maximize=False,
        decoupled_weight_decay=False,
    )
    param_specs = (
        _LR,
        *_BETAS,
        _EPS,
        ParamSpec("weight_decay", 0.0, 0.0, 0.1, False, "L2 penalty λ: adds λθ to g"),
        _AMSGRAD,
    )
    _decoupled = False  # AdamW: always decoupled

    @classmethod
    def buffer_fills(cls, h):
        fills = {"exp_avg": 0.0, "exp_avg_sq": 0.0}
        if h["amsgrad"]:
            fills["max_exp_avg_sq"] = 0.0
        return fills

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        beta1, beta2 = h["betas"]
        decoupled = cls._decoupled or h.get("decoupled_weight_decay", False)
        step_size = lr / (1.0 - beta1**t)
        bias_correction2_sqrt = (1.0 - beta2**t) ** 0.5
        return (lr, beta1, beta2, step_size, bias_correction2_sqrt, h["eps"], h["amsgrad"],
                h["weight_decay"], decoupled, h["maximize"])  # fmt: skip

    @staticmethod
    def rule(p, g, s, c, math):
        lr, beta1, beta2, step_size, bc2_sqrt, eps, amsgrad, wd, decoupled, maximize = c
        p, d = decayed_direction(p, g, lr, wd, decoupled, maximize)
        m, v = moments(s, d, beta1, beta2)
        if amsgrad:
            v = s["max_exp_avg_sq"] = math.maximum(s["max_exp_avg_sq"], v)
        p -= m / (math.sqrt(v) / bc2_sqrt + eps) * step_size
        return p


class AdamW(Adam):
    """AdamW, as ``torch.optim.AdamW``: Adam with decoupled weight decay (default 1e-2)::

    θ ← θ (1 − γλ)       then the Adam step with the raw gradient
    """

    name = "adamw"
    display_name = "AdamW"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False
    )
    param_specs = (
        _LR,
        *_BETAS,
        _EPS,
        ParamSpec("weight_decay", 1e-2, 0.0, 0.1, False, "λ: shrinks θ by a factor 1 − γλ"),
        _AMSGRAD,
    )
    _decoupled = True


class NAdam(Optimizer):
    """NAdam (Adam with Nesterov momentum), as ``torch.optim.NAdam``, with ψ = momentum_decay::

        μ_t = β₁ (1 − ½ · 0.96^(t ψ)),   μ_{t+1} likewise
        Π_t = Π_{t-1} μ_t                (state 'mu_product', Π_0 = 1)
        m_t, v_t as in Adam;  v̂_t = v_t / (1 − β₂ᵗ)
        θ_t = θ_{t-1} − γ (1 − μ_t)/(1 − Π_t) · g_t/(√v̂_t + ε)
                      − γ μ_{t+1}/(1 − Π_t μ_{t+1}) · m_t/(√v̂_t + ε)

    Note ε is added after correcting v (``√(v/(1−β₂ᵗ)) + ε``). ``Π`` is kept as a Python
    float (torch keeps it in its default dtype, float32 unless set to float64).
    """

    name = "nadam"
    display_name = "NAdam"
    defaults: ClassVar[dict[str, Any]] = dict(
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0.0,
        momentum_decay=4e-3,
        decoupled_weight_decay=False,
        maximize=False,
    )
    param_specs = (
        ParamSpec("lr", 2e-3, 1e-5, 1.0, True, "learning rate γ: the size of each step"),
        *_BETAS,
        _EPS,
        ParamSpec("weight_decay", 0.0, 0.0, 0.1, False, "weight decay λ"),
        ParamSpec("momentum_decay", 4e-3, 0.0, 0.1, False, "ψ: how fast μ_t warms up"),
        ParamSpec(
            "decoupled_weight_decay",
            False,
            0,
            1,
            False,
            "decay θ directly (AdamW style)",
            kind="bool",
        ),
    )

    def _validate(self, h: dict[str, Any]) -> None:
        super()._validate(h)
        if not h["momentum_decay"] >= 0.0:
            raise ValueError(f"invalid momentum_decay={h['momentum_decay']!r}: must be >= 0")

    scalar_buffers = ("mu_product",)

    @classmethod
    def buffer_fills(cls, h):
        return {"exp_avg": 0.0, "exp_avg_sq": 0.0, "mu_product": 1.0}

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        beta1, beta2 = h["betas"]
        psi = h["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        return (lr, beta1, beta2, mu, mu_next, 1.0 - beta2**t, h["eps"], h["weight_decay"],
                h["decoupled_weight_decay"], h["maximize"])  # fmt: skip

    @staticmethod
    def rule(p, g, s, c, math):
        lr, beta1, beta2, mu, mu_next, bias_correction2, eps, wd, decoupled, maximize = c
        p, d = decayed_direction(p, g, lr, wd, decoupled, maximize)
        mu_product = s["mu_product"] = s["mu_product"] * mu
        m, v = moments(s, d, beta1, beta2)
        denom = math.sqrt(v / bias_correction2) + eps
        p -= d / denom * (lr * (1.0 - mu) / (1.0 - mu_product))
        p -= m / denom * (lr * mu_next / (1.0 - mu_product * mu_next))
        return p

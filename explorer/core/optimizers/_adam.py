"""Adam, AdamW and NAdam, with the update rules of ``torch.optim`` (2.13).

Notation: ``θ`` a parameter, ``g`` its gradient, ``t`` the step count (1 on the first
step), ``γ`` the learning rate, ``λ`` the weight decay, ``β₁, β₂ = betas``. State
``'exp_avg'`` (m) and ``'exp_avg_sq'`` (v) start at zero. Weight decay is either coupled
(L2: ``g ← g + λθ``) or decoupled (``θ ← θ(1 − γλ)`` before the update, as AdamW).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ._base import Optimizer, ParamSpec

_LR = ParamSpec("lr", 1e-3, 1e-5, 1.0, True, "learning rate γ: the size of each step")
_BETAS = (
    ParamSpec("betas", 0.9, 0.0, 0.999, False, "β₁: smoothing of the mean gradient m", index=0,
              label="β₁"),
    ParamSpec("betas", 0.999, 0.0, 0.9999, False, "β₂: smoothing of the mean of g² v", index=1,
              label="β₂"),
)  # fmt: skip
_EPS = ParamSpec("eps", 1e-8, 1e-10, 1e-2, True, "ε added to √v̂ to avoid dividing by 0")
_AMSGRAD = ParamSpec("amsgrad", False, 0, 1, False, "use the running max of v", kind="bool")


def _moments(m: np.ndarray, v: np.ndarray, d: np.ndarray, work: np.ndarray, beta1, beta2):
    """m ← β₁m + (1−β₁)d (as torch's lerp: m + (1−β₁)(d − m)) and v ← β₂v + (1−β₂)d²."""
    np.subtract(d, m, out=work)
    work *= 1.0 - beta1
    m += work
    v *= beta2
    np.multiply(d, d, out=work)
    work *= 1.0 - beta2
    v += work


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

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        h = self._h
        lr, wd, (beta1, beta2) = h["lr"], h["weight_decay"], h["betas"]
        _, work, _ = self._scratch[i]
        if self._decoupled or h.get("decoupled_weight_decay", False):
            if wd != 0.0:
                p *= 1.0 - lr * wd
            d = self._grad(i, p, g, 0.0)
        else:
            d = self._grad(i, p, g, wd)
        exp_avg = self._buffer("exp_avg", i, p)
        exp_avg_sq = self._buffer("exp_avg_sq", i, p)
        _moments(exp_avg, exp_avg_sq, d, work, beta1, beta2)
        t = self.step_count
        step_size = lr / (1.0 - beta1**t)
        bias_correction2_sqrt = (1.0 - beta2**t) ** 0.5
        if h["amsgrad"]:
            max_exp_avg_sq = self._buffer("max_exp_avg_sq", i, p)
            np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            np.sqrt(max_exp_avg_sq, out=work)
        else:
            np.sqrt(exp_avg_sq, out=work)
        work /= bias_correction2_sqrt
        work += h["eps"]
        np.divide(exp_avg, work, out=work)
        work *= step_size
        p -= work


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

    def zero_state(self) -> None:
        super().zero_state()
        self._mu_products: list[float] = []

    @property
    def state(self) -> dict[str, list[np.ndarray]]:
        state = super().state
        if self._mu_products:
            state["mu_product"] = [np.array(mu) for mu in self._mu_products]
        return state

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        h = self._h
        lr, wd, (beta1, beta2) = h["lr"], h["weight_decay"], h["betas"]
        _, work, scaled = self._scratch[i]
        if h["decoupled_weight_decay"]:
            if wd != 0.0:
                p *= 1.0 - lr * wd
            d = self._grad(i, p, g, 0.0)
        else:
            d = self._grad(i, p, g, wd)
        t = self.step_count
        psi = h["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        if len(self._mu_products) == i:
            self._mu_products.append(1.0)
        mu_product = self._mu_products[i] * mu
        self._mu_products[i] = mu_product
        exp_avg = self._buffer("exp_avg", i, p)
        exp_avg_sq = self._buffer("exp_avg_sq", i, p)
        _moments(exp_avg, exp_avg_sq, d, work, beta1, beta2)
        np.divide(exp_avg_sq, 1.0 - beta2**t, out=work)
        np.sqrt(work, out=work)
        work += h["eps"]
        np.divide(d, work, out=scaled)
        scaled *= lr * (1.0 - mu) / (1.0 - mu_product)
        p -= scaled
        np.divide(exp_avg, work, out=scaled)
        scaled *= lr * mu_next / (1.0 - mu_product * mu_next)
        p -= scaled

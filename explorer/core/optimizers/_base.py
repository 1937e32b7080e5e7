"""Shared machinery of the optimizers: hyper-parameter checking, state buffers, the step loop.

An optimizer updates a list of parameter arrays **in place** from a list of gradient arrays
of the same shapes. All per-parameter state (momentum buffers, running averages) and the
scratch arrays the update needs are allocated once, on the first step, in the parameter's
dtype, so a step does no allocation and a float32 model stays float32. Hyper-parameters
are kept as Python floats: NumPy treats a Python float as "weak", so ``float32_array * lr``
stays float32, where an ``np.float64`` scalar would upcast it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

Arrays = list[np.ndarray]

#: Number of scratch arrays (each shaped like its parameter) an update may use.
_N_SCRATCH = 3


@dataclass(frozen=True)
class ParamSpec:
    """One tunable hyper-parameter, described for a UI slider or checkbox.

    Attributes
    ----------
    name : str
        The keyword of :func:`explorer.core.optimizers.get` (torch's name), e.g. ``"lr"``.
    default : float or bool
        torch's default value (one element of it for a tuple hyper-parameter).
    min, max : float
        Suggested slider range (``0``/``1`` for a checkbox).
    log : bool
        Whether a slider should move on a log scale (learning rates, eps).
    description : str
        One line of help text.
    kind : str
        ``"float"`` (a slider) or ``"bool"`` (a checkbox).
    index : int or None
        For a tuple hyper-parameter (``betas``), which element this spec controls.
    label : str
        Short display label, e.g. ``"β₁"``; defaults to ``name``.
    """

    name: str
    default: float | bool
    min: float
    max: float
    log: bool
    description: str
    kind: str = "float"
    index: int | None = None
    label: str = ""

    @property
    def key(self) -> str:
        """Unique key of this spec: ``name`` or ``name[index]`` (e.g. ``"betas[1]"``)."""
        return self.name if self.index is None else f"{self.name}[{self.index}]"

    def read(self, hyper: dict[str, Any]) -> Any:
        """The current value of this spec in a ``hyper`` dict."""
        value = hyper[self.name]
        return value if self.index is None else value[self.index]

    def apply(self, hyper: dict[str, Any], value: Any) -> dict[str, Any]:
        """A copy of ``hyper`` with this spec set to ``value`` (for ``get``/``set_hyper``)."""
        new = dict(hyper)
        if self.index is None:
            new[self.name] = value
        else:
            parts = list(hyper[self.name])
            parts[self.index] = value
            new[self.name] = tuple(parts)
        return new


def _as_float(name: str, value: Any) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise ValueError(f"hyper-parameter {name!r} must be a real number, got {value!r}")
    return float(value)


class Optimizer:
    """Base class: subclasses set the class attributes and implement ``_update``.

    Attributes
    ----------
    name : str
        Registry name, the lower-case torch class name (``"adam"``).
    display_name : str
        Human-readable name (``"Adam"``).
    param_specs : tuple of ParamSpec
        The tunable hyper-parameters, for UI controls.
    defaults : dict
        torch's defaults, one entry per accepted keyword.
    step_count : int
        Number of steps taken since construction or the last :meth:`zero_state`.
    """

    name: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    param_specs: ClassVar[tuple[ParamSpec, ...]] = ()
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, **hyper: Any) -> None:
        self._h = self._checked(hyper)
        self.step_count = 0
        self.zero_state()

    # ----- hyper-parameters -------------------------------------------------------------

    def _checked(self, changes: dict[str, Any], base: dict[str, Any] | None = None) -> dict:
        unknown = sorted(set(changes) - set(self.defaults))
        if unknown:
            raise ValueError(
                f"unknown hyper-parameter {unknown[0]!r} for {self.name}; "
                f"valid: {', '.join(self.defaults)}"
            )
        merged = {**(self.defaults if base is None else base), **changes}
        checked: dict[str, Any] = {}
        for key, default in self.defaults.items():
            value = merged[key]
            if isinstance(default, bool):
                if not isinstance(value, bool | np.bool_):
                    raise ValueError(
                        f"hyper-parameter {key!r} must be True or False, got {value!r}"
                    )
                checked[key] = bool(value)
            elif isinstance(default, tuple):
                if not isinstance(value, tuple | list) or len(value) != len(default):
                    raise ValueError(
                        f"hyper-parameter {key!r} must be a pair of numbers, got {value!r}"
                    )
                checked[key] = tuple(_as_float(f"{key}[{i}]", v) for i, v in enumerate(value))
            else:
                checked[key] = _as_float(key, value)
        self._validate(checked)
        return checked

    def _validate(self, h: dict[str, Any]) -> None:
        """Raise ValueError for values torch rejects (subclasses extend)."""
        for key in ("lr", "eps", "weight_decay"):
            if key in h and not h[key] >= 0.0:
                raise ValueError(f"invalid {key}={h[key]!r} for {self.name}: must be >= 0")
        if "betas" in h:
            for i, beta in enumerate(h["betas"]):
                if not 0.0 <= beta < 1.0:
                    raise ValueError(
                        f"invalid betas[{i}]={beta!r} for {self.name}: must be in [0, 1)"
                    )

    @property
    def hyper(self) -> dict[str, Any]:
        """The effective hyper-parameters (defaults filled in), as a new dict."""
        return dict(self._h)

    def set_hyper(self, **changes: Any) -> None:
        """Change hyper-parameters between steps, keeping the state (like editing a torch
        ``param_group``). Buffers a newly enabled flag needs start from zero."""
        self._h = self._checked(changes, base=self._h)

    # ----- state --------------------------------------------------------------------------

    def zero_state(self) -> None:
        """Forget all state (buffers, step count), as if the optimizer were new."""
        self.step_count = 0
        self._state: dict[str, Arrays] = {}
        self._scratch: list[tuple[np.ndarray, ...]] = []
        self._layout: tuple | None = None

    @property
    def state(self) -> dict[str, Arrays]:
        """Readable state: buffer name → list of arrays, one per parameter (torch's names,
        e.g. ``'exp_avg'``). The arrays are the live buffers: read them, do not write."""
        return {key: list(buffers) for key, buffers in self._state.items()}

    def _buffer(self, key: str, i: int, like: np.ndarray, fill: float = 0.0) -> np.ndarray:
        """State buffer ``key`` of parameter ``i``, created as ``fill`` on first use."""
        buffers = self._state.setdefault(key, [])
        if len(buffers) == i:
            buffers.append(np.full(like.shape, fill, dtype=like.dtype))
        return buffers[i]

    # ----- stepping ------------------------------------------------------------------------

    def step(self, params: Arrays | np.ndarray, grads: Arrays | np.ndarray) -> None:
        """Apply one update to ``params`` in place.

        Parameters
        ----------
        params : list of ndarray (or one ndarray)
            Floating-point arrays, updated in place; they keep their dtype.
        grads : list of ndarray (or one ndarray)
            Gradients of the loss, same length and shapes as ``params``; not modified.
        """
        if isinstance(params, np.ndarray):
            params, grads = [params], [grads]
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        try:
            layout = tuple((p.shape, p.dtype) for p in params)
        except AttributeError:
            raise ValueError("params must be NumPy arrays") from None
        if layout != self._layout:
            self._allocate(params, layout)
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if getattr(g, "shape", None) != p.shape:
                got = getattr(g, "shape", type(g).__name__)
                raise ValueError(f"gradient {i} has shape {got}, expected {p.shape}")
        self.step_count += 1
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            self._update(i, p, g)

    def _allocate(self, params: Arrays, layout: tuple) -> None:
        if self._layout is not None:
            raise ValueError(
                f"the parameters changed shape or dtype (state was built for {self._layout}, "
                f"got {layout}); call zero_state() after changing the model"
            )
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise ValueError(f"parameter {i} must be a floating-point ndarray")
        self._scratch = [tuple(np.empty_like(p) for _ in range(_N_SCRATCH)) for p in params]
        self._layout = layout

    def _grad(self, i: int, p: np.ndarray, g: np.ndarray, weight_decay: float) -> np.ndarray:
        """The gradient the rule uses: ``g + weight_decay·p`` (``-g`` first if maximize).

        Returns ``g`` itself when nothing changes, else scratch array 0."""
        maximize = self._h.get("maximize", False)
        if not maximize and weight_decay == 0.0:
            return g
        d = self._scratch[i][0]
        np.multiply(p, weight_decay, out=d)
        if maximize:
            d -= g
        else:
            d += g
        return d

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._h.items())
        return f"{type(self).__name__}({args})"

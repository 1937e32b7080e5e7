"""Shared machinery of the optimizers: hyper-parameter checking, state, the step loop.

Every update rule is written **once**, as elementwise arithmetic (``+ − × ÷``, augmented
assignment, and the two functions of a :class:`Math`), so that the same code updates a
network's NumPy arrays in place and a 2-D point held as two plain Python floats (see
:mod:`explorer.core.trajectories`, which races optimizers on surfaces that way, ~50× faster
than on arrays of two elements). A rule is the pair

* ``_constants(h, t, lr) -> tuple``: the scalars of step ``t`` (bias corrections …), computed
  once per step from the hyper-parameters ``h``, with the learning rate ``lr`` passed
  separately so that a schedule can change it;
* ``rule(p, g, s, c, math) -> p``: one parameter ``p`` (an ndarray updated in place, or a
  float), its gradient ``g`` (never modified), its state ``s`` (a dict of torch's buffer
  names; arrays updated in place, floats rebound) and the constants ``c``.

``x += y`` on an ndarray writes into it; on a float it rebinds the name: so one text is both
an in-place array update and a float computation, with the same IEEE operations in the
same order, hence bit-identical results. Buffers live in the parameter's dtype; hyper-
parameters are Python floats, which NumPy treats as "weak", so a float32 model stays float32.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np

Arrays = list[np.ndarray]


class Math(NamedTuple):
    """The non-operator functions a rule may call, for one kind of number."""

    sqrt: Any
    maximum: Any  # elementwise max of two values
    copy_like: Any  # copy_like(value, param): a copy of value in param's dtype


#: For ndarrays: NumPy's ufuncs.
ARRAY_MATH = Math(np.sqrt, np.maximum, lambda d, p: np.array(d, dtype=p.dtype))
#: For plain floats: ``math.sqrt`` and ``max`` (both correctly rounded/exact like NumPy's;
#: only a NaN argument can differ, and a trajectory stops at the first non-finite value).
FLOAT_MATH = Math(math.sqrt, max, lambda d, p: d)


def direction(p, g, maximize: bool, weight_decay: float):
    """The gradient a rule follows: ``−g`` if maximize, then ``+ λθ`` (L2 weight decay)."""
    d = -g if maximize else g
    return d + weight_decay * p if weight_decay != 0.0 else d


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
        self._per_param: list[dict[str, Any]] = []
        self._layout: tuple | None = None

    @property
    def state(self) -> dict[str, Arrays]:
        """Readable state: buffer name → list of arrays, one per parameter (torch's names,
        e.g. ``'exp_avg'``). The arrays are the live buffers: read them, do not write."""
        out: dict[str, Arrays] = {}
        for buffers in self._per_param:
            for key, value in buffers.items():
                out.setdefault(key, []).append(np.asarray(value))
        return out

    @classmethod
    def buffer_fills(cls, h: dict[str, Any]) -> dict[str, float]:
        """The state buffers the rule reads with hyper-parameters ``h``: name → start value
        (subclasses). A buffer a rule creates itself (SGD's first momentum) is not listed."""
        return {}

    #: Buffers kept as one Python float per parameter, not an array (NAdam's μ-product).
    scalar_buffers: ClassVar[tuple[str, ...]] = ()

    def _fill_buffers(self, buffers: dict[str, Any], p: np.ndarray) -> None:
        for key, fill in self.buffer_fills(self._h).items():
            if key not in buffers:
                scalar = key in self.scalar_buffers
                buffers[key] = fill if scalar else np.full(p.shape, fill, dtype=p.dtype)

    # ----- the rule (subclasses) -------------------------------------------------------------

    @classmethod
    def _constants(cls, h: dict[str, Any], t: int, lr: float) -> tuple:
        """The scalars of step ``t`` (1-based) with learning rate ``lr``."""
        raise NotImplementedError

    @staticmethod
    def rule(p, g, s: dict[str, Any], c: tuple, math: Math):
        """Update ``p`` by gradient ``g`` with state ``s`` and step constants ``c``; return
        ``p`` (the same array, updated in place, or the new float)."""
        raise NotImplementedError

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
        c = self._constants(self._h, self.step_count, self._h["lr"])
        for p, g, buffers in zip(params, grads, self._per_param, strict=True):
            self._fill_buffers(buffers, p)
            result = self.rule(p, g, buffers, c, ARRAY_MATH)
            if result is not p:  # a rule ends with ``p -= …``; this only guards against slips
                np.copyto(p, result, casting="same_kind")

    def _allocate(self, params: Arrays, layout: tuple) -> None:
        if self._layout is not None:
            raise ValueError(
                f"the parameters changed shape or dtype (state was built for {self._layout}, "
                f"got {layout}); call zero_state() after changing the model"
            )
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise ValueError(f"parameter {i} must be a floating-point ndarray")
        self._per_param = [{} for _ in params]
        self._layout = layout

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._h.items())
        return f"{type(self).__name__}({args})"

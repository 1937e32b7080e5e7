"""The :class:`Loss` base class: parameters, input checks and mean reduction.

Subclasses implement ``_value(pred, target) -> float`` and ``_gradient(pred, target)`` on
validated arrays, and may extend ``_prepare`` (the default checks an elementwise loss: same
shape, non-empty, target cast to the dtype of pred).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from explorer.core._params import Parametrized, as_float_array


class Loss(Parametrized):
    """A scalar training loss with its gradient, mean-reduced like PyTorch's default.

    Build one with :func:`explorer.core.losses.get` (``get("huber", delta=0.5)``).
    Instances are immutable and compare equal when name and parameters are equal.

    Attributes
    ----------
    name : str
        Registry key, the ``torch.nn.functional`` name (``"smooth_l1"`` for ``smooth_l1_loss``).
    display_name : str
        Human name.
    latex, formula : str
        The definition as LaTeX and as plain Unicode text (n = number of terms averaged).
    task : str
        ``'regression'`` (real targets), ``'binary'`` (targets in [0, 1]), ``'multiclass'``
        (class indices) or ``'margin'`` (targets ±1), so the UI can match a loss to a task.
    param_specs : tuple of ParamSpec
        One record per hyper-parameter (name, default, slider min/max, description).
    params : dict
        Effective hyper-parameters, defaults included.
    """

    display_name: ClassVar[str] = ""
    latex: ClassVar[str] = ""
    formula: ClassVar[str] = ""
    task: ClassVar[str] = "regression"

    def value(self, pred: Any, target: Any) -> float:
        """The mean loss over all terms, as a Python float.

        Parameters
        ----------
        pred : array_like
            Predictions (see the subclass for the expected shape and meaning).
        target : array_like
            Targets (same shape as ``pred`` unless the subclass says otherwise).

        Returns
        -------
        float
        """
        p, t = self._prepare(pred, target)
        return float(self._value(p, t))

    def gradient(self, pred: Any, target: Any) -> np.ndarray:
        """d value / d pred, the gradient of the *mean* loss (so it carries the 1/n).

        Returns
        -------
        ndarray of the same shape and dtype as ``pred``
        """
        p, t = self._prepare(pred, target)
        return self._gradient(p, t)

    def value_and_gradient(self, pred: Any, target: Any) -> tuple[float, np.ndarray]:
        """Both :meth:`value` and :meth:`gradient` after a single input check."""
        p, t = self._prepare(pred, target)
        return float(self._value(p, t)), self._gradient(p, t)

    def _prepare(self, pred: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
        p = as_float_array(pred)
        t = np.asarray(target)
        if p.shape != t.shape:
            raise ValueError(
                f"{self.name}: pred and target must have the same shape (no broadcasting); "
                f"got pred {p.shape} and target {t.shape}"
            )
        if p.size == 0:
            raise ValueError(f"{self.name}: pred is empty; a mean over no terms is undefined")
        if t.dtype.kind not in "biuf":
            raise ValueError(f"{self.name}: target must be numeric, got dtype {t.dtype}")
        return p, t.astype(p.dtype, copy=False)

    def _value(self, pred: np.ndarray, target: np.ndarray) -> float:
        raise NotImplementedError

    def _gradient(self, pred: np.ndarray, target: np.ndarray) -> np.ndarray:
        raise NotImplementedError


def check_unit_interval(owner: str, what: str, a: np.ndarray) -> None:
    """Raise ``ValueError`` unless every element of ``a`` lies in [0, 1]."""
    if np.any(a < 0) or np.any(a > 1):
        raise ValueError(
            f"{owner}: {what} must lie in [0, 1], got values in [{a.min()}, {a.max()}]"
        )

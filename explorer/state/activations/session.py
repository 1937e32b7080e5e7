"""The Activation lab's session and snapshot: the sampled curves of the config's activations.

Qt-free. Samples are cached per (activation, parameters, grid span) and curves per x-range on
top (:mod:`explorer.state.activations.curves`): dragging Leaky ReLU's slope recomputes Leaky
ReLU only, every other curve of the snapshot is the very same object as before, and an x-range
drag mostly reuses the same sample arrays (the views skip ``setData`` for those).
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import activations
from explorer.state.activations.config import ActivationsConfig
from explorer.state.activations.curves import (
    CurveData,
    Samples,
    compute_curve,
    depths,
    grid_span,
    sample,
)
from explorer.state.session import LabSession, freeze

CACHE_SIZE = 64


@dataclass(frozen=True, eq=False)
class ActivationsSnapshot:
    config: ActivationsConfig
    curves: tuple[CurveData, ...]  # the ticked activations, in registry order
    selected: CurveData  # computed whether ticked or not (the notes describe it)
    depths: np.ndarray  # 1 … MAX_DEPTH

    @property
    def selected_is_shown(self) -> bool:
        return self.selected.name in self.config.checked


class ActivationsSession(LabSession[ActivationsConfig, ActivationsSnapshot]):
    """The lab's session; keeps a small LRU cache of sampled curves."""

    def __init__(self, config: ActivationsConfig | None = None, **kwargs: Any) -> None:
        super().__init__(config or ActivationsConfig(), **kwargs)
        self._curves: OrderedDict[tuple, CurveData] = OrderedDict()
        self._samples: OrderedDict[tuple, Samples] = OrderedDict()
        self.computed_curves = 0  # how many curves were actually sampled (tests read it)

    def curve(self, config: ActivationsConfig, name: str) -> CurveData:
        params = config.params_for(name)
        key = (name, tuple(params.items()), config.x_range)
        curve = _cached(self._curves, key)
        if curve is None:
            curve = compute_curve(name, params, config.x_range, self._sampled(name, params, key))
            _store(self._curves, key, curve)
        return curve

    def _sampled(self, name: str, params: dict, curve_key: tuple) -> Samples:
        key = (*curve_key[:2], grid_span(curve_key[2]))
        samples = _cached(self._samples, key)
        if samples is None:
            samples = sample(name, params, curve_key[2])
            self.computed_curves += 1
            _store(self._samples, key, samples)
        return samples

    def compute(self, config: ActivationsConfig) -> ActivationsSnapshot:
        order = activations.names()
        shown = sorted(config.checked, key=order.index)
        return ActivationsSnapshot(
            config=config,
            curves=tuple(self.curve(config, name) for name in shown),
            selected=self.curve(config, config.selected),
            depths=freeze(depths()),
        )

    # --- discrete edits: each is its own undo step (two quick ticks are two Ctrl+Z) ----------
    def set_checked(self, name: str, checked: bool) -> None:
        config = self.config
        names = [n for n in config.checked if n != name] + ([name] if checked else [])
        order = activations.names()
        names.sort(key=lambda n: order.index(n) if n in order else len(order))
        self.replace_config(dataclasses.replace(config, checked=tuple(names)))

    def select(self, name: str) -> None:
        self.replace_config(dataclasses.replace(self.config, selected=name))

    def set_param(self, name: str, param: str, value: float | str) -> None:
        """Change one hyper-parameter; a drag coalesces into one undo step."""
        self.update(params=self.config.with_param(name, param, value).params)


def _cached(cache: OrderedDict, key: tuple) -> Any:
    value = cache.get(key)
    if value is not None:
        cache.move_to_end(key)
    return value


def _store(cache: OrderedDict, key: tuple, value: Any) -> None:
    cache[key] = value
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)

"""The per-layer gradient bars: ‖∂L/∂Wₗ‖ of every hidden layer on a log axis.

Bars are the untrained net (the probe pass, recomputed on every control change); black dots
are the same probe through the net being trained; hollow bars are the pinned run A. Heights
are log10 values on a linear axis with decade ticks (a BarGraphItem has no log mode), so a
ratio of 1e-12 between the first and last layer is twelve decades of bar.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QColor

from explorer.state.depth.session import DepthSnapshot
from explorer.text_format import number, subscript
from explorer.ui import theme
from explorer.ui.labs.depth.axes import decade_ticks, finite, layer_slots, layer_ticks, log_span
from explorer.ui.labs.depth.palette import (
    NOW_COLOUR,
    PINNED_COLOUR,
    RUN_COLOUR,
    mkpen,
    text_colour,
    tint,
)
from explorer.ui.labs.depth.plot_base import DepthPlot

BAR_WIDTH = 0.8


def log10_or_nan(values: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log10(np.asarray(values, dtype=np.float64))
    return np.where(np.isfinite(out), out, np.nan)


def ratio_text(first: float, last: float, depth: int) -> str:
    """ "‖∂L/∂W₁‖ / ‖∂L/∂W₂₀‖ = 3.6e-12" (or why there is no ratio)."""
    head = f"‖∂L/∂W₁‖ / ‖∂L/∂W{subscript(depth)}‖ = "
    if depth == 1:
        return "one hidden layer: no ratio"
    if not (math.isfinite(first) and math.isfinite(last)):
        return head + "overflow"
    if last == 0:
        return head + "∞ (the last layer's gradient is 0)"
    return head + number(first / last)


class GradientView(DepthPlot):
    """Gradient-norm bars per hidden layer, with run A and the trained net overlaid."""

    def __init__(self) -> None:
        super().__init__(
            "‖∂L/∂Wₗ‖ per hidden layer",
            ("hidden layer l (1 = next to the input)", "hidden layer l (1 = input side)",
             "hidden layer l", "layer l"),
            ("‖∂L/∂Wₗ‖ (log scale)", "‖∂L/∂Wₗ‖"), legend=False,
        )  # fmt: skip

    def build(self) -> None:
        super().build()
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)
        self.bars = self.kinds.bars(x=[], height=[], y0=[], width=BAR_WIDTH)
        self.pinned = self.kinds.bars(x=[], height=[], y0=[], width=BAR_WIDTH)
        self.plot_item.addItem(self.bars)
        self.plot_item.addItem(self.pinned)
        self.pinned.setZValue(2)
        self.now = self.points(None, NOW_COLOUR, size=7.0, z=3.0)
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.show_grid(x=False, y=True)  # decades only: grid lines cost
        self.heights: np.ndarray = np.empty(0)  # log10 bars of the current run (tests read)
        self._span: tuple = (None, None, None)  # y decades and layer slots shown
        self._shown: tuple | None = None
        self._pinned = self._now = None  # what the A bars and the dots show

    def apply_scale(self) -> None:
        super().apply_scale()
        self._style_bars()
        self._span, self._shown = (None, None, None), None
        self._pinned = self._now = None

    def _style_bars(self) -> None:
        self.bars.setOpts(brush=tint(RUN_COLOUR, 0.75), pen=mkpen(RUN_COLOUR, 1.0))
        self.pinned.setOpts(brush=QColor(0, 0, 0, 0), pen=mkpen(PINNED_COLOUR, 2.0, dash=True))

    def show_snapshot(self, snapshot: DepthSnapshot) -> None:
        live = snapshot.train.layers if snapshot.train is not None else None
        key = (snapshot.probe, snapshot.pinned, live)
        if self._shown is not None and all(a is b for a, b in zip(key, self._shown, strict=True)):
            return  # training moved on but none of the bars did (repainting bars is costly)
        self._shown = key
        probe = snapshot.probe
        depth = probe.depth
        layers = np.arange(1, depth + 1, dtype=np.float64)
        heights = log10_or_nan(probe.grad_norm)
        self.heights = heights
        series = [heights]
        pinned = snapshot.pinned
        pinned_heights = log10_or_nan(pinned.grad_norm) if pinned is not None else np.empty(0)
        series.append(pinned_heights)
        now = snapshot.train.layers.grad_norm if snapshot.train is not None else None
        now_heights = log10_or_nan(now) if now is not None else np.empty(0)
        series.append(now_heights)
        low, high = log_span(np.concatenate(series))
        bottom = float(low)
        moved = bottom != self._span[0]  # every bar starts at the bottom decade
        self.bars.setOpts(x=layers, y0=np.full(depth, bottom),
                          height=finite(heights - bottom))  # fmt: skip
        if pinned is not self._pinned or (pinned is not None and moved):
            self._pinned = pinned
            if pinned is not None:
                x = np.arange(1, len(pinned_heights) + 1, dtype=np.float64)
                shown = finite(pinned_heights - bottom)
                self.pinned.setOpts(x=x, y0=np.full(len(x), bottom), height=shown)
            else:
                self.pinned.setOpts(x=[], y0=[], height=[])
            self.pinned.setVisible(pinned is not None)
        if now is not self._now or (now is not None and moved):
            self._now = now
            if now is not None:
                # a zero gradient (a dead layer) sits on the bottom edge instead of vanishing
                shown = np.where(np.asarray(now) == 0, bottom, now_heights)
                drawn = np.isfinite(shown)
                self.now.setData(layers[: len(shown)][drawn], shown[drawn])
            else:
                self.now.setData([], [])
        slots = layer_slots(max(depth, len(pinned_heights)))
        if (low, high) != self._span[:2]:
            # a little room at both ends, or pyqtgraph hides the end decades' labels
            pad = 0.06 * (high - low)
            self.plot_item.setYRange(low - pad, high + pad, padding=0)
            self.plot_item.getAxis("left").setTicks(decade_ticks(low, high))
        if slots != self._span[2]:
            self.plot_item.setXRange(0.5, slots + 0.5, padding=0)
            self.plot_item.getAxis("bottom").setTicks(layer_ticks(slots))
        self._span = (low, high, slots)
        self._set_title(snapshot)
        self.settle()

    def _set_title(self, snapshot: DepthSnapshot) -> None:
        grad = snapshot.probe.grad_norm
        text = f"<b>{ratio_text(float(grad[0]), float(grad[-1]), len(grad))}</b>"
        run = f"<span style='color:{text_colour(RUN_COLOUR)}'>bars: untrained%s</span>"
        key, short = [run % " net"], [run % ""]
        if snapshot.train is not None:
            key.append(f"● after {snapshot.train.step} steps")
            short.append(f"● step {snapshot.train.step}")
        pinned = snapshot.pinned
        if pinned is not None:
            colour = text_colour(PINNED_COLOUR)
            text += f" <span style='color:{colour}'>(A: {number(pinned.ratio)})</span>"
            key.append(f"<span style='color:{colour}'>dashed: A</span>")
            short.append(f"<span style='color:{colour}'>dashed: A</span>")
        small = theme.Scale.font_pt(theme.BASE_FONT_PT - 1)
        # narrower plots (big text, small window) get a shorter key under the same ratio, or
        # the bare ratio "‖∂L/∂W₁‖ / ‖∂L/∂W₁₀‖ = 7.9e−06" with its parts closer together, on
        # one line or two
        keyed = [f"{text}<br><span style='font-size:{small}pt'>{' · '.join(k)}</span>"
                 for k in (key, short)]  # fmt: skip
        bare = text.replace(" / ", "/")
        self.set_title((*keyed, bare.replace(" = ", "="), bare.replace(" = ", "<br>= ")))

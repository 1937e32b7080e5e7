"""The "Every layer" plots: the four variants' loss curves, their gradient norm per layer and
one compact strip plot of pre-activation quantiles per layer for each variant."""

from __future__ import annotations

import math

import numpy as np

from explorer.state.normalization.lr_sweep import SWEEP_STEPS, SweepView
from explorer.state.normalization.variants import VARIANTS, VariantsView
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.normalization.palette import VARIANT_COLOURS
from explorer.ui.labs.normalization.texts import VARIANT_TITLES
from explorer.ui.plot import LossPlot, StyledPlot
from explorer.ui.plot.loss import whole_decades


def finite_or_nan(values) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values), values, np.nan)


def gradient_ticks(low: int, high: int) -> list[list[tuple[float, str]]]:
    """Labels at every decade of a log10 axis (every second one beyond six decades)."""
    every = 1 if high - low <= 6 else 2
    return [[(float(d), number(10.0**d)) for d in range(low, high + 1, every)], []]


def show_live_title(plot: StyledPlot, variants: tuple[str, ...]) -> None:
    """A title that changes with the numbers, in the row ``apply_scale`` sized for the View
    scale: pyqtgraph's ``setTitle`` puts the row and the label back to 30 px, and at 250 %
    the title ran out of the top of its plot."""
    label = plot.plot_item.titleLabel
    height = label.maximumHeight()
    plot.show_title(variants, f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")
    label.setMaximumHeight(height)
    plot.plot_item.layout.setRowFixedHeight(0, height)


class VariantLossView(LossPlot):
    """Mini-batch loss (binary cross-entropy) per step, one curve per variant."""

    def __init__(self) -> None:
        super().__init__("Training loss", "step", "BCE loss", legend=False)

    def build(self) -> None:
        super().build()
        self.curves = [self.curve(None, VARIANT_COLOURS[v]) for v in VARIANTS]

    def show_view(self, view: VariantsView) -> None:
        steps = np.arange(1, view.step + 1)
        for curve, losses in zip(self.curves, view.losses, strict=True):
            self.show_losses(curve, steps, losses)
        self.show_steps(max(100.0, math.ceil(view.step / 100) * 100.0))
        decades = whole_decades(view.losses[np.isfinite(view.losses)], self.floor)
        self.show_decades(*(decades or (-1, 0)), ticks=True)


class GradientNormView(StyledPlot):
    """‖∂L/∂Wₗ‖ of the last step against the layer l, one line per variant (log y)."""

    def __init__(self) -> None:
        title, x_label = ("Gradient per layer", "Gradient"), ("hidden layer l", "layer l")
        super().__init__(title, x_label, "‖∂L/∂Wₗ‖",
                         log_y=True, legend=False, decade_ticks=True)  # fmt: skip

    def build(self) -> None:
        self.lines = [self.line(None, VARIANT_COLOURS[v]) for v in VARIANTS]
        self.marks = [self.points(None, VARIANT_COLOURS[v], size=5) for v in VARIANTS]
        self._range: tuple | None = None

    def show_view(self, view: VariantsView) -> None:
        depth = view.grad_norms.shape[1]
        x = np.arange(1, depth + 1, dtype=np.float64)
        for line, marks, norms in zip(self.lines, self.marks, view.grad_norms, strict=True):
            y = finite_or_nan(np.where(norms > 0, norms, np.nan))
            line.setData(x, y, connect="finite")
            marks.setData(x, y)
        positive = view.grad_norms[np.isfinite(view.grad_norms) & (view.grad_norms > 0)]
        low, high = (
            (-8, 0)
            if positive.size == 0
            else (math.floor(math.log10(positive.min())), math.ceil(math.log10(positive.max())))
        )
        key = (depth, low, max(high, low + 1))
        if key != self._range:
            self._range = key
            self.plot_item.setXRange(0.5, depth + 0.5, padding=0)
            self.plot_item.setYRange(key[1] - 0.2, key[2] + 0.2, padding=0)
            self.plot_item.getAxis("left").setTicks(gradient_ticks(key[1], key[2]))

    def apply_scale(self) -> None:
        super().apply_scale()
        # room for "1.0e−08" from the first paint (the axis widens itself one paint late)
        self.plot_item.getAxis("left").setWidth(int(78 * theme.Scale.factor))


class SpreadStrip(StyledPlot):
    """One variant's pre-activations (after the norm) per layer: 5–95 % as a thin bar, 25–75 %
    as a thick one, the median as a dot."""

    def __init__(self, variant: str) -> None:
        self.variant = variant
        # the layer is named in the title: a short strip has no room for an x-axis label
        name = VARIANT_TITLES[variant]
        super().__init__((f"{name}: u by layer", f"{name}: u", name), "", "u", legend=False)

    def build(self) -> None:
        colour = VARIANT_COLOURS[self.variant]
        one = np.zeros(1)
        self.outer = self.kinds.bars(x0=one, x1=one, y0=one, height=one, brush=colour, pen=None)
        self.inner = self.kinds.bars(x0=one, x1=one, y0=one, height=one, brush=colour, pen=None)
        self.outer.setOpacity(0.35)
        for bars in (self.outer, self.inner):
            self.plot_item.addItem(bars)
        self.medians = self.points(None, "#000000", size=4)
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.getAxis("bottom").setLabel(None)
        self.setMinimumSize(120, 140)
        self._range: tuple | None = None

    def show_view(self, view: VariantsView, y_range: tuple[float, float]) -> None:
        q = finite_or_nan(view.quantiles[VARIANTS.index(self.variant)])  # (depth, 5)
        depth = q.shape[0]
        x = np.arange(1, depth + 1, dtype=np.float64)
        q = np.nan_to_num(q, nan=0.0)
        self.outer.setOpts(x0=x - 0.12, x1=x + 0.12, y0=q[:, 0], height=q[:, 4] - q[:, 0])
        self.inner.setOpts(x0=x - 0.35, x1=x + 0.35, y0=q[:, 1], height=q[:, 3] - q[:, 1])
        self.medians.setData(x, q[:, 2])
        key = (depth, *y_range)
        if key != self._range:
            self._range = key
            self.plot_item.setXRange(0.5, depth + 0.5, padding=0)
            self.plot_item.setYRange(*y_range, padding=0.05)

    def apply_scale(self) -> None:
        super().apply_scale()
        for side in ("bottom", "left"):
            self.plot_item.getAxis(side).setTickDensity(0.7 / theme.Scale.factor)


def shared_range(view: VariantsView) -> tuple[float, float]:
    """One u-range for the four strips (5–95 % of every variant), so their spreads compare."""
    q = view.quantiles[..., [0, 4]]
    q = q[np.isfinite(q)]
    if q.size == 0:
        return -3.0, 3.0
    low, high = float(q.min()), float(q.max())
    low, high = min(low, -1.0), max(high, 1.0)
    return math.floor(low), math.ceil(high)


class SweepPlot(StyledPlot):
    """Final loss after SWEEP_STEPS steps against the learning rate (log–log), one line per
    variant; a divergence as a cross at the top; the current learning rate dashed."""

    ceiling = 10.0  # where a diverged run is drawn

    def __init__(self) -> None:
        super().__init__(("Final loss vs learning rate", "Final loss vs lr"), "learning rate",
                         f"loss after {SWEEP_STEPS} steps", legend=True)  # fmt: skip
        # bottom left: the corner low rates and low losses leave empty (the key of all three)
        self.legend.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(10, -10))
        self.plot_item.setLogMode(x=True, y=True)

    def build(self) -> None:
        self.lines = [self.line(VARIANT_TITLES[v], VARIANT_COLOURS[v]) for v in VARIANTS]
        self.marks = [self.points(None, VARIANT_COLOURS[v], size=6) for v in VARIANTS]
        self.crosses = [self.points(None, VARIANT_COLOURS[v], size=10) for v in VARIANTS]
        for cross in self.crosses:
            cross.setSymbol("x")
        self.current = self.line(None, "#777777", width=theme.THIN_LINE_WIDTH, dash=True)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.setXRange(-3.1, 1.1, padding=0)
        self._low: int | None = None

    def show_sweep(self, sweep: SweepView, learning_rate: float) -> None:
        for i in range(len(VARIANTS)):
            final = sweep.final[i]
            ok = np.isfinite(final)
            self.lines[i].setData(sweep.lrs[ok], np.maximum(final[ok], 1e-3))
            self.marks[i].setData(sweep.lrs[ok], np.maximum(final[ok], 1e-3))
            bad = np.isinf(final)
            self.crosses[i].setData(sweep.lrs[bad], np.full(int(bad.sum()), self.ceiling))
        finite = sweep.final[np.isfinite(sweep.final)]
        low = min(math.floor(math.log10(max(finite.min(), 1e-3))), -1) if finite.size else -1
        if low != self._low:  # whole decades up to the crosses at the ceiling
            self._low = low
            self.plot_item.setYRange(low - 0.05, math.log10(self.ceiling) + 0.1, padding=0)
            self.plot_item.getAxis("left").setTicks(gradient_ticks(low, 1))
        self.current.setData([learning_rate, learning_rate], [10.0**low, self.ceiling])
        done = "" if sweep.finished else f" ({sweep.done}/{sweep.total})"
        title = (
            f"Final loss vs learning rate{done}",
            f"Final loss vs lr{done}",
            f"Loss vs lr{done}",
        )
        if title[0] != self._title:
            self._title = title[0]
            show_live_title(self, title)

"""The "When it breaks" plots: μ_B and σ_B over batches, their noise against the batch size,
the running mean against the true mean, and the accuracy in train mode against eval mode."""

from __future__ import annotations

import math

import numpy as np

from explorer.state.normalization.breaks import BatchNoise, EvalGapView
from explorer.ui.labs.normalization.palette import BATCH_COLOUR, EVAL_COLOUR, TRUE_COLOUR
from explorer.ui.plot import StyledPlot

#: a jagged trace's pen: Qt strokes a 200-point zig-zag at 1.2 px in 25 ms, at 1 px in 0.7 ms
#: (antialiased, measured offscreen), so these lines stay at whole pixels
JAGGED_WIDTH = 1.0


def padded_range(*arrays, floor: float = 1e-9) -> tuple[float, float]:
    """The finite range of ``arrays`` with 10 % room (at least ``floor`` wide)."""
    values = np.concatenate([np.ravel(a) for a in arrays if np.size(a)] or [np.zeros(1)])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return -1.0, 1.0
    low, high = float(values.min()), float(values.max())
    room = max((high - low) * 0.1, floor)
    return low - room, high + room


class NoiseTraceView(StyledPlot):
    """One batch statistic (μ_B or σ_B) of the unit over the drawn batches, and its true
    value over all points as a dashed line."""

    def __init__(self, statistic: str) -> None:
        self.statistic = statistic  # "mu" or "sigma"
        symbol = "μ" if statistic == "mu" else "σ"
        title = (f"{symbol}_B of unit j, batch after batch", f"{symbol}_B of unit j", f"{symbol}_B")
        super().__init__(title, ("batch drawn", "batch"),
                         f"{symbol}_B", legend=True)  # fmt: skip

    def build(self) -> None:
        symbol = "μ" if self.statistic == "mu" else "σ"
        self.trace = self.line(f"{symbol}_B (batch)", BATCH_COLOUR, width=JAGGED_WIDTH)
        self.truth = self.line(f"{symbol} (all points)", TRUE_COLOUR, dash=True, z=2)
        self.plot_item.setMouseEnabled(x=False, y=False)

    def show_noise(self, noise: BatchNoise) -> None:
        values = noise.batch_mu if self.statistic == "mu" else noise.batch_sigma
        truth = noise.mu if self.statistic == "mu" else noise.sigma
        x = np.arange(1, values.size + 1, dtype=np.float64)
        self.trace.setData(x, values)
        right = float(max(values.size, 1))
        self.truth.setData([1.0, right], [truth, truth])
        self.plot_item.setXRange(1, right, padding=0.02)
        self.plot_item.setYRange(*padded_range(values, [truth]), padding=0)


class NoiseSweepView(StyledPlot):
    """std(μ_B) against B on log–log axes: measured over many batches, and σ/√B (with the
    finite-population factor); the current B as a dot."""

    def __init__(self) -> None:
        title = ("Noise of μ_B against the batch size", "Noise of μ_B vs B", "std of μ_B")
        super().__init__(title, ("batch size B", "B"), "std of μ_B",
                         legend=True)  # fmt: skip
        self.plot_item.setLogMode(x=True, y=True)

    def build(self) -> None:
        self.theory = self.line("theory", TRUE_COLOUR, dash=True)  # the notes' sampling theory
        self.measured = self.points("measured", BATCH_COLOUR, size=7)
        self.current = self.points(None, EVAL_COLOUR, size=12, z=3)
        self._ticks: tuple | None = None
        self.plot_item.setMouseEnabled(x=False, y=False)

    def show_noise(self, noise: BatchNoise) -> None:
        ok = noise.measured > 0
        self.measured.setData(noise.sizes[ok], noise.measured[ok])
        self.theory.setData(noise.sizes, noise.predicted)
        key = tuple(noise.sizes)
        if key != self._ticks:  # labels at the sizes measured (log axis: log10 positions)
            self._ticks = key
            ticks = [(math.log10(size), f"{size:g}") for size in key]
            self.plot_item.getAxis("bottom").setTicks([ticks, []])
        index = np.nonzero(noise.sizes == noise.batch)[0]
        if index.size and noise.measured[index[0]] > 0:
            self.current.setData([noise.batch], [noise.measured[index[0]]])
        else:
            self.current.setData([], [])


class RunningStatsView(StyledPlot):
    """BatchNorm's running mean of the unit during training, the batch means it averages,
    and the true mean of the unit: all points as one batch."""

    def __init__(self) -> None:
        title = ("Running mean vs true mean of unit j", "Running vs true mean", "Running mean")
        super().__init__(title, "step", "mean of z",
                         legend=True)  # fmt: skip

    def build(self) -> None:
        self.batch = self.line("μ_B (batch)", BATCH_COLOUR, width=JAGGED_WIDTH)
        self.batch.setOpacity(0.4)
        self.running = self.line("running mean", EVAL_COLOUR, z=2)
        # over all points as one batch, as the notes say: short enough for a small plot
        self.truth = self.line("true mean", TRUE_COLOUR, dash=True, z=3)

    def show_gap(self, gap: EvalGapView) -> None:
        self.batch.setData(gap.steps, gap.batch_mean)
        self.running.setData(gap.steps, gap.running_mean)
        self.truth.setData(gap.eval_steps, gap.true_mean)
        right = max(100.0, math.ceil(gap.step / 100) * 100.0)
        self.plot_item.setXRange(0, right, padding=0.02)
        self.plot_item.setYRange(*padded_range(gap.running_mean, gap.true_mean), padding=0)


class AccuracyView(StyledPlot):
    """Accuracy in train mode (batch statistics, mean of the last 50 batches) and in eval mode
    (running statistics, all points)."""

    def __init__(self) -> None:
        title = ("Accuracy: train mode vs eval mode", "Accuracy: train vs eval", "Accuracy")
        super().__init__(title, "step", "accuracy",
                         legend=True)  # fmt: skip

    def build(self) -> None:
        # the last 50 batches' mean, and all points: the notes say so
        self.train_line = self.line("train mode", BATCH_COLOUR)
        self.eval_line = self.line("eval mode", EVAL_COLOUR)
        self.plot_item.setYRange(0, 1.02, padding=0)

    def show_gap(self, gap: EvalGapView) -> None:
        self.train_line.setData(gap.eval_steps, gap.train_accuracy, connect="finite")
        self.eval_line.setData(gap.eval_steps, gap.eval_accuracy)
        right = max(100.0, math.ceil(gap.step / 100) * 100.0)
        self.plot_item.setXRange(0, right, padding=0.02)

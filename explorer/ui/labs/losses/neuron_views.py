"""The neuron tab's plots: the output a over the steps, and ∂L/∂w over the steps, each with
one curve per loss (MSE and cross-entropy)."""

from __future__ import annotations

import numpy as np

from explorer.state.losses.neuron import NeuronView
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.losses.palette import GUIDE_COLOUR, loss_colour
from explorer.ui.labs.losses.plot_base import LossesPlot


class NeuronPlot(LossesPlot):
    """One quantity of both runs against the step."""

    field = "outputs"

    def build(self) -> None:
        super().build()
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-10, 8))
        self.mse = self.line("squared error (a − y)²", loss_colour("mse"))
        self.ce = self.line("cross-entropy (BCE)", loss_colour("ce"))
        self._steps = -1

    def show_view(self, view: NeuronView) -> None:
        steps = view.steps.size - 1
        if steps != self._steps:
            self._steps = steps
            self.plot_item.setXRange(0, steps, padding=0.01)
        self.mse.setData(view.steps, getattr(view.mse, self.field))
        self.ce.setData(view.steps, getattr(view.ce, self.field))


class OutputView(NeuronPlot):
    def __init__(self) -> None:
        super().__init__("Output a = σ(wx + b) during training", "step", "output a")

    def build(self) -> None:
        super().build()
        self.target = self.line("target y", GUIDE_COLOUR, dash=True, z=-1)
        self.plot_item.setYRange(0.0, 1.0, padding=0.03)

    def show_view(self, view: NeuronView) -> None:
        super().show_view(view)
        self.target.setData([0, view.steps[-1]], [view.target, view.target])


class WeightGradientView(NeuronPlot):
    field = "grad_w"

    def __init__(self) -> None:
        super().__init__("∂L/∂w during training", "step", "∂L/∂w")
        self._span = 0.0

    def show_view(self, view: NeuronView) -> None:
        super().show_view(view)
        both = np.concatenate([view.mse.grad_w, view.ce.grad_w])
        low, high = float(both.min()), float(both.max())
        span = (min(low, 0.0), max(high, 0.0))
        if span != self._span:
            self._span = span
            self.plot_item.setYRange(*span, padding=0.05)
        self.set_caption(view)

    def set_caption(self, view: NeuronView) -> None:
        """The title quotes σ′(z₀), the factor squared error multiplies its gradient by."""
        text = f"∂L/∂w during training — σ′(z₀) = {number(view.mse.sigma_prime[0])}"
        if text != self._title:  # a new title re-lays out the plot: only when it changes
            self._title = text
            self.show_title(text, f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 2)}pt")

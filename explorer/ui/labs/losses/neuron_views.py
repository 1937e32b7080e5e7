"""The neuron tab's plots: the output a over the steps, and ∂L/∂w over the steps, each with
one curve per loss (MSE and cross-entropy)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.state.losses.neuron import NeuronView
from explorer.text_format import number
from explorer.ui import theme
from explorer.ui.labs.losses.palette import GUIDE_COLOUR, loss_colour
from explorer.ui.labs.losses.plot_base import LossesPlot, nice_ceiling
from explorer.ui.plot.title import fit_title

CAPTION_OFFSET = (70, 6)  # px from the view's top-left corner: right of the y tick labels


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
    """∂L/∂w of both runs, with σ′(z₀) as a caption in the view's corner (a caption, not the
    title: a new title re-lays out the plot on every step of a w drag)."""

    field = "grad_w"

    def __init__(self) -> None:
        super().__init__("∂L/∂w during training", "step", "∂L/∂w")
        self._span = 0.0

    def build(self) -> None:
        super().build()
        self.caption = pg.LabelItem(justify="left")
        self.caption.setParentItem(self.plot_item.getViewBox())
        self.caption.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=CAPTION_OFFSET)
        self.caption_text = ""
        self.plot_item.getViewBox().sigResized.connect(self._fit_caption)

    def text_items(self) -> list:
        return [self.caption.item]

    def apply_scale(self) -> None:
        super().apply_scale()
        if self.caption_text:
            self._show_caption(self.caption_text)

    def show_view(self, view: NeuronView) -> None:
        super().show_view(view)
        both = np.concatenate([view.mse.grad_w, view.ce.grad_w])
        # rounded out to 1, 2 or 5 × 10ᵏ: a drag of w rarely changes the axis (a new range
        # re-lays out the plot)
        span = (-nice_ceiling(-float(both.min())), nice_ceiling(float(both.max())))
        if span != self._span:
            self._span = span
            self.plot_item.setYRange(*span, padding=0.05)
        text = f"MSE's factor σ′(z₀) = {number(view.mse.sigma_prime[0])}"
        if text != self.caption_text:
            self._show_caption(text)

    def _show_caption(self, text: str) -> None:
        self.caption_text = text
        self.caption.setText(text, color=loss_colour("mse"), bold=True)
        self._fit_caption()

    def _fit_caption(self, *_args) -> None:
        """The caption as it fits right of its offset: whole, else its value only
        ("σ′(z₀) = 0.0177"), smaller if need be."""
        if not self.caption_text:
            return
        size = f"{theme.Scale.font_pt(theme.BASE_FONT_PT + 1)}pt"
        room = self.plot_item.getViewBox().width() - CAPTION_OFFSET[0] - 6 * theme.Scale.factor
        short = self.caption_text.removeprefix("MSE's factor ")
        fit_title(self.caption, size, room, self.caption.setText, (self.caption_text, short))
        self.caption.adjustSize()

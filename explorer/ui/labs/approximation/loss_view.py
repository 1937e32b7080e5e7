"""The loss plot under the main one (fit view): the training loss after every step."""

from __future__ import annotations

from explorer.state.approximation.snapshot import ApproximationSnapshot
from explorer.ui import theme
from explorer.ui.labs.approximation.axes import plain_axes
from explorer.ui.plot import LossPlot
from explorer.ui.plot.loss import nice_ceiling, whole_decades

LOSS_NAMES = {"mse": "MSE", "l1": "L1", "huber": "Huber", "smooth_l1": "smooth L1"}


class LossView(LossPlot):
    """The training loss after every step, on a log scale, in the loss the fit minimises."""

    floor = 1e-30

    def __init__(self) -> None:
        super().__init__("Training loss", "training step", "loss (MSE)")

    def build(self) -> None:
        super().build()
        plain_axes(self)
        self.plot_item.getViewBox().disableAutoRange()
        self.loss_item = self.curve(None, theme.PALETTE[0])
        self._loss_name = "mse"

    def show_snapshot(self, snapshot: ApproximationSnapshot) -> None:
        loss = snapshot.config.loss
        if loss != self._loss_name:
            self._loss_name = loss
            self._labels["left"] = (f"loss ({LOSS_NAMES.get(loss, loss)})", None)
            self.apply_scale()
        steps, values = snapshot.loss_steps, snapshot.loss_values
        if steps is None or steps.size == 0:
            self.show_losses(self.loss_item, [], [])
            last, decades = 1, None
        else:
            self.show_losses(self.loss_item, steps, values)
            last, decades = steps[-1], whole_decades(values, self.floor)
        # steps up to the next 1-2-5 number, losses in whole decades: the ranges (and with
        # them every tick label) change a few times per run, not every frame
        self.show_steps(nice_ceiling(max(last, 10.0)))
        self.show_decades(*(decades or (-3, 0)))

"""The "Input scale" tab: the loss contours of a linear model over (w₁, w₂) with gradient
descent's path, for the raw inputs and for the standardized ones, and both losses per step."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.state.normalization.inputs import InputScaleView, Problem
from explorer.text_format import number
from explorer.ui.labs.normalization.palette import CONTOUR_COLOUR, RAW_COLOUR, STANDARD_COLOUR
from explorer.ui.labs.normalization.plot_flow import PlotFlow
from explorer.ui.labs.normalization.variant_views import gradient_ticks, show_live_title
from explorer.ui.plot import LossPlot, StyledPlot
from explorer.ui.plot.loss import whole_decades


class ContourView(StyledPlot):
    """Level ellipses of L(w) (equal axes, so a stretched problem looks stretched), the
    minimum w*, and the path of gradient descent from w = 0."""

    def __init__(self, title: str, colour: str) -> None:
        self.colour, self.name = colour, title
        super().__init__(title, "w₁", "w₂", legend=False)

    def build(self) -> None:
        # whole-pixel widths: Qt strokes curved paths at 1.2 px several times slower
        self.contours = self.line(None, CONTOUR_COLOUR, width=1.0)
        self.path = self.line(None, self.colour, width=2.0, z=2)
        self.steps = self.points(None, self.colour, size=5, z=3)
        self.minimum = self.points(None, "#000000", size=9, z=4)
        self.plot_item.setAspectLocked(True)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()

    def show_problem(self, problem: Problem) -> None:
        self.contours.setData(*problem.contours, connect="finite")
        path = problem.path
        self.path.setData(path[:, 0], path[:, 1], connect="finite")
        self.steps.setData(path[:, 0], path[:, 1])
        self.minimum.setData(problem.w_star[:1], problem.w_star[1:])
        rings = problem.contours[:, np.isfinite(problem.contours[0])]
        low = np.minimum(rings.min(axis=1), 0.0)  # the start w = 0 is always in view
        high = np.maximum(rings.max(axis=1), 0.0)
        self.plot_item.setRange(xRange=(low[0], high[0]), yRange=(low[1], high[1]), padding=0.05)
        kappa = f"κ = {number(problem.kappa)}"
        # narrow: the name shortened (on two lines it ran out of the title's row)
        title = (f"{self.name}: {kappa}", f"{self.name.split()[0]}: {kappa}")
        if title[0] != self._title:
            self._title = title[0]
            show_live_title(self, title)


class InputLossView(LossPlot):
    """L(w_t) − L(w*) per step of gradient descent, raw and standardized."""

    def __init__(self) -> None:
        super().__init__(
            ("Loss above its minimum", "Loss − min"), "step", "L(w) − L(w*)", legend=True
        )

    def build(self) -> None:
        super().build()
        self.raw = self.curve("raw inputs", RAW_COLOUR)
        self.standardized = self.curve("standardized", STANDARD_COLOUR)
        self._shown_decades: tuple | None = None

    def apply_scale(self) -> None:
        super().apply_scale()
        self._shown_decades = None

    def show_view(self, view: InputScaleView) -> None:
        shown = []
        for curve, problem in ((self.raw, view.raw), (self.standardized, view.standardized)):
            excess = problem.losses - problem.min_loss
            self.show_losses(curve, np.arange(excess.size), excess)
            shown.append(excess[np.isfinite(excess)])
        self.show_steps(float(view.raw.losses.size - 1))
        values = np.concatenate(shown)
        decades = whole_decades(values[values > 0], 1e-12)
        low, high = decades or (-6, 0)
        low, high = max(low, -12), max(high, low + 1)
        if (low, high) != self._shown_decades:  # labels as text_format writes numbers
            self._shown_decades = (low, high)
            self.show_decades(low, high)
            self.plot_item.getAxis("left").setTicks(gradient_ticks(low, high))


class InputsTab(QWidget):
    """Raw | standardized contours | losses."""

    def __init__(self) -> None:
        super().__init__()
        self.raw_view = ContourView("Raw inputs", RAW_COLOUR)
        self.standard_view = ContourView("Standardized", STANDARD_COLOUR)
        self.loss_view = InputLossView()
        self.flow = PlotFlow(self.views())  # in a narrow tab: two over one, or one column
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.flow)
        self._shown: InputScaleView | None = None

    def views(self) -> list:
        return [self.raw_view, self.standard_view, self.loss_view]

    def show_view(self, view: InputScaleView) -> None:
        if view is self._shown:  # the session keeps a view until its fields change
            return
        self._shown = view
        self.raw_view.show_problem(view.raw)
        self.standard_view.show_problem(view.standardized)
        self.loss_view.show_view(view)

    def height_share(self) -> float:
        """The height the plots need against one row."""
        return float(self.flow.rows)

    def apply_scale(self) -> None:
        self._shown = None
        self.flow.refit()
        for view in self.views():
            view.apply_scale()

"""The margin tab's plots: φ(m) and φ′(m) of each ticked loss with the data on the margin
axis, and the 2-D data with the classifier's boundary and its margins s = ±1."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.state.losses.config import MARGIN_LOSSES
from explorer.state.losses.margin import DATA_EXTENT, MARGIN_RANGE, MarginView
from explorer.state.losses.training import STEPS
from explorer.ui import theme
from explorer.ui.labs.losses.contour import level_lines
from explorer.ui.labs.losses.margin_texts import margin_data_title
from explorer.ui.labs.losses.palette import (
    CLASS_NEGATIVE,
    CLASS_POSITIVE,
    GUIDE_COLOUR,
    loss_colour,
)
from explorer.ui.labs.losses.plot_base import LossesPlot
from explorer.ui.plot.title import fit_title

ISO_LEVELS = (0.0, 1.0, -1.0)  # the MLP's boundary s = 0 and its margins s = ±1
BUSY_OPACITY = 0.45  # a classifier still training (or trained on other data) is drawn faint
RUG_ROWS = {1.0: -0.25, -1.0: -0.55}  # φ plot: where each class's dots sit below φ = 0
BOUNDARY_COLOUR = "#222222"
#: what the empty training plot says, longest first: the widest that fits the plot is shown
UNTRAINED_CAPTION = (
    "Tick “Train under each loss” on the left",
    "Tick “Train under each loss”<br>on the left",
    "Tick “Train under<br>each loss” on the left",
    "Tick “Train under<br>each loss”<br>on the left",
)


class MarginCurveView(LossesPlot):
    """φ(m) (or φ′(m)) of the ticked losses; on φ, every point of the data as a dot at its
    margin, a row per class (in the colours of the data plot's legend); φ's legend, the
    losses', in the corner no loss runs through."""

    def __init__(self, derivative: bool) -> None:
        self.derivative = derivative
        title = (
            ("Derivative φ′(m): how hard each point is pushed", "Derivative φ′(m)")
            if derivative
            else ("Loss φ(m) against the margin m = y·s", "Loss φ(m)")
        )
        y_label = "φ′(m)" if derivative else "φ(m)"
        if not derivative:  # above φ ≈ 0.75 and right of m ≈ 0.2 no loss runs (nor the dots)
            self.legend_room = (0.46, 0.70)
        super().__init__(title, ("margin m = y·s(x)", "margin m"), y_label,
                         legend=not derivative)  # fmt: skip

    def build(self) -> None:
        super().build()
        self.curves = self.loss_curves(MARGIN_LOSSES)
        self.guide(horizontal=True)
        self.guide(horizontal=False)
        self.guide(horizontal=False, at=1.0)
        if self.derivative:
            self.fix_range((-MARGIN_RANGE, MARGIN_RANGE), (-3.2, 0.4))
            self.rugs = {}
        else:
            self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-10, 8))
            self.fix_range((-MARGIN_RANGE, MARGIN_RANGE), (-0.8, 4.5))
            self.rugs = {  # their colours are the data plot's legend
                label: self.points(None, colour, size=7.0, z=4)
                for label, colour in ((1.0, CLASS_POSITIVE), (-1.0, CLASS_NEGATIVE))
            }
        self._curves: set = set()

    def show_view(self, view: MarginView) -> None:
        shown = {c.name for c in view.curves}
        if self.legend is None:  # the range is fixed: hiding a curve is enough
            self.show_visible(self.curves, shown)
        else:  # the legend lists the curves shown only
            self.show_only(self.curves, shown)
        moved = []
        for c in view.curves:
            if c.name not in self._curves:  # φ never changes: set once
                self._curves.add(c.name)
                values = c.curve_derivative if self.derivative else c.curve
                self.curves[c.name].setData(view.m_grid, values)
                moved.append(self.curves[c.name])
        self.cache_still_lines(moved)  # turning w moves only the dots
        for label, rug in self.rugs.items():
            m = np.clip(view.margins[view.y == label], -MARGIN_RANGE, MARGIN_RANGE)
            rug.setData(m, np.full(m.size, RUG_ROWS[label]))


def boundary_ends(w: np.ndarray, b: float, level: float = 0.0) -> np.ndarray | None:
    """Two points, far apart, on the line w·x + b = level (None when w = 0: no line)."""
    norm2 = float(w @ w)
    if norm2 == 0:
        return None
    along = np.array([-w[1], w[0]]) / np.sqrt(norm2) * 2 * DATA_EXTENT
    centre = (level - b) * w / norm2  # the point of the line nearest the origin
    return np.stack([centre - along, centre + along])


class DataView2D(LossesPlot):
    """The two classes, the boundary s = 0 and the margins s = ±1 (lines of w·x + b, or
    isocurves of the small MLP's score)."""

    def __init__(self) -> None:
        super().__init__("Data and the classifier s = w·x + b", "x₁", "x₂")

    def build(self) -> None:
        super().build()
        # the classes' legend, also the φ plot's dots': top left, beside the square of data
        # where the view is wider than high
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(10, 8))
        self.classes = {
            label: self.points("y = +1" if label > 0 else "y = −1", colour, size=8.0, z=2)
            for label, colour in ((1.0, CLASS_POSITIVE), (-1.0, CLASS_NEGATIVE))
        }
        self.boundary = self.line(None, BOUNDARY_COLOUR, z=3)
        self.margins = [self.line(None, GUIDE_COLOUR, dash=True, z=3) for _ in range(2)]
        self.arrow = self.line(None, BOUNDARY_COLOUR, width=theme.THIN_LINE_WIDTH * 1.5, z=3)
        self.head = self.dot(BOUNDARY_COLOUR, size=9.0)
        # the boundary each loss trains to (Train w, b under each loss)
        self.trained = {
            name: self.line(None, loss_colour(name), width=theme.THIN_LINE_WIDTH * 1.6, z=2.5)
            for name in MARGIN_LOSSES
        }
        # the MLP's s = 0 and s = ±1, drawn from its score image on the training grid
        self.iso = [
            self.line(None, BOUNDARY_COLOUR, width=theme.THIN_LINE_WIDTH * 1.5, z=3),
            self.line(None, GUIDE_COLOUR, dash=True, z=3),
            self.line(None, GUIDE_COLOUR, dash=True, z=3),
        ]
        self.fix_range((-DATA_EXTENT, DATA_EXTENT), (-DATA_EXTENT, DATA_EXTENT))
        self.plot_item.vb.setAspectLocked(True)
        self._data: tuple | None = None
        self._runs: dict = {}
        self._mlp_run = None

    def show_view(self, view: MarginView) -> None:
        key = (id(view.X), id(view.y))
        if key != self._data:
            self._data = key
            for label, item in self.classes.items():
                item.setData(view.X[view.y == label, 0], view.X[view.y == label, 1])
        title = margin_data_title(view)
        if title != self._title:
            self.set_title(title)
        if view.model == "mlp":
            self._show_mlp(view)
            return
        if self._mlp_run is not None:
            self._mlp_run = None
            for item in self.iso:
                item.setData([], [])
        w, b = view.w, view.b
        norm2 = float(w @ w)
        for item, level in ((self.boundary, 0.0), (self.margins[0], 1.0), (self.margins[1], -1.0)):
            self._show_boundary(item, w, b, level)
        shown = {run.name for run in view.trained}
        self.show_visible(self.trained, shown)
        for run in view.trained:
            if self._runs.get(run.name) is not run:
                self._runs[run.name] = run
                self._show_boundary(self.trained[run.name], run.w, run.b)
                self.trained[run.name].setOpacity(1.0 if run.complete else BUSY_OPACITY)
        centre = -b * w / norm2
        tip = centre + w / np.sqrt(norm2) * 0.6
        self.arrow.setData([centre[0], tip[0]], [centre[1], tip[1]])
        self.head.setData([tip[0]], [tip[1]])

    def _show_mlp(self, view: MarginView) -> None:
        for item in (self.boundary, *self.margins, self.arrow, self.head):
            item.setData([], [])
        self.show_visible(self.trained, set())  # the trained MLPs are in the strip below
        run = view.mlp_run
        if (run, view.live) == self._mlp_run:
            return
        self._mlp_run = (run, view.live)
        opacity = 1.0 if view.live == "final" else BUSY_OPACITY
        for item in self.iso:
            item.setOpacity(opacity)
        scores = run.scores  # rows along x₂, as the image
        step = 2 * DATA_EXTENT / (scores.shape[0] - 1)
        for item, level in zip(self.iso, ISO_LEVELS, strict=True):
            x, y = level_lines(scores, level, (-DATA_EXTENT, -DATA_EXTENT), step)
            item.setData(x, y, connect="finite")

    @staticmethod
    def _show_boundary(item, w: np.ndarray, b: float, level: float = 0.0) -> None:
        ends = boundary_ends(w, b, level)
        if ends is None:  # the 0-1 loss never leaves w = 0
            item.setData([], [])
        else:
            item.setData(ends[:, 0], ends[:, 1])


class TrainingView(LossesPlot):
    """The error rate during each loss's training from w = 0."""

    def __init__(self) -> None:
        super().__init__("Errors per step", "step", ("error rate", "errors"))

    def build(self) -> None:
        super().build()
        self.legend.setVisible(False)  # the colours are the φ plot's legend
        self.curves = self.loss_curves(MARGIN_LOSSES)
        self.fix_range((0, STEPS), (0.0, 1.0))
        self.caption = pg.LabelItem(justify="center", color="#555555")
        self.caption.setParentItem(self.plot_item.getViewBox())
        self.caption.anchor(itemPos=(0.5, 0.5), parentPos=(0.5, 0.5))
        self._caption: tuple[str, ...] | None = None
        self._runs: dict = {}
        self.plot_item.getViewBox().sigResized.connect(self._fit_caption)

    def text_items(self) -> list:
        return [self.caption.item]

    def apply_scale(self) -> None:
        super().apply_scale()
        self._caption = None

    def show_view(self, view: MarginView) -> None:
        shown = {run.name for run in view.trained}
        self.show_visible(self.curves, shown)  # the range is fixed, the legend hidden
        for run in view.trained:
            if self._runs.get(run.name) is not run:  # runs are cached: a w drag moves none
                self._runs[run.name] = run
                self.curves[run.name].setData(np.arange(run.errors.size), run.errors)
        caption = () if view.trained else UNTRAINED_CAPTION
        if caption != self._caption:
            self._caption = caption
            self._fit_caption()

    def _fit_caption(self, *_args) -> None:
        """The longest caption that fits the plot's width, at half the View's growth (a
        whole caption beats a big one); none once something is trained."""
        if not self._caption:
            self.caption.setText(" ")
            return
        size = f"{round(theme.BASE_FONT_PT * (1 + (theme.Scale.factor - 1) / 2))}pt"
        room = self.plot_item.getViewBox().width() - 8 * theme.Scale.factor
        fit_title(self.caption, size, room, self.caption.setText, self._caption)

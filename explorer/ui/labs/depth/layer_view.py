"""Per-layer activations: histogram strips with their mean, the saturation band, and the
fraction of saturated entries and dead units per layer.

Each column of the upper plot is one hidden layer's histogram of its pre-activations u (or
activations a = f(u)), darker where more entries fall. The shaded band is where f′(u) < 0.1 %
of its maximum: an entry there passes almost no gradient back. The lower plot gives the
fractions the core's ``layer_stats()`` reports: saturated entries and dead units (f′ = 0 for
every probe point).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from explorer.state.depth.session import DepthSnapshot
from explorer.ui import theme
from explorer.ui.controls import ChoiceBox, compact, set_if_changed
from explorer.ui.labs.depth.fractions_plot import FractionsPlot
from explorer.ui.labs.depth.strips_plot import StripsPlot
from explorer.ui.live_text import WrappedText

AXIS_WIDTH = 44  # px at 100 %: the same for both plots so their layer columns line up
VIEW_CHOICES = [("preact", "pre-activations u"), ("act", "activations a = f(u)")]


class LayerView(QWidget):
    """Strips over fractions, x-linked, with the u / a choice above them."""

    variableChanged = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.choice = ChoiceBox(VIEW_CHOICES, "preact",
                                tooltip="Show each layer's pre-activations u or activations "
                                        "a = f(u)")  # fmt: skip
        self.choice.valueChanged.connect(self.variableChanged.emit)
        self.caption = QLabel(wordWrap=True)
        # a row of its own that wraps: on the header row its changing text set the view's
        # minimum width, and each change moved the splitter and re-laid out every plot
        self.caption_box = WrappedText(self.caption)
        self.strips = StripsPlot()
        self.fractions = FractionsPlot()
        self.fractions.setXLink(self.strips)
        self.show_label = QLabel("Show:")
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.show_label)
        header.addWidget(self.choice)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.caption_box)
        layout.addWidget(self.strips, stretch=3)
        layout.addWidget(self.fractions, stretch=2)
        self._shown = None
        self._align_axes()
        compact(self.choice, 12)
        self._base_pt = self.caption.font().pointSizeF()

    def apply_scale(self) -> None:
        self.strips.apply_scale()
        self.fractions.apply_scale()
        self._align_axes()
        # the choice and the caption are read with the plots: they grow with the View scale,
        # half as fast as the plots' text (at full size they took half the strips' height)
        factor = 1 + (theme.Scale.factor - 1) / 2
        for widget in (self.show_label, self.choice, self.caption):
            font = widget.font()
            font.setPointSizeF(self._base_pt * factor)
            widget.setFont(font)
        self.caption_box.fit()
        self._shown = None

    def _align_axes(self) -> None:
        for plot in (self.strips, self.fractions):
            plot.plot_item.getAxis("left").setWidth(int(AXIS_WIDTH * theme.Scale.factor))

    def show_snapshot(self, snapshot: DepthSnapshot) -> None:
        set_if_changed(self.choice, snapshot.config.layer_view)
        if snapshot.strips is self._shown:
            return  # the session hands out the same strips while their source is unchanged
        self._shown = snapshot.strips
        self.strips.show_snapshot(snapshot)
        source = snapshot.train.layers if snapshot.train is not None else snapshot.probe
        self.fractions.show_fractions(source.frac_saturated, source.frac_dead)
        self.strips.settle()
        self.fractions.settle()
        name = "u" if snapshot.strips.variable == "preact" else "a = f(u)"
        when = "untrained" if snapshot.train is None else f"after {snapshot.train.step} steps"
        what = f"{'Pre-activations' if name == 'u' else 'Activations'} {name}"
        short = "untrained" if snapshot.train is None else f"step {snapshot.train.step}"
        self.strips.set_title((f"{what}, {when}", f"{what}, {short}", what))
        self.strips.set_axis_label("left", name)
        beyond = float(np.max(snapshot.strips.beyond)) if snapshot.strips.beyond.size else 0.0
        notes = []
        if snapshot.strips.variable == "preact" and snapshot.band:
            notes.append("<span style='background:#F7D9C4'>&nbsp;shaded&nbsp;</span> f′ &lt; 0.1 % "
                         "of max: saturated")  # fmt: skip
        if beyond > 0.01 and math.isfinite(beyond):
            notes.append(f"<span style='color:#B00020'>up to {100 * beyond:.0f} % off the "
                         "scale</span>")  # fmt: skip
        caption = " · ".join(notes)
        if caption != self.caption.text():
            self.caption.setText(caption)
            self.caption_box.fit()  # re-measures the view only if the line count changed

"""Titles that never widen their plot, and shrink to fit a narrow one.

pyqtgraph sizes a title label to its text, so at 200 % a long title made the plot wider than
its widget and the right-hand side of the plot was cut off. Here the title sits over the
plot as justified and at worst runs past its ends; the axes stay where they belong. A title
wider than its plot (e.g. "saturated entries and dead units, %" at 200 % over a small plot)
is set again, smaller, down to 60 % of the size asked for, and grows back when the plot
widens.

The speed layer's :class:`TitleLabel` does this inside the label; with plain pyqtgraph,
:class:`PlainTitle` does the same from outside, through public calls only.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

SMALLEST = 0.6  # of the size asked for: below that a title overflows instead


def fit_title(label: pg.LabelItem, asked, available: float, set_text) -> None:
    """Set ``label``'s text (through ``set_text``) at the size ``asked`` ("13pt"), or smaller
    where it is wider than ``available`` pixels, down to :data:`SMALLEST` of that size."""
    if not isinstance(asked, str) or not asked.endswith("pt") or not label.text:
        return
    if label.opts.get("size") != asked:
        set_text(label.text, size=asked)  # measure at the size asked for
    natural = label.item.boundingRect().width()
    if 0 < available < natural:
        points = float(asked[:-2])
        smaller = max(points * available / natural, points * SMALLEST)
        set_text(label.text, size=f"{smaller:.1f}pt")


class TitleLabel(pg.LabelItem):
    """A title label that does not set its plot's minimum width (it asks for no width in
    its size hints), and fits itself to its width whenever its text or width changes."""

    def __init__(self, text: str = " ", parent=None, angle: float = 0, **args) -> None:
        # before pyqtgraph's __init__, which already sets the text
        self._asked = args.get("size")  # the size setText was last asked for
        self._fitting = False
        super().__init__(text, parent, angle, **args)
        self._width = self.geometry().width()
        self.geometryChanged.connect(self._on_geometry_changed)

    def updateMin(self) -> None:
        super().updateMin()
        self.setMinimumWidth(0)
        for which in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            self._sizeHint[which] = (0, self._sizeHint[which][1])
        self.updateGeometry()

    def setText(self, text, **args) -> None:
        if "size" in args:
            self._asked = args["size"]
        super().setText(text, **args)
        self._fit()

    def _fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True  # setText re-lays out the label, which may call back here
        try:
            fit_title(self, self._asked, self.geometry().width(), super().setText)
        finally:
            self._fitting = False

    def _on_geometry_changed(self) -> None:
        if self.geometry().width() != self._width:
            self._width = self.geometry().width()
            self._fit()


class PlainTitle:
    """What :class:`TitleLabel` does, for pyqtgraph's own title label (plain mode).

    The label gets no width at all and is placed where its text is justified, so it shows
    the same text over the plot without asking for room; :meth:`show` sets a title and fits
    it, and so does every resize of the plot's view.
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        self._plot_item = plot_item
        self._asked: str | None = None
        plot_item.getViewBox().sigResized.connect(self._fit)

    def show(self, text: str, size: str, **opts) -> None:
        self._asked = size
        label = self._plot_item.titleLabel
        self._plot_item.setTitle(text, size=size, **opts)
        label.setMaximumWidth(0)
        align = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight}
        where = align.get(label.opts["justify"], Qt.AlignmentFlag.AlignHCenter)
        self._plot_item.layout.setAlignment(label, where)
        self._fit()

    def _fit(self, *_args) -> None:
        label = self._plot_item.titleLabel
        fit_title(label, self._asked, self._plot_item.getViewBox().width(), label.setText)

"""Titles that never widen their plot, and shrink to fit a narrow one.

pyqtgraph sizes a title label to its text, so at 200 % a long title made the plot wider than
its widget and the right-hand side of the plot was cut off. Here the title sits over the
plot as justified and at worst runs past its ends; the axes stay where they belong.

A title may come in variants, longest first ("log₁₀ ‖∂L/∂Wₗ‖, last 400 steps", "log₁₀ ‖∂L/∂Wₗ‖"):
the longest that fits the plot's width at the size asked for is shown. When none does, the
shortest is set again, smaller, down to 60 % of the size asked for (or to the size of a title
at 100 %, where that is smaller: a whole title beats a big one); it grows back when the plot
widens.

The speed layer's :class:`TitleLabel` does this inside the label; with plain pyqtgraph,
:class:`PlainTitle` does the same from outside, through public calls only.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt

from explorer.ui import theme

SMALLEST = 0.6  # of the size asked for: below that a title overflows instead


def variants_of(title: str | Sequence[str]) -> tuple[str, ...]:
    """A title's variants, longest first: a string is its only variant."""
    return (title,) if isinstance(title, str) else tuple(title)


def fit_title(
    label: pg.LabelItem, asked, available: float, set_text, variants: Sequence[str] = ()
) -> None:
    """Set ``label``'s text (through ``set_text``) to the first of ``variants`` (its own text
    without any) that fits in ``available`` pixels at the size ``asked`` ("13pt"); if none
    does, the last one, smaller, down to :func:`smallest_fraction` of that size."""
    texts = tuple(variants) or (label.text,)
    if not isinstance(asked, str) or not asked.endswith("pt") or not texts[0]:
        return
    for text in texts:
        if label.opts.get("size") != asked or label.text != text:
            set_text(text, size=asked)  # measure at the size asked for
        natural = label.item.boundingRect().width()
        if available <= 0 or natural <= available:
            return
    points = float(asked[:-2])
    smallest = points * smallest_fraction()
    smaller = max(points * available / natural, smallest)
    set_text(texts[-1], size=f"{smaller:.1f}pt")
    # text does not shrink in proportion to its size (glyphs snap to whole pixels)
    while label.item.boundingRect().width() > available and smaller > smallest:
        smaller = max(smaller - 0.5, smallest)
        set_text(texts[-1], size=f"{smaller:.1f}pt")


def smallest_fraction() -> float:
    """How far a title may shrink: to :data:`SMALLEST` of its size, or to its size at 100 %
    where that is smaller (at 250 %, 40 %)."""
    return min(SMALLEST, 1.0 / theme.Scale.factor)


class TitleLabel(pg.LabelItem):
    """A title label that does not set its plot's minimum width (it asks for no width in
    its size hints), and fits itself to its width whenever its text or width changes."""

    def __init__(self, text: str = " ", parent=None, angle: float = 0, **args) -> None:
        # before pyqtgraph's __init__, which already sets the text
        self._asked = args.get("size")  # the size setText was last asked for
        self._fitting = False
        self.variants: tuple[str, ...] = ()  # the title's variants, longest first (show_title)
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
            fit_title(self, self._asked, self.geometry().width(), super().setText, self.variants)
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
        self._variants: tuple[str, ...] = ()
        plot_item.getViewBox().sigResized.connect(self._fit)

    def show(self, title: str | Sequence[str], size: str, **opts) -> None:
        self._asked = size
        self._variants = variants_of(title)
        label = self._plot_item.titleLabel
        self._plot_item.setTitle(self._variants[0], size=size, **opts)
        label.setMaximumWidth(0)
        align = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight}
        where = align.get(label.opts["justify"], Qt.AlignmentFlag.AlignHCenter)
        self._plot_item.layout.setAlignment(label, where)
        self._fit()

    def _fit(self, *_args) -> None:
        label = self._plot_item.titleLabel
        width = self._plot_item.getViewBox().width()
        fit_title(label, self._asked, width, label.setText, self._variants)

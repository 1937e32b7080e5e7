"""Axis labels that fit their axis: the longest of a label's variants that is not longer than
the axis, else the shortest in a smaller font.

pyqtgraph centres an axis label on its axis and lets a longer one run past both ends, over the
neighbouring tick labels and out of the plot ("hidden layer l (1 = next to the input)" under a
300-px axis at 175 %). A label given as variants, longest first (``("hidden layer l (1 = next
to the input)", "hidden layer l", "layer l")``), shows the longest that fits, measured at its
font whenever the axis changes length; when none fits, the last is set smaller, down to the
size of an axis label at 100 % (a whole label beats a big one).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QTextDocument

from explorer.ui import theme


def label_html(text: str, units: str | None) -> str:
    """The label as pyqtgraph writes it, for measuring: "text (units)", or "text " (with the
    blank where its units would be)."""
    return f"{text} ({units})" if units else f"{text} "


class AxisLabel:
    """The label of one axis: set with :meth:`show`, fitted again when the axis resizes."""

    def __init__(self, axis: pg.AxisItem) -> None:
        self.axis = axis
        self.variants: tuple[str, ...] = ()
        self.units: str | None = None
        self._points = 0.0  # the size asked for
        self._shown: tuple | None = None  # (text, size) last set on the axis
        self._length = 0.0
        self._document = QTextDocument()
        self._document.setDocumentMargin(0)
        axis.geometryChanged.connect(self._on_geometry_changed)

    def show(self, variants: str | Sequence[str] | None, units: str | None, points: float) -> None:
        """Label the axis with the longest of ``variants`` that fits, in ``units``, at
        ``points`` (or smaller, see the module); None takes the label away."""
        if variants is None:
            self.variants, self._shown = (), None
            self.axis.setLabel(None)
            return
        self.variants = (variants,) if isinstance(variants, str) else tuple(variants)
        self.units, self._points = units, float(points)
        self._shown = None
        self.fit()

    def fit(self) -> None:
        if not self.variants:
            return
        length = self._axis_length()
        text, points = self.choose(length)
        if (text, points) != self._shown:
            self._shown = (text, points)
            self.axis.setLabel(text, units=self.units, **{"font-size": f"{points:g}pt"})

    def choose(self, length: float) -> tuple[str, float]:
        """(variant, size in points) for an axis ``length`` pixels long."""
        points = self._points
        if length <= 0:
            return self.variants[0], points
        for text in self.variants:
            if self.width(text, points) <= length:
                return text, points
        text = self.variants[-1]
        smallest = min(points, theme.BASE_FONT_PT + 1)
        natural = self.width(text, points)
        return text, round(max(smallest, points * length / natural), 1)

    def width(self, text: str, points: float) -> float:
        """The label's text length in pixels at ``points``, as its axis draws it."""
        font = self.axis.label.font()
        font.setPointSizeF(points)
        self._document.setDefaultFont(font)
        self._document.setHtml(label_html(text, self.units))
        return self._document.idealWidth()

    def _axis_length(self) -> float:
        rect = self.axis.geometry()
        return rect.width() if self.axis.orientation in ("top", "bottom") else rect.height()

    def _on_geometry_changed(self) -> None:
        if not shiboken6.isValid(self.axis):  # a plot being deleted resizes its axes
            return
        length = self._axis_length()
        if length != self._length:
            self._length = length
            self.fit()

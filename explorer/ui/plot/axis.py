"""The plots' axes: pyqtgraph's ``AxisItem`` with a lean layout, remembered tick values and a
direct paint into Qt's pixel cache; :class:`DecadeAxis` also drops dense log minor ticks.

Axes drawn with a grid (``showGrid``) or stopped at their end ticks keep pyqtgraph's layout
(the plots here draw their grid with :class:`explorer.ui.plot.items.GridLines`). An axis
without a pixel cache (an SVG export) keeps pyqtgraph's paint, so its text stays text.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem

from explorer.ui.plot import axis_layout, axis_paint

_NO_CACHE = QGraphicsItem.CacheMode.NoCache
_TICKS: dict[tuple, list] = {}  # shared by every lean axis (not to be changed by callers)
_TICKS_KEPT = 16


class LeanAxis(pg.AxisItem):
    """An ``AxisItem`` laid out by :func:`~explorer.ui.plot.axis_layout.draw_specs` and painted
    by :func:`~explorer.ui.plot.axis_paint.draw` when Qt caches it; same pixels, less Python."""

    def __init__(self, *args, **kwargs) -> None:
        # before pyqtgraph's __init__, which already styles (and so measures) the axis
        self._sizes: dict[tuple, tuple[float, float]] = {}  # label sizes per font and text
        self._pens: tuple | None = None  # (what they depend on, axis pen, tick pens)
        self._font: tuple | None = None  # (tick font, dpi, key)
        super().__init__(*args, **kwargs)

    def tickValues(self, minVal, maxVal, size):
        """pyqtgraph's tick values (computed by :func:`axis_layout.tick_values`), answering a
        repeated question from memory.

        The axis asks when it redraws and :class:`~explorer.ui.plot.items.GridLines` asks the
        same for the grid; in a drag both happen every frame (measured: 0.1–0.25 ms per call).
        Axes that share a range (the activation lab's linked x-axes) share the answer too: it
        depends only on what the key holds, not on which axis asks.
        """
        spacing = self._tickSpacing
        key = (
            type(self),  # a subclass may space its ticks its own way
            minVal,
            maxVal,
            round(size, 2),  # the axis measures itself through a transform: 469.2000000000001
            self.logMode,
            None if spacing is None else tuple(tuple(level) for level in spacing),
            self._tickDensity,
            self.style["maxTickLevel"],
            self.scale,
        )
        answer = _TICKS.get(key)
        if answer is None:
            if len(_TICKS) >= _TICKS_KEPT:  # a few answers are enough: all ask within a frame
                _TICKS.pop(next(iter(_TICKS)))
            answer = _TICKS[key] = axis_layout.tick_values(self, minVal, maxVal, size)
        return answer

    def generateDrawSpecs(self, p):
        if self.grid is not False or any(self.style["stopAxisAtTick"]):
            return super().generateDrawSpecs(p)
        return axis_layout.draw_specs(self, p, self._sizes)

    def paint(self, p, opt, widget=None) -> None:
        if self.cacheMode() == _NO_CACHE:
            super().paint(p, opt, widget)
            return
        p.save()
        try:
            if self.style["tickFont"]:
                p.setFont(self.style["tickFont"])
            specs = self.generateDrawSpecs(p)
            if specs is not None:
                axis_paint.draw(self, p, *specs)
        except Exception:  # an exception escaping a paint override aborts the process
            pg.debug.printExc("An axis failed to paint:")
        finally:
            p.restore()

    def pens(self, levels: int) -> tuple[QPen, list[QPen]]:
        """The axis pen and the tick pen of each level (faded as pyqtgraph fades them),
        remembered until a pen, the tick alpha or the default foreground changes."""
        key = (self._pen, self._tickPen, self.style["tickAlpha"],
               pg.getConfigOption("foreground"))  # fmt: skip
        kept = self._pens
        if kept is None or not _same(kept[0], key):
            kept = self._pens = (key, self.pen(), [])
        axis_pen, tick_pens = kept[1], kept[2]
        while len(tick_pens) < levels:
            tick_pens.append(axis_paint.tick_pen(self, len(tick_pens)))
        return axis_pen, tick_pens

    def font_key(self, painter) -> tuple:
        """Names the painter's font and resolution, remembered per tick font: ``QFont.key()``
        builds a string (~40 µs a call)."""
        dpi = painter.device().logicalDpiY()
        font = self.style["tickFont"]
        kept = self._font
        if font is None or kept is None or kept[0] is not font or kept[1] != dpi:
            kept = (font, dpi, (painter.font().key(), dpi))
            if font is not None:  # without a tick font the painter's own may change: ask again
                self._font = kept
        return kept[2]


class DecadeAxis(LeanAxis):
    """On a log axis spanning many decades, no 2…9 minor ticks (nor their grid lines).

    pyqtgraph adds them at every zoom level: over the chain plot's twenty decades that is
    about 230 alpha-blended grid lines, 85 % of the plot's paint time (measured). Over a few
    decades they stay, as they are then the only ticks with labels.
    """

    max_decades_with_minor = 3.0

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        ticks = super().logTickValues(minVal, maxVal, size, stdTicks)
        if maxVal - minVal <= self.max_decades_with_minor:
            return ticks
        return [(spacing, values) for spacing, values in ticks if spacing is not None]


def _same(a: tuple, b: tuple) -> bool:
    return a[0] is b[0] and a[1] is b[1] and a[2] == b[2] and a[3] == b[3]

"""How the approximation lab's plots show their axes and legends."""

from __future__ import annotations

from explorer.ui.labs.approximation.palette import LEGEND_BRUSH


def plain_axes(plot) -> None:
    """No automatic SI scaling ("×0.001"): tick labels show the true values; a legend that
    lets curves show through. (Text caching is StyledPlot's own.)"""
    for side in ("left", "bottom"):
        plot.plot_item.getAxis(side).enableAutoSIPrefix(False)
    if plot.legend is not None:
        plot.legend.setBrush(LEGEND_BRUSH)

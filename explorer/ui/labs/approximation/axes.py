"""How the approximation lab's plots show their axes, legends and line labels."""

from __future__ import annotations

from explorer.ui.labs.approximation.palette import LEGEND_BRUSH


def plain_axes(plot) -> None:
    """No automatic SI scaling ("×0.001"): tick labels show the true values; a legend that
    lets curves show through. (Text caching is StyledPlot's own.)"""
    for side in ("left", "bottom"):
        plot.plot_item.getAxis(side).enableAutoSIPrefix(False)
    if plot.legend is not None:
        plot.legend.setBrush(LEGEND_BRUSH)


def place_line_label(plot, line) -> None:
    """Put the label of ``line`` (a ``pg.InfiniteLine`` in ``plot``) where it belongs now.

    pyqtgraph places such a label along its line, and undoes the view's scaling for it, only
    when the plot paints. A plot scrolled out of sight (the plots scroll at a large View
    scale) does not paint, and its label stayed where the line had been before the last
    resize, far outside the plot, for anything that measures or exports it. This does what a
    paint does first (the view's transform, every text's unscaling), and the label's own part.
    """
    scene = plot.scene()
    if scene is not None:
        scene.prepareForPaint()
    line.label.updateTransform()

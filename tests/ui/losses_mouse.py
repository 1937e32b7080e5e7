"""Mouse drags on a pyqtgraph plot, and the sliced fits driven to their end, for the
loss-functions lab's tests (loaded by path)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def settle(plot) -> None:
    """Paint until the plot's layout stops moving: the axes' widths are fitted to their labels
    after a paint, and a fit can move the view box again (plain pyqtgraph's axes take two)."""
    for _ in range(10):
        before = plot.plot_item.vb.sceneBoundingRect()
        plot.grab()
        QApplication.processEvents()
        if plot.plot_item.vb.sceneBoundingRect() == before:
            return


def widget_pos(plot, x: float, y: float) -> QPoint:
    """The viewport pixel of data point (x, y) in ``plot``, once its layout has settled."""
    settle(plot)
    scene = plot.plot_item.vb.mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def drag(qtbot, plot, start: tuple[float, float], end: tuple[float, float], steps: int = 6):
    """Press on ``start``, move in steps to ``end``, release (pyqtgraph rate-limits moves)."""
    viewport = plot.viewport()
    a, b = widget_pos(plot, *start), widget_pos(plot, *end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, steps + 1):
        qtbot.wait(15)
        p = QPointF(a + (b - a) * (i / steps))
        # QTest.mouseMove sends no pressed button, and pyqtgraph drags only on moves with one
        move = QMouseEvent(QEvent.Type.MouseMove, p, viewport.mapToGlobal(p),
                           Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(viewport, move)
    qtbot.wait(15)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)


def hold_fits(lab) -> None:
    """The lab's fit runner never slices by itself (its quiet period never ends): a test
    drives it with :func:`finish_fits`, by step counts, not by the clock."""
    lab.fit_runner.quiet.setInterval(10**8)
    lab.fit_runner.timer.stop()


def finish_fits(lab, steps: int = 150) -> int:
    """Tick the fit runner in slices of ``steps`` optimizer steps until the tab on screen is
    done, then redraw; the number of ticks."""
    ticks = 0
    while lab.session.pending:
        lab.fit_runner.tick(budget_s=None, max_steps=steps)
        ticks += 1
        assert ticks < 1000
    lab.flush()
    return ticks

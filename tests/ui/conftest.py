"""Fixtures for widget tests: a real main window in offscreen Qt."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from explorer.app import make_application


@pytest.fixture
def app(qapp):
    return make_application()


@pytest.fixture
def show_page(app, qtbot):
    """``show_page(page, size=None)``: a lab page shown on its own (resized to ``size``), exposed
    and drawn once; returns the page. Cheaper than a whole window per test."""

    def show(page, size: tuple[int, int] | None = None):
        qtbot.addWidget(page)
        if size is not None:
            page.resize(*size)
        page.show()
        qtbot.waitExposed(page)
        page.flush()
        return page

    return show


@pytest.fixture
def approximation_page(show_page):
    """The approximation lab on its own, not training after the test."""
    from explorer.ui.labs.approximation import ApproximationLab

    page = show_page(ApproximationLab(), (1200, 800))
    yield page
    page.set_playing(False)


@pytest.fixture
def coming_lab():
    """A planned lab added to the registry for one test, so "a lab without state" is tested
    whether or not the real registry still has one."""
    from explorer.ui.labs import LABS, ComingLab

    lab = ComingLab("planned", "Planned lab", "A lab that is not built yet.")
    LABS.append(lab)
    yield lab
    LABS.remove(lab)


@pytest.fixture
def window(app, qtbot):
    from explorer.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for page in win.built_pages():  # building the rest only to stop them costs seconds
        page.set_playing(False)


@pytest.fixture
def make_plot(app, qtbot):
    """A shown, standalone ``StyledPlot`` of the given size (closed after the test); ``fast``
    True or False builds it of the speed layer's or of pyqtgraph's classes whatever the
    process's mode (``EXPLORER_PLAIN_PLOTS``), None as the app would."""
    from explorer.ui.plot import StyledPlot

    def make(width: int, height: int, fast: bool | None = None) -> StyledPlot:
        widget = StyledPlot("t", "x", "y", legend=False, fast=fast)
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return make


@pytest.fixture
def fast_plots(monkeypatch):
    """Plots built from here on use the speed layer, in either mode: for tests of its fast
    paths inside a real lab (request it before the lab's fixture)."""
    from explorer.ui.plot import switch

    monkeypatch.setattr(switch, "FAST", True)


@pytest.fixture
def ink():
    """``ink(widget, colour)``: a mask of the pixels near ``colour`` in a grab of the widget."""
    import numpy as np
    from PySide6.QtGui import QColor

    def mask(widget, colour: str):
        image = widget.grab().toImage()
        image = image.convertToFormat(image.Format.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)[..., :3]
        target = QColor(colour)
        wanted = np.array([target.blue(), target.green(), target.red()])  # BGRA in memory
        return np.abs(pixels.astype(int) - wanted).sum(axis=2) < 60

    return mask


@pytest.fixture
def layout_requests():
    """``layout_requests(widget)``: an object whose ``count`` is how many times ``widget`` was
    asked to re-measure its layout from then on."""
    from PySide6.QtCore import QEvent, QObject

    class LayoutRequests(QObject):
        def __init__(self, widget) -> None:
            super().__init__(widget)
            self.count = 0
            widget.installEventFilter(self)

        def eventFilter(self, _obj, event) -> bool:
            if event.type() == QEvent.Type.LayoutRequest:
                self.count += 1
            return False

    return LayoutRequests


@pytest.fixture
def record_results(monkeypatch):
    """``record_results(module, name) -> list``: what each call of ``module.name`` returns."""

    def record(module, name: str) -> list:
        results = []
        function = getattr(module, name)

        def recording(*args):
            result = function(*args)
            results.append(result)
            return result

        monkeypatch.setattr(module, name, recording)
        return results

    return record


class Footprint(NamedTuple):
    """What a page holds, counted: Qt objects under it, items in its plots' scenes, and the
    objects Python's garbage collector tracks (every cache entry adds some)."""

    qobjects: int
    scene_items: int
    python_objects: int

    @classmethod
    def of(cls, page) -> Footprint:
        import gc

        from PySide6.QtCore import QObject
        from PySide6.QtWidgets import QGraphicsView

        gc.collect()
        views = page.findChildren(QGraphicsView)
        items = sum(len(view.scene().items()) for view in views if view.scene() is not None)
        return cls(len(page.findChildren(QObject)), items, len(gc.get_objects()))


COUNT_NOISE = 350  # Python objects: see soak()


@pytest.fixture
def soak(monkeypatch):
    """``soak(page, sliders, moves, baseline, switch_every=10)``: a long drag, then nothing grew.

    Moves QSliders like a user dragging one slider at a time (``switch_every`` moves each),
    flushing the page's redraw and processing events every 10 moves, as a frame would. Compares
    the page's :class:`Footprint` at move ``baseline`` with the end's: every cache must be
    bounded and every plot item reused, so whatever was needed by then is all that is ever
    needed. No Qt object or plot item more, and fewer new Python objects than a fixed noise
    allowance plus one per twenty moves (an unbounded cache adds at least one per move).
    Counts, not resident memory, which the allocator and the machine move by megabytes
    (``benchmarks/random_walk.py`` measures it). Undo keeps its last 5 steps here (200 in the
    app): a full history by the baseline, whether or not the clock merged a slider's moves into
    one step. A Qt-binding refcount bug of exactly this shape (PySide6 6.12 on Python 3.11)
    aborts the process instead.
    """
    from PySide6.QtWidgets import QApplication

    from explorer.state import session

    monkeypatch.setattr(session, "MAX_UNDO", 5)

    def run(page, sliders, moves: int, baseline: int, switch_every: int = 10):
        before = None
        for move in range(1, moves + 1):
            slider = sliders[(move // switch_every) % len(sliders)]
            span = slider.maximum() - slider.minimum()
            slider.setValue(slider.minimum() + (move * 37) % (span + 1))
            if move % 10 == 0:
                page.flush()
                QApplication.processEvents()
            if move == baseline:
                before = Footprint.of(page)
        page.flush()
        QApplication.processEvents()
        after = Footprint.of(page)
        assert after.qobjects == before.qobjects, (before, after)
        assert after.scene_items == before.scene_items, (before, after)
        # bounded caches whose entries differ in size, and the collector untracking tuples of
        # plain numbers when it gets to them, move the count by a few hundred either way
        # (250-270 seen in CI); a cache that grows by one entry a move adds far more
        limit = COUNT_NOISE + (moves - baseline) / 20
        assert moves - baseline > limit  # so that one object a move would fail
        assert after.python_objects - before.python_objects < limit, (before, after)

    return run


@pytest.fixture
def activations_page(window):
    """The window's activation lab, on screen and drawn."""
    from explorer.ui.labs.activations import ActivationsLab

    window.select_lab("activations")
    page = window.current_page
    assert isinstance(page, ActivationsLab)
    page.flush()
    return page


@pytest.fixture
def depth_page(show_page):
    """The depth lab's page on its own (a whole window per test would triple the run time)."""
    from explorer.ui.labs.depth import DepthLab

    page = show_page(DepthLab(), (1200, 780))
    yield page
    page.set_playing(False)
    page.driver.wait()

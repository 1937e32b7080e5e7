"""The "What you are seeing" box: live text that re-measures the window only when it must."""

from __future__ import annotations

import itertools
import time

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from explorer.ui.live_text import INTERVAL_S
from explorer.ui.notes import NotesBox

LINE = "ŷ = <b>1.20</b>·σ(2.0x − 1.3) + 0.50·σ(−1.0x + 0.2) + … "


def _window_with_notes(qtbot, width: int, height: int) -> tuple[QWidget, NotesBox]:
    """A window (not shown yet) holding a NotesBox above a stretch, as a lab page does."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    box = NotesBox()
    layout.addWidget(box)
    layout.addStretch()
    window.resize(width, height)
    return window, box


@pytest.fixture
def notes(qtbot):
    window, box = _window_with_notes(qtbot, 500, 400)
    box.set_html(LINE)
    window.show()
    qtbot.waitExposed(window)
    yield box  # the window lives as long as the test
    window.close()


def _settle(qtbot):
    qtbot.wait(1)


def test_new_numbers_on_as_many_lines_leave_the_window_layout_alone(notes, qtbot, layout_requests):
    _settle(qtbot)
    requests = layout_requests(notes.window())
    height = notes.text_box.height()
    for value in ("1.21", "1.22", "3.40"):
        notes.set_html(LINE.replace("1.20", value))
        notes.flush()
        _settle(qtbot)
        assert notes.body.text().count(value) == 1
    assert requests.count == 0
    assert notes.text_box.height() == height


def test_longer_text_grows_the_box_and_all_of_it_is_shown(notes, qtbot, layout_requests):
    _settle(qtbot)
    one_line = notes.text_box.height()
    requests = layout_requests(notes.window())
    notes.set_html(LINE * 6)
    notes.flush()
    _settle(qtbot)
    assert requests.count >= 1  # the window made room
    width = notes.text_box.width()
    needed = notes.body.heightForWidth(width)
    assert notes.text_box.height() == needed > 2 * one_line
    assert notes.body.geometry() == notes.text_box.rect()  # the label fills the box
    notes.set_html(LINE)
    notes.flush()
    _settle(qtbot)
    assert notes.text_box.height() == one_line


def test_a_narrower_window_rewraps_and_a_larger_font_grows_the_box(notes, qtbot):
    notes.set_html(LINE * 3)
    notes.flush()
    _settle(qtbot)
    wide = notes.text_box.height()
    notes.window().resize(250, 400)
    _settle(qtbot)
    narrow = notes.text_box.height()
    assert narrow > wide
    assert narrow == notes.body.heightForWidth(notes.text_box.width())
    notes.apply_scale(2.0)
    _settle(qtbot)
    assert notes.text_box.height() > narrow
    assert notes.text_box.height() == notes.body.heightForWidth(notes.text_box.width())


def test_the_title_folds_the_text_away(notes, qtbot):
    notes.toggle.click()
    assert not notes.text_box.isVisible()
    notes.toggle.click()
    assert notes.text_box.isVisible() and notes.body.isVisible()


def test_notes_written_while_hidden_fill_their_box_when_shown(qtbot):
    # a lab page that is not shown yet gets its notes, at a large scale, before it is shown
    window, box = _window_with_notes(qtbot, 900, 500)
    box.apply_scale(1.75)
    box.set_html(LINE * 4)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)
    assert box.body.geometry() == box.text_box.rect()
    assert box.text_box.height() == box.body.heightForWidth(box.text_box.width())
    window.close()


class Clock:
    """The throttle's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = time.perf_counter() + 3600.0  # past anything the real clock stamped

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_texts_shows_the_first_at_once_and_the_last_after_the_interval(notes, qtbot):
    notes.text_box.clock = clock = Clock()  # the last text was shown long ago: quiet
    notes.set_html(LINE.replace("1.20", "2.00"))
    assert "2.00" in notes.body.text()
    for value in ("2.01", "2.02", "2.03"):  # within the interval: held back
        clock.now += INTERVAL_S / 4
        notes.set_html(LINE.replace("1.20", value))
    assert "2.00" in notes.body.text()
    qtbot.waitUntil(lambda: "2.03" in notes.body.text())  # the throttle's timer shows the last


def test_texts_that_never_pause_are_shown_every_interval_not_held_back(notes):
    # a drag, or training that redraws every frame: a new text each frame for two seconds;
    # no event loop runs, so only the throttle's own rate shows them (a debounce never would)
    notes.text_box.clock = clock = Clock()
    frame_s = 1 / 60
    shown_at = []
    for frame in range(120):
        clock.now += frame_s
        text = LINE.replace("1.20", f"{frame}.00")
        notes.set_html(text)
        if notes.body.text() == text:
            shown_at.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(shown_at)]
    assert len(shown_at) >= 2 / (INTERVAL_S + frame_s)
    assert all(INTERVAL_S - 1e-9 <= gap <= INTERVAL_S + frame_s + 1e-9 for gap in gaps)


def test_live_numbers_are_laid_out_apart_from_the_argument(notes, qtbot, layout_requests):
    from explorer.ui.notes import LIVE

    argument = "<b>The argument</b>, a long paragraph that does not change during a drag. " * 3
    notes.set_html(argument + LIVE + "ŷ = 1.20·σ(2.0x)")
    notes.flush()
    qtbot.wait(1)
    assert notes.body.text() == argument and notes.live.text() == "ŷ = 1.20·σ(2.0x)"
    assert notes.live_box.isVisible() and "1.20" in notes.text()
    laid_out = []
    notes.body.setText = lambda text: laid_out.append(text)  # the argument must not be set again
    requests = layout_requests(notes.window())
    for value in ("1.21", "1.22"):
        notes.set_html(argument + LIVE + f"ŷ = {value}·σ(2.0x)")
        notes.flush()
        qtbot.wait(1)
        assert value in notes.live.text()
    assert laid_out == [] and requests.count == 0
    notes.set_html("only an argument")  # a text without live numbers hides their line
    notes.flush()
    assert not notes.live_box.isVisible()


def test_an_argument_taller_than_its_limit_scrolls_and_the_live_numbers_stay_in_view(notes, qtbot):
    from explorer.ui.notes import LIVE

    notes.set_max_text_height(60)
    notes.set_html(LINE * 12 + LIVE + "ŷ = 1.20·σ(2.0x)")
    notes.flush()
    _settle(qtbot)
    assert notes.text_box.height() > 60  # the whole argument is laid out …
    assert notes.scroll.height() == 60  # … in a box of at most the limit, which scrolls
    assert notes.scroll.verticalScrollBar().maximum() > 0
    assert notes.live_box.isVisible() and notes.live_box.geometry().top() >= 60
    notes.set_max_text_height(10_000)  # room again: no scrolling
    _settle(qtbot)
    assert notes.scroll.height() == notes.text_box.height()
    assert notes.scroll.verticalScrollBar().maximum() == 0


def test_a_lab_page_gives_its_notes_a_share_of_its_height(window, qtbot):
    from explorer.ui.labs.base import NOTES_SHARE

    window.resize(1400, 860)
    window.set_scale(250)
    page = window.current_page
    page.flush()
    qtbot.wait(1)
    try:
        assert 0 < page.notes.scroll.height() <= NOTES_SHARE * page.height() + 1
        assert page.plots.height() > 0.5 * page.height()  # the plots keep most of the page
    finally:
        window.set_scale(100)

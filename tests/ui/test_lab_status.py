"""The status line every lab shares (LabPage.show_status / show_message): repeats are not
re-sent, a one-off message stays in front of the live status until the settings change or
training starts, and the window's status bar shows what the lab says."""

from __future__ import annotations

import pytest

from explorer.state.activations.session import ActivationsSession
from explorer.ui.labs.base import LabPage


class StatusLab(LabPage):
    key = "status-test"
    title = "Status test"

    def make_session(self) -> ActivationsSession:
        return ActivationsSession()

    def live_status(self) -> str:
        return f"depth {self.session.config.depth}"

    def redraw(self) -> None:
        self.show_status(self.live_status())


@pytest.fixture
def lab(show_page):
    page = show_page(StatusLab())
    sent = []
    page.status_changed.connect(sent.append)
    return page, sent


def test_a_status_is_sent_only_when_it_changes(lab):
    page, sent = lab
    page.show_status("depth 10")
    page.show_status("depth 10")
    page.session.update(depth=3)
    page.flush()
    page.flush()
    assert sent == ["depth 3"] and page.status_text() == "depth 3"


def test_a_message_stays_in_front_until_the_settings_change(lab):
    page, sent = lab
    page.show_message("Least squares needs no training")
    page.flush()  # the redraw it asked for keeps the message
    assert page.status_text() == "Least squares needs no training"
    page.session.update(depth=4)
    page.flush()
    assert sent == ["Least squares needs no training", "depth 4"]


def test_a_message_is_dropped_when_training_starts_but_not_when_it_pauses(lab):
    page, sent = lab
    page.show_message("B reached A's 100 steps and paused")
    page.playing_changed.emit(False)
    page.flush()
    assert page.status_text() == "B reached A's 100 steps and paused"
    page.playing_changed.emit(True)
    page.flush()
    assert sent[-1] == "depth 10" == page.status_text()


def test_the_window_shows_a_labs_message_and_then_its_numbers_again(window):
    window.select_lab("approximation")
    page = window.current_page
    page.session.update(mode="fit", fitter="lstsq")
    page.flush()
    page.set_playing(True)  # nothing to train: says so
    assert "Least squares needs no training" in window.statusBar().currentMessage()
    page.session.update(fitter="gradient")
    page.flush()
    assert window.statusBar().currentMessage() == page.status_text()
    assert window.statusBar().currentMessage().startswith("Training · N = ")

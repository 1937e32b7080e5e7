"""The approximation page forwards to the tab on screen (a LabMode per tab): commands, the
step counter, the status line and undo reach the active tab's own state, and the inactive
tab's news stays out of the window."""

from __future__ import annotations

import inspect

import pytest

from explorer.ui.labs.approximation import ApproximationLab
from explorer.ui.labs.lab_mode import LabMode

MEMBERS = [name for name in vars(LabMode) if not name.startswith("_")]
MEMBERS += list(LabMode.__annotations__)  # the signals


@pytest.fixture
def page(app, qtbot):
    lab = ApproximationLab()
    qtbot.addWidget(lab)
    yield lab
    lab.set_playing(False)


def test_every_tab_has_a_mode_with_the_whole_interface(page):
    assert set(page.modes) == {"build", "fit", "xor"}
    assert page.modes["build"] is page.modes["fit"] is page.build_fit
    assert page.modes["xor"] is page.xor_panel
    assert {"status_changed", "playing_changed", "set_playing", "undo"} <= set(MEMBERS)
    for mode in set(page.modes.values()):
        for name in MEMBERS:
            assert hasattr(mode, name), (type(mode).__name__, name)


def test_the_xor_tab_gets_the_steps_the_status_and_the_reset(page):
    page.session.update(mode="fit")
    page.step_once()
    assert page.training_steps() == page.session.training_steps == 1
    page.session.update(mode="xor")
    for _ in range(3):
        page.step_once()
    assert page.xor_panel.session.steps == 3 and page.session.training_steps == 1
    assert page.training_steps() == 3
    assert page.main_control() is page.xor_panel.hidden_slider
    page.flush()
    assert page.status_text() == page.xor_panel.status_text()
    page.reset()  # R on the XOR tab restarts the XOR models only
    assert page.xor_panel.session.steps == 0 and page.session.training_steps == 1


def test_undo_on_a_tab_with_its_own_settings_undoes_those_first(page):
    page.session.update(noise=0.3)
    page.session.update(mode="xor")
    page.xor_panel.session.update(hidden_units=7)
    assert page.undo() and page.xor_panel.session.config.hidden_units == 4
    assert page.session.config.noise == 0.3
    assert page.undo() and page.session.config.noise == 0.0  # then the page's own
    assert page.redo() and page.session.config.noise == 0.3


def test_only_the_tab_on_screen_plays_and_reports(page):
    playing = []
    page.playing_changed.connect(playing.append)
    page.session.update(mode="xor")
    page.set_playing(True)
    assert page.xor_panel.is_playing() and not page.build_fit.is_playing()
    page.session.update(mode="fit")  # leaving the tab pauses it
    assert not page.xor_panel.is_playing() and not page.is_playing()
    statuses = []
    page.status_changed.connect(statuses.append)
    page.xor_panel.status_changed.emit("news from a tab not on screen")
    page.xor_panel.playing_changed.emit(True)
    assert statuses == [] and playing[-1] is False


def test_the_page_has_no_tab_branches():
    """It forwards; the only tab names in it are the table of which parts each tab shows."""
    import explorer.ui.labs.approximation.page as module

    source = inspect.getsource(module)
    assert '== "xor"' not in source and '!= "xor"' not in source
    assert 'mode == "' not in source and 'mode != "' not in source

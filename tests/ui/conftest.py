"""Fixtures for widget tests: a real main window in offscreen Qt."""

from __future__ import annotations

import pytest

from explorer.app import make_application


@pytest.fixture
def app(qapp):
    return make_application()


@pytest.fixture
def window(app, qtbot):
    from explorer.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for page in win.pages:
        page.set_playing(False)

"""With two screens, presenting puts the slides on the window's screen and the presenter
window on the other; with one screen there is no presenter window. Run in a subprocess: the
offscreen platform's screens are fixed when Qt starts (tests/ui/two_screens.json)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CONFIG = Path(__file__).with_name("two_screens.json")
CODE = """
from explorer.app import dispose, make_application
from PySide6.QtGui import QGuiApplication
from explorer.settings import Settings
from explorer.ui.main_window import MainWindow


def main(app):  # the window is a local, deleted before Python shuts down, as in explorer.app.run
    w = MainWindow(Settings(read_only=True))
    hall = next((s for s in QGuiApplication.screens() if s.name() == "hall"),
                QGuiApplication.primaryScreen())
    w.setScreen(hall)
    w.setGeometry(hall.geometry())
    w.show()
    app.processEvents()
    w.lecture.open_course()
    w.lecture.present()
    app.processEvents()
    presenter = w.lecture.presenter
    print(len(QGuiApplication.screens()), w.screen().name() or "-", w.isFullScreen(),
          presenter.isVisible(), presenter.isVisible() and presenter.screen().name())
    print(presenter.current.text())
    w.lecture.leave()
    print(presenter.isVisible())
    return w


app = make_application()
dispose(app, main(app))
"""


def run(platform: str, tmp_path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform,
           "EXPLORER_SETTINGS": str(tmp_path / "s.ini")}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                            env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_presenter_window_goes_to_the_other_screen(tmp_path):
    lines = run(f"offscreen:configfile={CONFIG}", tmp_path)
    assert lines[0].split() == ["2", "hall", "True", "True", "desk"]
    assert lines[1].startswith("1 / ") and lines[2] == "False"


def test_one_screen_has_no_presenter_window(tmp_path):
    lines = run("offscreen", tmp_path)
    assert lines[0].split()[0] == "1" and lines[0].split()[2:] == ["True", "False", "False"]

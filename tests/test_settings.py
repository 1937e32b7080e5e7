"""A corrupt or hand-edited settings file starts the app as on a first run, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray

from explorer.settings import DEFAULTS, Settings, settings_path

CORRUPT_INI = """\
[view]
scale={scale}

[lab]
last={last}

[window]
geometry=@ByteArray(\\x1\\x2\\x3 not a geometry \\xff\\0)
state=just text

[export]
last_dir=a, b
"""


def settings_file() -> Path:
    return settings_path()  # tests/conftest.py points it at this test's own scratch file


@pytest.mark.parametrize(
    "scale", ["abc", "9999", "-5", "0", "99", "251", "1e3", "12.5", "", "999999999999999999999999"]
)
def test_a_corrupt_scale_reads_as_the_default(scale):
    settings_file().write_text(f"[view]\nscale={scale}\n")
    assert Settings().get("view/scale") == DEFAULTS["view/scale"] == 100


@pytest.mark.parametrize("scale", ["100", "125", "250", " 150 "])
def test_a_scale_in_range_is_read(scale):
    settings_file().write_text(f"[view]\nscale={scale}\n")
    assert Settings().get("view/scale") == int(scale)


def test_values_of_the_wrong_type_read_as_the_defaults():
    settings_file().write_text(CORRUPT_INI.format(scale="abc", last="nope"))
    settings = Settings()
    assert settings.get("view/scale") == 100
    assert settings.get("window/state") == QByteArray()  # text where bytes were expected
    assert settings.get("export/last_dir") == ""  # a list where text was expected
    assert settings.get("lab/last") == "nope"  # text: the window checks it is a lab


@pytest.mark.parametrize("content", [b"\x00\xff\xfe binary \x89PNG\r\n" * 50, b"[[[[", b""])
def test_an_unreadable_settings_file_reads_as_the_defaults(content):
    settings_file().write_bytes(content)
    settings = Settings()
    for key, default in DEFAULTS.items():
        assert settings.get(key) == default, key


def test_a_folder_in_place_of_the_settings_file_reads_as_the_defaults():
    settings_file().mkdir()
    settings = Settings()
    assert settings.get("view/scale") == 100 and settings.get("lab/last") == "approximation"
    settings.set("view/scale", 150)
    settings.sync()  # cannot be written: no crash either


@pytest.fixture
def start(qapp, qtbot):
    """``start()``: a new main window on the current settings file, as the app starts."""
    from explorer.app import make_application
    from explorer.ui.main_window import MainWindow

    make_application()
    windows = []

    def make() -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        for page in window.pages:
            page.set_playing(False)


@pytest.mark.parametrize(("scale", "last"), [("abc", "nope"), ("9999", ""), ("-1", "__init__")])
def test_the_app_starts_with_defaults_from_a_corrupt_settings_file(start, scale, last):
    from explorer.ui import theme
    from explorer.ui.labs import lab_keys

    settings_file().unlink(missing_ok=True)
    fresh = start()  # a first run: no settings file at all
    default_size = fresh.size()
    fresh.close()
    settings_file().write_text(CORRUPT_INI.format(scale=scale, last=last))
    window = start()
    assert theme.Scale.factor == 1.0 and window.scale_actions[100].isChecked()
    assert window.current_page.key == lab_keys()[0] == DEFAULTS["lab/last"]
    assert window.size() == default_size  # the geometry bytes were refused
    window.close()  # writes sane values back: the next start is an ordinary one
    healed = Settings()
    assert healed.get("view/scale") == 100 and healed.get("lab/last") == lab_keys()[0]
    assert not healed.get("window/geometry").isEmpty()
    assert window.restoreGeometry(healed.get("window/geometry"))


def test_the_settings_location_is_redirected_for_tests():
    assert Path(os.environ["EXPLORER_SETTINGS"]) == settings_file()
    assert settings_file().name == "settings.ini"

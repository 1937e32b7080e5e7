"""The window shell: navigator, shortcuts, settings, scale, export."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.settings import Settings
from explorer.ui import theme
from explorer.ui.labs import LABS, lab_by_key, lab_keys
from explorer.ui.labs.base import LabPage


def test_navigator_lists_the_labs_in_course_order(window):
    titles = [window.navigator.item(i).text() for i in range(window.navigator.count())]
    assert titles == [f"{i}. {lab.title}" for i, lab in enumerate(LABS, start=1)]
    assert lab_keys()[:3] == ["approximation", "activations", "depth"]


def test_ctrl_number_switches_lab(window, qtbot):
    for number in range(1, len(LABS) + 1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page.key == lab_keys()[number - 1]


def test_last_lab_and_geometry_survive_a_restart(app, qtbot):
    from explorer.ui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.select_lab("depth")
    first.resize(701, 503)  # inside the offscreen screen (800×600)
    first.close()
    assert Settings().get("lab/last") == "depth"

    second = MainWindow()
    qtbot.addWidget(second)
    assert second.current_page.key == "depth"
    assert (second.width(), second.height()) == (701, 503)


def test_scale_setting_is_applied_and_remembered(window):
    notes_pt = window.current_page.notes.body.font().pointSizeF()
    window.set_scale(200)
    assert theme.Scale.factor == 2.0
    assert window.current_page.notes.body.font().pointSizeF() == 1.5 * notes_pt
    assert window.scale_actions[200].isChecked()
    assert Settings().get("view/scale") == 200
    window.bigger_action.trigger()
    assert theme.Scale.factor == 2.5
    window.bigger_action.trigger()  # stays at the top of the range
    assert theme.Scale.factor == 2.5
    window.set_scale(100)


def test_export_scale_and_about_shortcuts(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    asked, shown = [], []

    def save_name(_parent, caption, name, _filter):
        asked.append(caption)
        return str(tmp_path / Path(name).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *args: shown.append(args)))
    control = Qt.KeyboardModifier.ControlModifier
    window.navigator.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_E, control)
    qtbot.keyClick(window, Qt.Key.Key_E, control | Qt.KeyboardModifier.ShiftModifier)
    key = window.current_page.key
    assert asked == ["Export as PNG image", "Export as SVG vector image"]
    assert (tmp_path / f"{key}.png").read_bytes()[:4] == b"\x89PNG"
    assert ET.parse(tmp_path / f"{key}.svg").getroot().tag.endswith("svg")
    for key, factor in ((Qt.Key.Key_Equal, 1.25), (Qt.Key.Key_Plus, 1.5), (Qt.Key.Key_Minus, 1.25)):
        qtbot.keyClick(window, key, control)
        assert theme.Scale.factor == factor
    window.set_scale(100)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert len(shown) == 1 and "Ctrl+Shift+E" in shown[0][2]  # the keys are listed


def test_the_toolbar_offers_both_exports_and_about(window):
    from PySide6.QtWidgets import QToolBar

    toolbar = window.findChild(QToolBar, "lab-toolbar")
    for action in (window.export_png_action, window.export_svg_action, window.about_action):
        assert action in toolbar.actions() and not action.icon().isNull()


def test_export_png_and_svg(window, tmp_path):
    png = window.export_to(tmp_path / "plots.png")
    assert png is not None and png.read_bytes()[:4] == b"\x89PNG"
    svg = window.export_to(tmp_path / "plots.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert not list(tmp_path.glob(".plots-*")), "temporary files must not be left behind"


def test_failed_export_keeps_the_existing_file(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    target = tmp_path / "plots.png"
    target.write_bytes(b"precious")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a))
    monkeypatch.setattr("PySide6.QtGui.QPixmap.save", lambda *a, **k: False)
    assert window.export_to(target) is None
    assert target.read_bytes() == b"precious"
    assert warnings and "Export failed" in warnings[0][1]


def test_a_coming_lab_offers_no_reset_export_or_training(coming_lab, window):
    actions = (window.reset_action, window.export_png_action, window.export_svg_action,
               window.export_data_action, window.save_action, window.play_action,
               window.step_action)  # fmt: skip
    window.select_lab(coming_lab.key)
    assert window.current_page.session is None
    assert [action.isEnabled() for action in actions] == [False] * len(actions)
    window.select_lab("depth")
    assert all(action.isEnabled() for action in actions)


def test_a_hidden_lab_cannot_write_the_status_line_or_the_play_button(window):
    window.select_lab("depth")
    shown, hidden = window.current_page, window.pages[0]
    assert hidden is not shown and hidden.key == "approximation"
    status = window.statusBar().currentMessage()
    hidden.status_changed.emit("news from a hidden lab")
    hidden.playing_changed.emit(True)
    assert window.statusBar().currentMessage() == status
    assert window.play_action.text() == "&Play"
    shown.status_changed.emit("news from the shown lab")
    shown.playing_changed.emit(True)
    assert window.statusBar().currentMessage() == "news from the shown lab"
    assert window.play_action.text() == "&Pause"


def test_a_hidden_lab_trains_without_redrawing_and_is_current_when_shown(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.session.update(mode="fit")
    page.flush()
    window.select_lab("activations")
    drawn = page.scheduler.fired
    page.set_playing(True)  # trains in the background while another lab is on screen
    qtbot.waitUntil(lambda: page.training_steps() > 50, timeout=30_000)
    qtbot.wait(50)
    assert page.scheduler.fired == drawn  # no redraw of plots nobody sees
    page.set_playing(False)
    steps = page.training_steps()
    window.select_lab("approximation")  # no flush, no event loop: drawn before it is shown
    assert page.scheduler.fired == drawn + 1
    assert page.session.snapshot().steps == steps
    _x, y = page.area.function_view.sum_item.getData()
    np.testing.assert_array_equal(y, page.session.snapshot().total)


def test_the_error_vs_n_curve_waits_while_its_lab_is_hidden(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.target_panel.noise_slider.spin.setValue(0.3)  # a new curve to compute
    page.flush()
    assert page.session.config.noise == 0.3 and page.runner.running
    window.select_lab("activations")
    assert not page.runner.running
    computed = page.runner.job.computed
    qtbot.wait(100)
    assert page.runner.job.computed == computed  # no slices while another lab is on screen
    window.select_lab("approximation")
    assert page.runner.running
    qtbot.waitUntil(lambda: page.runner.job.done, timeout=30_000)


def test_a_screenshot_waits_for_the_labs_background_work(window, app, tmp_path):
    from explorer.app import _screenshot

    window.select_lab("approximation")
    page = window.current_page
    page.target_panel.noise_slider.spin.setValue(0.3)  # a new error-vs-N curve
    page.flush()
    assert page.session.config.noise == 0.3 and page.busy()  # computed a few N per tick
    assert _screenshot(app, window, tmp_path / "shot.png") == 0
    assert not page.busy()
    n_values, _errors, computed = page.runner.curve()
    assert computed == len(n_values)  # the picture shows the whole curve
    assert (tmp_path / "shot.png").read_bytes()[:4] == b"\x89PNG"


def test_every_benchmark_slider_is_a_control_of_its_lab(window):
    """benchmarks/ui.py --all-sliders moves these; each must be a real, shown slider."""
    from explorer.ui.controls import ValueSlider

    for page in window.pages:
        window.select_lab(page.key)
        labels = []
        for label, prepare in page.benchmark_controls():
            control = prepare()
            labels.append(label)
            assert isinstance(control, ValueSlider) and page.isAncestorOf(control), label
            assert control.isVisibleTo(page), label
        assert len(set(labels)) == len(labels)


# --- labs built when first shown ---------------------------------------------------------------
def test_each_registry_line_names_its_page_class():
    for lab in LABS:
        page_class = lab.load()
        assert issubclass(page_class, LabPage), lab.key
        assert (page_class.key, page_class.title, page_class.trains) == (
            lab.key, lab.title, lab.trains
        )  # fmt: skip
        assert lab_by_key(lab.key) is lab and lab.load() is page_class  # one class per lab
    with pytest.raises(ValueError, match="approximation"):
        lab_by_key("nonsense")


def test_only_the_lab_shown_is_built_at_start(window):
    shown = window.current_page
    assert window.built_pages() == [shown]
    assert window.stack.count() == len(LABS)  # an empty placeholder holds each other lab's place
    for row in range(len(LABS)):
        assert isinstance(window.stack.widget(row), LabPage) == (row == lab_keys().index(shown.key))


def test_selecting_a_lab_builds_it_once(window, qtbot):
    window.select_lab("approximation")
    window.select_lab("depth")
    depth = window.current_page
    assert depth.key == "depth" and window.stack.currentWidget() is depth
    window.select_lab("approximation")
    window.select_lab("depth")
    assert window.current_page is depth
    assert [page.key for page in window.built_pages()] == ["approximation", "depth"]
    assert window.stack.count() == len(LABS) and window.stack.widget(2) is depth
    qtbot.wait(1)  # the placeholder's deferred delete
    assert len(window.findChildren(type(depth))) == 1


def test_pages_builds_every_lab_and_keeps_the_one_shown(window):
    window.select_lab("activations")
    shown = window.current_page
    pages = window.pages  # the self-test and the benchmarks walk every lab this way
    assert [page.key for page in pages] == lab_keys()
    assert window.built_pages() == pages
    assert window.current_page is shown and window.stack.currentWidget() is shown
    assert window.navigator.currentRow() == 1


def test_every_window_action_works_on_a_lab_built_late(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QAbstractButton

    from explorer.state.depth.config import DepthConfig
    from explorer.state.presets import list_presets
    from explorer.state.serialize import load_session

    window.select_lab("depth")
    page = window.current_page
    assert window.statusBar().currentMessage() == page.status_text()
    # buttons take focus by Tab only, as in the labs built at start (Space stays Play)
    assert not any(
        button.focusPolicy() == Qt.FocusPolicy.StrongFocus
        for button in page.findChildren(QAbstractButton)
    )
    default = page.session.config
    page.session.update(width=16)
    window.reset_action.trigger()
    assert page.session.config == DepthConfig(seed=default.seed)
    window.undo_action.trigger()
    assert page.session.config.width == 16
    window.redo_action.trigger()
    assert page.session.config.width == default.width

    window.play_action.trigger()
    assert page.is_playing() and window.play_action.text() == "&Pause"
    window.play_action.trigger()
    assert not page.is_playing() and window.play_action.text() == "&Play"
    steps = page.training_steps()
    window.step_action.trigger()
    qtbot.waitUntil(lambda: page.training_steps() > steps, timeout=30_000)

    page.session.update(width=24)
    saved = window.save_session_file(tmp_path / "depth.json")
    page.session.update(width=48)
    assert window.load_session_file(saved) and page.session.config.width == 24

    presets = list_presets("depth")
    menu = window.presets_menu.actions()
    assert [action.text() for action in menu] == [preset.title for preset in presets]
    menu[1].trigger()
    assert page.session.config == load_session(presets[1].path, "depth", DepthConfig)

    png = window.export_to(tmp_path / "depth.png")
    assert png is not None and png.read_bytes()[:4] == b"\x89PNG"


def test_a_lab_built_late_looks_as_if_built_at_start_and_scaled(app, qtbot):
    """The activation lab built at 150 % draws the same pixels as one built at 100 % and then
    scaled to 150 % (the scale a lab is built at is not a second source of truth)."""
    from explorer.ui.main_window import MainWindow

    early = MainWindow(lab="activations")  # built at 100 %, then scaled
    qtbot.addWidget(early)
    early.set_scale(150)
    late = MainWindow(lab="approximation")  # reads 150 % from the settings early just wrote
    qtbot.addWidget(late)
    assert theme.Scale.factor == 1.5 and late.built_pages()[0].key == "approximation"
    for window in (early, late):
        window.resize(1400, 860)  # wide enough for every lab: no splitter squeezes the page
        window.show()
        window.select_lab("activations")
        qtbot.waitExposed(window)
        window.current_page.flush()

    def same_pixels() -> bool:
        return early.current_page.grab().toImage() == late.current_page.grab().toImage()

    try:  # axes re-fit their labels over a few frames after a change of scale
        qtbot.waitUntil(same_pixels, timeout=30_000)
    finally:
        early.set_scale(100)


def test_start_up_imports_only_the_lab_it_shows():
    """Another lab's package (its widgets, its state, its plots) is imported when it is first
    shown, not at start-up."""
    code = (
        "import sys\n"
        "from explorer.app import make_application\n"
        "from explorer.settings import Settings\n"
        "from explorer.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        "window = MainWindow(Settings(read_only=True), lab='activations')\n"
        "print(' '.join(sorted({k.split('.')[3] for k in sys.modules"
        " if k.startswith('explorer.ui.labs.')})))\n"
        "window.select_lab('depth')\n"
        "print('explorer.ui.labs.depth.page' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    imported, depth_later = result.stdout.split("\n")[:2]
    assert imported.split() == ["activations", "base"]  # not approximation, depth or coming
    assert depth_later == "True"


def test_the_page_status_returns_when_a_timed_message_expires(window, qtbot, tmp_path):
    window.select_lab("activations")
    page = window.current_page
    page.flush()
    assert page.status_text()
    window.save_session_file(tmp_path / "act.json")
    assert window.statusBar().currentMessage().startswith("Saved")
    window.statusBar().clearMessage()  # what the 5 s timer does when it expires
    assert window.statusBar().currentMessage() == page.status_text()


def test_building_every_lab_opens_no_window_of_its_own(window):
    """A widget shown before it has a parent becomes a window and takes the activation from
    the main window, whose shortcuts (Space, the clicker's PageDown) then stop working."""
    from PySide6.QtWidgets import QApplication

    assert QApplication.activeWindow() is window
    assert len(window.pages) == len(LABS)  # builds every lab
    QApplication.processEvents()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    assert QApplication.activeWindow() is window


def test_opening_a_session_builds_only_the_lab_it_names(window, tmp_path):
    from explorer.state.presets import list_presets

    preset = list_presets("depth")[0]
    assert window.load_session_file(preset.path)
    assert [page.key for page in window.built_pages()] == ["approximation", "depth"]
    assert window.current_page.key == "depth"

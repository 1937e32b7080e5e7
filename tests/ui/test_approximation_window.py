"""The universal-approximation lab in the window: its keys, tabs, undo, session files, presets
and export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.state.approximation.session import ApproximationConfig


@pytest.fixture
def page(approximation_page):
    return approximation_page


def test_shortcuts_act_on_this_lab(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.session.update(mode="fit")
    window.navigator.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert page.is_playing() and window.play_action.text() == "&Pause"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not page.is_playing()
    steps = page.training_steps()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert page.training_steps() == steps + 1
    qtbot.keyClick(window, Qt.Key.Key_R)  # a run in progress: restart it
    assert page.training_steps() == 0 and page.session.config.mode == "fit"
    page.session.update(learning_rate=0.5)
    qtbot.keyClick(window, Qt.Key.Key_R)  # nothing to restart: every setting back
    assert page.session.config == ApproximationConfig(mode="fit")


def test_the_xor_view_has_its_own_training(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.area.tabs.setCurrentIndex(2)
    assert page.area.stack.currentWidget() is page.xor_panel
    assert not page.controls_area.isVisibleTo(page)
    window.navigator.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert page.xor_panel.is_playing() and page.is_playing()
    page.area.tabs.setCurrentIndex(0)  # leaving the tab pauses it
    assert not page.xor_panel.is_playing()
    assert page.controls_area.isVisibleTo(page)


def test_to_and_from_the_xor_tab_each_plot_is_laid_out_once(window, qtbot):
    """Hiding the controls, the notes and the other page one after another laid every plot on
    screen out three times per switch (35–45 ms of a tab switch, benchmarks/random_walk.py)."""
    from pyqtgraph import GraphicsView
    from PySide6.QtCore import QEvent, QObject

    window.select_lab("approximation")
    page = window.current_page
    page.flush()
    resized: dict[QObject, int] = {}

    class Count(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Resize:
                resized[watched] = resized.get(watched, 0) + 1
            return False

    count = Count()
    views = page.findChildren(GraphicsView)
    for view in views:
        view.installEventFilter(count)
    widgets = {view: view.isWidgetType() for view in views}  # the plots exist once
    for tab in (2, 0, 2, 1, 2, 0):
        resized.clear()
        page.area.tabs.setCurrentIndex(tab)
        page.flush()
        qtbot.wait(1)
        assert max(resized.values(), default=0) <= 1, (tab, resized)  # was 3 or 4 per plot
    assert set(page.findChildren(GraphicsView)) == set(widgets)


def test_save_and_load_round_trip(page, tmp_path):
    session = page.session
    session.set_expression("abs(x) - 1")
    session.update(n_points=77, noise=0.2, seed=5, activation="tanh", output_bias=0.5)
    session.set_neuron(1, w=-2.5, b=1.25, v=0.75)
    session.update(mode="fit", fitter="lstsq", learning_rate=0.003, speed="slow")
    saved = session.config
    path = page.save_to(tmp_path / "approximation.json")
    page.reset()
    assert session.config != saved
    page.load_from(path)
    page.flush()
    assert session.config == saved
    assert page.target_panel.expression_edit.text() == "abs(x) - 1"
    assert page.target_panel.points_slider.value() == 77
    assert page.fit_panel.fitter_box.value() == "lstsq"
    assert page.area.tabs.currentIndex() == 1


def test_presets_load_every_control(window, qtbot):
    from explorer.state.presets import list_presets
    from explorer.state.serialize import load_session

    presets = list_presets("approximation")
    assert 3 <= len(presets) <= 5
    page = window.pages[0]
    for preset in presets:
        assert window.load_session_file(preset.path), preset.title
        page.flush()
        config = page.session.config
        assert config == load_session(preset.path, "approximation", ApproximationConfig)
        panel, network, fit = page.target_panel, page.network_panel, page.fit_panel
        assert panel.target_box.value() == config.target
        assert (panel.x_min_slider.value(), panel.x_max_slider.value()) == pytest.approx(
            (config.x_min, config.x_max), abs=0.01
        )
        assert network.n_slider.value() == config.n_hidden
        assert network.activation_box.value() == config.activation
        assert fit.fitter_box.value() == config.fitter and fit.speed_box.value() == config.speed
        assert page.area.tabs.currentIndex() == ("build", "fit", "xor").index(config.mode)
        if config.mode == "build":
            rows, n = page.neuron_list.rows, config.n_hidden
            qtbot.waitUntil(lambda rows=rows, n=n: sum(not r.isHidden() for r in rows) == n)
            for row, neuron in zip(rows, config.neurons, strict=False):
                values = tuple(row.sliders[f].value() for f in "wbv")
                assert values == pytest.approx(neuron, abs=0.01)


def test_export_svg_contains_the_curves(window, tmp_path):
    window.select_lab("approximation")
    page = window.current_page
    page.flush()
    svg = window.export_to(tmp_path / "approximation.svg").read_text()
    assert svg.count("<polyline") > 20  # curves stay vectors
    from explorer.ui.labs.approximation.palette import NEURON_COLOURS

    for colour in NEURON_COLOURS[:3]:  # each neuron's curve is a stroked path in its colour
        assert f'stroke="{colour.lower()}"' in svg


def test_session_file_keeps_the_xor_tab_settings(page, tmp_path):
    page.session.update(noise=0.2)
    page.xor_panel.session.update(hidden_units=9, activation="relu")
    path = page.save_to(tmp_path / "lesson.json")
    page.session.update(noise=0.0)
    page.xor_panel.session.update(hidden_units=3, activation="tanh")
    page.load_from(path)
    assert page.session.config.noise == 0.2
    xor = page.xor_panel.session.config
    assert (xor.hidden_units, xor.activation) == (9, "relu")
    assert page.xor_panel.hidden_slider.value() == 9  # the control follows the loaded state


def test_a_broken_xor_part_is_refused_and_changes_nothing(page, tmp_path):
    import json

    from explorer.state.serialize import SessionFileError

    path = page.save_to(tmp_path / "lesson.json")
    document = json.loads(path.read_text())
    document["config"]["noise"] = 0.3
    document["xor"]["hidden_units"] = "many"
    path.write_text(json.dumps(document))
    before = (page.session.config, page.xor_panel.session.config)
    with pytest.raises(SessionFileError, match=r"xor\.hidden_units"):
        page.load_from(path)
    assert (page.session.config, page.xor_panel.session.config) == before


def test_ctrl_z_never_just_switches_the_tab_back(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.area.tabs.setCurrentIndex(1)  # Fit, by the tab bar
    assert page.session.config.mode == "fit"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    page.flush()
    assert page.session.config.mode == "fit" and page.area.tabs.currentIndex() == 1


def test_undo_on_the_xor_tab_undoes_the_xor_change(page):
    page.session.update(mode="xor")
    page.xor_panel.session.update(hidden_units=7)
    assert page.undo()
    assert page.xor_panel.session.config.hidden_units == 4
    assert page.session.config.mode == "xor"  # the tab stays
    assert page.redo() and page.xor_panel.session.config.hidden_units == 7


def test_at_250_percent_in_a_small_window_the_plots_keep_to_their_room(window):
    """The XOR page's control column and two maps set how narrow the plots' stack could get,
    so the build plots were wider than their room and cut on the right; and the two small
    plots side by side had 140 px each for their curves. Now only the page on screen counts,
    and the small plots go one above the other where the area is narrow."""
    window.select_lab("approximation")
    page = window.current_page
    area = page.area
    window.resize(1280, 720)
    try:
        window.set_scale(250)
        page.flush()
        QApplication.processEvents()
        room = area.stack_scroll.viewport().width()
        assert area.stack.width() <= room
        assert area.function_view.width() <= room
        assert area.bottom.orientation() == Qt.Orientation.Vertical
        assert area.error_view.y() > area.side_stack.y()
        page.session.update(mode="xor")
        page.flush()
        QApplication.processEvents()
        assert area.stack.width() <= area.stack_scroll.viewport().width()
        page.session.update(mode="build")
        window.set_scale(100)
        page.flush()
        assert area.bottom.orientation() == Qt.Orientation.Horizontal
    finally:
        window.set_scale(100)

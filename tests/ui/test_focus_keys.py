"""Space and → stay Play and Step, except where a focused control acts on the key itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication


def _build_lab(window, qtbot):
    window.select_lab("approximation")
    page = window.current_page
    page.session.update(mode="build")
    page.flush()
    return page


def _focus(widget, qtbot) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=30_000)


def test_right_arrow_on_a_focused_slider_moves_the_slider_not_training(window, qtbot):
    page = _build_lab(window, qtbot)
    slider = page.neuron_list.rows[0].sliders["w"].slider
    _focus(slider, qtbot)
    before, w_before = slider.value(), page.session.config.neurons[0][0]
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() == before + slider.singleStep()
    assert page.session.config.neurons[0][0] > w_before  # the state followed the slider
    assert page.session.config.mode == "build" and page.training_steps() == 0


def test_space_on_a_focused_slider_still_plays(window, qtbot):
    page = _build_lab(window, qtbot)
    slider = page.neuron_list.rows[0].sliders["w"].slider
    _focus(slider, qtbot)
    qtbot.keyClick(slider, Qt.Key.Key_Space)
    assert page.is_playing()


def test_space_presses_a_button_reached_with_tab(window, qtbot):
    page = _build_lab(window, qtbot)
    button = page.neuron_list.add_button
    n_hidden = page.session.config.n_hidden
    _focus(button, qtbot)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert page.session.config.n_hidden == n_hidden + 1
    assert not page.is_playing()


def test_a_clicked_button_leaves_space_to_play(window, qtbot):
    page = _build_lab(window, qtbot)
    _focus(window.navigator, qtbot)
    button = page.neuron_list.greedy_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert page.is_playing()


def test_no_button_or_check_box_takes_focus_from_a_click(window):
    assert len(window.pages) >= 3  # builds every lab (a lab is built when first shown)
    strong = [
        button.text()
        for button in window.findChildren(QAbstractButton)
        if button.focusPolicy() & Qt.FocusPolicy.ClickFocus
    ]
    assert strong == []


def test_space_on_the_focused_check_list_ticks_the_activation(window, qtbot):
    window.select_lab("activations")
    page = window.current_page
    checklist = page.checklist
    name = page.session.config.selected
    assert checklist.currentItem() is checklist.item_for(name)
    was_checked = name in page.session.config.checked
    _focus(checklist, qtbot)
    qtbot.keyClick(checklist, Qt.Key.Key_Space)
    assert (name in page.session.config.checked) != was_checked

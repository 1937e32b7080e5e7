"""The shared control group: controls in order, labelled rows that share a form, a coloured
bold title over plain controls (font and palette, no style sheet), and its use in the labs."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QGroupBox, QHBoxLayout, QLabel

from explorer.ui.control_group import ControlGroup
from explorer.ui.controls import ChoiceBox, Toggle, ValueSlider, bind

WINDOW_TEXT = QPalette.ColorRole.WindowText


@pytest.fixture
def group(app, qtbot):
    widget = ControlGroup("Training")
    qtbot.addWidget(widget)
    return widget


def laid_out(group: ControlGroup) -> list:
    """What the group's column holds, in order: widgets, or layout types."""
    items = (group.column.itemAt(i) for i in range(group.column.count()))
    return [item.widget() or type(item.layout()) for item in items]


def test_widgets_and_layouts_stack_in_the_order_given(group):
    slider = ValueSlider("lr", 0.0, 1.0, 0.5)
    toggle = Toggle("on", True)
    row = QHBoxLayout()
    group.add(slider, row, toggle)
    assert group.title() == "Training"
    assert laid_out(group) == [slider, QHBoxLayout, toggle]


def test_consecutive_rows_share_one_form_and_a_widget_ends_it(group):
    first, second, third = (ChoiceBox([("a", "A")], "a") for _ in range(3))
    group.add_row("Activation", first)
    group.add_row("Init", second)
    slider = ValueSlider("gain", 0.1, 2.0, 1.0)
    group.add(slider)
    group.add_row("Normalization", third)
    assert laid_out(group) == [QFormLayout, slider, QFormLayout]
    form = group.column.itemAt(0).layout()
    assert form.rowCount() == 2
    labels = [form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget().text() for r in (0, 1)]
    assert labels == ["Activation", "Init"]
    assert form.itemAt(1, QFormLayout.ItemRole.FieldRole).widget() is second


def test_a_plain_group_keeps_the_window_font_and_colours(group):
    assert not group.font().bold()
    assert group.palette().color(WINDOW_TEXT) == QApplication.palette().color(WINDOW_TEXT)


def test_a_coloured_title_is_bold_in_its_colour_over_plain_controls(app, qtbot, ink):
    slider = ValueSlider("slope", 0.0, 1.0, 0.5)
    box = ChoiceBox([("a", "A")], "a")
    group = ControlGroup("Leaky ReLU", slider, colour="#D55E00", tooltip="max(αx, x)")
    group.add_row("mode", box)
    qtbot.addWidget(group)
    group.show()
    qtbot.waitExposed(group)
    assert group.font().bold() and group.toolTip() == "max(αx, x)"
    assert group.palette().color(WINDOW_TEXT) == QColor("#D55E00")
    assert group.styleSheet() == ""  # a style sheet would slow every repaint inside
    default = QApplication.palette().color(WINDOW_TEXT)
    (row_label,) = [label for label in group.findChildren(QLabel) if label.text() == "mode"]
    for child in (slider.label, box, row_label):
        assert not child.font().bold()
        assert child.palette().color(WINDOW_TEXT) == default
    assert ink(group, "#D55E00").any()  # the title is drawn in the colour
    assert not ink(slider, "#D55E00").any()


def test_a_bound_control_in_a_group_round_trips_with_a_session(group):
    from explorer.state.approximation.xor import XorSession

    session = XorSession()
    slider = ValueSlider("Hidden units", 1, 16, session.config.hidden_units, integer=True)
    group.add(slider)
    bind(slider, session, "hidden_units", int)
    slider.spin.setValue(7)
    assert session.config.hidden_units == 7
    session.update(hidden_units=3)
    assert slider.value() == 3


def test_every_lab_builds_its_groups_with_it(window):
    groups = [g for page in window.pages for g in page.controls.findChildren(QGroupBox)]
    xor = window.pages[[p.key for p in window.pages].index("approximation")].xor_panel
    groups += xor.findChildren(QGroupBox)
    assert len(groups) >= 12
    assert all(isinstance(g, ControlGroup) for g in groups), [
        g.title() for g in groups if not isinstance(g, ControlGroup)
    ]

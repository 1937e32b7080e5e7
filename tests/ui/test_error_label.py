"""The shared red message: hidden while empty, shown with its prefix, red by palette, and the
one way every lab shows a refused value."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from explorer.ui import theme
from explorer.ui.error_label import ErrorLabel


def test_shows_a_message_and_hides_when_it_is_cleared(app, qtbot):
    label = ErrorLabel(prefix="⚠ ")
    qtbot.addWidget(label)
    label.show()
    label.show_error(None)
    assert not label.isVisible() and label.message() == ""
    label.show_error("points must be 10–2000")
    assert label.isVisible()
    assert label.text() == "⚠ points must be 10–2000"
    assert label.message() == "points must be 10–2000"
    label.show_error("")
    assert not label.isVisible() and label.text() == ""


def test_is_red_by_palette_not_by_style_sheet(app, qtbot, ink):
    label = ErrorLabel()
    qtbot.addWidget(label)
    label.show_error("Training diverged")
    label.show()
    qtbot.waitExposed(label)
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(theme.ERROR_COLOUR)
    assert label.styleSheet() == "" and label.wordWrap()
    assert ink(label, theme.ERROR_COLOUR).any()


def test_a_refused_value_in_a_lab_shows_and_a_valid_one_clears_it(window):
    page = window.pages[[p.key for p in window.pages].index("depth")]
    page.session.update(norm="batchnorm")
    page.task_panel.points_slider.spin.setValue(10)  # fine
    page.training_panel.batch_slider.spin.setValue(1)  # BatchNorm needs 2 or more per batch
    assert isinstance(page.error_label, ErrorLabel)
    assert page.error_label.isVisibleTo(page.controls)
    assert "BatchNorm" in page.error_label.message()
    page.session.update(width=17)
    assert not page.error_label.isVisibleTo(page.controls)


def test_no_lab_colours_a_label_by_style_sheet(window):
    labels = [label for page in window.pages for label in page.findChildren(QLabel)]
    assert sum(isinstance(label, ErrorLabel) for label in labels) >= 7
    assert not [label.text() for label in labels if "B00020" in label.styleSheet()]

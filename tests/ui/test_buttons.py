"""Train/Pause and Restart buttons carry the style's icons, and plain words every font has."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from explorer.ui.buttons import restart_button, show_play_state


def test_play_state_switches_icon_and_text(app, qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    show_play_state(button, False)
    play_icon = button.icon().pixmap(16, 16).toImage()
    assert button.text() == "Train" and not button.icon().isNull()
    show_play_state(button, True, pause="Stop")
    assert button.text() == "Stop" and not button.icon().isNull()
    assert button.icon().pixmap(16, 16).toImage() != play_icon


def test_restart_button_has_an_icon_and_a_tooltip(app, qtbot):
    button = restart_button("Reset", "Back to the start")
    qtbot.addWidget(button)
    assert button.text() == "Reset" and button.toolTip() == "Back to the start"
    assert not button.icon().isNull()


def test_no_train_or_restart_button_relies_on_a_symbol_glyph(window):
    """⏸ and ⟲ in a label showed as an empty box where the font lacks them (seen under Xvfb)."""
    assert len(window.pages) >= 3  # builds every lab (a lab is built when first shown)
    labelled = [
        button
        for button in window.findChildren(QPushButton)
        if any(word in button.text() for word in ("Train", "Pause", "Restart", "Reset"))
    ]
    assert len(labelled) >= 5  # fit, XOR (2), depth training (2), depth banner
    for button in labelled:
        assert button.text().isascii(), button.text()
        assert not button.icon().isNull(), button.text()


def test_every_button_label_is_in_its_font(window):
    """No control shows an empty box for a symbol its font lacks (📌 and ⏸ did)."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QAbstractButton

    assert len(window.pages) >= 3  # builds every lab (a lab is built when first shown)
    missing = {
        button.text(): [
            c for c in button.text() if not QFontMetrics(button.font()).inFontUcs4(ord(c))
        ]
        for button in window.findChildren(QAbstractButton)
    }
    assert {text: chars for text, chars in missing.items() if chars} == {}


def test_training_buttons_row_has_play_step_restart_with_their_tips(qtbot):
    from PySide6.QtWidgets import QWidget

    from explorer.ui.buttons import TrainingButtons

    holder = QWidget()
    qtbot.addWidget(holder)
    row = TrainingButtons("One step (→)", "Back to step 0")
    holder.setLayout(row)
    widgets = [row.itemAt(i).widget() for i in range(row.count())]
    assert widgets == [row.play_button, row.step_button, row.restart_button]
    assert row.play_button.text() == "Train" and "(Space)" in row.play_button.toolTip()
    assert row.step_button.toolTip() == "One step (→)"
    assert (
        row.restart_button.text() == "Restart" and row.restart_button.toolTip() == "Back to step 0"
    )

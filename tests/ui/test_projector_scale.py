"""At a projector's text size the controls grow too, and their pane makes room for them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

SCALES = (100, 175, 250)


def cut_texts(page) -> list[str]:
    """Controls whose text needs more width than it has, or that run past the right edge of
    the controls' pane (which does not scroll sideways)."""
    cut = []
    viewport = page.controls_area.viewport()
    for widget in page.controls.findChildren(QLabel) + page.controls.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.sizeHint().width() > widget.width() + 1:
            cut.append(f"{widget.text()!r}: {widget.sizeHint().width()} > {widget.width()}")
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        if right > viewport.width():
            cut.append(f"{widget.text()!r} ends at {right}, the pane at {viewport.width()}")
    return cut


@pytest.mark.parametrize("scale", SCALES)
def test_no_control_text_is_cut_at_any_scale(window, qtbot, scale):
    window.resize(1920, 1080)
    window.set_scale(scale)
    for page in window.pages:
        if page.session is None:
            continue
        window.select_lab(page.key)
        page.flush()
        qtbot.wait(1)  # layouts settle
        assert cut_texts(page) == [], page.key


def test_the_controls_text_grows_with_the_view_scale(window):
    page = window.current_page
    base = page.controls.font().pointSizeF()
    window.set_scale(200)
    assert page.controls.font().pointSizeF() == pytest.approx(base * 1.5)  # half the rate
    assert page.splitter.sizes()[0] >= page.controls.sizeHint().width()
    window.set_scale(100)
    assert page.controls.font().pointSizeF() == pytest.approx(base)

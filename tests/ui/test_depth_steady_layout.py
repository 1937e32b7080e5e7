"""The depth lab's plots keep their geometry when only what they show changes: a longer strip
caption or a shorter notes text moves no plot (each move re-laid out and repainted all six)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from explorer.state.depth.config import DepthConfig
from explorer.ui.labs.depth import DepthLab
from explorer.ui.labs.depth.texts import notes_html, notes_parts

OFF_THE_SCALE = DepthConfig(init="normal", gain=1.0, depth=20, activation="relu")
LONG_NOTES = DepthConfig(norm="batchnorm", residual=True, activation="relu")


@pytest.fixture
def lab(show_page) -> DepthLab:
    page = show_page(DepthLab(), (1200, 780))
    yield page
    page.set_playing(False)


def show(lab: DepthLab, config: DepthConfig) -> None:
    lab.session.replace_config(config)
    lab.flush()
    for _ in range(3):  # the layouts the new text posted
        QApplication.processEvents()


def plot_sizes(lab: DepthLab) -> list[tuple[int, int]]:
    views = (lab.gradient_view, lab.layer_view.strips, lab.fit_view, lab.loss_view,
             lab.heatmap_view)  # fmt: skip
    return [(view.width(), view.height()) for view in views]


def test_the_strip_caption_wraps_under_the_choice_and_moves_no_plot(lab):
    show(lab, DepthConfig())
    before = plot_sizes(lab)
    show(lab, OFF_THE_SCALE)
    caption = lab.layer_view.caption
    assert "off the scale" in caption.text() and "saturated" in caption.text()
    assert plot_sizes(lab)[0][0] == before[0][0]  # the gradient plot kept its width
    # the whole caption is shown, wrapped to the view's width
    box = lab.layer_view.caption_box
    assert box.width() <= lab.layer_view.width()
    assert box.height() >= caption.heightForWidth(box.width())


def test_a_shorter_notes_text_leaves_the_plots_where_they_are(lab):
    show(lab, LONG_NOTES)
    tall = lab.notes.height()
    before = plot_sizes(lab)
    show(lab, DepthConfig())
    assert "residual" not in lab.notes.text().lower()
    assert lab.notes.sizeHint().height() < tall  # the text itself needs less room
    assert lab.notes.height() == tall and plot_sizes(lab) == before


def test_folding_the_notes_still_gives_the_plots_the_room(lab):
    show(lab, LONG_NOTES)
    show(lab, DepthConfig())
    unfolded, before = lab.notes.height(), plot_sizes(lab)
    lab.notes.toggle.setChecked(False)
    QApplication.processEvents()
    assert lab.notes.height() < unfolded
    assert lab.gradient_view.height() > before[0][1]
    lab.notes.toggle.setChecked(True)
    QApplication.processEvents()
    assert lab.notes.height() == unfolded and plot_sizes(lab) == before


def test_the_notes_argument_is_the_same_for_every_activation_and_fix():
    from explorer.state.depth.session import DepthSession

    session = DepthSession()
    arguments, lives = set(), set()
    for config in (DepthConfig(), LONG_NOTES, DepthConfig(activation="tanh", init="zeros")):
        session.replace_config(config)
        snapshot = session.snapshot()
        argument, live = notes_parts(snapshot)
        assert notes_html(snapshot) == argument + live
        arguments.add(argument)
        lives.add(live)
    assert len(arguments) == 1 and len(lives) == 3  # only the numbers part changed
    session.replace_config(LONG_NOTES)
    live = notes_parts(session.snapshot())[1]
    assert "Residual connections" in live and "normalization rescales" in live


def test_a_shorter_page_lets_the_notes_take_their_own_height_again(lab):
    show(lab, LONG_NOTES)
    show(lab, DepthConfig())
    assert lab.notes.minimumHeight() > lab.notes.sizeHint().height()  # held at the tallest
    lab.resize(1200, 700)
    QApplication.processEvents()
    assert lab.notes.minimumHeight() == 0
    assert lab.notes.height() == lab.notes.sizeHint().height()

"""The Optimizers lab's "Same network" tab with real widgets: the tab switch, training with
Space/→ and the buttons, the words during training, the landscape in slices, sessions."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.network_landscape import GRID
from explorer.text_format import number
from explorer.ui.labs.optimizers import OptimizersLab

TICKED = ("sgd", "momentum", "adam")


@pytest.fixture
def lab(show_page) -> OptimizersLab:
    page = show_page(OptimizersLab(), (1300, 900))
    page.session.replace_config(OptimizersConfig(ticked=TICKED, net_steps=40))
    yield page
    page.set_playing(False)


def network_tab(lab):
    return next(tab for tab in lab.tabs if tab.key == "network")


def open_tab(lab, qtbot):
    lab.tab_widget.setCurrentIndex(1 + lab.tabs.index(network_tab(lab)))
    lab.flush()
    return network_tab(lab)


def test_the_tab_switch_sets_the_config_and_shows_the_net(lab, qtbot):
    tab = open_tab(lab, qtbot)
    assert lab.session.config.tab == "network" and lab.active_tab is tab
    assert lab.stack.currentWidget() is tab.panel
    assert tab.panel.checklist.checked_keys() == list(TICKED)
    assert lab.live_status().startswith("step 0 of 40 · 3 optimizers on one net")
    assert "2 → 16 → 16 → 1 tanh net" in lab.notes.text()
    assert lab.main_control() is tab.panel.lr_slider
    lab.session.undo()  # the tab is a view field: no undo step of its own
    assert lab.session.config.ticked == OptimizersConfig().ticked
    lab.tab_widget.setCurrentIndex(0)
    assert lab.session.config.tab == "race"


def test_space_and_the_right_arrow_train_this_tab_in_the_window(window, qtbot):
    window.select_lab("optimizers")
    page = window.current_page
    page.session.replace_config(OptimizersConfig(ticked=TICKED, net_steps=40))
    tab = open_tab(page, qtbot)
    window.navigator.setFocus()
    qtbot.keyClick(window.navigator, Qt.Key.Key_Right)
    qtbot.keyClick(window.navigator, Qt.Key.Key_Right)
    assert page.training_steps() == 2 and tab.trainee.training_steps == 2
    assert page.session.snapshot().config.step is None  # the race's replay did not move
    qtbot.keyClick(window.navigator, Qt.Key.Key_Space)
    assert page.is_playing() and tab.is_playing()
    qtbot.keyClick(window.navigator, Qt.Key.Key_Space)
    assert not page.is_playing()
    page.flush()
    steps = page.training_steps()
    assert page.live_status().startswith(f"step {steps} of 40")


def test_play_trains_to_the_end_and_the_status_counts_steps(lab, qtbot):
    tab = open_tab(lab, qtbot)
    lab.set_playing(True)
    assert lab.is_playing() and tab.is_playing()
    assert tab.panel.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not lab.is_playing(), timeout=20_000)  # stops at the last step
    assert lab.training_steps() == 40
    assert tab.job is None  # no plane was made while training ran …
    lab.flush()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20_000)
    assert tab.job.plane.step == 40 and tab.job.plane.reference == "adam"  # … the final one now
    lab.flush()
    assert lab.live_status().startswith("step 40 of 40")
    assert "all 40 steps done" in lab.status_text()
    view = tab.trainee.view()
    rows = tab.table.rows()
    assert [r[0] for r in rows] == ["SGD", "SGD + momentum", "Adam"]
    assert rows[2][2] == number(view.final_loss[2])
    x, y = tab.loss_view.curves["adam"].getOriginalDataset()
    np.testing.assert_array_equal(y, np.maximum(view.losses[2], 1e-12))
    assert len(x) == 40 and not tab.loss_view.curves["radam"].isVisible()
    lab.set_playing(True)  # Play at the end starts over
    assert lab.is_playing()
    lab.set_playing(False)
    assert not lab.is_playing() and tab.panel.play_button.text() == "Train"
    assert lab.training_steps() < 40


def test_the_notes_follow_training(lab, qtbot):
    tab = open_tab(lab, qtbot)
    assert "Step 0 of 40" in lab.notes.text()
    lab.session.update(net_steps=3000)  # Play must not reach the end before the notes are read
    for _ in range(5):
        lab.step_once()
    lab.flush()
    notes = lab.notes.text()
    assert "Step 5 of 3000" in notes
    view = tab.trainee.view()
    best = int(np.argmin(view.final_loss))
    assert number(view.final_loss[best]) in notes and "Lowest loss" in notes
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20_000)  # the plane through step 5
    lab.set_playing(True)
    qtbot.waitUntil(lambda: tab.trainee.training_steps > 10, timeout=20_000)
    lab.flush()
    playing_notes = lab.notes.text()
    assert f"Step {tab.trainee.view().step} of 3000" in playing_notes
    assert "pause to put it" in playing_notes and "<b>Adam</b>'s weights at step 5" in playing_notes
    assert tab.job.plane.step == 5  # the plane stays while training runs


def test_the_landscape_is_computed_in_slices_through_the_reference_weights(lab, qtbot):
    tab = open_tab(lab, qtbot)
    for _ in range(12):
        lab.step_once()
    lab.session.update(selected="momentum")
    lab.flush()
    assert tab.busy()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20_000)
    lab.flush()
    job = tab.job
    assert job.done and job.plane.reference == "momentum" and job.plane.step == 12
    np.testing.assert_array_equal(job.plane.centre, tab.trainee.run.nets[1].flat_params)
    assert not np.isnan(job.values).any() and job.values.shape == (GRID, GRID)
    view = tab.landscape_view
    assert "SGD + momentum's weights at step 12" in view._title_variants[0]  # the full title
    assert (
        "SGD + momentum" in view.plot_item.titleLabel.text
        and "12" in view.plot_item.titleLabel.text
    )
    x, y = view.lines.line("momentum")
    assert (x[-1], y[-1]) == pytest.approx((0.0, 0.0), abs=1e-12)  # it ends at the star
    sx, sy = view.lines.line("sgd")
    assert (sx[0], sy[0]) == pytest.approx((x[0], y[0]))  # one start for all
    fine = 4 * (GRID - 1) + 1  # drawn interpolated between the computed points
    assert view.image.image.shape == (fine, fine)
    np.testing.assert_array_equal(view.image.image[::4, ::4], job.shade())
    rect = view.image.mapRectToParent(view.image.boundingRect())
    half = job.span / (fine - 1)
    assert rect.left() == pytest.approx(-job.span - half) and rect.width() == pytest.approx(
        2 * (job.span + half)
    )  # each pixel centred on its point
    notes = lab.notes.text()
    assert "What a 2-D slice cannot show" in notes and "filter normalisation" in notes
    assert f"The net has {job.plane.centre.size} parameters" in notes
    assert "landscape" not in lab.live_status()  # done


def test_the_lr_slider_follows_the_selection_and_sets_the_net_lr(lab, qtbot):
    tab = open_tab(lab, qtbot)
    slider = tab.panel.lr_slider
    assert slider.value() == pytest.approx(0.01) and slider.label.text().startswith("Adam")
    tab.panel.checklist.setCurrentRow(0)  # SGD
    assert lab.session.config.selected == "sgd"
    assert slider.value() == pytest.approx(0.5) and slider.label.text().startswith("SGD")
    slider.valueChanged.emit(0.2)
    assert lab.session.config.net_lr == (("sgd", 0.2),)
    assert lab.session.config.hyper == ()  # the race's lr is untouched
    tab.panel.checklist.set_checked("radam", True)
    assert "radam" in lab.session.config.ticked
    lab.flush()
    assert [r[0] for r in tab.table.rows()][-1] == "RAdam"
    assert tab.table.rows()[0][1] == "0.2"


def test_a_session_saved_on_this_tab_loads_back_onto_it(lab, qtbot, tmp_path):
    open_tab(lab, qtbot)
    lab.session.update(net_width=8, net_span=0.5, net_lr=(("adam", 0.02),))
    path = lab.save_to(tmp_path / "net.json")
    lab.session.replace_config(OptimizersConfig())
    lab.flush()
    assert lab.session.config.tab == "race"
    lab.load_from(path)
    lab.flush()
    config = lab.session.config
    assert config.tab == "network" and config.net_width == 8 and config.net_lr == (("adam", 0.02),)
    tab = network_tab(lab)
    assert lab.tab_widget.currentIndex() == 1 + lab.tabs.index(tab)
    assert tab.panel.width_slider.value() == 8 and tab.panel.span_slider.value() == 0.5
    assert "2 → 8 → 8 → 1 tanh net" in lab.notes.text()


def test_the_preset_opens_this_tab(lab):
    from explorer.state.presets import list_presets

    preset = next(p for p in list_presets("optimizers") if "same-network" in p.path.name)
    lab.load_from(preset.path)
    lab.flush()
    assert lab.session.config.tab == "network"
    assert lab.live_status().startswith("step 0 of 500 · 4 optimizers on one net")


def test_no_optimizer_ticked_is_said_and_play_is_refused(lab, qtbot):
    tab = open_tab(lab, qtbot)
    for key in TICKED:
        tab.panel.checklist.set_checked(key, False)
    assert lab.session.config.ticked == ()
    lab.flush()
    assert lab.live_status() == "No optimizer ticked: tick some in the list on the left"
    assert "No optimizer is ticked" in lab.notes.text() and tab.table.rowCount() == 0
    assert not tab.busy() and tab.job is None
    lab.set_playing(True)
    assert not lab.is_playing() and "Cannot train: no optimizer ticked" in lab.status_text()


def test_a_new_net_size_keeps_the_old_plane_drawn_and_says_so(lab, qtbot):
    """Found by the random walk: the notes projected the new net's start onto the plane of
    the old net (another parameter count) and raised."""
    tab = open_tab(lab, qtbot)
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20_000)
    old = tab.job.plane.centre.size
    lab.session.update(net_width=32)
    lab.flush()  # the plane of width 16 is still the job: notes, title and paths follow
    assert tab.job.plane.centre.size == old and tab._stale()
    assert "previous settings' plane" in lab.notes.text()
    assert "previous settings" in tab.landscape_view.plot_item.titleLabel.text
    assert all(tab.landscape_view.lines.line(key) is None for key in TICKED)
    qtbot.waitUntil(lambda: not tab.busy(), timeout=20_000)
    lab.flush()
    assert tab.job.plane.centre.size > old and not tab._stale()
    assert f"The net has {tab.job.plane.centre.size} parameters" in lab.notes.text()

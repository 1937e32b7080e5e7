"""The Optimizers lab with real widgets: checklist, sliders, surface, start drag, Play, words."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from explorer.core import surfaces
from explorer.state.optimizers.config import OptimizersConfig
from explorer.text_format import number
from explorer.ui.labs.optimizers import OptimizersLab


@pytest.fixture
def lab(show_page) -> OptimizersLab:
    page = show_page(OptimizersLab(), (1300, 900))
    yield page
    page.set_playing(False)


def shown_paths(lab) -> list[str]:
    view = lab.surface_view
    return list(view.lines.keys())


def test_defaults_draw_every_ticked_run_as_computed(lab):
    snapshot = lab.session.snapshot()
    assert lab.checklist.checked_keys() == list(OptimizersConfig().ticked)
    assert shown_paths(lab) == list(OptimizersConfig().ticked)
    for run in snapshot.runs:
        x, y = lab.surface_view.lines.line(run.key)
        np.testing.assert_array_equal(np.column_stack([x, y]), run.path)
        steps, _gap = lab.loss_view.lines.line(run.key)
        assert steps[-1] == 300
    assert not lab.loss_view.legend.isVisible()  # nine names: the checklist is the legend
    for key in ("nesterov", "adagrad", "rmsprop", "nadam", "adamax"):
        lab.session.set_ticked(key, False)
    lab.flush()
    legend = [label.text for _sample, label in lab.loss_view.legend.items]
    assert legend == ["SGD", "SGD + momentum", "Adam", "RAdam"]
    assert lab.loss_view.legend.isVisible()
    assert "Adam" in lab.notes.text() and "θ ← θ" in lab.notes.text()


def test_checklist_round_trip(lab):
    lab.checklist.set_checked("adadelta", True)
    assert "adadelta" in lab.session.config.ticked
    lab.flush()
    assert "adadelta" in shown_paths(lab)
    lab.session.set_ticked("sgd", False)
    lab.flush()
    assert "sgd" not in lab.checklist.checked_keys() and "sgd" not in shown_paths(lab)
    lab.checklist.setCurrentRow(lab.checklist.keys.index("rmsprop"))
    assert lab.session.config.selected == "rmsprop"
    assert lab.hyper_panel.groups["rmsprop"].isVisible()
    assert not lab.hyper_panel.groups["adam"].isVisible()


def test_hyper_slider_round_trip_and_refusal(lab):
    lab.hyper_panel.controls[("adam", "lr")].setValue(0.02)
    lab.hyper_panel.controls[("adam", "lr")].valueChanged.emit(0.02)
    assert lab.session.config.hyper_for("adam")["lr"] == 0.02
    lab.session.set_hyper("adam", "betas[0]", 0.5)
    assert lab.hyper_panel.controls[("adam", "betas[0]")].value() == 0.5
    lab.flush()
    run = next(r for r in lab.session.snapshot().runs if r.key == "adam")
    x, _y = lab.surface_view.lines.line("adam")
    np.testing.assert_array_equal(x, run.path[:, 0])
    # Nesterov needs momentum > 0: torch's refusal is shown, the slider goes back
    momentum = lab.hyper_panel.controls[("nesterov", "momentum")]
    momentum.valueChanged.emit(0.0)
    assert lab.session.config.hyper_for("nesterov")["momentum"] == 0.9
    assert momentum.value() == 0.9
    assert "nesterov" in lab.error_label.message()


def test_surface_choice_moves_the_start_and_condition_number_slider(lab):
    lab.surface_panel.surface_box.setCurrentIndex(surfaces.names().index("quadratic"))
    config = lab.session.config
    assert config.surface == "quadratic" and config.start == surfaces.get("quadratic").default_start
    kappa = lab.surface_panel.sliders["quadratic.condition_number"]
    assert kappa.isVisible() and not lab.surface_panel.sliders["rosenbrock.b"].isVisible()
    kappa.valueChanged.emit(100.0)
    assert lab.session.config.make_surface().params["condition_number"] == 100.0
    lab.flush()
    assert "κ" in kappa.label.text()
    lab.session.undo()
    assert kappa.value() == 10.0


def test_dragging_the_start_recomputes_every_run(lab, qtbot):
    view = lab.surface_view
    viewport = view.viewport()
    start = view.start.pos()
    press = view.mapFromScene(view.plot_item.vb.mapViewToScene(start))
    target = view.mapFromScene(view.plot_item.vb.mapViewToScene(QPointF(-0.5, 2.0)))

    def send(kind, pos: QPoint, buttons):
        button = (
            Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
        )
        event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), button,
                            buttons, Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(viewport, event)

    held = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, press, held)
    for i in range(1, 6):  # several moves: pyqtgraph starts a drag after a few pixels
        send(QEvent.Type.MouseMove, press + (target - press) * (i / 5), held)
        lab.flush()
    send(QEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)
    x, y = lab.session.config.start
    assert abs(x - -0.5) < 0.05 and abs(y - 2.0) < 0.05
    lab.flush()
    for run in lab.session.snapshot().runs:
        np.testing.assert_array_equal(run.path[0], lab.session.config.start)
        px, py = lab.surface_view.lines.line(run.key)
        assert (px[0], py[0]) == lab.session.config.start
    lab.session.undo()  # the drag is one undo step
    assert lab.session.config.start == OptimizersConfig().start


def test_a_start_drag_shows_the_start_without_laying_out_the_panel(lab, qtbot):
    """The start's numbers change on every frame of a drag: only their own box re-measures."""
    from PySide6.QtCore import QObject

    class LayoutRequests(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.LayoutRequest:
                self.count += 1
            return False

    panel = lab.surface_panel
    requests = LayoutRequests()
    panel.installEventFilter(requests)
    for x in (-1.0, -0.8, -0.612):
        lab.session.update(start=(x, 1.25))
        lab.flush()
        QApplication.processEvents()
    panel.removeEventFilter(requests)
    assert requests.count == 0
    label = panel.start_label
    assert label.text() == f"Start (drag × on the map): ({number(-0.612, 3)}, {number(1.25, 3)})"
    assert label.isVisible() and panel.start_box.height() >= label.fontMetrics().height()


def test_play_and_step_move_the_step_on_show(lab, qtbot):
    lab.step_once()  # at the end: starts over
    assert lab.session.config.step == 1
    lab.flush()
    assert lab.run_panel.step_slider.value() == 1
    x, _y = lab.surface_view.lines.line("adam")
    assert len(x) == 2
    lab.set_playing(True)
    assert lab.is_playing()
    qtbot.waitUntil(lambda: lab.session.config.step is None, timeout=10_000)
    qtbot.waitUntil(lambda: not lab.is_playing(), timeout=2_000)
    assert lab.training_steps() == 300
    assert "last step (300)" in lab.status_text() and "starts again" in lab.status_text()
    lab.run_panel.step_slider.valueChanged.emit(42.0)
    assert lab.session.config.step == 42
    lab.flush()
    assert lab.loss_view.step_line.value() == 42
    assert "step 42 of 300" in lab.live_status()


def test_steps_noise_and_schedule_round_trip(lab):
    lab.run_panel.steps_slider.valueChanged.emit(500.0)
    assert lab.session.config.steps == 500
    lab.run_panel.noise_slider.valueChanged.emit(3.0)
    assert lab.session.config.noise == 3.0
    lab.run_panel.schedule_box.setValue("cosine")
    lab.run_panel.schedule_box.valueChanged.emit("cosine")
    assert lab.session.config.schedule == "cosine"
    lab.flush()
    _x, lrs = lab.lr_view.curves["adam"].getData()
    assert lrs[0] == pytest.approx(0.1) and lrs[-1] < 1e-3
    assert "CosineAnnealingLR" in lab.notes.text() and "σ = 3" in lab.notes.text()
    lab.session.update(schedule="step")
    assert lab.run_panel.schedule_sliders["step.gamma"].isVisible()
    assert not lab.run_panel.schedule_sliders["cosine.eta_min"].isVisible()


def test_divergence_is_named(lab):
    lab.session.set_hyper("sgd", "lr", 0.05)
    lab.session.update(selected="sgd")
    lab.flush()
    assert "diverged" in lab.live_status() and "SGD" in lab.live_status()
    assert "diverged: it stopped after" in lab.notes.text()


def test_typed_surface_and_its_errors(lab):
    panel = lab.surface_panel
    panel.surface_box.setValue("custom")
    panel.surface_box.valueChanged.emit("custom")
    assert lab.session.config.surface == "custom" and panel.expression_edit.isVisible()
    panel.expression_edit.setText("x**2 + y +")
    assert not panel.apply_expression()
    assert "syntax error" in panel.expression_error.message()
    assert lab.session.config.expression == OptimizersConfig().expression
    panel.expression_edit.setText("x**2 + 3*y**2")
    assert panel.apply_expression() and not panel.expression_error.isVisible()
    assert lab.session.config.expression == "x**2 + 3*y**2"
    lab.flush()
    assert "lowest point of the map" in lab.notes.text()
    assert shown_paths(lab) == list(lab.session.config.ticked)


def test_every_preset_loads_and_draws(lab):
    from explorer.state.presets import list_presets

    presets = list_presets("optimizers")
    assert len(presets) >= 6
    races = 0
    for preset in presets:
        lab.load_from(preset.path)
        lab.flush()
        config = lab.session.config
        if config.tab != "race":  # the other tabs' presets have tests of their own
            continue
        races += 1
        assert shown_paths(lab) == list(config.ticked), preset.title
        assert lab.checklist.checked_keys() == list(config.ticked)
        assert lab.live_status().startswith(f"step {config.steps} of {config.steps}")
        if preset.title == "Noisy gradients":
            assert config.noise == 4.0 and lab.run_panel.noise_slider.value() == 4.0
    assert races >= 6


def test_what_this_step_does_arrows(lab):
    lab.session.update(step=0)
    lab.flush()
    run = lab.session.snapshot().selected
    x, y = lab.surface_view.step_arrow.getData()
    sx, sy = lab.surface_view.sgd_arrow.getData()
    assert (x[0], y[0]) == tuple(run.path[0]) == (sx[0], sy[0])
    direction = np.array([x[1] - x[0], y[1] - y[0]])
    move = run.path[1] - run.path[0]
    assert np.dot(direction, move) / (np.linalg.norm(direction) * np.linalg.norm(move)) > 0.999
    assert "What step 1 does" in lab.notes.text() and "exp_avg" in lab.notes.text()
    # Adam's direction: the bias-corrected first moment, from θ, with its label at the tip
    dx, dy = lab.surface_view.direction_arrow.getData()
    parts = lab.session.step_parts(lab.session.snapshot())
    assert (dx[0], dy[0]) == tuple(run.path[0])
    drawn = np.array([dx[1] - dx[0], dy[1] - dy[0]])
    cross = drawn[0] * parts.direction[1] - drawn[1] * parts.direction[0]
    assert cross == pytest.approx(0, abs=1e-9 * np.linalg.norm(drawn))
    labels = {
        key: item.textItem.toPlainText() for key, item in lab.surface_view.arrow_labels.items()
    }
    assert labels == {"update": "update", "plain": "−γg", "direction": "1st moment"}
    assert "per-coordinate scale" in lab.notes.text()
    lab.session.update(selected="sgd")  # plain SGD has no direction: its arrow goes
    lab.flush()
    assert len(lab.surface_view.direction_arrow.getData()[0] or []) == 0
    assert not lab.surface_view.arrow_labels["direction"].isVisible()
    lab.session.update(selected="nesterov")  # −γμb is drawn from the tip of −γg
    lab.flush()
    sx, sy = lab.surface_view.sgd_arrow.getData()
    dx, dy = lab.surface_view.direction_arrow.getData()
    assert (dx[0], dy[0]) == pytest.approx((sx[1], sy[1]))
    lab.session.update(selected="adadelta")  # not ticked: no arrows
    lab.flush()
    assert len(lab.surface_view.step_arrow.getData()[0] or []) == 0
    assert not any(item.isVisible() for item in lab.surface_view.arrow_labels.values())


def test_the_colour_bar_labels_the_bands_with_f(lab):
    grid = lab.session.snapshot().grid
    ticks = lab.surface_view.colour_bar.axis._tickLevels[0]
    assert ticks[0] == (0.0, "0") and len(ticks) == 7  # Rosenbrock's floor is f = 0
    assert ticks[-1][1] == number(grid.high, 2)
    assert lab.surface_view.colour_bar.axis.labelText == "f (log bands)"
    lab.session.update(surface="rastrigin")  # equal steps of f
    lab.flush()
    assert lab.surface_view.colour_bar.axis.labelText == "f"
    grid = lab.session.snapshot().grid
    middle = lab.surface_view.colour_bar.axis._tickLevels[0][3]
    assert middle == (9.0, number((grid.low + grid.high) / 2, 2))


def test_phase_diagram_fills_in_slices_and_a_click_sets_both_sliders(lab, qtbot):
    from explorer.state.optimizers.phase import PHASE_SIZE

    qtbot.waitUntil(lambda: lab.phase_job.done, timeout=20_000)
    assert not lab.busy()
    lab.flush()
    image = lab.phase_view.image.image
    assert image.shape == (PHASE_SIZE, PHASE_SIZE)
    axes = lab.phase_job.axes
    assert axes.other.key == "betas[0]"
    view = lab.phase_view
    target = view.plot_item.vb.mapViewToScene(QPointF(np.log10(axes.lrs[3]), axes.others[20]))
    point = view.mapFromScene(target)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    hyper = lab.session.config.hyper_for("adam")
    assert hyper["lr"] == pytest.approx(axes.lrs[3]) and hyper["betas"][0] == axes.others[20]
    lab.session.undo()  # one undo step for both
    assert lab.session.config.hyper_for("adam")["lr"] == 0.1


def test_phase_diagram_colours_by_steps_to_converge(lab, qtbot):
    box = lab.run_panel.phase_box
    box.setValue("steps")
    box.valueChanged.emit("steps")
    assert lab.session.config.phase_metric == "steps"
    qtbot.waitUntil(lambda: lab.phase_job.done, timeout=20_000)
    lab.flush()
    job = lab.phase_job
    expected = np.where(np.isnan(job.converged), job.steps + 1.0, job.converged)
    np.testing.assert_array_equal(lab.phase_view.image.image, expected)
    assert "steps until" in lab.phase_view._title_variants[0]  # the full title; shown if it fits
    assert "steps" in lab.phase_view.plot_item.titleLabel.text
    lab.session.update(phase_metric="loss")
    assert box.value() == "loss"
    lab.flush()
    assert "final f − f*" in lab.phase_view.plot_item.titleLabel.text


def test_the_step_arrows_take_the_selected_colour_and_the_scale(lab):
    """The arrows' pens are made only when the colour or the scale changes: both still show."""
    from PySide6.QtGui import QColor

    from explorer.ui import theme
    from explorer.ui.labs.optimizers.palette import ENTRY_COLOURS

    def pen():
        return lab.surface_view.step_arrow.opts["pen"]

    lab.session.update(step=10, selected="adam")
    lab.flush()
    assert pen().color() == QColor(ENTRY_COLOURS["adam"])
    lab.session.update(start=(-1.0, 1.2))  # a drag: same colour, same pen
    lab.flush()
    assert pen().color() == QColor(ENTRY_COLOURS["adam"])
    lab.session.update(selected="rmsprop")
    lab.flush()
    assert pen().color() == QColor(ENTRY_COLOURS["rmsprop"])
    try:
        theme.Scale.set_percent(200)
        lab.apply_scale()
        lab.flush()
        assert pen().widthF() == pytest.approx(2 * theme.BASE_LINE_WIDTH)
        assert pen().color() == QColor(ENTRY_COLOURS["rmsprop"])
    finally:
        theme.Scale.set_percent(100)
        lab.apply_scale()


def test_the_learning_rate_strip_shortens_its_title_when_narrow(qtbot):
    """The strip beside the map is narrow at a large View scale: its title has short forms."""
    from explorer.ui.labs.optimizers.lr_view import LearningRateView

    view = LearningRateView()
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.show()
    qtbot.waitExposed(view)
    assert view.plot_item.titleLabel.text == "learning rate (selected)"
    view.resize(150, 200)
    qtbot.waitUntil(lambda: view.plot_item.titleLabel.text != "learning rate (selected)")
    assert view.plot_item.titleLabel.text in ("lr (selected)", "lr")

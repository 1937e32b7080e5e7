"""Long drags in the optimizers lab: no crash, nothing that keeps growing, the picture exact."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.ui.labs.optimizers import OptimizersLab


@pytest.fixture
def small_caches(monkeypatch):
    """The run cache and the tick-label cache, bounded at 256 and 2 048, fill over thousands
    of moves: made small here, so they are full by the baseline and their bounds are tested."""
    from explorer.state.optimizers import race
    from explorer.ui.plot import axis_paint

    monkeypatch.setattr(race, "CACHE_RUNS", 30)
    monkeypatch.setattr(axis_paint, "_TEXTS_KEPT", 8)


def built(app, qtbot) -> OptimizersLab:
    lab = OptimizersLab()
    qtbot.addWidget(lab)
    lab.resize(1200, 800)
    lab.show()
    qtbot.waitExposed(lab)
    return lab


@pytest.mark.slow
def test_soak_adam_lr_and_betas(app, qtbot, soak, small_caches):
    lab = built(app, qtbot)
    controls = lab.hyper_panel.controls
    sliders = [controls[("adam", key)].slider for key in ("lr", "betas[0]", "betas[1]")]
    soak(lab, sliders, moves=4400, baseline=2400, switch_every=25)
    snapshot = lab.session.snapshot()
    for run in snapshot.runs:  # the paths drawn are the last settings' runs, whole
        x, y = lab.surface_view.lines.line(run.key)
        drawn = np.column_stack([x, y])
        np.testing.assert_array_equal(drawn, run.path[: run.at(snapshot.step) + 1])


@pytest.mark.slow
def test_soak_sigmoid_vs_tanh_start_and_lr(app, qtbot, soak, small_caches):
    lab = built(app, qtbot)
    lab.session.update(tab="zigzag")
    lab.flush()
    panel = lab.active_tab.panel
    soak(lab, [panel.w1.slider, panel.w2.slider, panel.lr.slider], moves=1500, baseline=600,
         switch_every=25)  # fmt: skip
    config = lab.session.config
    assert "Sigmoid vs tanh" in lab.tab_widget.tabText(lab.tab_widget.currentIndex())
    assert lab.status_text() == lab.active_tab.status_text(lab.session.snapshot())
    assert config.zig_w1 == panel.w1.value() and config.zig_lr == panel.lr.value()

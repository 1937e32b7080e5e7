"""A long drag of the Depth lab's depth and width sliders: no crash, no growing memory."""

from __future__ import annotations

import resource

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from explorer.ui.labs.depth import DepthLab


@pytest.mark.slow
def test_soak_3000_depth_and_width_moves(app, qtbot):
    lab = DepthLab()
    qtbot.addWidget(lab)
    lab.resize(1000, 700)  # a leak hunt, not a speed test
    lab.show()
    qtbot.waitExposed(lab)
    panel = lab.network_panel
    sliders = [panel.depth_slider.slider, panel.width_slider.slider]
    rss_at_600 = 0
    for move in range(1, 3001):
        slider = sliders[(move // 25) % 2]  # like a user: one slider dragged at a time
        span = slider.maximum() - slider.minimum()
        slider.setValue(slider.minimum() + (move * 37) % (span + 1))
        if move % 10 == 0:
            lab.flush()
            QApplication.processEvents()
        if move == 600:
            rss_at_600 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lab.flush()
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_at_600
    assert grown_kb < 30_000, f"memory grew by {grown_kb} kB over 2400 moves"
    config = lab.session.config
    assert (config.depth, config.width) == (panel.depth_slider.value(), panel.width_slider.value())
    bars = lab.gradient_view.bars.opts
    assert len(bars["x"]) == config.depth
    np.testing.assert_allclose(
        10.0 ** (np.asarray(bars["y0"]) + np.asarray(bars["height"])),
        lab.session.probe_result().grad_norm,
        rtol=1e-9,
    )
    assert len(lab.session.bank._chains) <= 2

"""A long drag of the Depth lab's depth and width sliders: no crash, nothing that keeps growing."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.ui.labs.depth import DepthLab


@pytest.mark.slow
def test_soak_3000_depth_and_width_moves(app, qtbot, soak):
    lab = DepthLab()
    qtbot.addWidget(lab)
    lab.resize(1000, 700)  # a leak hunt, not a speed test
    lab.show()
    qtbot.waitExposed(lab)
    panel = lab.network_panel
    sliders = [panel.depth_slider.slider, panel.width_slider.slider]
    soak(lab, sliders, moves=3000, baseline=600, switch_every=25)
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

"""A long drag over the Normalization lab's sliders on each tab: no crash, nothing that grows."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.ui.labs.normalization import NormalizationLab


@pytest.fixture
def lab(app, qtbot):
    page = NormalizationLab()
    qtbot.addWidget(page)
    page.resize(1000, 700)  # a leak hunt, not a speed test
    page.show()
    qtbot.waitExposed(page)
    yield page
    page.set_playing(False)


@pytest.mark.slow
def test_soak_the_heat_map_sliders(lab, soak):
    axis, network = lab.axis_panel, lab.network_panel
    sliders = [axis.batch_slider.slider, axis.layer_slider.slider, axis.groups_slider.slider,
               network.width_slider.slider]  # fmt: skip
    # a long warm-up: pyqtgraph's LRU of pixel vectors (100 view transforms, 2 Points each)
    # fills up over the first ~1000 moves, as every new range of the plots adds one
    soak(lab, sliders, moves=2200, baseline=1200, switch_every=20)
    config = lab.session.config
    view = lab.session.snapshot().axis
    assert view.z.shape == (config.batch, config.width)
    assert lab.axis_tab.cell_map.image.image.shape == view.z.shape
    assert np.array_equal(lab.axis_tab.before.group.opts["height"], view.group_before)


@pytest.mark.slow
@pytest.mark.parametrize("tab", ["breaks", "inputs"])
def test_soak_the_other_tabs_sliders(lab, soak, tab):
    lab.session.update(tab=tab)
    if tab == "breaks":
        sliders = [lab.breaks_panel.batch_slider.slider, lab.breaks_panel.momentum_slider.slider,
                   lab.axis_panel.layer_slider.slider]  # fmt: skip
    else:
        sliders = [lab.inputs_panel.scale_slider.slider, lab.inputs_panel.lr_slider.slider]
    soak(lab, sliders, moves=600, baseline=200, switch_every=20)
    snapshot = lab.session.snapshot()
    if tab == "breaks":
        assert snapshot.noise.batch == lab.session.config.noise_batch
    else:
        assert snapshot.inputs.scale == lab.session.config.input_scale

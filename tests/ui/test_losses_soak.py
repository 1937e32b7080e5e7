"""Long drags in the loss-functions lab: no crash, nothing that keeps growing."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.ui.labs.losses import LossesLab


def shown(page, key: str):
    page.session.update(tab=key)
    page.flush()
    return page.tabs[page._index(key)]


@pytest.mark.slow
def test_soak_huber_delta_and_smooth_l1_beta(app, qtbot, soak):
    lab = LossesLab()
    qtbot.addWidget(lab)
    lab.resize(1000, 700)
    lab.show()
    qtbot.waitExposed(lab)
    panel = shown(lab, "regression").panel
    soak(lab, [panel.delta.slider, panel.beta.slider], moves=3000, baseline=1000, switch_every=25)
    fit = lab.session.snapshot().regression.fit("huber")
    assert fit.pulls.max() <= lab.session.config.reg_delta
    _, curve = lab.tabs[0].loss_view.curves["huber"].getData()
    np.testing.assert_array_equal(curve, fit.curve)


@pytest.mark.slow
def test_soak_temperature_and_focal_gamma(app, qtbot, soak):
    lab = LossesLab()
    qtbot.addWidget(lab)
    lab.resize(1000, 700)
    lab.show()
    qtbot.waitExposed(lab)
    panel = shown(lab, "softmax").panel
    soak(lab, [panel.temperature.slider, panel.gamma.slider], moves=2000, baseline=800,
         switch_every=25)  # fmt: skip
    view = lab.session.snapshot().softmax
    np.testing.assert_allclose(lab.tabs[2].probability_view.bars.opts["height"],
                               view.probabilities)  # fmt: skip

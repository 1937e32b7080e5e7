"""A big net's probe pass runs on a worker: the window keeps the previous picture, says so,
and draws the new net when the pass is done."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.state.depth.config import DepthConfig
from explorer.state.depth.session import DepthSession
from explorer.ui.labs.depth import DepthLab
from explorer.ui.labs.depth.probe_worker import ON_WORKER

BIG = DepthConfig(depth=64, width=256)


@pytest.fixture
def lab(show_page) -> DepthLab:
    page = show_page(DepthLab(), (1300, 900))
    yield page
    page.set_playing(False)
    page.flush()


def bars(lab) -> int:
    return len(lab.gradient_view.bars.opts["x"])


def test_sizes_split_between_the_redraw_and_the_worker():
    assert DepthSession.probe_cost(DepthConfig()) < ON_WORKER  # the defaults stay inline
    assert DepthSession.probe_cost(BIG) > ON_WORKER
    # a pass of 5–20 ms (measured) took a frame from the redraw: it goes to the worker too
    assert DepthSession.probe_cost(DepthConfig(depth=32, width=128)) > ON_WORKER


def test_every_preset_stays_inline():
    from explorer.state.presets import list_presets
    from explorer.state.serialize import load_session

    presets = list_presets("depth")
    assert presets
    for preset in presets:
        config = load_session(preset.path, "depth", DepthConfig)
        assert DepthSession.probe_cost(config) < ON_WORKER / 3, preset.path.name


def test_a_mid_size_net_shows_the_busy_note_then_its_picture(lab):
    lab.flush()
    lab.session.replace_config(DepthConfig(depth=32, width=128))
    lab.redraw()
    assert lab.busy() and lab.busy_note.isVisible()
    assert "depth 32 × width 128" in lab.busy_note.text()
    lab.flush()
    assert not lab.busy_note.isVisible() and bars(lab) == 32


def test_a_big_net_keeps_the_old_picture_with_a_note_until_its_pass_is_done(lab):
    lab.flush()
    assert bars(lab) == 10 and not lab.busy_note.isVisible()
    lab.session.replace_config(BIG)
    lab.redraw()  # as the frame scheduler would: returns without the pass
    assert lab.busy() and lab.probe_worker.passes == 1
    assert lab.busy_note.isVisible()
    assert "depth 64 × width 256" in lab.busy_note.text()
    assert "previous settings" in lab.status_text()
    assert bars(lab) == 10  # the previous net, as the note says
    lab.session.update(width=255)  # changed during the pass: computed after it
    lab.redraw()
    assert lab.probe_worker.passes == 1
    lab.flush()  # waits for both passes, then draws
    assert not lab.busy() and not lab.busy_note.isVisible()
    assert lab.probe_worker.passes == 2
    assert bars(lab) == 64
    assert "64" in lab.notes.text() and "previous settings" not in lab.status_text()


def test_the_worker_computes_what_the_redraw_would():
    inline = DepthSession(dataclasses.replace(BIG, depth=40, width=128)).snapshot().probe
    session = DepthSession()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        config = dataclasses.replace(BIG, depth=40, width=128)
        session.replace_config(config)
        threaded = pool.submit(session.probe_result, config).result()
    assert session.probe_ready(config)
    np.testing.assert_array_equal(threaded.grad_norm, inline.grad_norm)
    assert session.snapshot().probe is threaded  # the snapshot takes the worker's pass


def test_a_big_nets_run_is_set_up_on_the_worker_then_trains_there(lab):
    lab.session.replace_config(dataclasses.replace(BIG, depth=48, width=128, batch_size=64))
    lab.flush()
    lab.step_once()
    assert not lab.session.has_runner  # its weights are being set up off the event loop
    assert lab.driver._job is not None and lab.driver._job[0] is None
    lab.driver.wait()  # the set-up, then the step it was asked for
    assert lab.session.has_runner and lab.training_steps() == 1
    assert lab.driver.worker_jobs == 1 and lab.driver.ui_ticks == 0

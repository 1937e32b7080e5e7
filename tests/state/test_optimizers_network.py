"""The "Same network" tab's state: the runs, their shared start, the plane and its landscape."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.core import landscape, losses, optimizers
from explorer.state.optimizers import network_config
from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.network import NetworkRun, NetworkTrainee, make_net, task_data
from explorer.state.optimizers.network_landscape import (
    GRID,
    LandscapeJob,
    PathProjector,
    bilinear,
    in_plane_fraction,
    make_plane,
    project_paths,
)
from explorer.state.optimizers.race import BANDS
from explorer.state.optimizers.session import OptimizersSession

CONFIG = OptimizersConfig(ticked=("sgd", "momentum", "adam", "radam"), net_width=8)


def test_every_optimizer_starts_from_the_same_initial_weights():
    run = NetworkRun(CONFIG)
    first = run.nets[0].flat_params
    assert run.keys == ("sgd", "momentum", "adam", "radam")
    assert all(np.array_equal(net.flat_params, first) for net in run.nets[1:])
    assert all(net.flat_params is not first for net in run.nets[1:])  # copies, not one net
    view = run.view()
    assert view.paths.shape == (4, 1, first.size) and view.path_steps.tolist() == [0]


def test_a_lock_step_equals_each_core_optimizer_stepped_by_hand():
    hyper = (("momentum.momentum", 0.8),)  # the race's: the net takes all but its lr
    config = dataclasses.replace(CONFIG, net_batch=50, net_lr=(("adam", 0.03),), hyper=hyper)
    run = NetworkRun(config)
    run.train(3)
    data = task_data(config)
    rng = np.random.default_rng(config.net_seed)
    rows = [rng.choice(len(data.X), size=50, replace=False) for _ in range(3)]
    bce = losses.get("bce_with_logits")
    expected = {"sgd": dict(lr=0.5, momentum=0.0), "momentum": dict(lr=0.05, momentum=0.8),
                "adam": dict(lr=0.03), "radam": dict(lr=0.01)}  # fmt: skip
    for i, key in enumerate(run.keys):
        net = make_net(config)
        opt = optimizers.get("sgd" if key in ("sgd", "momentum") else key, **expected[key])
        for step, r in enumerate(rows):
            value, grad = bce.value_and_gradient(net.forward(data.X[r]), data.target[r])
            net.backward(grad)
            opt.step(net.flat_params, net.flat_grads)
            assert run.losses[i, step] == value
        np.testing.assert_array_equal(run.nets[i].flat_params, net.flat_params)


def test_full_batch_training_lowers_every_loss_and_stops_at_the_steps():
    config = dataclasses.replace(CONFIG, net_steps=60)
    run = NetworkRun(config)
    assert run.train(1000) == 60
    view = run.view()
    assert view.step == 60 and "all 60 steps done" in view.stopped
    assert np.all(view.losses[:, -1] < view.losses[:, 0])
    assert np.all(view.accuracy > 0.5) and np.all(view.steps_per_s > 0)
    assert view.path_steps[0] == 0 and view.path_steps[-1] == 60
    for i, net in enumerate(run.nets):  # the path ends at the weights now
        np.testing.assert_array_equal(view.paths[i, -1], net.flat_params)


def test_the_net_learning_rate_is_its_own_and_validated():
    assert network_config.net_lr(CONFIG, "sgd") == network_config.NET_LR["sgd"]
    changed = dataclasses.replace(CONFIG, net_lr=(("sgd", 0.2), ("adam", 0.01)))
    assert changed.net_lr == (("sgd", 0.2),)  # the start value is dropped
    assert network_config.net_hyper(changed, "sgd")["lr"] == 0.2
    with pytest.raises(ValueError, match="net lr of sgd"):
        dataclasses.replace(CONFIG, net_lr=(("sgd", 0.0),)).validate()
    with pytest.raises(ValueError, match="net lr: unknown optimizer 'lbfgs'"):
        dataclasses.replace(CONFIG, net_lr=(("lbfgs", 0.1),)).validate()
    with pytest.raises(ValueError, match="net width"):
        dataclasses.replace(CONFIG, net_width=1000).validate()
    with pytest.raises(ValueError, match="unknown net task"):
        dataclasses.replace(CONFIG, net_task="sin").validate()


def test_a_race_learning_rate_or_the_span_keeps_the_run_other_fields_restart_it():
    session = OptimizersSession(CONFIG)
    trainee = NetworkTrainee(session)
    trainee.train(5)
    run = trainee.run
    session.set_hyper("adam", "lr", 0.5)  # the race's lr: not the net's
    session.update(net_span=0.5, selected="sgd", tab="network")
    assert trainee.run is run and trainee.training_steps == 5
    session.update(net_lr=(("adam", 0.02),))
    assert trainee.run is not run and trainee.training_steps == 0


def test_the_plane_directions_are_filter_normalised_against_the_centre():
    run = NetworkRun(CONFIG)
    run.train(20)
    centre = run.view().paths[2, -1]
    plane = make_plane(CONFIG, centre, "adam", 20)
    net = make_net(CONFIG)
    net.flat_params[...] = centre
    for d in (plane.d1, plane.d2):
        start = 0
        for p in net.params:
            block = d[start : start + p.size].reshape(p.shape)
            start += p.size
            if p.ndim == 1:
                assert not block.any()  # biases stay
            else:  # each neuron's incoming weights: the norm of the same neuron's weights
                np.testing.assert_allclose(np.linalg.norm(block, axis=0),
                                           np.linalg.norm(p, axis=0), rtol=1e-9)  # fmt: skip
    again = make_plane(CONFIG, centre, "adam", 20)
    assert np.array_equal(again.d1, plane.d1) and not np.array_equal(plane.d1, plane.d2)


def test_paths_project_onto_the_plane_and_a_point_in_it_exactly():
    run = NetworkRun(CONFIG)
    run.train(30)
    view = run.view()
    plane = make_plane(CONFIG, view.paths[2, -1], "adam", 30)
    coords = project_paths(view, plane)
    assert coords.shape == (4, view.paths.shape[1], 2)
    np.testing.assert_allclose(coords[2, -1], [0.0, 0.0], atol=1e-12)  # the centre
    np.testing.assert_allclose(coords[:, 0], np.broadcast_to(coords[0, 0], (4, 2)))  # one start
    inside = plane.centre + 0.3 * plane.d1 - 0.7 * plane.d2
    np.testing.assert_allclose(landscape.project(inside, plane.centre, plane.d1, plane.d2),
                               [0.3, -0.7], atol=1e-12)  # fmt: skip
    assert in_plane_fraction(plane, inside) == pytest.approx(1.0)
    assert 0.0 < in_plane_fraction(plane, view.paths[0, 0]) < 0.5  # most of it is off the plane


def test_the_sliced_landscape_equals_the_unsliced_one_and_the_loss_by_hand():
    config = dataclasses.replace(CONFIG, net_span=0.5)
    run = NetworkRun(config)
    run.train(10)
    plane = make_plane(config, run.view().paths[0, -1], "sgd", 10)
    whole = LandscapeJob(config, plane)
    assert whole.advance(None) and whole.done
    sliced = LandscapeJob(config, plane)
    slices = 0
    while not sliced.advance(0.0):  # one cell per slice
        slices += 1
        assert np.isnan(sliced.values).sum() == GRID * GRID - sliced.cells
    assert slices == GRID * GRID - 1
    np.testing.assert_array_equal(sliced.values, whole.values)
    data = task_data(config)
    net = make_net(config)
    row, col = 3, 20  # b = coords[3], a = coords[20]
    a, b = whole.coords[col], whole.coords[row]
    net.flat_params[...] = plane.centre + a * plane.d1 + b * plane.d2
    by_hand = losses.get("bce_with_logits").value(net.forward(data.X), data.target)
    assert whole.values[row, col] == by_hand
    centre = GRID // 2
    assert whole.values[centre, centre] == pytest.approx(run.full_loss(run.nets[0])[0])
    assert whole.shade().min() == 0 and whole.shade().max() == BANDS - 1


def test_the_drawn_map_interpolates_between_the_computed_points():
    grid = np.array([[0.0, 2.0], [4.0, 6.0]])
    fine = bilinear(grid, 2)
    np.testing.assert_allclose(fine, [[0, 1, 2], [2, 3, 4], [4, 5, 6]])
    config = dataclasses.replace(CONFIG, net_span=0.5)
    run = NetworkRun(config)
    job = LandscapeJob(config, make_plane(config, run.view().paths[0, -1], "sgd", 0))
    job.advance(0.0)
    assert job.shade(4).shape == (GRID, GRID)  # not interpolated while computing
    job.advance(None)
    shade = job.shade(4)
    assert shade.shape == (4 * (GRID - 1) + 1,) * 2
    np.testing.assert_array_equal(shade[::4, ::4], job.shade())  # the points keep their band


def test_the_projector_projects_only_new_points_and_equals_the_whole_projection():
    run = NetworkRun(dataclasses.replace(CONFIG, net_steps=900))  # every 3rd step kept
    run.train(4)
    plane = make_plane(CONFIG, run.view().paths[0, -1], "sgd", 4)
    projector = PathProjector()
    for steps in (0, 2, 5, 40):
        run.train(steps)
        view = run.view()
        np.testing.assert_allclose(projector.coords(run, view, plane),
                                   project_paths(view, plane), atol=1e-12)  # fmt: skip
    assert projector._kept.shape[1] == view.recorded == len(run.path_steps)

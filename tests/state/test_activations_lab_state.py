"""The Activation lab's Qt-free state: config validation, curves, saturation, cache, files."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from explorer.core import activations
from explorer.state.activations.config import PARAMS, ActivationsConfig
from explorer.state.activations.curves import (
    MAX_DEPTH,
    POINTS,
    chain_factor,
    compute_curve,
    grid_span,
    nice_limit,
    peak_of,
    saturation_intervals,
)
from explorer.state.activations.session import CACHE_SIZE, ActivationsSession
from explorer.state.serialize import SessionFileError, load_session, save_session


def test_defaults_are_valid_and_show_the_classic_three():
    config = ActivationsConfig()
    config.validate()
    assert config.checked == ("sigmoid", "tanh", "relu")
    assert config.selected == "sigmoid"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"checked": ("sigmoid", "nope")}, "unknown activation 'nope'"),
        ({"selected": "swishy"}, "unknown activation 'swishy'"),
        ({"checked": ("relu", "relu")}, "ticked twice"),
        ({"x_range": 0.5}, "x-range must be between 1 and 20"),
        ({"x_range": 25.0}, "x-range must be between 1 and 20"),
        ({"depth": 0}, "depth must be between 1 and 30"),
        ({"params": (("relu.slope", 0.1),)}, "unknown parameter 'relu.slope'"),
        ({"params": (("elu.alpha", "big"),)}, "alpha must be a real number"),
        ({"params": (("gelu.approximate", "exact"),)}, "approximate must be one of"),
    ],
)
def test_invalid_configs_are_refused_with_a_reason(changes, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(ActivationsConfig(), **changes).validate()


def test_a_parameter_outside_the_functions_domain_is_refused_with_the_cores_reason():
    config = ActivationsConfig().with_param("gelu", "approximate", "cubic")
    with pytest.raises(ValueError, match="approximate"):
        config.validate()


def test_params_store_only_overrides_in_registry_order():
    config = (
        ActivationsConfig()
        .with_param("gelu", "approximate", "tanh")
        .with_param("leaky_relu", "negative_slope", 1)  # int becomes float
        .with_param("elu", "alpha", 1.0)  # the default: not stored
    )
    assert config.params == (("leaky_relu.negative_slope", 1.0), ("gelu.approximate", "tanh"))
    assert config.params_for("leaky_relu") == {"negative_slope": 1.0}
    assert config.params_for("elu") == {"alpha": 1.0}
    assert config.params_for("relu") == {}
    back = config.with_param("gelu", "approximate", "none")
    assert back == ActivationsConfig().with_param("leaky_relu", "negative_slope", 1.0)


def test_every_registry_parameter_has_a_key():
    expected = {
        f"{name}.{spec.name}"
        for name in activations.names()
        for spec in activations.get(name).param_specs
    }
    assert set(PARAMS) == expected
    with pytest.raises(ValueError, match="relu has no parameter 'alpha'"):
        ActivationsConfig().with_param("relu", "alpha", 1.0)


def test_session_file_round_trip_and_refusal(tmp_path):
    config = dataclasses.replace(
        ActivationsConfig().with_param("leaky_relu", "negative_slope", 0.3),
        checked=("relu", "leaky_relu"),
        selected="leaky_relu",
        x_range=5.0,
        depth=20,
    )
    path = save_session(tmp_path / "s.json", "activations", config)
    assert load_session(path, "activations", ActivationsConfig) == config
    document = json.loads(path.read_text())
    document["config"]["params"] = [["leaky_relu.negative_slope", True]]
    path.write_text(json.dumps(document))
    with pytest.raises(SessionFileError):
        load_session(path, "activations", ActivationsConfig)


@pytest.mark.parametrize("name", activations.names())
def test_every_activation_samples_like_the_core_at_its_parameter_extremes(name):
    act = activations.get(name)
    settings = [{}]
    for spec in act.param_specs:
        values = spec.choices or (spec.min, spec.max)
        settings += [{spec.name: v} for v in values]
    for params in settings:  # every slider end is a valid parameter (tests/core checks it too)
        expected = activations.get(name, **params)
        curve = compute_curve(name, params, 6.0)
        np.testing.assert_array_equal(curve.y, expected.forward(curve.x))
        np.testing.assert_array_equal(curve.dy, expected.derivative(curve.x))
        assert curve.x[0] == -6.4 and curve.x[-1] == 6.4 and len(curve.x) == POINTS  # grid_span
        assert not curve.y.flags.writeable


def test_sigmoid_curve_facts():
    curve = compute_curve("sigmoid", {}, 8.0)
    assert (curve.peak_x, curve.peak_abs, curve.peak_dy) == (0.0, 0.25, 0.25)
    assert curve.f_at_zero == 0.5 and not curve.zero_centred
    np.testing.assert_allclose(curve.chain, 0.25 ** np.arange(1, MAX_DEPTH + 1), rtol=1e-15)
    (left, right) = curve.saturated
    assert left[0] == -8.0 and right[1] == 8.0
    # σ′(x) = 0.0025 at |x| ≈ 5.99: the shading starts within a grid step of it
    assert abs(right[0] - 5.99) < 0.05 and left[1] == pytest.approx(-right[0])


def test_the_sampling_grid_covers_the_view_with_most_samples_inside():
    for x_range in np.linspace(1.0, 20.0, 191):
        span = grid_span(x_range)
        assert x_range <= span and x_range / span >= 0.78, (x_range, span)
        x = compute_curve("tanh", {}, x_range).x
        assert x[0] == -span and x[-1] == span and 0.0 in x


def test_an_x_range_drag_inside_one_grid_reuses_the_samples_and_updates_the_facts():
    session = ActivationsSession(ActivationsConfig(selected="relu", x_range=6.5))
    before = session.snapshot()
    computed = session.computed_curves
    session.update(x_range=7.5)  # 6.5 and 7.5 share the ±8 grid
    after = session.snapshot()
    assert session.computed_curves == computed
    relu_before, relu_after = before.curves[2], after.curves[2]
    assert relu_after.y is relu_before.y and relu_after is not relu_before
    # the facts are about the view: ReLU reaches the view's edge, one sample beyond at most
    assert relu_before.y_extent[0] == 0.0 and 6.5 <= relu_before.y_extent[1] < 6.5 + 0.07
    assert 7.5 <= relu_after.y_extent[1] < 7.5 + 0.07
    assert relu_after.dy_extent == (0.0, 1.0)
    session.update(x_range=8.5)  # a new grid, ±10
    assert session.snapshot().curves[2].y is not relu_after.y
    assert session.computed_curves == computed + 3


def test_peak_and_saturation_stay_inside_the_view():
    silu = compute_curve("silu", {}, 1.1)  # SiLU′ peaks at x ≈ 2.4, outside ±1.1
    assert abs(silu.peak_x) <= 1.1
    assert silu.peak_abs == pytest.approx(float(np.abs(silu.dy[np.abs(silu.x) <= 1.1]).max()))
    sigmoid = compute_curve("sigmoid", {}, 5.0)  # σ′ < 1 % of its peak only beyond |x| ≈ 5.99
    assert sigmoid.saturated == ()


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        (0.0, 0.0),
        (1.0, 1.0),
        (0.93, 1.0),
        (1.05, 1.2),
        (7.2, 8.0),
        (8.3, 10.0),
        (-1.0, -1.0),
        (-0.27, -0.3),
        (0.0011, 0.0012),
        (123.0, 150.0),
        (float("inf"), float("inf")),
    ],
)
def test_nice_limit_rounds_away_from_zero_to_round_numbers(value, limit):
    assert nice_limit(value) == pytest.approx(limit)


def test_peak_on_a_plateau_is_the_sample_nearest_zero():
    x = np.linspace(-3, 3, 7)
    assert peak_of(x, np.ones_like(x)) == (0.0, 1.0)
    assert peak_of(x, (x > 0).astype(float)) == (1.0, 1.0)
    assert peak_of(x, -np.abs(x)) == (-3.0, 3.0)  # |f′| counts, and −3 comes first


def test_saturation_intervals():
    x = np.linspace(-2, 2, 5)  # step 1, half step 0.5
    assert saturation_intervals(x, np.array([0, 0, 1, 1, 1.0]), 1.0) == ((-2.0, -0.5),)
    assert saturation_intervals(x, np.ones(5), 1.0) == ()
    assert saturation_intervals(x, np.zeros(5), 0.0) == ((-2.0, 2.0),)  # f′ ≡ 0: all of it
    assert saturation_intervals(x, np.array([1, 0, 1, 0, 0.0]), 1.0) == (
        (-1.5, -0.5),
        (0.5, 2.0),
    )


def test_chain_factor():
    np.testing.assert_array_equal(chain_factor(1.0, np.arange(1, 4)), [1.0, 1.0, 1.0])
    assert chain_factor(0.25, 10) == pytest.approx(9.5367431640625e-07)


def test_snapshot_lists_ticked_in_registry_order_and_the_selected_one():
    session = ActivationsSession(ActivationsConfig(checked=("relu", "sigmoid"), selected="gelu"))
    snapshot = session.snapshot()
    assert [c.name for c in snapshot.curves] == ["sigmoid", "relu"]
    assert snapshot.selected.name == "gelu" and not snapshot.selected_is_shown


def test_a_parameter_change_recomputes_only_that_curve():
    session = ActivationsSession(
        ActivationsConfig(checked=("sigmoid", "leaky_relu"), selected="leaky_relu")
    )
    before = session.snapshot()
    computed = session.computed_curves
    session.set_param("leaky_relu", "negative_slope", 0.2)
    after = session.snapshot()
    assert session.computed_curves == computed + 1
    assert after.curves[0] is before.curves[0]  # sigmoid: the very same object
    assert after.curves[1] is not before.curves[1]
    assert after.selected is after.curves[1]


def test_curve_cache_is_bounded():
    session = ActivationsSession()
    for i in range(CACHE_SIZE * 3):
        session.update(x_range=1.0 + i * 0.05)
        session.snapshot()
    assert len(session._curves) <= CACHE_SIZE


def test_checks_and_selection_are_separate_undo_steps_in_registry_order():
    session = ActivationsSession()
    session.set_checked("gelu", True)
    session.set_checked("identity", True)
    assert session.config.checked == ("identity", "sigmoid", "tanh", "relu", "gelu")
    session.select("gelu")
    assert session.undo() and session.config.selected == "sigmoid"
    assert session.undo() and "identity" not in session.config.checked
    assert session.undo() and session.config.checked == ("sigmoid", "tanh", "relu")


@pytest.mark.parametrize(
    "key", [key for key, (_name, spec) in PARAMS.items() if spec.choices is None]
)
def test_a_parameter_is_valid_exactly_within_its_slider_range(key):
    spec = PARAMS[key][1]
    for inside in (spec.min, spec.max):
        ActivationsConfig(params=((key, inside),)).validate()
    span = spec.max - spec.min
    for outside in (spec.min - span, spec.max + span, 1e15, float("nan")):
        with pytest.raises(ValueError, match=key.replace(".", r"\.")):
            ActivationsConfig(params=((key, outside),)).validate()

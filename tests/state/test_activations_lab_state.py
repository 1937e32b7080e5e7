"""The Activation lab's Qt-free state: config validation, curves, saturation, cache, files."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from explorer.core import activations
from explorer.state.activations_lab import (
    CACHE_SIZE,
    MAX_DEPTH,
    PARAMS,
    POINTS,
    ActivationsConfig,
    ActivationsSession,
    chain_factor,
    compute_curve,
    format_range,
    peak_of,
    saturation_intervals,
)
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


def test_a_parameter_outside_the_functions_domain_is_refused():
    config = ActivationsConfig().with_param("hardtanh", "min_val", 0.0)
    with pytest.raises(ValueError, match="min_val must be < max_val"):
        config.with_param("hardtanh", "max_val", 0.0).validate()


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
    for params in settings:
        try:
            expected = activations.get(name, **params)
        except ValueError:
            continue  # e.g. hardtanh max_val = 0 with min_val's default −1 is fine; others not
        curve = compute_curve(name, params, 6.0)
        np.testing.assert_array_equal(curve.y, expected.forward(curve.x))
        np.testing.assert_array_equal(curve.dy, expected.derivative(curve.x))
        assert curve.x[0] == -6.0 and curve.x[-1] == 6.0 and len(curve.x) == POINTS
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


def test_format_range():
    assert format_range(0.0, 1.0) == "0 to 1"
    assert format_range(-np.inf, np.inf) == "−∞ to ∞"
    assert format_range(-0.17, np.inf) == "−0.17 to ∞"


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

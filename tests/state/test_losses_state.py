"""The loss-functions lab's state: config checks, the fitted lines, margins, softmax, the
sigmoid neuron, and the session's edits and caches (Qt-free)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from explorer.core import losses
from explorer.state.losses.config import DEFAULT_POINTS, LINE_POINTS, OUTLIER, LossesConfig
from explorer.state.losses.neuron import compute_neuron
from explorer.state.losses.regression import compute_regression, fit_line
from explorer.state.losses.session import LossesSession
from explorer.state.losses.softmax import compute_softmax
from explorer.state.serialize import load_session, save_session


def test_defaults_are_valid_and_canonical():
    config = LossesConfig()
    config.validate()
    assert config.reg_losses == ("mse", "l1", "huber", "smooth_l1")
    assert LossesConfig(reg_losses=("huber", "mse", "mse")).reg_losses == ("mse", "huber")


@pytest.mark.parametrize("changes, message", [
    ({"reg_points": ((0.0, 0.0),)}, "2 to 24 points"),
    ({"reg_points": ((0.0, 0.0), (9.0, 0.0))}, "must lie in"),
    ({"reg_points": ((1.0, 0.0), (1.0, 2.0))}, "two different x"),
    ({"reg_delta": 0.0}, "delta δ must be between"),
    ({"reg_selected": 9}, "point 10 does not exist"),
    ({"reg_losses": ("bce",)}, "unknown regression loss"),
    ({"margin_losses": ("mse",)}, "unknown margin loss"),
    ({"margin_set": "swirl"}, "unknown margin data set"),
    ({"reg_model": "cubic"}, "unknown regression model"),
    ({"margin_model": "tree"}, "unknown classifier"),
    ({"softmax_weights": (1.0,) * 5}, "one class weight per class"),
    ({"softmax_weights": (1.0, 1.0, 9.0, 1.0)}, "class weight must be between"),
    ({"softmax_logits": (1.0, 2.0)}, "3–10 logits"),
    ({"softmax_logits": (1.0, 2.0, 99.0)}, "a logit must be between"),
    ({"softmax_target": 4}, "true class"),
    ({"softmax_temperature": 0.0}, "temperature T"),
    ({"softmax_weights": (0.0, 1.0, 1.0, 1.0)}, "0/0"),
    ({"neuron_steps": 5}, "steps must be"),
    ({"neuron_target": math.nan}, "target must be between"),
    ({"tab": "other"}, "unknown tab"),
])  # fmt: skip
def test_invalid_configs_are_named(changes, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(LossesConfig(), **changes).validate()


def test_session_file_round_trip(tmp_path):
    config = LossesConfig(reg_points=LINE_POINTS, reg_selected=2, softmax_logits=(1, 2, 3, 4, 5),
                          tab="softmax", reg_losses=("mse", "huber"))  # fmt: skip
    path = save_session(tmp_path / "s.json", "losses", config)
    assert load_session(path, "losses", LossesConfig) == config


# --- regression ------------------------------------------------------------------------------

X = np.array([p[0] for p in DEFAULT_POINTS])  # the line and its outlier
Y = np.array([p[1] for p in DEFAULT_POINTS])


def _objective(loss, a, c):
    return loss.value(a * X + c, Y)


def test_mse_line_is_least_squares():
    a, c = fit_line(losses.get("mse"), X, Y)
    np.testing.assert_allclose([a, c], np.polyfit(X, Y, 1), rtol=1e-12)


def test_l1_line_is_optimal_among_every_line_through_two_points_and_nearby_lines():
    l1 = losses.get("l1")
    a, c = fit_line(l1, X, Y)
    best = _objective(l1, a, c)
    for i in range(len(X)):
        for j in range(i + 1, len(X)):
            slope = (Y[j] - Y[i]) / (X[j] - X[i])
            assert best <= _objective(l1, slope, Y[i] - slope * X[i]) + 1e-15
    for da, dc in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert best <= _objective(l1, a + da, c + dc)


@pytest.mark.parametrize("name, params", [("huber", {"delta": 1.0}), ("huber", {"delta": 0.3}),
                                          ("smooth_l1", {"beta": 2.0})])  # fmt: skip
def test_robust_lines_have_zero_gradient(name, params):
    loss = losses.get(name, **params)
    a, c = fit_line(loss, X, Y)
    g = loss.gradient(a * X + c, Y)  # ∂L/∂ŷ; the chain rule to (a, c)
    assert abs(g @ X) < 1e-10 and abs(g.sum()) < 1e-10


def test_an_outlier_tilts_the_mse_line_far_more_than_the_huber_line():
    assert DEFAULT_POINTS[-1] == OUTLIER
    clean = compute_regression(LossesConfig(reg_points=LINE_POINTS, reg_selected=0))
    dirty = compute_regression(LossesConfig())
    tilt = {f.name: abs(f.slope - clean.fit(f.name).slope) for f in dirty.fits}
    assert tilt["mse"] > 3 * tilt["huber"] and tilt["mse"] > 3 * tilt["l1"]
    mse, huber = dirty.fit("mse"), dirty.fit("huber")
    # MSE pulls with 2r, Huber with r clipped at δ = 1
    np.testing.assert_allclose(mse.pulls, 2 * mse.residuals, rtol=1e-14)
    assert np.max(np.abs(huber.pulls)) == 1.0
    assert mse.mean_loss == pytest.approx(np.mean(mse.residuals**2), rel=1e-14)


def test_residual_curves_come_from_the_core_losses():
    view = compute_regression(LossesConfig(reg_delta=0.5))
    huber = view.fit("huber")
    r = view.r_grid
    by_hand = np.where(np.abs(r) < 0.5, 0.5 * r**2, 0.5 * (np.abs(r) - 0.25))
    np.testing.assert_allclose(huber.curve, by_hand, rtol=1e-14)
    np.testing.assert_allclose(huber.curve_derivative, np.clip(r, -0.5, 0.5), rtol=1e-14)


# --- margin, softmax, neuron -------------------------------------------------------------------


def test_margins_are_label_times_score():
    session = LossesSession(LossesConfig(margin_angle=30.0, margin_norm=2.0, margin_bias=0.5))
    view = session.snapshot().margin
    w = 2.0 * np.array([math.cos(math.pi / 6), math.sin(math.pi / 6)])
    np.testing.assert_allclose(view.margins, view.y * (view.X @ w + 0.5), rtol=1e-14)
    hinge = next(c for c in view.curves if c.name == "hinge")
    assert hinge.pushed == np.count_nonzero(view.margins < 1)
    zero_one = next(c for c in view.curves if c.name == "zero_one")
    assert zero_one.mean_loss == view.errors / len(view.y) and zero_one.pushed == 0


def test_softmax_view_by_hand():
    config = LossesConfig(softmax_logits=(math.log(3.0), 0.0, 0.0), softmax_target=0,
                          softmax_smoothing=0.3)  # fmt: skip
    view = compute_softmax(config)
    np.testing.assert_allclose(view.probabilities, [0.6, 0.2, 0.2], rtol=1e-14)
    np.testing.assert_allclose(view.smoothed, [0.8, 0.1, 0.1], rtol=1e-14)
    np.testing.assert_allclose(view.gradient, [-0.2, 0.1, 0.1], rtol=1e-13, atol=1e-16)
    expected = -(0.8 * math.log(0.6) + 0.1 * math.log(0.2) * 2)
    assert view.loss == pytest.approx(expected, rel=1e-14)


def test_temperature_divides_the_logits_and_the_gradient():
    hot = compute_softmax(LossesConfig(softmax_logits=(2.0, 0.0, 0.0), softmax_temperature=2.0))
    cold = compute_softmax(LossesConfig(softmax_logits=(1.0, 0.0, 0.0)))
    np.testing.assert_allclose(hot.probabilities, cold.probabilities, rtol=1e-15)
    np.testing.assert_allclose(hot.gradient, cold.gradient / 2.0, rtol=1e-15)
    assert hot.entropy == pytest.approx(cold.entropy)


def test_focal_markers_sit_on_the_curves():
    view = compute_softmax(LossesConfig(softmax_logits=(0.0, 0.0, 0.0)))
    assert view.p_true == pytest.approx(1 / 3)
    assert view.bce_at_p == pytest.approx(math.log(3.0))
    assert view.focal_at_p == pytest.approx(0.25 * (2 / 3) ** 2 * math.log(3.0))
    assert view.focal_curve[-1] < 1e-5 < view.bce_curve[-1]


def test_neuron_runs_follow_the_core_gradients():
    config = LossesConfig()
    view = compute_neuron(config)
    # a step by hand from the start, under each loss, with the core's gradient
    for run, loss in ((view.mse, "mse"), (view.ce, "bce_with_logits")):
        z = np.array([config.neuron_w * config.neuron_x + config.neuron_b])
        a = 1 / (1 + np.exp(-z))
        if loss == "mse":
            grad_z = losses.get("mse").gradient(a, [0.0]) * a * (1 - a)
        else:
            grad_z = losses.get(loss).gradient(z, [0.0])
        assert run.grad_w[0] == pytest.approx(grad_z[0] * config.neuron_x, rel=1e-14)
        w1 = config.neuron_w - config.neuron_lr * grad_z[0] * config.neuron_x
        b1 = config.neuron_b - config.neuron_lr * grad_z[0]
        assert run.outputs[1] == pytest.approx(1 / (1 + math.exp(-(w1 + b1))), rel=1e-14)
    # Nielsen's picture: cross-entropy reaches the target long before squared error
    assert view.ce.steps_to(0.0) < view.mse.steps_to(0.0) / 3
    assert view.mse.sigma_prime[0] == pytest.approx(0.0177, abs=1e-4)


# --- session ---------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_a_point_drag_is_one_undo_step_and_refits_only_regression():
    clock = Clock()
    session = LossesSession(clock=clock)
    views = [session.snapshot().regression, session.snapshot().softmax]
    for i in range(5):
        clock.t += 0.05
        session.move_point(2, -1.2, -0.8 + 0.5 * i)
        views += [session.snapshot().regression, session.snapshot().softmax]
    assert views[-1] is views[1]  # the softmax view was reused
    assert session.config.reg_points[2] == (-1.2, 1.2)
    assert session.config.reg_selected == 2
    assert session.computed["regression"] == 6 and session.computed["softmax"] == 1
    assert session.undo() and session.config == LossesConfig()
    assert not session.can_undo


def test_points_are_clamped_into_the_box():
    session = LossesSession()
    session.move_point(0, -10.0, 10.0)
    assert session.config.reg_points[0] == (-3.0, 4.0)


def test_add_outlier_and_remove_point():
    session = LossesSession()
    assert session.add_outlier() and session.add_outlier()
    points = session.config.reg_points
    assert len(points) == 11 and len(set(points)) == 11  # beside the first outlier, not on it
    assert points[-1][1] == points[-2][1] == OUTLIER[1]
    assert session.config.reg_selected == 10
    assert session.remove_selected() and len(session.config.reg_points) == 10
    for _ in range(3):
        session.undo()
    assert session.config.reg_points == DEFAULT_POINTS
    while len(session.config.reg_points) < 24:
        session.add_outlier()
    assert not session.add_outlier()


def test_tab_change_is_not_an_undo_step_and_classes_resize_logits():
    session = LossesSession()
    session.update(tab="softmax")
    assert not session.can_undo
    session.update(softmax_target=3)
    session.set_classes(6)
    assert session.config.softmax_logits == (2.0, 1.0, 0.1, -1.0, 0.0, 0.0)
    session.set_classes(3)
    assert session.config.softmax_logits == (2.0, 1.0, 0.1) and session.config.softmax_target == 2


# --- presets: each tells the story its title promises -----------------------------------------


def _preset(stem: str) -> LossesConfig:
    from explorer.resources import resources_dir

    return load_session(resources_dir() / "presets" / "losses" / f"{stem}.json", "losses",
                        LossesConfig)  # fmt: skip


def test_presets_tell_their_stories():
    from explorer.state.presets import list_presets

    assert len(list_presets("losses")) >= 5
    view = compute_regression(_preset("01-outlier-wrecks-mse"))
    outlier = len(LINE_POINTS)
    assert abs(view.fit("mse").pulls[outlier]) > 3 * abs(view.fit("huber").pulls[outlier])
    margin = LossesSession(_preset("02-hinge-stops-caring")).snapshot().margin
    pushed = {c.name: c.pushed for c in margin.curves}
    assert pushed["hinge"] < len(margin.y) / 4 and pushed["soft_margin"] == len(margin.y)
    neuron = compute_neuron(_preset("03-cross-entropy-learns-fast"))
    assert neuron.ce.steps_to(0.0) < neuron.mse.steps_to(0.0) / 3
    sharp = compute_softmax(_preset("04-temperature-sharpens"))
    assert sharp.probabilities.max() > 0.95
    capped = compute_softmax(_preset("05-label-smoothing-caps-confidence"))
    assert capped.gradient[0] > 0  # pushes the true class's logit down
    focal = compute_softmax(_preset("06-focal-ignores-easy-points"))
    assert focal.focal_at_p < 1e-4 * focal.bce_at_p
    wrong = LossesSession(_preset("07-exponential-and-a-wrong-point")).snapshot().margin
    loss = {c.name: c.mean_loss for c in wrong.curves}
    assert loss["exponential"] > 4 * loss["soft_margin"]


# --- training under each margin loss ----------------------------------------------------------


def test_training_under_each_loss_follows_the_core_gradient():
    from explorer.state.losses.margin import margin_data
    from explorer.state.losses.training import LEARNING_RATE, train_linear

    X, y = margin_data("gaussians", 0.3)
    run = train_linear("soft_margin", X, y)
    # the first step by hand: at w = 0 every margin is 0 and φ′(0) = −½
    g = -0.5 * y / y.size
    w1, b1 = -LEARNING_RATE * (X.T @ g), -LEARNING_RATE * g.sum()
    assert run.errors[1] == np.mean(y * (X @ w1 + b1) <= 0)
    assert run.errors[-1] < 0.05 and not run.diverged
    zero_one = train_linear("zero_one", X, y)
    np.testing.assert_array_equal(zero_one.w, [0.0, 0.0])  # φ′ = 0: it never moves
    assert np.all(zero_one.errors == 1.0)  # every m = 0 counts as wrong


def test_changing_the_data_drops_the_trained_runs():
    session = LossesSession()
    session.update(margin_trained=True)
    assert len(session.snapshot().margin.trained) == 5
    session.update(margin_noise=0.5)
    assert not session.config.margin_trained and session.snapshot().margin.trained == ()
    session.update(margin_trained=True, margin_angle=10.0)
    assert session.config.margin_trained

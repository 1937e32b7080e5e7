"""The loss-functions lab's small MLP (regression curves, the margin classifier, training under
each loss) and its class weights: what each fit computes, checked by hand and against torch."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.core import losses
from explorer.core.mlp import MLP
from explorer.state.losses import small_mlp
from explorer.state.losses.config import DEFAULT_POINTS, MARGIN_SETS, LossesConfig
from explorer.state.losses.margin import compute_margin, margin_data
from explorer.state.losses.regression import MODEL_POINTS, compute_regression, regression_loss
from explorer.state.losses.session import LossesSession
from explorer.state.losses.softmax import compute_softmax
from explorer.state.losses.training import STEPS, train_mlp, trained_run

MLP_CONFIG = LossesConfig(reg_model="mlp")
X = np.array([p[0] for p in DEFAULT_POINTS])
Y = np.array([p[1] for p in DEFAULT_POINTS])


# --- regression: the small MLP --------------------------------------------------------------


def test_a_cold_fit_is_the_seeded_net_after_the_fixed_adam_steps():
    """Replayed by hand with the core's MLP, loss and Adam: the same numbers."""
    loss = losses.get("huber", delta=1.0)
    fitter = small_mlp.fit(loss, X[:, None], Y)
    net = MLP([1, small_mlp.HIDDEN, 1], "tanh", seed=small_mlp.SEED)
    m = v = np.zeros_like(net.flat_params)
    lr, (b1, b2), eps = small_mlp.LEARNING_RATE, (0.9, 0.999), 1e-8
    for t in range(1, small_mlp.COLD_STEPS + 1):
        pred = net.forward(X[:, None])[:, 0]
        net.backward(loss.gradient(pred, Y)[:, None])
        g = net.flat_grads
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        net.flat_params -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    np.testing.assert_allclose(fitter.net.flat_params, net.flat_params, rtol=1e-9, atol=1e-12)


def test_mlp_fits_are_deterministic_and_drawn_as_curves():
    one, two = compute_regression(MLP_CONFIG), compute_regression(MLP_CONFIG)
    for a, b in zip(one.fits, two.fits, strict=True):
        np.testing.assert_array_equal(a.model_y, b.model_y)
        assert a.model_x.size == MODEL_POINTS and np.isnan(a.slope)
        # the residuals and the mean loss are the net's, at the data
        loss = regression_loss(a.name, MLP_CONFIG)
        assert a.mean_loss == pytest.approx(loss.value(a.residuals + one.y, one.y))
        np.testing.assert_allclose(a.pulls, loss.derivative(a.residuals.copy()))


def test_mse_bends_the_mlp_to_the_outlier_and_l1_does_not():
    view = compute_regression(MLP_CONFIG)
    outlier = {f.name: abs(f.residuals[-1]) for f in view.fits}
    assert outlier["mse"] < 2.0 < 3.5 < outlier["l1"]
    assert outlier["mse"] < outlier["huber"]


def test_the_line_model_is_unchanged_by_the_switch():
    line = compute_regression(LossesConfig())
    assert all(f.model_x.size == 2 for f in line.fits)
    for f in line.fits:
        np.testing.assert_allclose(f.model_y, f.slope * f.model_x + f.intercept)


# --- margin: the small MLP classifier and training -----------------------------------------


def test_every_depth_set_is_offered():
    assert set(MARGIN_SETS) == {"xor", "circles", "moons", "spirals", "gaussians"}
    for name in MARGIN_SETS:
        _, y = margin_data(name, 0.3)
        assert set(np.unique(y)) == {-1.0, 1.0}


def test_mlp_margins_are_the_trained_nets_scores():
    config = LossesConfig(margin_model="mlp", margin_set="moons")
    view = compute_margin(config)
    run = trained_run("soft_margin", "moons", 0.3, "mlp")
    np.testing.assert_array_equal(view.margins, view.y * run.train_scores)
    assert view.errors <= 8  # of 80: the MLP bends round the moons
    linear = compute_margin(dataclasses.replace(config, margin_model="linear"))
    assert view.errors < linear.errors


def test_training_an_mlp_follows_the_core_loss_and_is_reproducible():
    X, y = margin_data("xor", 0.3)
    run = train_mlp("hinge", X, y)
    again = train_mlp("hinge", X, y)
    np.testing.assert_array_equal(run.losses, again.losses)
    assert run.losses.shape == run.errors.shape == (STEPS + 1,)
    assert run.losses[0] == pytest.approx(losses.get("hinge").value(
        MLP([2, small_mlp.HIDDEN, 1], "tanh", seed=0).forward(X)[:, 0], y))  # fmt: skip
    assert run.losses[-1] < 0.5 * run.losses[0] and run.errors[-1] < 0.15  # xor is not linear
    # the boundary image is the net's score on the grid: its sign agrees at the data
    assert np.all(np.sign(run.train_scores) != 0)


def test_linear_runs_record_their_loss_per_step():
    run = trained_run("soft_margin", "gaussians", 0.3, "linear")
    X, y = margin_data("gaussians", 0.3)
    assert run.losses[0] == pytest.approx(np.log(2.0))  # w = 0: log(1 + e⁰)
    assert run.losses[-1] == pytest.approx(losses.get("soft_margin").value(X @ run.w + run.b, y))
    np.testing.assert_allclose(run.train_scores, X @ run.w + run.b)


# --- softmax: a weight per class -----------------------------------------------------------


@pytest.mark.parametrize("eps", [0.0, 0.3])
def test_class_weights_follow_torch(eps):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    weights = (0.5, 2.0, 3.0, 1.5)
    config = LossesConfig(softmax_weights=weights, softmax_smoothing=eps, softmax_target=1,
                          softmax_temperature=0.7)  # fmt: skip
    view = compute_softmax(config)
    z = torch.tensor(config.softmax_logits, dtype=torch.float64, requires_grad=True)
    value = F.cross_entropy((z / 0.7)[None], torch.tensor([1]),
                            weight=torch.tensor(weights, dtype=torch.float64),
                            label_smoothing=eps)  # fmt: skip
    value.backward()
    assert view.loss == pytest.approx(value.item(), rel=1e-12)
    np.testing.assert_allclose(view.gradient, z.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(view.weights, weights)


def test_weights_of_other_classes_act_only_through_smoothing():
    plain = compute_softmax(LossesConfig())
    heavy = compute_softmax(LossesConfig(softmax_weights=(1.0, 4.0, 4.0, 4.0)))
    assert heavy.loss == pytest.approx(plain.loss)  # one sample: w_y cancels
    smoothed = LossesConfig(softmax_smoothing=0.2)
    assert compute_softmax(dataclasses.replace(smoothed, softmax_weights=(1.0, 4.0, 4.0, 4.0))
                           ).loss > compute_softmax(smoothed).loss  # fmt: skip


def test_classes_added_get_weight_one_and_removed_ones_lose_theirs():
    session = LossesSession()
    session.set_class_weight(3, 2.5)
    session.set_classes(6)
    assert session.config.softmax_weights == (1.0, 1.0, 1.0, 2.5, 1.0, 1.0)
    session.set_classes(3)
    assert session.config.softmax_weights == (1.0, 1.0, 1.0)
    assert LossesConfig(softmax_logits=(0.0,) * 5).softmax_weights == (1.0,) * 5

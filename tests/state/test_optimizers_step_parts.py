"""The parts of one update: they are the optimizer's own buffers, and they add up."""

import dataclasses

import numpy as np
import pytest

from explorer.state.optimizers.config import OptimizersConfig
from explorer.state.optimizers.race import StepDetail
from explorer.state.optimizers.session import OptimizersSession
from explorer.state.optimizers.step_parts import step_parts

ALL = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
       "nadam", "adamax", "radam")  # fmt: skip


def parts_of(entry: str, step: int = 5):
    config = dataclasses.replace(OptimizersConfig(), ticked=(entry,), selected=entry, step=step)
    session = OptimizersSession(config)
    return session.step_parts(session.snapshot())


def test_every_entry_has_parts_whose_update_is_the_runs_own_move():
    for entry in ALL:
        parts = parts_of(entry)
        snapshot = OptimizersSession(
            dataclasses.replace(OptimizersConfig(), ticked=(entry,), selected=entry, step=5)
        ).snapshot()
        path = snapshot.selected.path
        np.testing.assert_allclose(parts.update, path[6] - path[5], rtol=1e-12, err_msg=entry)
        np.testing.assert_allclose(
            parts.plain, -parts.detail.lr * np.array(parts.detail.gradient), err_msg=entry
        )


def test_plain_sgd_is_its_gradient_step_with_no_direction_or_scale():
    parts = parts_of("sgd")
    np.testing.assert_allclose(parts.update, parts.plain, rtol=1e-12)
    assert parts.direction is None and parts.scale is None


def test_momentum_steps_along_its_buffer_and_nesterov_adds_the_look_ahead():
    heavy = parts_of("momentum")
    assert heavy.direction_label == "−γb"
    np.testing.assert_allclose(heavy.update, heavy.direction, rtol=1e-12)
    b = np.array(heavy.detail.state["momentum_buffer"])
    np.testing.assert_allclose(heavy.direction, -heavy.detail.lr * b, rtol=1e-12)
    ahead = parts_of("nesterov")
    assert ahead.direction_label == "−γμb" and ahead.tail_to_tip
    total = np.array(ahead.plain) + np.array(ahead.direction)
    np.testing.assert_allclose(ahead.update, total, rtol=1e-12)


@pytest.mark.parametrize("step", [1, 5, 40])
def test_adams_scale_is_one_over_root_v_hat_plus_eps_of_its_own_buffer(step):
    parts = parts_of("adam", step)
    t = parts.detail.step
    beta1, beta2 = 0.9, 0.999
    m = np.array(parts.detail.state["exp_avg"])
    v = np.array(parts.detail.state["exp_avg_sq"])
    lr = parts.detail.lr
    np.testing.assert_allclose(parts.direction, -lr * m / (1 - beta1**t), rtol=1e-12)
    np.testing.assert_allclose(parts.scale, 1 / (np.sqrt(v / (1 - beta2**t)) + 1e-8), rtol=1e-9)
    assert parts.exact_scale and parts.direction_label == "−γm/(1 − β₁ᵗ)"


def test_the_other_exact_scales_are_their_rules_factor():
    adagrad = parts_of("adagrad")
    s = np.array(adagrad.detail.state["sum"])
    np.testing.assert_allclose(adagrad.scale, 1 / (np.sqrt(s) + 1e-10), rtol=1e-9)
    rmsprop = parts_of("rmsprop")
    v = np.array(rmsprop.detail.state["square_avg"])
    np.testing.assert_allclose(rmsprop.scale, 1 / (np.sqrt(v) + 1e-8), rtol=1e-9)
    adamax = parts_of("adamax")
    u = np.array(adamax.detail.state["exp_inf"])
    np.testing.assert_allclose(adamax.scale, 1 / u, rtol=1e-9)
    assert not parts_of("radam").exact_scale


def test_maximize_flips_every_part():
    detail = StepDetail(
        3, (0.5, 0.1), (2.0, -1.0), 0.1, (0.3, -0.2), {"momentum_buffer": (3.0, -2.0)}
    )
    hyper = {"momentum": 0.9, "nesterov": False, "maximize": True}
    parts = step_parts("momentum", hyper, detail)
    assert parts.plain == pytest.approx((0.2, -0.1))
    assert parts.direction == pytest.approx((0.3, -0.2)) == parts.update

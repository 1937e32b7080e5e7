"""Learning-rate schedules: values by hand and torch.optim.lr_scheduler's own sequences."""

import math

import numpy as np
import pytest

from explorer.core import schedules


def test_values_by_hand():
    np.testing.assert_array_equal(schedules.get("constant").lrs(0.1, 3), [0.1, 0.1, 0.1])
    step = schedules.get("step", step_size=2, gamma=0.5).lrs(1.0, 5)
    np.testing.assert_array_equal(step, [1.0, 1.0, 0.5, 0.5, 0.25])
    np.testing.assert_allclose(schedules.get("exponential", gamma=0.9).lrs(2.0, 3), [2, 1.8, 1.62])
    cosine = schedules.get("cosine", T_max=4).lrs(1.0, 5)
    r = math.sqrt(0.5)
    np.testing.assert_allclose(cosine, [1, (1 + r) / 2, 0.5, (1 - r) / 2, 0], atol=1e-15)
    warm = schedules.get("warmup_cosine", warmup=2, start_factor=0.5).lrs(1.0, 4)
    np.testing.assert_allclose(warm, [0.5, 0.75, 1.0, 0.5], atol=1e-15)


def test_cosine_defaults_to_the_whole_run():
    lrs = schedules.get("cosine").lrs(1.0, 100)
    assert lrs[0] == 1.0 and lrs[50] == pytest.approx(0.5) and lrs[-1] < 1e-3


def _torch_lrs(torch, make, base, steps):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


TORCH_CASES = [
    ("step", dict(step_size=7, gamma=0.3), lambda S, o: S.StepLR(o, step_size=7, gamma=0.3)),
    ("exponential", dict(gamma=0.97), lambda S, o: S.ExponentialLR(o, gamma=0.97)),
    ("cosine", dict(T_max=40, eta_min=0.01),
     lambda S, o: S.CosineAnnealingLR(o, T_max=40, eta_min=0.01)),
    ("cosine", dict(T_max=25), lambda S, o: S.CosineAnnealingLR(o, T_max=25)),  # and past T_max
    ("warmup_cosine", dict(warmup=10, start_factor=0.1, eta_min=0.001),
     lambda S, o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=10),
                                     S.CosineAnnealingLR(o, T_max=50, eta_min=0.001)],
                                 milestones=[10])),
]  # fmt: skip


@pytest.mark.parametrize(("name", "params", "make"), TORCH_CASES)
def test_matches_torch(name, params, make):
    torch = pytest.importorskip("torch")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns about scheduler/optimizer call order
        expected = _torch_lrs(torch, lambda o: make(torch.optim.lr_scheduler, o), 0.3, 60)
    np.testing.assert_allclose(schedules.get(name, **params).lrs(0.3, 60), expected,
                               rtol=1e-9, atol=1e-12)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "params", "needle"),
    [("linear", {}, "unknown schedule"), ("step", dict(gamma=-1), "gamma"),
     ("step", dict(step_size=0), "step_size"), ("cosine", dict(gamma=0.5), "gamma"),
     ("warmup_cosine", dict(start_factor=0), "start_factor"),
     ("exponential", dict(gamma=float("nan")), "gamma")],
)  # fmt: skip
def test_bad_schedules_raise(name, params, needle):
    with pytest.raises(ValueError, match=needle):
        schedules.get(name, **params)

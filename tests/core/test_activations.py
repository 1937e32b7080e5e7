"""Tests of explorer.core.activations: every registry entry, without torch except where marked.

Correctness is proved by central finite differences, by values computed here from the
definitions (math.erf, math.exp) and published constants, and by checking each advertised UI
property (range, symmetry, monotonicity, smoothness, sup |f′|) against a dense grid.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest

from explorer.core import activations
from explorer.core.activations import SELU_ALPHA, SELU_SCALE, erf, erfc

# Non-default hyper-parameters for each entry that has any (a new entry with parameters must
# add a case here: test_every_parametrised_entry_has_a_non_default_case enforces it).
NON_DEFAULT = {
    "step": [{"values": 0.0}, {"values": 1.0}],
    "leaky_relu": [{"negative_slope": 0.2}, {"negative_slope": -0.5}, {"negative_slope": 1.0}],
    "elu": [{"alpha": 2.0}, {"alpha": 0.5}],
    "celu": [{"alpha": 2.0}, {"alpha": 0.5}],
    "softplus": [{"beta": 2.0}, {"beta": 0.5, "threshold": 3.0}],
    "gelu": [{"approximate": "tanh"}],
    "swish": [{"beta": 2.0}, {"beta": 0.0}],
    "hardtanh": [{"min_val": -2.0, "max_val": 0.5}, {"min_val": 0.5, "max_val": 3.0}],
}


def _cases():
    for name in activations.names():
        yield pytest.param(name, {}, id=name)
        for i, params in enumerate(NON_DEFAULT.get(name, [])):
            yield pytest.param(name, params, id=f"{name}-{i}")


CASES = list(_cases())


def kink_candidates(act) -> list[float]:
    """Points where a piecewise definition may switch: 0, ±3, 6, numeric parameter values."""
    points = {0.0, -3.0, 3.0, 6.0}
    p = act.params
    points.update(v for v in p.values() if isinstance(v, float))
    if "threshold" in p and "beta" in p:
        points.add(p["threshold"] / p["beta"])
    return sorted(points)


def away_from(points, x, gap=1e-3):
    keep = np.ones(x.shape, bool)
    for k in points:
        keep &= np.abs(x - k) > gap
    return x[keep]


DENSE = np.concatenate(
    [np.linspace(-20.0, 20.0, 400_001), np.geomspace(20.0, 1e4, 300), -np.geomspace(20.0, 1e4, 300)]
)
DENSE.sort()


# --- registry and metadata --------------------------------------------------------------------


def test_names_cover_the_required_entries_in_teaching_order():
    names = activations.names()
    required = {
        "identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "celu",
        "gelu", "silu", "swish", "mish", "softplus", "softsign", "hardsigmoid", "hardtanh",
        "hardswish", "relu6", "logsigmoid",
    }  # fmt: skip
    assert required <= set(names)
    assert len(names) == len(set(names))
    assert names[:4] == ["identity", "step", "sigmoid", "tanh"]


def test_every_parametrised_entry_has_a_non_default_case():
    for name in activations.names():
        if activations.get(name).param_specs:
            assert NON_DEFAULT.get(name), f"add non-default parameters for {name} to NON_DEFAULT"


@pytest.mark.parametrize("name, params", CASES)
def test_metadata_is_complete(name, params):
    act = activations.get(name, **params)
    assert act.name == name
    for text in (act.display_name, act.latex, act.formula):
        assert isinstance(text, str) and text
    assert [s.name for s in act.param_specs] == list(act.params)
    defaults = activations.get(name).params
    for spec in act.param_specs:
        assert defaults[spec.name] == spec.default
        assert spec.description
        if spec.choices is None:
            assert spec.min < spec.max
            assert spec.min <= spec.default <= spec.max
        else:
            assert spec.default in spec.choices
    for key, value in params.items():
        assert act.params[key] == value
    lo, hi = act.output_range
    assert lo < hi
    for flag in (act.zero_centred, act.monotonic, act.smooth):
        assert isinstance(flag, bool)
    assert act.max_abs_derivative >= 0.0
    twin = activations.get(name, **params)
    assert act == twin and hash(act) == hash(twin)
    assert repr(act).startswith(type(act).__name__ + "(")


@pytest.mark.parametrize("name", activations.names())
def test_every_slider_position_is_a_valid_parameter(name):
    specs = activations.get(name).param_specs
    ends = [s.choices if s.choices is not None else (s.min, s.max) for s in specs]
    for corner in itertools.product(*ends):
        activations.get(name, **{s.name: v for s, v in zip(specs, corner, strict=True)})


# --- derivatives ------------------------------------------------------------------------------


@pytest.mark.parametrize("name, params", CASES)
def test_derivative_matches_central_differences(name, params):
    act = activations.get(name, **params)
    rng = np.random.default_rng(0)
    x = away_from(kink_candidates(act), rng.uniform(-5.0, 5.0, 4000))
    h = 1e-5
    fd = (act.forward(x + h) - act.forward(x - h)) / (2 * h)
    d = act.derivative(x)
    rel = np.abs(fd - d) / np.maximum(np.abs(d), 1e-3)
    i = rel.argmax()
    assert rel[i] < 1e-6, f"worst at x={x[i]}: finite difference {fd[i]}, derivative {d[i]}"


@pytest.mark.parametrize("name, params", CASES)
def test_derivative_from_stored_output_is_the_same(name, params):
    act = activations.get(name, **params)
    x = np.concatenate([np.linspace(-8.0, 8.0, 3201), kink_candidates(act)])
    np.testing.assert_allclose(act.derivative(x, act.forward(x)), act.derivative(x), 1e-12, 1e-15)


KINKS = [  # (name, params, x, f′(x)) as PyTorch 2.13 autograd gives them
    ("relu", {}, 0.0, 0.0),
    ("leaky_relu", {}, 0.0, 0.01),
    ("leaky_relu", {"negative_slope": 0.2}, 0.0, 0.2),
    ("elu", {}, 0.0, 1.0),
    ("elu", {"alpha": 2.0}, 0.0, 2.0),
    ("selu", {}, 0.0, SELU_SCALE * SELU_ALPHA),
    ("celu", {"alpha": 2.0}, 0.0, 1.0),
    ("hardtanh", {}, -1.0, 0.0),
    ("hardtanh", {}, 1.0, 0.0),
    ("hardtanh", {}, 0.0, 1.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, -2.0, 0.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, 0.5, 0.0),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("relu6", {}, 3.0, 1.0),
    ("hardsigmoid", {}, -3.0, 0.0),
    ("hardsigmoid", {}, 3.0, 0.0),
    ("hardsigmoid", {}, 0.0, 1.0 / 6.0),
    ("hardswish", {}, -3.0, 0.0),
    ("hardswish", {}, 3.0, 1.0),
    ("hardswish", {}, 0.0, 0.5),
    ("softplus", {}, 21.0, 1.0),  # βx > threshold: the linear branch
    ("softplus", {"beta": 2.0, "threshold": 10.0}, 5.5, 1.0),
    ("softplus", {}, 0.0, 0.5),
    ("step", {}, 0.0, 0.0),
    ("step", {}, 1.0, 0.0),
    ("sigmoid", {}, 0.0, 0.25),
    ("tanh", {}, 0.0, 1.0),
    ("gelu", {}, 0.0, 0.5),
    ("gelu", {"approximate": "tanh"}, 0.0, 0.5),
    ("silu", {}, 0.0, 0.5),
    ("mish", {}, 0.0, 0.6),
    ("softsign", {}, 0.0, 1.0),
    ("logsigmoid", {}, 0.0, 0.5),
]


@pytest.mark.parametrize("name, params, x, expected", KINKS)
def test_derivative_at_kinks(name, params, x, expected):
    act = activations.get(name, **params)
    assert act.derivative(np.array([x]))[0] == pytest.approx(expected, rel=1e-15, abs=1e-300)
    assert act.derivative(np.array([x], np.float32))[0] == pytest.approx(expected, rel=1e-7)


def test_softplus_threshold_switches_to_identity():
    sp = activations.get("softplus", beta=2.0, threshold=10.0)
    x = np.array([5.0, 5.0 + 1e-9, 4.0])
    y = sp.forward(x)
    assert y[1] == x[1]  # 2·x > 10: exactly x
    assert y[0] == pytest.approx(math.log1p(math.exp(10.0)) / 2.0, rel=1e-15)  # at threshold
    assert sp.derivative(x)[0] == pytest.approx(1.0 / (1.0 + math.exp(-10.0)), rel=1e-15)


# --- known values -----------------------------------------------------------------------------


def test_selu_uses_the_published_constants():
    assert SELU_ALPHA == 1.6732632423543772848170429916717
    assert SELU_SCALE == 1.0507009873554804934193349852946
    selu = activations.get("selu")
    y = selu.forward(np.array([1.0, -1.0, -50.0]))
    assert y[0] == SELU_SCALE
    assert y[1] == pytest.approx(SELU_SCALE * SELU_ALPHA * math.expm1(-1.0), rel=1e-15)
    assert y[2] == pytest.approx(-SELU_SCALE * SELU_ALPHA, rel=1e-15)


@pytest.mark.parametrize("x", [-6.0, -3.0, -1.5, -0.7, -1e-8, 0.0, 0.3, 1.0, 2.5, 5.0])
def test_gelu_matches_its_definition(x):
    exact = 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0)))
    assert activations.get("gelu").forward(np.array([x]))[0] == pytest.approx(exact, 1e-14, 1e-16)
    k = math.sqrt(2.0 / math.pi)
    approx = 0.5 * x * (1.0 + math.tanh(k * (x + 0.044715 * x**3)))
    tanh_gelu = activations.get("gelu", approximate="tanh")
    assert tanh_gelu.forward(np.array([x]))[0] == pytest.approx(approx, 1e-14, 1e-16)


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero():
    s = activations.get("sigmoid")
    d = s.derivative(DENSE)
    assert d.max() == 0.25 and DENSE[d.argmax()] == 0.0


@pytest.mark.parametrize("name, x, expected", [
    ("identity", 2.5, 2.5), ("sigmoid", math.log(3.0), 0.75), ("tanh", math.log(2.0), 0.6),
    ("relu", -2.0, 0.0), ("leaky_relu", -2.0, -0.02), ("elu", -1.0, math.expm1(-1.0)),
    ("softplus", 0.0, math.log(2.0)), ("softsign", 3.0, 0.75), ("hardsigmoid", 1.5, 0.75),
    ("hardtanh", 2.0, 1.0), ("hardswish", -1.5, -0.375), ("relu6", 7.0, 6.0),
    ("logsigmoid", 0.0, -math.log(2.0)), ("silu", 1.0, 1.0 / (1.0 + math.exp(-1.0))),
    ("mish", 1.0, math.tanh(math.log1p(math.e))), ("step", 0.0, 0.5), ("step", -1e-300, 0.0),
])  # fmt: skip
def test_hand_computed_values(name, x, expected):
    assert activations.get(name).forward(np.array([x]))[0] == pytest.approx(expected, 1e-15, 1e-300)


def test_erf_matches_math_erf_on_a_wide_grid():
    x = np.concatenate([
        np.linspace(-10.0, 10.0, 40_001), np.geomspace(1e-300, 30.0, 2000),
        -np.geomspace(1e-300, 30.0, 2000), [0.46875, -0.46875, 4.0, -4.0, 1e3, -1e3],
    ])  # fmt: skip
    ref = np.array([math.erf(v) for v in x])
    assert np.max(np.abs(erf(x) - ref)) < 1e-14
    ref_c = np.array([math.erfc(v) for v in x])
    pos = ref_c > 1e-300
    assert np.max(np.abs(erfc(x)[pos] - ref_c[pos]) / ref_c[pos]) < 1e-13
    assert erf(np.float32(0.5)).dtype == np.float32
    assert abs(float(erf(np.float32(0.5))) - math.erf(0.5)) < 1e-7


# --- advertised properties, checked on a dense grid --------------------------------------------


@pytest.mark.parametrize("name, params", CASES)
def test_output_range_is_tight(name, params):
    act = activations.get(name, **params)
    y = act.forward(DENSE)
    lo, hi = act.output_range
    assert y.min() >= lo - 1e-12 and y.max() <= hi + 1e-12
    assert (y.min() - lo < 1e-3) if math.isfinite(lo) else (y.min() < -50.0)
    assert (hi - y.max() < 1e-3) if math.isfinite(hi) else (y.max() > 50.0)


@pytest.mark.parametrize("name, params", CASES)
def test_max_abs_derivative_is_the_supremum(name, params):
    act = activations.get(name, **params)
    sup = np.abs(act.derivative(DENSE)).max()
    assert sup <= act.max_abs_derivative * (1 + 1e-12)
    assert sup >= act.max_abs_derivative - 1e-3


@pytest.mark.parametrize("name, params", CASES)
def test_zero_centred_means_odd(name, params):
    act = activations.get(name, **params)
    odd = np.allclose(act.forward(-DENSE), -act.forward(DENSE), rtol=1e-12, atol=1e-15)
    assert odd == act.zero_centred


@pytest.mark.parametrize("name, params", CASES)
def test_monotonic_flag(name, params):
    act = activations.get(name, **params)
    steps = np.diff(act.forward(DENSE))
    assert (steps.min() >= -1e-12) == act.monotonic


@pytest.mark.parametrize("name, params", CASES)
def test_smooth_flag_means_continuous_derivative(name, params):
    act = activations.get(name, **params)
    k = np.array(kink_candidates(act))
    d = 1e-7
    jump_f = np.abs(act.forward(k + d) - act.forward(k - d)).max()
    jump_df = np.abs(act.derivative(k + d) - act.derivative(k - d)).max()
    assert (jump_f < 1e-5 and jump_df < 1e-5) == act.smooth


# --- numerics, dtypes, shapes -------------------------------------------------------------------

EXTREMES = [-1e3, -700.0, -100.0, -30.0, -20.5, -1e-3, -0.0, 0.0, 1e-3, 20.5, 30.0, 100.0, 1e3]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, params", CASES)
def test_stable_at_large_inputs(name, params, dtype):
    act = activations.get(name, **params)
    x = np.array(EXTREMES, dtype=dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y = act.forward(x)
        d1, d2 = act.derivative(x), act.derivative(x, y)
    for a in (y, d1, d2):
        assert a.dtype == dtype and a.shape == x.shape
        assert np.all(np.isfinite(a))
    assert np.all(np.abs(d1) <= act.max_abs_derivative * (1 + 1e-6))
    lo, hi = act.output_range
    assert np.all((y >= lo - 1e-6) & (y <= hi + 1e-6))


@pytest.mark.parametrize("name, params", CASES)
def test_float32_agrees_with_float64(name, params):
    act = activations.get(name, **params)
    x = np.linspace(-8.0, 8.0, 1601) + 0.0123  # off the kinks
    for f in (act.forward, act.derivative):
        np.testing.assert_allclose(f(x.astype(np.float32)), f(x), rtol=2e-6, atol=2e-6)


@pytest.mark.parametrize("name", activations.names())
def test_shapes_scalars_and_integer_input(name):
    act = activations.get(name)
    x = np.linspace(-2.0, 2.0, 24).reshape(2, 3, 4)
    assert act.forward(x).shape == (2, 3, 4) and act.derivative(x).shape == (2, 3, 4)
    s = act.forward(0.5)
    assert isinstance(s, np.ndarray) and s.shape == () and s.dtype == np.float64
    assert act.derivative(np.float32(0.5)).dtype == np.float32
    assert act.forward(np.array([1, 2])).dtype == np.float64
    x_copy = x.copy()
    act.derivative(x, act.forward(x))
    np.testing.assert_array_equal(x, x_copy)  # inputs are never written to


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, params, message", [
    ("celu", {"alpha": 0.0}, "alpha"),
    ("celu", {"alpha": -1.0}, "alpha"),
    ("softplus", {"beta": 0.0}, "beta"),
    ("softplus", {"beta": -1.0}, "beta"),
    ("hardtanh", {"min_val": 1.0, "max_val": 1.0}, "min_val"),
    ("hardtanh", {"min_val": 2.0}, "min_val"),
    ("elu", {"alpha": -0.5}, "alpha"),
    ("swish", {"beta": -1.0}, "beta"),
    ("step", {"values": 2.0}, "values"),
    ("gelu", {"approximate": "erf"}, "approximate"),
    ("leaky_relu", {"negative_slope": "0.1"}, "negative_slope"),
    ("leaky_relu", {"negative_slope": float("nan")}, "negative_slope"),
    ("leaky_relu", {"negative_slope": True}, "negative_slope"),
])  # fmt: skip
def test_invalid_parameter_values_are_rejected(name, params, message):
    with pytest.raises(ValueError, match=message):
        activations.get(name, **params)


def test_unknown_names_and_parameters_list_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'swishy'.*relu.*gelu"):
        activations.get("swishy")
    with pytest.raises(ValueError, match=r"slope.*valid parameters: negative_slope"):
        activations.get("leaky_relu", slope=0.1)
    with pytest.raises(ValueError, match=r"valid parameters: \(none\)"):
        activations.get("relu", inplace=True)


def test_derivative_rejects_output_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"shape"):
        activations.get("tanh").derivative(np.zeros(3), np.zeros(4))


# --- PyTorch cross-checks (skipped without torch) ----------------------------------------------


def _torch_reference(name, params):
    """torch function for an entry (``None`` if torch has no such activation)."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    p = dict(params)
    table = {
        "identity": lambda t: t * 1.0,
        "step": lambda t: torch.heaviside(t, torch.tensor(p.get("values", 0.5), dtype=t.dtype)),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": F.relu,
        "leaky_relu": lambda t: F.leaky_relu(t, **p),
        "elu": lambda t: F.elu(t, **p),
        "selu": F.selu,
        "celu": lambda t: F.celu(t, **p),
        "softplus": lambda t: F.softplus(t, **p),
        "gelu": lambda t: F.gelu(t, **p),
        "silu": F.silu,
        # torch has no Swish(β); its definition written with torch ops
        "swish": lambda t: t * torch.sigmoid(p.get("beta", 1.0) * t),
        "mish": F.mish,
        "softsign": F.softsign,
        "hardtanh": lambda t: F.hardtanh(t, **p),
        "relu6": F.relu6,
        "hardsigmoid": F.hardsigmoid,
        "hardswish": F.hardswish,
        "logsigmoid": F.logsigmoid,
    }
    return table.get(name)


def _torch_value_and_grad(fn, x):
    torch = pytest.importorskip("torch")
    t = torch.tensor(x, requires_grad=True)
    y = fn(t)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


def test_every_entry_has_a_torch_reference():
    pytest.importorskip("torch")
    for name in activations.names():
        assert _torch_reference(name, {}) is not None, f"add {name} to _torch_reference"


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, params", CASES)
def test_forward_and_derivative_match_torch(name, params, dtype):
    fn = _torch_reference(name, params)
    act = activations.get(name, **params)
    x = np.concatenate([np.linspace(-8.0, 8.0, 1601), kink_candidates(act), EXTREMES])
    x = x.astype(dtype)
    if name == "step":  # torch.heaviside has no derivative: autograd refuses
        torch = pytest.importorskip("torch")
        with pytest.raises(RuntimeError, match="not implemented"):
            _torch_value_and_grad(fn, x)
        y_ref = fn(torch.tensor(x)).numpy()
        np.testing.assert_array_equal(act.forward(x), y_ref)
        return
    y_ref, d_ref = _torch_value_and_grad(fn, x)
    tol = dict(rtol=1e-12, atol=1e-14) if dtype == np.float64 else dict(rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(act.forward(x), y_ref, **tol)
    if name == "hardsigmoid" and dtype == np.float64:
        tol = dict(rtol=1e-7)  # torch's backward rounds the slope 1/6 to float32
    np.testing.assert_allclose(act.derivative(x), d_ref, **tol)


# torch.heaviside has no derivative (test_forward_and_derivative_match_torch checks it refuses)
@pytest.mark.parametrize("name, params, x, expected", [k for k in KINKS if k[0] != "step"])
def test_kink_table_is_what_torch_autograd_gives(name, params, x, expected):
    fn = _torch_reference(name, params)
    _, d = _torch_value_and_grad(fn, np.array([x]))
    assert d[0] == pytest.approx(expected, rel=1e-7)

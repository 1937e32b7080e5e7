"""f(x, y) typed by a user: values, exact gradients against finite differences and torch."""

import numpy as np
import pytest

from explorer.core.expression_grad import parse_xy

EXPRESSIONS = [
    "x**2 + 3*y**2", "(1 - x)**2 + 100*(y - x**2)**2", "sin(3*x) * exp(-y**2)",
    "x*y / (1 + x**2 + y**2)", "sqrt(x**2 + y**2 + 1)", "log(1 + x**2) + log10(2 + y**2)",
    "tanh(x - y) + sigmoid(2*y)", "abs(x) + relu(y) * 2", "cos(x) ** 2 + tan(y / 3)",
    "arctan(x) + arcsin(y / 4) + arccos(x / 5)", "sinh(x / 2) * cosh(y / 3)",
    "maximum(x, y) + minimum(x, 2*y)", "clip(x, -1, 1) + clip(y, -0.5, 2) * x",
    "where(x > y, x**2, y**3)", "(x > 0) * x + sign(y) + floor(x) + ceil(y)",
    "2 ** x + x ** y", "-x + +y - pi * e", "exp(x) ** 0.5 / (2 + y**2) ** 1.5",
]  # fmt: skip


def _points(n=60, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(0.1, 1.9, n) * rng.choice([-1, 1], n), rng.uniform(-1.9, 1.9, n)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_gradient_matches_central_differences(text):
    f = parse_xy(text)
    x, y = _points()
    if "x ** y" in text:
        x = np.abs(x)
    fx, fy = f.gradient(x, y)
    h = 1e-6
    nx = (f.value(x + h, y) - f.value(x - h, y)) / (2 * h)
    ny = (f.value(x, y + h) - f.value(x, y - h)) / (2 * h)
    # away from kinks and jumps (where differences and derivatives disagree by design)
    smooth = np.isfinite(nx) & np.isfinite(ny) & (np.abs(nx) < 1e6) & (np.abs(ny) < 1e6)
    smooth &= (np.abs(x - y) > 1e-3) & (np.abs(x - 2 * y) > 1e-3)
    smooth &= np.abs(x - np.round(x)) > 1e-3
    assert smooth.sum() > 30
    scale = np.maximum(1.0, np.abs(fx[smooth]))
    assert np.max(np.abs(fx[smooth] - nx[smooth]) / scale) < 1e-6
    scale = np.maximum(1.0, np.abs(fy[smooth]))
    assert np.max(np.abs(fy[smooth] - ny[smooth]) / scale) < 1e-6


def test_values_and_exact_gradients_by_hand():
    f = parse_xy("x**2 + 3*sin(y)")
    assert f.value(2.0, 0.0) == 4.0
    fx, fy = f.gradient(np.array([2.0]), np.array([0.5]))
    assert fx[0] == 4.0 and fy[0] == 3 * np.cos(0.5)
    fx, fy = parse_xy("7").gradient(np.zeros(3), np.zeros(3))
    assert fx.shape == (3,) and np.all(fx == 0) and np.all(fy == 0)


@pytest.mark.parametrize(
    ("text", "point", "expected"),
    [("abs(x) + relu(y)", (0.0, 0.0), (0.0, 0.0)),  # torch: 0 at the kink
     ("maximum(x, y)", (1.0, 1.0), (0.5, 0.5)),  # a tie splits the gradient
     ("clip(x, -1, 1) + y", (1.0, 0.0), (1.0, 1.0)),  # clamp passes it at its bounds
     ("x ** 0 + 0 ** y", (0.0, 1.0), (0.0, 0.0)),
     ("where(x > 0, x, 2*y)", (-1.0, 1.0), (0.0, 2.0))],
)  # fmt: skip
def test_kinks_follow_autograd(text, point, expected):
    fx, fy = parse_xy(text).gradient(np.array([point[0]]), np.array([point[1]]))
    assert (fx[0], fy[0]) == expected


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_gradient_matches_torch_autograd(text):
    torch = pytest.importorskip("torch")
    x, y = _points(20, seed=1)
    if "x ** y" in text:
        x = np.abs(x)
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    env = {"x": tx, "y": ty, "pi": np.pi, "e": np.e, "sin": torch.sin, "cos": torch.cos,
           "tan": torch.tan, "exp": torch.exp, "log": torch.log, "log10": torch.log10,
           "sqrt": torch.sqrt, "abs": torch.abs, "tanh": torch.tanh, "sinh": torch.sinh,
           "cosh": torch.cosh, "arctan": torch.arctan, "arcsin": torch.arcsin,
           "arccos": torch.arccos, "sigmoid": torch.sigmoid, "relu": torch.relu,
           "sign": torch.sign, "floor": torch.floor, "ceil": torch.ceil,
           "maximum": lambda a, b: torch.maximum(torch.as_tensor(a), torch.as_tensor(b)),
           "minimum": lambda a, b: torch.minimum(torch.as_tensor(a), torch.as_tensor(b)),
           "clip": lambda a, lo, hi: torch.clamp(a, lo, hi),
           "where": lambda c, a, b: torch.where(torch.as_tensor(c) != 0, a, b)}  # fmt: skip
    out = eval(text, {"__builtins__": {}}, env)  # the test's own fixed texts, never user text
    torch.as_tensor(out).sum().backward()
    fx, fy = parse_xy(text).gradient(x, y)
    gx = tx.grad.numpy() if tx.grad is not None else np.zeros_like(x)
    gy = ty.grad.numpy() if ty.grad is not None else np.zeros_like(y)
    np.testing.assert_allclose(fx, gx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fy, gy, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("text", "needle"),
    [("x + z", "unknown name 'z'"), ("x +", "syntax error"), ("__import__('os')", "unknown"),
     ("x.real", "attribute"), ("y(2)", "not a function")],
)  # fmt: skip
def test_bad_input_gets_the_parsers_message(text, needle):
    with pytest.raises(ValueError, match=needle):
        parse_xy(text)


@pytest.mark.parametrize(
    "text",
    ["__import__('os').system('true')", "open('x')", "eval('1')", "x.__class__", "x[0]",
     "lambda: 1", "[1, 2]", "x if y else 1", "x and y", "x @ y", "x ^ 2", "x == y", "True",
     "sin(x=1)", "x(2)", "import os", "x = 1", "", "x" * 501],
)  # fmt: skip
def test_everything_off_the_whitelist_raises(text, monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec must never be used")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    with pytest.raises(ValueError):
        parse_xy(text)

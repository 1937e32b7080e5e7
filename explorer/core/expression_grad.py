"""A typed f(x, y) with its exact gradient: forward-mode differentiation of the parsed tree.

The text goes through the same safe parser as one-variable formulas
(:func:`explorer.core.expression.parse_tree`, whitelist, no ``eval``); then every node of the
checked tree is turned into a closure that returns its value *and* its partial derivatives
(dual numbers, one tangent per variable), by the chain rule::

    f = parse_xy("x**2 + 3*sin(y)")
    f.value(x, y)                 # ndarray, shape of x and y broadcast
    fx, fy = f.gradient(x, y)     # ∂f/∂x = 2x, ∂f/∂y = 3 cos y, exactly (no finite differences)

At kinks the derivative is autograd's: ``abs′(0) = 0``, ``relu′(0) = 0``, ``sign``,
``floor``, ``ceil`` and comparisons have derivative 0, ``maximum``/``minimum`` split the
gradient equally on a tie, ``clip`` passes it where ``low ≤ a ≤ high``, ``where`` to the branch
taken. A known-zero derivative is kept as None, so constants cost nothing.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable

import numpy as np

from explorer.core.expression import _BINARY, _COMPARE, CONSTANTS, FUNCTIONS, parse_tree

Grad = tuple  # one array (or None: zero) per variable
Dual = tuple[np.ndarray, Grad]
DualNode = Callable[[tuple[np.ndarray, ...]], Dual]

_LN10 = math.log(10.0)


def _scale(grads: Grad, factor) -> Grad:
    return tuple(None if g is None else g * factor for g in grads)


def _add(a: Grad, b: Grad, sign: float = 1.0) -> Grad:
    out = []
    for ga, gb in zip(a, b, strict=True):
        if gb is None:
            out.append(ga)
        elif ga is None:
            out.append(gb if sign > 0 else -gb)
        else:
            out.append(ga + gb if sign > 0 else ga - gb)
    return tuple(out)


def _mask(grads: Grad, condition) -> Grad:
    return tuple(None if g is None else np.where(condition, g, 0.0) for g in grads)


#: f′(a) from a and f(a), for the one-argument functions
_DERIVATIVES: dict[str, Callable] = {
    "sin": lambda a, v: np.cos(a),
    "cos": lambda a, v: -np.sin(a),
    "tan": lambda a, v: 1.0 + v * v,
    "exp": lambda a, v: v,
    "log": lambda a, v: 1.0 / a,
    "log10": lambda a, v: 1.0 / (a * _LN10),
    "sqrt": lambda a, v: 0.5 / v,  # torch: grad / (2·result), ∞ at 0
    "abs": lambda a, v: np.sign(a),  # 0 at 0, as torch
    "tanh": lambda a, v: 1.0 - v * v,
    "sinh": lambda a, v: np.cosh(a),
    "cosh": lambda a, v: np.sinh(a),
    "arctan": lambda a, v: 1.0 / (1.0 + a * a),
    "arcsin": lambda a, v: 1.0 / np.sqrt(1.0 - a * a),
    "arccos": lambda a, v: -1.0 / np.sqrt(1.0 - a * a),
    "sigmoid": lambda a, v: v * (1.0 - v),
    "relu": lambda a, v: (a > 0).astype(v.dtype),  # 0 at 0, as torch
}
_FLAT = frozenset({"sign", "floor", "ceil"})  # derivative 0 wherever it exists


class _DualBuilder:
    """Turns a tree that passed the whitelist into closures returning (value, gradient)."""

    def __init__(self, variables: tuple[str, ...]) -> None:
        self.variables = variables
        self.none = (None,) * len(variables)

    def build(self, node: ast.AST) -> DualNode:
        if isinstance(node, ast.Constant):
            number = float(node.value)
            return lambda env: (env[0].dtype.type(number), self.none)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return operand

            def negative(env):
                v, g = operand(env)
                return np.negative(v), _scale(g, -1.0)

            return negative
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        return self.call(node)

    def name(self, node: ast.Name) -> DualNode:
        if node.id in CONSTANTS:
            number = CONSTANTS[node.id]
            return lambda env: (env[0].dtype.type(number), self.none)
        index = self.variables.index(node.id)

        def variable(env):
            ones = np.ones_like(env[index])
            return env[index], tuple(ones if i == index else None for i in range(len(env)))

        return variable

    def binary(self, node: ast.BinOp) -> DualNode:
        left, right, op = self.build(node.left), self.build(node.right), type(node.op)
        value_op = _BINARY[op]

        def evaluate(env):
            a, ga = left(env)
            b, gb = right(env)
            v = value_op(a, b)
            if op is ast.Add:
                return v, _add(ga, gb)
            if op is ast.Sub:
                return v, _add(ga, gb, -1.0)
            if op is ast.Mult:
                return v, _add(_scale(ga, b), _scale(gb, a))
            if op is ast.Div:
                return v, _add(_scale(ga, 1.0 / b), _scale(gb, -a / (b * b)))
            # a ** b: b·a^(b−1)·a′ (0 where b = 0, as torch) + a^b·ln a·b′ (0 where a = 0 ≤ b)
            grad = _scale(ga, np.where(b == 0, 0.0, b * np.power(a, b - 1.0)))
            if any(g is not None for g in gb):
                log_term = np.where((a == 0) & (b >= 0), 0.0, v * np.log(a))
                grad = _add(grad, _scale(gb, log_term))
            return v, grad

        return evaluate

    def compare(self, node: ast.Compare) -> DualNode:
        terms = [self.build(node.left)] + [self.build(c) for c in node.comparators]
        ops = [_COMPARE[type(op)] for op in node.ops]

        def evaluate(env):
            values = [term(env)[0] for term in terms]
            result = ops[0](values[0], values[1])
            for k in range(1, len(ops)):
                result = np.logical_and(result, ops[k](values[k], values[k + 1]))
            return np.asarray(result).astype(env[0].dtype), self.none

        return evaluate

    def call(self, node: ast.Call) -> DualNode:
        name = node.func.id
        impl = FUNCTIONS[name][1]
        args = [self.build(arg) for arg in node.args]
        if name in _DERIVATIVES or name in _FLAT:
            (only,) = args
            derivative = _DERIVATIVES.get(name)

            def unary(env):
                a, g = only(env)
                v = impl(a)
                if derivative is None:
                    return v, self.none
                return v, _scale(g, derivative(a, v))

            return unary
        return {"minimum": self.extremum, "maximum": self.extremum, "clip": self.clip,
                "where": self.where}[name](name, impl, args)  # fmt: skip

    def extremum(self, name, impl, args) -> DualNode:
        first, second = args

        def evaluate(env):
            (a, ga), (b, gb) = first(env), second(env)
            pick_a = a < b if name == "minimum" else a > b
            tie = a == b  # torch splits the gradient equally on a tie
            weight_a = np.where(tie, 0.5, pick_a.astype(float))
            return impl(a, b), _add(_scale(ga, weight_a), _scale(gb, 1.0 - weight_a))

        return evaluate

    def clip(self, name, impl, args) -> DualNode:
        value, low, high = args

        def evaluate(env):
            (a, ga), (lo, glo), (hi, ghi) = value(env), low(env), high(env)
            inside = (a >= lo) & (a <= hi)
            grad = _add(_add(_mask(ga, inside), _mask(glo, a < lo)), _mask(ghi, a > hi))
            return impl(a, lo, hi), grad

        return evaluate

    def where(self, name, impl, args) -> DualNode:
        condition, if_true, if_false = args

        def evaluate(env):
            c = condition(env)[0] != 0
            (a, ga), (b, gb) = if_true(env), if_false(env)
            return impl(c, a, b), _add(_mask(ga, c), _mask(gb, ~c))

        return evaluate


class ExpressionXY:
    """A typed ``f(x, y)``: ``value(x, y)`` and its exact ``gradient(x, y)``."""

    variables = ("x", "y")

    def __init__(self, text: str) -> None:
        self.text, tree, self._value = parse_tree(text, self.variables)
        self._dual = _DualBuilder(self.variables).build(tree)

    @staticmethod
    def _env(x, y) -> tuple[np.ndarray, np.ndarray]:
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        return x, y

    def value(self, x, y) -> np.ndarray:
        """f at (x, y): arrays broadcast together → array of their shape (NaN where undefined)."""
        env = self._env(x, y)
        with np.errstate(all="ignore"):
            return np.broadcast_to(self._value(env), env[0].shape).astype(float)

    def gradient(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """(∂f/∂x, ∂f/∂y) at (x, y), each of the broadcast shape."""
        env = self._env(x, y)
        with np.errstate(all="ignore"):
            _value, grads = self._dual(env)
        shape = env[0].shape
        return tuple(
            np.zeros(shape) if g is None else np.broadcast_to(g, shape).astype(float) for g in grads
        )

    def __repr__(self) -> str:
        return f"ExpressionXY({self.text!r})"


def parse_xy(text: str) -> ExpressionXY:
    """Parse ``f(x, y)`` safely (the parser's whitelist; ValueError says what and where)."""
    return ExpressionXY(text)

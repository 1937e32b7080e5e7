"""A safe parser for one-variable formulas typed by a user, e.g. ``"sin(3*x) * exp(-x**2)"``.

The text is parsed with :func:`ast.parse` into a syntax tree — which only *reads* it, nothing
runs — and every node is checked against a whitelist: numbers, the variable, the constants
``pi`` and ``e``, ``+ - * / **``, unary ``±``, the comparisons ``< <= > >=`` (giving 0 or 1),
and calls of the functions in :data:`FUNCTIONS`. The checked tree is turned into nested
NumPy closures; the text is never given to ``eval``/``exec``/``compile``. Anything else
(attribute access, other calls, subscripts, strings, lambdas, ...) raises ``ValueError``
saying what and at which column (1-based) of the text.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable

import numpy as np

from explorer.core.expression_errors import explain

MAX_LENGTH = 500  #: longest accepted text, in characters
MAX_DEPTH = 100  #: deepest accepted nesting of operations and calls


def _sigmoid(x):
    # exp of −|x| only, so no overflow and no cancellation for large |x|
    e = np.exp(-np.abs(x))
    return np.where(np.greater_equal(x, 0), 1 / (1 + e), e / (1 + e))


#: name → (number of arguments, NumPy implementation)
FUNCTIONS: dict[str, tuple[int, Callable]] = {
    "sin": (1, np.sin),
    "cos": (1, np.cos),
    "tan": (1, np.tan),
    "exp": (1, np.exp),
    "log": (1, np.log),
    "log10": (1, np.log10),
    "sqrt": (1, np.sqrt),
    "abs": (1, np.abs),
    "tanh": (1, np.tanh),
    "sinh": (1, np.sinh),
    "cosh": (1, np.cosh),
    "arctan": (1, np.arctan),
    "arcsin": (1, np.arcsin),
    "arccos": (1, np.arccos),
    "sigmoid": (1, _sigmoid),
    "relu": (1, lambda a: np.maximum(a, 0)),
    "sign": (1, np.sign),
    "floor": (1, np.floor),
    "ceil": (1, np.ceil),
    "minimum": (2, np.minimum),
    "maximum": (2, np.maximum),
    "clip": (3, np.clip),  # clip(a, low, high)
    "where": (3, lambda c, a, b: np.where(np.not_equal(c, 0), a, b)),  # c ≠ 0 ? a : b
}
CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide,
           ast.Pow: np.power}  # fmt: skip
_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal}
_SYMBOL = {ast.BitXor: "^", ast.MatMult: "@", ast.Mod: "%", ast.FloorDiv: "//", ast.BitAnd: "&",
           ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>", ast.Eq: "==", ast.NotEq: "!=",
           ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
           ast.Invert: "~", ast.Not: "not"}  # fmt: skip
_FORBIDDEN = {
    ast.Subscript: "indexing with [...] is", ast.Lambda: "lambda is",
    ast.IfExp: "'if ... else' is", ast.BoolOp: "'and' / 'or' are",
    ast.ListComp: "comprehensions are", ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are", ast.GeneratorExp: "comprehensions are",
    ast.List: "lists are", ast.Tuple: "tuples are", ast.Set: "sets are", ast.Dict: "dicts are",
    ast.JoinedStr: "strings are", ast.NamedExpr: "assignment (:=) is",
    ast.Starred: "unpacking (*) is", ast.Slice: "slices are",
}  # fmt: skip

#: a checked node: the values of the variables (one array each, same shape) → its value
Node = Callable[[tuple[np.ndarray, ...]], np.ndarray]


class _Builder:
    """Checks a syntax tree against the whitelist and turns it into NumPy closures."""

    def __init__(self, text: str, offset: int, variables: tuple[str, ...]) -> None:
        self.text, self.offset, self.variables = text, offset, variables
        self.encoded = text.encode("utf-8")

    def column(self, byte_offset: int) -> int:
        """1-based character column in the user's text of a byte offset in ``text``."""
        return len(self.encoded[:byte_offset].decode("utf-8", "replace")) + 1 + self.offset

    def fail(self, what: str, byte_offset: int) -> ValueError:
        return ValueError(f"{what} at column {self.column(byte_offset)}")

    def known(self) -> str:
        return ", ".join([*self.variables, *CONSTANTS, *FUNCTIONS])

    def build(self, node: ast.AST, depth: int = 0) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(
                f"expression is nested too deeply (more than {MAX_DEPTH} levels)", node.col_offset
            )
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Attribute):
            at = node.end_col_offset - len(node.attr) - 1
            raise self.fail(f"attribute access ('.{node.attr}') is not allowed", at)
        what = _FORBIDDEN.get(type(node), f"{type(node).__name__} is")
        hint = "; use where(condition, a, b)" if isinstance(node, ast.IfExp) else ""
        raise ValueError(f"{what} not allowed at column {self.column(node.col_offset)}{hint}")

    def constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, str | bytes):
            raise self.fail("strings are not allowed", node.col_offset)
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise self.fail(f"{value!r} is not allowed (only numbers)", node.col_offset)
        if isinstance(value, complex):
            raise self.fail("complex numbers are not allowed", node.col_offset)
        try:
            number = float(value)
        except OverflowError:
            raise self.fail("number too large", node.col_offset) from None
        return lambda env: env[0].dtype.type(number)

    def name(self, node: ast.Name) -> Node:
        if node.id in self.variables:
            index = self.variables.index(node.id)
            return lambda env: env[index]
        if node.id in CONSTANTS:
            number = CONSTANTS[node.id]
            return lambda env: env[0].dtype.type(number)
        if node.id in FUNCTIONS:
            raise self.fail(
                f"function '{node.id}' must be called, e.g. {node.id}({self.variables[0]})",
                node.col_offset,
            )
        raise ValueError(
            f"unknown name '{node.id}' at column {self.column(node.col_offset)}; "
            f"known: {self.known()}"
        )

    def operator_column(self, node: ast.AST, left: ast.AST, symbol: str) -> int:
        """Byte offset of an operator symbol between ``left`` and the next operand."""
        at = self.encoded.find(symbol.encode(), left.end_col_offset)
        return at if at >= 0 else node.col_offset

    def binary(self, node: ast.BinOp, depth: int) -> Node:
        op = _BINARY.get(type(node.op))
        if op is None:
            symbol = _SYMBOL.get(type(node.op), type(node.op).__name__)
            hint = "; use ** for powers" if symbol == "^" else "; allowed: + - * / **"
            at = self.operator_column(node, node.left, symbol)
            raise ValueError(
                f"operator '{symbol}' is not allowed at column {self.column(at)}{hint}"
            )
        left, right = self.build(node.left, depth + 1), self.build(node.right, depth + 1)
        return lambda env: op(left(env), right(env))

    def unary(self, node: ast.UnaryOp, depth: int) -> Node:
        if not isinstance(node.op, ast.UAdd | ast.USub):
            symbol = _SYMBOL.get(type(node.op), type(node.op).__name__)
            raise self.fail(f"operator '{symbol}' is not allowed", node.col_offset)
        operand = self.build(node.operand, depth + 1)
        if isinstance(node.op, ast.UAdd):
            return operand
        return lambda env: np.negative(operand(env))

    def compare(self, node: ast.Compare, depth: int) -> Node:
        terms = [self.build(node.left, depth + 1)]
        previous = node.left
        ops = []
        for op, right in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _COMPARE:
                symbol = _SYMBOL.get(type(op), type(op).__name__)
                at = self.operator_column(node, previous, symbol.split()[0])
                raise ValueError(
                    f"comparison '{symbol}' is not allowed at column "
                    f"{self.column(at)}; allowed: < <= > >="
                )
            ops.append(_COMPARE[type(op)])
            terms.append(self.build(right, depth + 1))
            previous = right

        def evaluate(env):  # a < b < c means (a < b) and (b < c), as in Python
            values = [term(env) for term in terms]
            result = ops[0](values[0], values[1])
            for k in range(1, len(ops)):
                result = np.logical_and(result, ops[k](values[k], values[k + 1]))
            return np.asarray(result).astype(env[0].dtype)

        return evaluate

    def call(self, node: ast.Call, depth: int) -> Node:
        func = node.func
        if not isinstance(func, ast.Name):
            self.build(func, depth + 1)  # raises for an attribute, subscript, lambda, ...
            # Python reads 2(x + 1) and (x + 1)(x - 1) as calls; they were evaluated as 2 and
            # x + 1, the bracket after them silently dropped
            bracket = self.encoded.find(b"(", func.end_col_offset)
            raise self.fail(
                "a bracket right after a term: write * before it to multiply, e.g. 2*(x + 1)",
                bracket if bracket >= 0 else func.end_col_offset,
            )
        if func.id not in FUNCTIONS:
            if func.id in (*self.variables, *CONSTANTS):
                raise self.fail(
                    f"'{func.id}' is not a function (to multiply, write {func.id}*(…))",
                    func.col_offset,
                )
            raise ValueError(
                f"unknown function '{func.id}' at column "
                f"{self.column(func.col_offset)}; known: {', '.join(FUNCTIONS)}"
            )
        if node.keywords:
            raise self.fail("keyword arguments are not allowed", node.keywords[0].col_offset)
        arity, impl = FUNCTIONS[func.id]
        if len(node.args) != arity:
            plural = "" if arity == 1 else "s"
            raise self.fail(
                f"{func.id}() takes {arity} argument{plural}, got {len(node.args)}", func.col_offset
            )
        args = [self.build(arg, depth + 1) for arg in node.args]
        if arity == 1:
            (only,) = args
            return lambda env: impl(only(env))
        return lambda env: impl(*(arg(env) for arg in args))


_LATEX_FUNCTIONS = {
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "tanh",
    "sinh",
    "cosh",
    "arctan",
    "arcsin",
    "arccos",
}
_LATEX_COMPARE = {ast.Lt: "<", ast.LtE: r"\le", ast.Gt: ">", ast.GtE: r"\ge"}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 4}


def _precedence(node: ast.AST) -> int:
    if isinstance(node, ast.BinOp):
        return _PRECEDENCE[type(node.op)]
    if isinstance(node, ast.UnaryOp):
        return 3
    return 0 if isinstance(node, ast.Compare) else 5


def to_latex(node: ast.AST, variable: str = "x") -> str:
    """LaTeX for a syntax tree that passed the whitelist (for display only)."""

    def wrap(child: ast.AST, below: int) -> str:
        text = to_latex(child, variable)
        return rf"\left({text}\right)" if _precedence(child) < below else text

    if isinstance(node, ast.Constant):
        value = float(node.value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(node, ast.Name):
        return r"\pi" if node.id == "pi" else node.id
    if isinstance(node, ast.UnaryOp):
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        return sign + wrap(node.operand, 3)
    if isinstance(node, ast.Compare):
        parts = [to_latex(node.left, variable)]
        for op, right in zip(node.ops, node.comparators, strict=True):
            parts += [_LATEX_COMPARE[type(op)], to_latex(right, variable)]
        return r"\left[" + " ".join(parts) + r"\right]"  # Iverson bracket: 1 if true
    if isinstance(node, ast.Call):
        name = node.func.id
        args = [to_latex(arg, variable) for arg in node.args]
        if name == "sqrt":
            return rf"\sqrt{{{args[0]}}}"
        if name == "abs":
            return rf"\left|{args[0]}\right|"
        head = rf"\{name}" if name in _LATEX_FUNCTIONS else rf"\operatorname{{{name}}}"
        return rf"{head}\left({', '.join(args)}\right)"
    op = type(node.op)
    if op is ast.Div:
        return rf"\frac{{{to_latex(node.left, variable)}}}{{{to_latex(node.right, variable)}}}"
    if op is ast.Pow:
        return rf"{wrap(node.left, 5)}^{{{to_latex(node.right, variable)}}}"
    level = _PRECEDENCE[op]
    left = wrap(node.left, level)
    right = wrap(node.right, level + 1 if op is ast.Sub else level)
    symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: r"\cdot"}[op]
    return f"{left} {symbol} {right}"


class Expression:
    """A parsed formula ``f(x)``, usable wherever a :class:`~explorer.core.targets.Target` is.

    Attributes
    ----------
    text : str
        The formula as typed (stripped). Also ``formula`` and ``display_name``.
    variable : str
        The name of the variable.
    name : str
        ``"custom"``.
    latex : str
        The formula typeset as LaTeX (``\\sin\\left(3 x\\right)``).
    default_range : tuple of float
        ``(x_min, x_max)`` to plot it on.
    """

    name = "custom"

    def __init__(
        self,
        text: str,
        variable: str,
        root: Node,
        tree: ast.AST,
        default_range: tuple[float, float],
    ) -> None:
        self.text = self.formula = self.display_name = text
        self.variable = variable
        self.default_range = (float(default_range[0]), float(default_range[1]))
        self.latex = to_latex(tree, variable)
        self._root = root

    def __call__(self, x) -> np.ndarray:
        """Evaluate at ``x`` (array of any shape) → array of the same shape.

        Float32 input gives float32; anything else float64. Invalid points (log of a negative
        number, division by zero) give NaN or ±inf silently; see :func:`evaluate_finite`.
        """
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        with np.errstate(all="ignore"):
            result = self._root((x,))
        out = np.empty_like(x)
        out[...] = result  # constants broadcast to x's shape
        return out

    fn = __call__

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def parse_expression(
    text: str, variable: str = "x", *, default_range: tuple[float, float] = (-3.0, 3.0)
) -> Expression:
    """Parse a formula of one variable safely (see the module doc for what is allowed).

    Parameters
    ----------
    text : str
        E.g. ``"maximum(0, x) - 0.5 * sin(pi * x)"``. At most ``MAX_LENGTH`` characters.
        The Unicode minus ``−`` is read as ``-``.
    variable : str
        Name of the variable, ``"x"`` by default.
    default_range : tuple of float
        Stored on the result as ``default_range``.

    Returns
    -------
    Expression
        Callable: ndarray of shape S → ndarray of shape S.

    Raises
    ------
    ValueError
        For anything not on the whitelist, with the 1-based column of the offending token.
    """
    stripped, tree, root = parse_tree(text, (variable,))
    return Expression(stripped, variable, root, tree, default_range)


def parse_tree(text: str, variables: tuple[str, ...]) -> tuple[str, ast.AST, Node]:
    """Check ``text`` against the whitelist with ``variables`` as its variables.

    Returns the stripped text, its checked syntax tree (the expression's body) and the NumPy
    closure that evaluates it (it takes a tuple of arrays, one per variable). Raises
    ValueError as :func:`parse_expression` does.
    """
    if not isinstance(text, str):
        raise ValueError(f"expression must be a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"expression is too long ({len(text)} characters; at most {MAX_LENGTH})")
    for variable in variables:
        if not variable.isidentifier() or variable in CONSTANTS or variable in FUNCTIONS:
            raise ValueError(f"invalid variable name {variable!r}")
    stripped = text.strip().replace("\u2212", "-")
    offset = len(text) - len(text.lstrip())
    if not stripped:
        raise ValueError("expression is empty")
    try:
        with warnings.catch_warnings():  # "'int' object is not callable" for 2(x): ours below
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        column, message = explain(stripped, error, frozenset(FUNCTIONS))
        raise ValueError(f"syntax error at column {column + offset}: {message}") from None
    except (RecursionError, MemoryError):
        raise ValueError("expression is nested too deeply") from None
    root = _Builder(stripped, offset, tuple(variables)).build(tree.body)
    return stripped, tree.body, root


def evaluate_finite(target: Callable[[np.ndarray], np.ndarray], x) -> np.ndarray:
    """Evaluate ``target`` on the grid ``x`` (shape (N,)) and insist every value is finite.

    Returns
    -------
    ndarray of shape (N,)

    Raises
    ------
    ValueError
        ``"expression gives non-finite values at x=…"`` naming up to three such points.
    """
    x = np.asarray(x)
    with np.errstate(all="ignore"):
        y = np.asarray(target(x))
    bad = ~np.isfinite(y)
    if bad.any():
        where = ", ".join(f"{v:.4g}" for v in np.broadcast_to(x, y.shape)[bad][:3])
        more = f" ({int(bad.sum())} of {bad.size} points)" if bad.sum() > 3 else ""
        raise ValueError(f"expression gives non-finite values at x={where}{more}")
    return y

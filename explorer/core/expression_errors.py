"""Syntax errors of a typed formula, said in a student's words.

Python's parser reports what confused *it*: ``3x`` is an "invalid decimal literal", ``sin x``
and ``2*`` are "invalid syntax", ``(**2`` is about starred expressions. The usual slips of
someone typing maths are few, and each has a plain explanation and a fix; anything else keeps
Python's message. Pure Python, no NumPy: the parser calls :func:`explain` on a SyntaxError.
"""

from __future__ import annotations

import io
import itertools
import re
import token
import tokenize
from typing import NamedTuple

_OPERAND_END = {token.NAME, token.NUMBER}  # a token that can end an operand (as can ')')
_NEEDS_LEFT = ("**", "*", "/", "//", "%")  # binary only: + and - may also start a term
_BINARY = (*_NEEDS_LEFT, "+", "-")


class _Token(NamedTuple):
    kind: int
    text: str
    column: int  # 0-based


def explain(text: str, error: SyntaxError, functions: frozenset[str]) -> tuple[int, str]:
    """The (1-based column, message) for a formula ``text`` that failed to parse with ``error``.

    ``functions`` are the names the parser accepts as functions (``sin x`` suggests ``sin(x)``).
    """
    python_column = error.offset or 1
    if any(words in error.msg for words in ("never closed", "unmatched", "does not match")):
        return python_column, error.msg  # Python's own words are plain here
    number_name = re.search(r"\d(?:\.\d*)?(?:e[+-]?\d+)?([A-Za-z_])", text)
    if "decimal literal" in error.msg and number_name:
        number, name = number_name.group(0)[:-1], number_name.group(1)
        return number_name.start(1) + 1, (
            f"a number runs straight into a name: write {number}*{name} to multiply"
        )
    tokens = _tokens(text)
    assignment = next((t for t in tokens if t.kind == token.OP and t.text == "="), None)
    if assignment is not None:
        return assignment.column + 1, (
            "'=' is not allowed: type only the right-hand side, e.g. sin(x) for y = sin(x)"
        )
    for before, after in itertools.pairwise(tokens):
        if _ends_operand(before) and _starts_operand(after):
            if before.kind == token.NAME and after.text == "(":
                continue  # a call: sin(x)
            if before.kind == after.kind == token.NUMBER:
                fix = f"'{before.text}' and '{after.text}' are two numbers: check the decimal point"
            elif before.text in functions:
                fix = f"write {before.text}({after.text})"
            else:
                fix = f"write {before.text}*{after.text}"
            return after.column + 1, f"two terms with nothing between them: {fix}"
    last = tokens[-1] if tokens else None
    if last is not None and last.kind == token.OP and last.text not in (")", "]", "}"):
        return last.column + 1, f"the formula ends with '{last.text}': it needs a term after it"
    first = tokens[0] if tokens else None
    if first is not None and first.text in _NEEDS_LEFT:
        return first.column + 1, f"'{first.text}' needs a term before it"
    for before, after in itertools.pairwise(tokens):
        if before.text in (*_BINARY, "(", ",") and after.text in _NEEDS_LEFT:
            return after.column + 1, f"'{after.text}' needs a term before it"
    return python_column, error.msg


def _ends_operand(t: _Token) -> bool:
    return t.kind in _OPERAND_END or t.text == ")"


def _starts_operand(t: _Token) -> bool:
    return t.kind in _OPERAND_END or t.text == "("


def _tokens(text: str) -> list[_Token]:
    """The formula's tokens, as far as Python's tokenizer gets (it stops at an open bracket)."""
    found: list[_Token] = []
    skip = {token.NEWLINE, token.NL, token.ENDMARKER, token.INDENT, token.DEDENT}
    try:
        for t in tokenize.generate_tokens(io.StringIO(text).readline):
            if t.type not in skip:
                found.append(_Token(t.type, t.string, t.start[1]))
    except (tokenize.TokenError, SyntaxError):
        pass
    return found

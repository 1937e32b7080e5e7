"""Lab configs to and from JSON session files, validated field by field.

A session file is ``{"explorer": <version>, "lab": <key>, "config": {...}}``. Loading checks the
lab, every field name and every value's type against the config dataclass before anything is
replaced, so a broken or foreign file is refused with a reason and overwrites nothing. Writing
is atomic (:mod:`explorer.fileio`).

Whatever a file holds, loading either returns a valid config or raises ``SessionFileError``
with a reason a person can act on: a file larger than ``MAX_FILE_BYTES`` is not read, JSON
nested too deeply, ``NaN``/``Infinity`` literals, numbers too large to mean anything and overlong
text are refused by name. The file may be UTF-8 (with or without a byte-order mark), UTF-16 or
UTF-32, as JSON allows.
"""

from __future__ import annotations

import dataclasses
import json
import math
import reprlib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from explorer import __version__
from explorer.fileio import write_text_atomic

ConfigT = TypeVar("ConfigT")


#: a session file is a few kilobytes; anything past this is not one (and is not read whole)
MAX_FILE_BYTES = 2 * 1024 * 1024
#: the longest text a field may hold (a typed formula is at most 500 characters)
MAX_TEXT = 10_000
#: integers beyond ±2⁵³ mean nothing to any lab (and are no longer exact as floats)
MAX_INT = 2**53
#: the longest reason a refusal gives (a value is quoted shortened)
MAX_MESSAGE = 400


def _make_quote() -> reprlib.Repr:
    """A value shortened for a message: a refusal never quotes a megabyte of text."""
    short = reprlib.Repr()  # keyword arguments only from Python 3.12
    short.maxstring = short.maxother = 60
    short.maxlist = short.maxdict = 4
    short.maxlevel = 2
    return short


_quote = _make_quote().repr


class SessionFileError(ValueError):
    """A session file that cannot be loaded; the message says why."""


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


class _NonFinite:
    """What a ``NaN``/``Infinity`` literal reads as: refused where a setting holds it, so the
    refusal names that setting."""

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def __repr__(self) -> str:
        return self.literal


def _to_json_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return config_to_dict(value)
    if isinstance(value, tuple | list):
        return [_to_json_value(v) for v in value]
    return value


def config_to_dict(config: Any) -> dict[str, Any]:
    """A config as plain JSON values (nested configs become objects, tuples lists)."""
    return {f.name: _to_json_value(getattr(config, f.name)) for f in dataclasses.fields(config)}


def _coerce(name: str, value: Any, annotation: Any) -> Any:
    if isinstance(value, _NonFinite):
        raise SessionFileError(f"{name}: {value!r} is not a number a session file may hold")
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(name, value, arg)
            except SessionFileError as error:
                errors.append(str(error))
        raise SessionFileError(errors[0] if errors else f"{name}: unexpected null")
    if origin is typing.Literal:
        if value not in args:
            raise SessionFileError(f"{name}: {_quote(value)} is not one of {list(args)}")
        return value
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise SessionFileError(f"{name}: expected a list, got {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_coerce(f"{name}[{i}]", v, args[0]) for i, v in enumerate(value))
        if len(value) != len(args):
            raise SessionFileError(f"{name}: expected {len(args)} values, got {len(value)}")
        return tuple(
            _coerce(f"{name}[{i}]", v, a) for i, (v, a) in enumerate(zip(value, args, strict=True))
        )
    if annotation is bool:
        if not isinstance(value, bool):
            raise SessionFileError(f"{name}: expected true/false, got {_quote(value)}")
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SessionFileError(f"{name}: expected an integer, got {_quote(value)}")
        if abs(value) > MAX_INT:
            raise SessionFileError(f"{name}: {_quote(value)} is too large")
        return value
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SessionFileError(f"{name}: expected a number, got {_quote(value)}")
        if isinstance(value, int) and abs(value) > MAX_INT:
            raise SessionFileError(f"{name}: {_quote(value)} is too large")
        if not math.isfinite(value):  # 1e999 reads as inf
            raise SessionFileError(f"{name}: {value!r} is not a finite number")
        return float(value)
    if annotation is str:
        if not isinstance(value, str):
            raise SessionFileError(f"{name}: expected text, got {_quote(value)}")
        if len(value) > MAX_TEXT:
            raise SessionFileError(f"{name}: text of {len(value)} characters (at most {MAX_TEXT})")
        return value
    if dataclasses.is_dataclass(annotation):
        if not isinstance(value, dict):
            raise SessionFileError(f"{name}: expected an object, got {type(value).__name__}")
        return config_from_dict(annotation, value, prefix=f"{name}.")
    raise SessionFileError(f"{name}: unsupported field type {annotation!r}")


def config_from_dict(cls: type[ConfigT], data: dict[str, Any], prefix: str = "") -> ConfigT:
    """Build a ``cls`` from ``data``: missing fields take defaults, unknown ones are refused."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        names = ", ".join(_quote(prefix + u) for u in unknown)
        raise SessionFileError(_short(f"unknown setting(s) {names}"))
    values = {key: _coerce(prefix + key, value, hints[key]) for key, value in data.items()}
    try:
        config = cls(**values)
        validate = getattr(config, "validate", None)
        if validate is not None:
            validate()
    except SessionFileError:
        raise
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        raise SessionFileError(_short(str(error) or type(error).__name__)) from error
    return config


def session_document(lab: str, config: Any, parts: dict[str, Any] | None = None) -> dict[str, Any]:
    """A session file's content: ``config`` and the named sub-configs ``parts`` as JSON values."""
    document = {"explorer": __version__, "lab": lab, "config": config_to_dict(config)}
    for name, part in (parts or {}).items():
        document[name] = config_to_dict(part)
    return document


def save_session(
    path: str | Path, lab: str, config: Any, parts: dict[str, Any] | None = None
) -> Path:
    """Write ``config`` (and optional named sub-configs ``parts``) as a session file."""
    document = session_document(lab, config, parts)
    # allow_nan=False: a file that loading would refuse is not written (ValueError instead)
    return write_text_atomic(path, json.dumps(document, indent=2, allow_nan=False) + "\n")


def read_document(path: str | Path) -> Any:
    """The JSON value in a session file, read safely; ``SessionFileError`` says why not."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # never more: the path may be /dev/zero
    except OSError as error:
        raise SessionFileError(f"cannot read {path.name}: {error.strerror or error}") from error
    if len(raw) > MAX_FILE_BYTES:
        raise SessionFileError(
            f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: "
            "not an explorer session file"
        )
    if not raw.strip():
        raise SessionFileError(f"{path.name} is empty: not an explorer session file")
    try:
        # bytes: json finds UTF-8 (a byte-order mark too), UTF-16 and UTF-32 by itself
        return json.loads(raw, parse_constant=_NonFinite)
    except RecursionError:
        raise SessionFileError(
            f"{path.name} is nested too deeply: not an explorer session file"
        ) from None
    except UnicodeDecodeError as error:
        raise SessionFileError(
            f"{path.name} is not text (not UTF-8): not an explorer session file ({error.reason} "
            f"at byte {error.start})"
        ) from None
    except ValueError as error:  # JSONDecodeError, and integers of thousands of digits
        raise SessionFileError(
            _short(f"{path.name} is not a valid explorer session file: {error}")
        ) from None


def load_document(path: str | Path, lab: str) -> dict[str, Any]:
    """Read and check a session file's envelope; ``SessionFileError`` says why it is refused."""
    return check_document(read_document(path), lab, Path(path).name)


def check_document(document: Any, lab: str, name: str) -> dict[str, Any]:
    """``document`` if it is a session document for ``lab`` (``name`` says where it came from
    in a refusal: a file name, a deck's scene); ``SessionFileError`` says why not."""
    if not isinstance(document, dict) or "config" not in document or "lab" not in document:
        raise SessionFileError(f"{name} is not an explorer session file (no lab/config)")
    if document["lab"] != lab:
        raise SessionFileError(f"{name} belongs to the {_quote(document['lab'])} lab, not {lab!r}")
    if not isinstance(document["config"], dict):
        raise SessionFileError(f"{name}: config must be an object")
    return document


def load_part(document: dict[str, Any], name: str, cls: type[ConfigT]) -> ConfigT | None:
    """The sub-config ``name`` of a loaded document, or None if the file has none."""
    if name not in document:
        return None
    if not isinstance(document[name], dict):
        raise SessionFileError(f"{name} must be an object")
    return config_from_dict(cls, document[name], prefix=f"{name}.")


def load_session(path: str | Path, lab: str, cls: type[ConfigT]) -> ConfigT:
    """Read a session file for ``lab``; ``SessionFileError`` says why one is refused."""
    return config_from_dict(cls, load_document(path, lab)["config"])


def peek_lab(path: str | Path) -> str | None:
    """The lab a session file names, or None if it cannot be read (loading then says why)."""
    try:
        document = read_document(path)
    except SessionFileError:
        return None
    lab = document.get("lab") if isinstance(document, dict) else None
    return lab if isinstance(lab, str) else None

"""Lab configs to and from JSON session files, validated field by field.

A session file is ``{"explorer": <version>, "lab": <key>, "config": {...}}``. Loading checks the
lab, every field name and every value's type against the config dataclass before anything is
replaced, so a broken or foreign file is refused with a reason and overwrites nothing. Writing
is atomic (:mod:`explorer.fileio`).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from explorer import __version__
from explorer.fileio import write_text_atomic

ConfigT = TypeVar("ConfigT")


class SessionFileError(ValueError):
    """A session file that cannot be loaded; the message says why."""


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
            raise SessionFileError(f"{name}: {value!r} is not one of {list(args)}")
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
            raise SessionFileError(f"{name}: expected true/false, got {value!r}")
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SessionFileError(f"{name}: expected an integer, got {value!r}")
        return value
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SessionFileError(f"{name}: expected a number, got {value!r}")
        return float(value)
    if annotation is str:
        if not isinstance(value, str):
            raise SessionFileError(f"{name}: expected text, got {value!r}")
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
        raise SessionFileError(f"unknown setting(s) {', '.join(prefix + u for u in unknown)}")
    values = {key: _coerce(prefix + key, value, hints[key]) for key, value in data.items()}
    try:
        config = cls(**values)
        validate = getattr(config, "validate", None)
        if validate is not None:
            validate()
    except (TypeError, ValueError) as error:
        raise SessionFileError(str(error)) from error
    return config


def save_session(
    path: str | Path, lab: str, config: Any, parts: dict[str, Any] | None = None
) -> Path:
    """Write ``config`` (and optional named sub-configs ``parts``) as a session file."""
    document = {"explorer": __version__, "lab": lab, "config": config_to_dict(config)}
    for name, part in (parts or {}).items():
        document[name] = config_to_dict(part)
    return write_text_atomic(path, json.dumps(document, indent=2) + "\n")


def load_document(path: str | Path, lab: str) -> dict[str, Any]:
    """Read and check a session file's envelope; ``SessionFileError`` says why it is refused."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SessionFileError(f"cannot read {path.name}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SessionFileError(
            f"{path.name} is not a valid explorer session file: {error}"
        ) from error
    if not isinstance(document, dict) or "config" not in document or "lab" not in document:
        raise SessionFileError(f"{path.name} is not an explorer session file (no lab/config)")
    if document["lab"] != lab:
        raise SessionFileError(f"{path.name} belongs to the {document['lab']!r} lab, not {lab!r}")
    if not isinstance(document["config"], dict):
        raise SessionFileError(f"{path.name}: config must be an object")
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
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    lab = document.get("lab") if isinstance(document, dict) else None
    return lab if isinstance(lab, str) else None

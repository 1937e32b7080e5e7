"""Session files: round trip, refusal with a reason, nothing overwritten."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from explorer.state import serialize
from explorer.state.serialize import SessionFileError, load_session, peek_lab, save_session


@dataclass(frozen=True)
class Inner:
    depth: int = 2
    pairs: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Config:
    target: str = "sin"
    neurons: int = 4
    rate: float = 0.01
    weights: tuple[float, ...] = (1.0, 2.0)
    mode: Literal["build", "fit"] = "build"
    noisy: bool = False
    expression: str | None = None
    inner: Inner = Inner()

    def validate(self) -> None:
        if self.neurons < 1:
            raise ValueError("neurons must be at least 1")


def test_round_trip(tmp_path):
    config = Config(
        neurons=7,
        rate=0.5,
        weights=(0.1, -2.0, 3.0),
        mode="fit",
        expression="x**2",
        inner=Inner(depth=5, pairs=(("a", 1.0), ("b", -2.5))),
    )
    path = save_session(tmp_path / "s.json", "approximation", config)
    assert load_session(path, "approximation", Config) == config


def test_saving_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "s.json"
    save_session(path, "approximation", Config())
    save_session(path, "approximation", Config(neurons=3))
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert json.loads(path.read_text())["config"]["neurons"] == 3


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not a valid explorer session file"),
        ('{"lab": "depth", "config": {}}', "belongs to the 'depth' lab"),
        ('{"lab": "approximation", "config": {"neurons": "many"}}', "neurons: expected an integer"),
        ('{"lab": "approximation", "config": {"colour": 1}}', "unknown setting"),
        ('{"lab": "approximation", "config": {"mode": "dance"}}', "mode: 'dance' is not one of"),
        ('{"lab": "approximation", "config": {"neurons": 0}}', "neurons must be at least 1"),
        ('{"lab": "approximation", "config": {"weights": [1, "a"]}}', r"weights\[1\]"),
        ("[1, 2]", "not an explorer session file"),
    ],
)
def test_broken_files_are_refused_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(SessionFileError, match=reason):
        load_session(path, "approximation", Config)
    assert path.read_text() == content  # nothing overwritten


def test_missing_file_names_itself(tmp_path):
    with pytest.raises(SessionFileError, match=r"cannot read nope\.json"):
        load_session(tmp_path / "nope.json", "approximation", Config)


# --- the family of broken files: each refused with a reason, never a crash -------------------

VALID = '{"lab": "approximation", "config": {"neurons": 7}}'


def refused(tmp_path, content: bytes | str) -> str:
    """The reason ``content`` is refused for (the file itself is left as it was)."""
    path = tmp_path / "broken.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(SessionFileError) as caught:
        load_session(path, "approximation", Config)
    assert path.read_bytes() == content
    message = str(caught.value)
    assert len(message) <= serialize.MAX_MESSAGE + len(path.name) + 80, message
    return message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", r"broken\.json is empty"),
        (b" \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), r"is not text \(not UTF-8\)"),
        (bytes(range(128, 256)) * 8, "is not text"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"lab": "approximation", "config": {"weights": ' + "[" * 100_000, "nested too deeply"),
        ('{"lab": "approximation", "config": {"rate": NaN}}', "NaN is not a number"),
        ('{"lab": "approximation", "config": {"rate": Infinity}}', "Infinity is not a number"),
        ('{"lab": "approximation", "config": {"rate": -Infinity}}', "-Infinity is not a number"),
        ('{"lab": "approximation", "config": {"rate": 1e999}}', "rate: inf is not a finite number"),
        ('{"lab": "approximation", "config": {"neurons": 1e999}}', "neurons: expected an integer"),
        ('{"lab": "approximation", "config": {"neurons": 1' + "0" * 30 + "}}", "too large"),
        ('{"lab": "approximation", "config": {"rate": 1' + "0" * 30 + "}}", "rate: .* too large"),
        ('{"lab": "approximation", "config": {"neurons": ' + "9" * 5000 + "}}",
         "not a valid explorer session file: .*digits"),
        ('{"lab": "approximation", "config": {"target": "' + "x" * 20_000 + '"}}',
         r"target: text of 20000 characters \(at most 10000\)"),
        ('{"lab": "approximation", "config": {"' + "k" * 20_000 + '": 1}}',
         r"unknown setting\(s\) 'kkkk"),
        ('{"lab": "' + "d" * 20_000 + '", "config": {}}', "belongs to the 'ddd.*' lab"),
        ('{"lab": [[["deep"]]], "config": {}}', r"belongs to the \[\[\[.*lab"),
        ('{"lab": "approximation", "config": {"weights": ' + "[" * 500 + "]" * 500 + "}}",
         r"weights\[0\]: expected a number, got \[\[\[?\.\.\.\]?\]\]"),
        ('{"lab": "approximation", "config": {"inner": {"depth": {"a": {"b": 1}}}}}',
         r"inner\.depth: expected an integer"),
        ('{"lab": "approximation", "config": {"mode": ["build"]}}', r"mode: \['build'\] is not"),
        ('{"lab": "approximation", "config": {"noisy": null}}', "noisy: expected true/false"),
        ('{"lab": "approximation", "config": {"inner": []}}', "inner: expected an object"),
        ('{"lab": "approximation", "config": []}', "config must be an object"),
        ('{"lab": "approximation"}', "no lab/config"),
        ('"just text"', "no lab/config"),
        ("42", "no lab/config"),
        ("null", "no lab/config"),
        ("true", "no lab/config"),
    ],
)  # fmt: skip
def test_the_broken_file_family_is_refused_by_name(tmp_path, content, reason):
    assert re.search(reason, refused(tmp_path, content)), reason


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    padded = VALID[:-1] + " " * serialize.MAX_FILE_BYTES + "}"
    assert re.search(r"larger than 2 MB", refused(tmp_path, padded))
    # just under the limit it is an ordinary file
    path = tmp_path / "fits.json"
    path.write_text(VALID[:-1] + " " * (serialize.MAX_FILE_BYTES - len(VALID) - 10) + "}")
    assert load_session(path, "approximation", Config) == Config(neurons=7)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_is_not_read_to_its_end():
    with pytest.raises(SessionFileError, match="larger than"):
        load_session("/dev/zero", "approximation", Config)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(SessionFileError, match=r"cannot read"):
        load_session(tmp_path, "approximation", Config)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings_json_allows_are_read(tmp_path, encoding):
    """Notepad writes a UTF-8 byte-order mark, PowerShell's ``>`` UTF-16: both load."""
    path = tmp_path / "session.json"
    text = '{"lab": "approximation", "config": {"neurons": 7, "target": "tëst ∂"}}'
    path.write_bytes(text.encode(encoding))
    assert load_session(path, "approximation", Config) == Config(neurons=7, target="tëst ∂")
    assert peek_lab(path) == "approximation"


def test_peek_lab_never_raises(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    assert peek_lab(path) is None
    path.write_text('{"lab": ["depth"], "config": {}}')
    assert peek_lab(path) is None
    assert peek_lab(tmp_path / "missing.json") is None
    path.write_text('{"lab": "depth", "config": {}}')
    assert peek_lab(path) == "depth"


def test_a_config_that_cannot_be_written_faithfully_is_not_written(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("precious")
    with pytest.raises(ValueError, match="not JSON compliant"):
        save_session(path, "approximation", Config(rate=float("nan")))
    assert path.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


@dataclass(frozen=True)
class Checked:
    level: int = 1

    def validate(self) -> None:
        if self.level > 10:
            raise OverflowError("level overflows")
        if self.level < 0:
            raise RecursionError("maximum recursion depth exceeded")


@pytest.mark.parametrize(("level", "reason"), [(11, "level overflows"), (-1, "recursion")])
def test_any_arithmetic_or_recursion_error_of_validate_is_a_refusal(tmp_path, level, reason):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"lab": "x", "config": {"level": level}}))
    with pytest.raises(SessionFileError, match=reason):
        load_session(path, "x", Checked)


@pytest.fixture
def resources_in(tmp_path, monkeypatch):
    from explorer import resources

    (tmp_path / "icons").mkdir()
    monkeypatch.setenv("EXPLORER_RESOURCES", str(tmp_path))
    resources.resources_dir.cache_clear()
    yield tmp_path
    resources.resources_dir.cache_clear()


def test_a_broken_preset_is_left_out_of_the_menu(resources_in):
    from explorer.state.presets import list_presets

    folder = resources_in / "presets" / "depth"
    folder.mkdir(parents=True)
    good = '{"lab": "depth", "title": "Good", "description": "d", "config": {}}'
    (folder / "01-good.json").write_text(good)
    (folder / "02-deep.json").write_text("[" * 100_000)
    (folder / "03-empty.json").write_bytes(b"")
    (folder / "04-binary.json").write_bytes(bytes(range(256)))
    (folder / "05-bom.json").write_bytes(good.replace("Good", "BOM").encode("utf-8-sig"))
    (folder / "06-list.json").write_text("[1, 2]")  # readable: listed, refused when chosen
    presets = list_presets("depth")
    assert [(p.title, p.path.name) for p in presets] == [
        ("Good", "01-good.json"),
        ("BOM", "05-bom.json"),
        ("06-list", "06-list.json"),
    ]

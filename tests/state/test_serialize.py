"""Session files: round trip, refusal with a reason, nothing overwritten."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

import pytest

from explorer.state.serialize import SessionFileError, load_session, save_session


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

"""The Qt-free session: config as single source of truth, snapshots, undo/redo."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from explorer.state.session import LabSession, freeze


@dataclass(frozen=True)
class Config:
    slope: float = 1.0
    points: int = 5

    def validate(self) -> None:
        if self.points < 2:
            raise ValueError(f"points must be at least 2, got {self.points}")


class LineSession(LabSession[Config, np.ndarray]):
    computed = 0

    def compute(self, config: Config) -> np.ndarray:
        self.computed += 1
        return freeze(config.slope * np.linspace(0, 1, config.points))


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_snapshot_is_computed_once_per_config_and_read_only():
    session = LineSession(Config())
    first = session.snapshot()
    assert session.snapshot() is first and session.computed == 1
    with pytest.raises(ValueError):
        first[0] = 5.0
    session.update(slope=2.0)
    np.testing.assert_allclose(session.snapshot(), 2.0 * np.linspace(0, 1, 5))
    assert session.computed == 2


def test_invalid_update_is_refused_and_changes_nothing():
    session = LineSession(Config())
    seen = []
    session.subscribe(seen.append)
    with pytest.raises(ValueError, match="points must be at least 2"):
        session.update(points=1)
    assert session.config == Config() and seen == [] and not session.can_undo


def test_a_drag_is_one_undo_step_and_separate_edits_are_two():
    clock = FakeClock()
    session = LineSession(Config(), clock=clock)
    for value in np.linspace(1.1, 3.0, 20):  # a drag: many changes, 10 ms apart
        clock.now += 0.01
        session.update(slope=float(value))
    clock.now += 5.0
    session.update(points=9)
    assert session.undo() and session.config == Config(slope=3.0, points=5)
    assert session.undo() and session.config == Config()
    assert not session.undo()
    assert session.redo() and session.config.slope == 3.0
    assert session.redo() and session.config.points == 9
    assert not session.can_redo


@dataclass(frozen=True)
class TabbedConfig:
    tab: str = "a"
    slope: float = 1.0


class TabbedSession(LabSession[TabbedConfig, float]):
    VIEW_FIELDS = frozenset({"tab"})

    def compute(self, config: TabbedConfig) -> float:
        return config.slope


def test_a_tab_switch_is_no_undo_step_and_an_undo_returns_to_the_changes_tab():
    session = TabbedSession(TabbedConfig())
    session.update(tab="b")
    assert session.config.tab == "b" and not session.can_undo
    session.update(slope=2.0)  # changed on tab b
    session.update(tab="a")
    assert session.undo()  # back to tab b, where the change was made, and undone
    assert session.config == TabbedConfig(tab="b", slope=1.0)
    assert not session.can_undo
    session.update(tab="a")  # looking elsewhere keeps the redo
    assert session.redo() and session.config == TabbedConfig(tab="a", slope=2.0)
    session.update(tab="b", slope=3.0)  # a tab together with a setting is one undo step
    assert session.undo() and session.config == TabbedConfig(tab="a", slope=2.0)


def test_listeners_see_every_change_including_undo():
    session = LineSession(Config())
    seen = []
    session.subscribe(lambda c: seen.append(c.slope))
    session.update(slope=4.0)
    session.replace_config(Config(slope=7.0))
    session.undo()
    assert seen == [4.0, 7.0, 4.0]

"""The depth lab's loss plot: whole decades with labelled ticks, also for a net stuck at
chance (its losses lie within a thousandth of a decade), and room for the chance label."""

from __future__ import annotations

import math

import pytest
from PySide6.QtWidgets import QApplication

from explorer.state.depth.config import LR_MIN, DepthConfig
from explorer.ui.labs.depth import DepthLab

STUCK = DepthConfig(depth=20, learning_rate=LR_MIN)  # sigmoid, depth 20: loss stays ≈ ln 2


@pytest.fixture
def lab(depth_page) -> DepthLab:
    return depth_page


def train(lab: DepthLab, steps: int) -> None:
    lab.session.train(steps)
    lab.flush()


def test_a_net_at_chance_gets_whole_decades_with_labels(lab):
    lab.session.replace_config(STUCK)
    train(lab, 30)
    losses = lab.session.train_view.loss
    assert float(losses.max() - losses.min()) < 1e-3 * float(losses.min())  # stuck
    bottom, top = lab.loss_view.plot_item.vb.viewRange()[1]
    assert top - bottom >= 1.0  # at least one decade, not a thousandth of one
    major, _minor = lab.loss_view.plot_item.getAxis("left")._tickLevels
    shown = [value for value, label in major if label and bottom <= value <= top]
    assert [label for value, label in major if value in shown] == ["0.1", "1"]
    chance = math.log10(lab.session.train_view.chance)
    assert bottom < chance < top


def label_room(lab: DepthLab) -> tuple[float, float, float]:
    """(decades above the chance line, below it, the label's height in decades)."""
    view = lab.loss_view.plot_item.vb
    bottom, top = view.viewRange()[1]
    line = math.log10(lab.session.train_view.chance)
    label = lab.loss_view.chance.label.boundingRect().height() / view.height() * (top - bottom)
    return top - line, line - bottom, label


def test_the_chance_label_has_room_on_both_sides_of_its_line(lab):
    lab.session.replace_config(STUCK)
    train(lab, 30)
    above, below, label = label_room(lab)
    assert above >= label and below >= label


def test_a_shorter_plot_gets_the_room_again(lab):
    lab.session.replace_config(STUCK)
    train(lab, 30)
    lab.resize(1200, 520)  # the label takes a larger share of a shorter plot's range
    for _ in range(3):
        QApplication.processEvents()
    above, below, label = label_room(lab)
    assert above >= label and below >= label

"""The Depth lab's config: validation, task/loss matching, optimizer hyper-parameters, files."""

from __future__ import annotations

import dataclasses

import pytest

from explorer.core import losses, optimizers
from explorer.state.depth.config import DepthConfig, hyper_specs, losses_for, task_kind
from explorer.state.depth.pinned_run import differences, fairness_warning
from explorer.state.depth.session import DepthSession
from explorer.state.serialize import SessionFileError, load_session, save_session


def test_defaults_are_valid():
    config = DepthConfig()
    config.validate()
    assert config.sizes == (2, *[32] * 10, 1)
    assert config.full_batch and config.effective_batch == config.points


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"depth": 0}, "depth must be a whole number from 1 to 64"),
        ({"depth": 65}, "depth must be a whole number from 1 to 64"),
        ({"width": 257}, "width must be a whole number from 1 to 256"),
        ({"activation": "swishy"}, "unknown activation 'swishy'"),
        ({"init": "he"}, "unknown initializer 'he'"),
        ({"task": "sin"}, "the loss 'bce_with_logits' does not fit a regression task"),
        ({"learning_rate": 0.0}, "learning rate must be between"),
        ({"norm": "batchnorm", "batch_size": 1}, "BatchNorm needs at least 2 samples"),
        ({"hyper": (("nesterov", 1.0),)}, "nesterov=True requires momentum > 0"),
        ({"hyper": (("betas[0]", 0.9),)}, "sgd has no hyper-parameter 'betas[0]'"),
    ],
)
def test_invalid_configs_say_why(changes, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        dataclasses.replace(DepthConfig(), **changes).validate()


def test_losses_match_the_task():
    assert task_kind("circles") == "binary"
    assert task_kind("gaussians", 4) == "multiclass"
    assert task_kind("runge") == "regression"
    assert set(losses_for("regression")) == set(losses.names("regression"))
    assert losses_for("multiclass") == ("cross_entropy",)
    config = DepthConfig().with_task("sin")
    assert config.loss == "mse" and config.inputs == 1 and config.outputs == 1
    config = DepthConfig(task="gaussians", loss="cross_entropy").with_classes(4)
    assert config.kind == "multiclass" and config.outputs == 4
    assert DepthConfig(loss="cross_entropy").outputs == 2  # two classes, two logits


def test_hyper_parameters_are_stored_as_overrides_and_build_the_optimizer():
    session = DepthSession()
    session.set_optimizer("adam")
    assert [spec.key for spec in hyper_specs("adam")][:2] == ["betas[0]", "betas[1]"]
    session.set_hyper("betas[0]", 0.5)
    session.set_hyper("amsgrad", True)
    session.set_hyper("eps", 1e-8)  # the default: not stored
    config = session.config
    assert config.hyper == (("betas[0]", 0.5), ("amsgrad", 1.0))
    optimizer = optimizers.get(config.optimizer, **config.optimizer_hyper())
    assert optimizer.hyper["betas"] == (0.5, 0.999)
    assert optimizer.hyper["amsgrad"] is True
    assert optimizer.hyper["lr"] == config.learning_rate
    session.set_optimizer("sgd")
    assert session.config.hyper == ()  # another optimizer starts from torch's defaults


def test_session_files_round_trip(tmp_path):
    config = DepthConfig(depth=7, activation="relu", optimizer="adam",
                         hyper=(("betas[1]", 0.99),), norm="layernorm")  # fmt: skip
    path = save_session(tmp_path / "depth.json", "depth", config)
    assert load_session(path, "depth", DepthConfig) == config
    path.write_text(path.read_text().replace('"layernorm"', '"groupnorm"'))
    with pytest.raises(SessionFileError, match="norm"):
        load_session(path, "depth", DepthConfig)


def test_differences_and_fairness_of_an_ab_pair():
    a = DepthConfig()
    b = dataclasses.replace(a, activation="relu", init="kaiming_normal", layer_view="act")
    assert differences(a, b) == [
        ("activation", "sigmoid", "relu"),
        ("init", "xavier_uniform", "kaiming_normal"),
    ]
    assert fairness_warning(a, b) is None
    assert "seed" in fairness_warning(a, dataclasses.replace(a, seed=4))

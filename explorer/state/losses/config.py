"""The loss-functions lab's config: one frozen dataclass for its four tabs.

Qt-free. The fields are flat, with a prefix per tab (``reg_``, ``margin_``, ``softmax_``,
``neuron_``), so every slider binds to one field with ``controls.bind``. ``tab`` only chooses
what is on screen (not an undo step). Ranges are teaching ranges: a value a slider cannot
show is refused with a message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from explorer.core import datasets, losses
from explorer.text_format import number

Tab = Literal["regression", "margin", "softmax", "neuron"]
TABS: tuple[str, ...] = ("regression", "margin", "softmax", "neuron")
REGRESSION_LOSSES = tuple(losses.names("regression"))  # mse, l1, huber, smooth_l1
MARGIN_LOSSES = tuple(losses.names("margin"))  # zero_one, hinge, squared_hinge, …
MARGIN_SETS = tuple(datasets.names())  # the depth lab's 2-D sets (binary: 2 Gaussians)
REG_MODELS = ("line", "mlp")  # the best line, or the small MLP 1 → 8 tanh → 1
MARGIN_MODELS = ("linear", "mlp")  # s = w·x + b, or the small MLP 2 → 8 tanh → 1

X_LIMIT, Y_LIMIT = 3.0, 4.0  # the regression data live in [−3, 3] × [−4, 4]
MAX_POINTS = 24
PARAM_MIN, PARAM_MAX = 0.05, 5.0  # δ and β (β = 0 is L1, already shown)
ANGLE_MAX = 180.0
NORM_MIN, NORM_MAX = 0.1, 5.0
BIAS_MAX = 3.0
CLASSES_MIN, CLASSES_MAX = 3, 10
LOGIT_MAX = 8.0
T_MIN, T_MAX = 0.1, 10.0
WEIGHT_MIN, WEIGHT_MAX = 0.0, 5.0
GAMMA_MAX = 5.0
NEURON_MAX = 5.0  # |w|, |b|, |x|
LR_MIN, LR_MAX = 0.01, 2.0
STEPS_MIN, STEPS_MAX = 10, 1000

#: a noisy line y ≈ 0.7x + 0.2: every loss fits it alike
LINE_POINTS: tuple[tuple[float, float], ...] = (
    (-2.6, -1.7), (-1.9, -1.0), (-1.2, -0.8), (-0.5, 0.1),
    (0.2, 0.2), (0.9, 1.0), (1.6, 1.1), (2.4, 2.0),
)  # fmt: skip
#: where "Add outlier" puts a point: far below the line, on the right, where it tilts it most
OUTLIER = (2.7, -3.6)
#: the start: the line and one outlier, so the first thing on screen is MSE's line tilted
DEFAULT_POINTS = (*LINE_POINTS, OUTLIER)


@dataclass(frozen=True)
class LossesConfig:
    """Everything the loss-functions lab shows; the single source of truth."""

    tab: Tab = "regression"
    # --- regression: robustness -----------------------------------------------------------
    reg_points: tuple[tuple[float, float], ...] = DEFAULT_POINTS
    reg_losses: tuple[str, ...] = REGRESSION_LOSSES  # the ticked ones, in registry order
    reg_delta: float = 1.0  # Huber's δ (torch's default)
    reg_beta: float = 1.0  # Smooth L1's β (torch's default)
    reg_selected: int = len(DEFAULT_POINTS) - 1  # the point the markers follow: the outlier
    reg_model: str = "line"  # fitted under each loss: "line" or "mlp"
    # --- classification: the margin --------------------------------------------------------
    margin_losses: tuple[str, ...] = MARGIN_LOSSES
    margin_set: str = "gaussians"
    margin_noise: float = 0.3
    margin_angle: float = -135.0  # direction of w, degrees: class 1 (y = +1) is lower left
    margin_norm: float = 1.0  # ‖w‖: scaling it scales every margin
    margin_bias: float = 0.0
    margin_trained: bool = False  # also train the classifier under each ticked loss
    margin_model: str = "linear"  # "linear" (w, b from the sliders) or "mlp" (trained)
    # --- softmax and its loss --------------------------------------------------------------
    softmax_logits: tuple[float, ...] = (2.0, 1.0, 0.1, -1.0)
    softmax_target: int = 0  # the true class y
    softmax_temperature: float = 1.0
    softmax_smoothing: float = 0.0  # torch's label_smoothing ε
    softmax_weights: tuple[float, ...] = ()  # torch's weight=, one a class (missing ones: 1)
    focal_gamma: float = 2.0  # torchvision's default
    focal_alpha: float = 0.25
    # --- one sigmoid neuron: cross-entropy vs squared error ----------------------------------
    neuron_w: float = 2.0  # Nielsen's "badly wrong" start: a = σ(2·1 + 2) ≈ 0.98 for target 0
    neuron_b: float = 2.0
    neuron_x: float = 1.0
    neuron_target: float = 0.0
    neuron_lr: float = 0.15
    neuron_steps: int = 300

    def __post_init__(self) -> None:
        points = tuple((float(x), float(y)) for x, y in self.reg_points)
        object.__setattr__(self, "reg_points", points)
        order = REGRESSION_LOSSES
        ticked = sorted(set(self.reg_losses), key=lambda n: order.index(n) if n in order else 99)
        object.__setattr__(self, "reg_losses", tuple(ticked))
        order = MARGIN_LOSSES
        ticked = sorted(set(self.margin_losses), key=lambda n: order.index(n) if n in order else 99)
        object.__setattr__(self, "margin_losses", tuple(ticked))
        object.__setattr__(self, "softmax_logits", tuple(float(z) for z in self.softmax_logits))
        # a class without a weight has torch's default 1 (so logits alone make a valid config)
        weights = tuple(float(w) for w in self.softmax_weights)
        weights += (1.0,) * (len(self.softmax_logits) - len(weights))
        object.__setattr__(self, "softmax_weights", weights)

    @property
    def classes(self) -> int:
        return len(self.softmax_logits)

    def validate(self) -> None:
        _check(self.tab in TABS, f"unknown tab {self.tab!r}; valid: {', '.join(TABS)}")
        # regression
        n = len(self.reg_points)
        _check(2 <= n <= MAX_POINTS, f"the data need 2 to {MAX_POINTS} points, got {n}")
        for x, y in self.reg_points:
            _check(
                abs(x) <= X_LIMIT and abs(y) <= Y_LIMIT,
                f"a point must lie in [−{X_LIMIT:g}, {X_LIMIT:g}] × [−{Y_LIMIT:g}, {Y_LIMIT:g}],"
                f" got ({number(x)}, {number(y)})",
            )
        _check(len({x for x, _ in self.reg_points}) > 1, "the points need two different x")
        for name in self.reg_losses:
            _check(name in REGRESSION_LOSSES, f"unknown regression loss {name!r} (reg_losses)")
        _range("Huber's delta δ", self.reg_delta, PARAM_MIN, PARAM_MAX)
        _range("Smooth L1's beta β", self.reg_beta, PARAM_MIN, PARAM_MAX)
        _check(self.reg_model in REG_MODELS, f"unknown regression model {self.reg_model!r}")
        _check(
            0 <= self.reg_selected < n, f"the selected point {self.reg_selected + 1} does not exist"
        )
        # margin
        for name in self.margin_losses:
            _check(name in MARGIN_LOSSES, f"unknown margin loss {name!r}")
        _check(self.margin_model in MARGIN_MODELS, f"unknown classifier {self.margin_model!r}")
        _check(self.margin_set in MARGIN_SETS, f"unknown margin data set {self.margin_set!r}")
        datasets.info(self.margin_set)
        _range("noise", self.margin_noise, 0.0, 1.0)
        _range("the angle of w", self.margin_angle, -ANGLE_MAX, ANGLE_MAX)
        _range("the norm ‖w‖", self.margin_norm, NORM_MIN, NORM_MAX)
        _range("bias b", self.margin_bias, -BIAS_MAX, BIAS_MAX)
        # softmax
        c = self.classes
        _check(
            CLASSES_MIN <= c <= CLASSES_MAX,
            f"softmax needs {CLASSES_MIN}–{CLASSES_MAX} logits, got {c}",
        )
        for z in self.softmax_logits:
            _range("a logit", z, -LOGIT_MAX, LOGIT_MAX)
        _check(0 <= self.softmax_target < c, f"the true class (target) must be 1 … {c}")
        _range("temperature T", self.softmax_temperature, T_MIN, T_MAX)
        _range("label smoothing ε", self.softmax_smoothing, 0.0, 1.0)
        count = len(self.softmax_weights)
        _check(count == c, f"softmax needs one class weight per class: {c}, got {count}")
        for w in self.softmax_weights:
            _range("a class weight", w, WEIGHT_MIN, WEIGHT_MAX)
        _check(self.softmax_weights[self.softmax_target] > 0,
               "the true class's weight is 0: torch's weighted mean is 0/0")  # fmt: skip
        _range("focal gamma γ", self.focal_gamma, 0.0, GAMMA_MAX)
        _range("focal alpha α", self.focal_alpha, 0.0, 1.0)
        # neuron
        for label, v in (("w", self.neuron_w), ("b", self.neuron_b), ("x", self.neuron_x)):
            _range(f"the neuron's {label}", v, -NEURON_MAX, NEURON_MAX)
        _range("the neuron's target", self.neuron_target, 0.0, 1.0)
        _range("the neuron's learning rate", self.neuron_lr, LR_MIN, LR_MAX)
        _check(STEPS_MIN <= self.neuron_steps <= STEPS_MAX,
               f"steps must be {STEPS_MIN}–{STEPS_MAX}, got {self.neuron_steps}")  # fmt: skip


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _range(label: str, value: float, low: float, high: float) -> None:
    if not (low <= value <= high) or not math.isfinite(value):  # NaN fails the first test
        raise ValueError(
            f"{label} must be between {number(low)} and {number(high)}, got {number(value)}"
        )

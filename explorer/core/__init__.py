"""explorer.core — the pure-NumPy compute core, also a scripting API for notebooks.

No Qt here (a test enforces it). Definitions follow PyTorch's documentation
(torch.nn.functional, torch.nn.init, torch.optim): names, keyword parameters and defaults are
PyTorch's, so what a student learns here holds there. float64 by default, float32 on request;
randomness only through a seeded ``np.random.Generator``.
"""

from explorer.core import (
    activations,
    datasets,
    expression,
    expression_grad,
    gradcheck,
    init,
    landscape,
    layers,
    losses,
    mlp,
    optimizers,
    schedules,
    stats,
    surfaces,
    targets,
    trajectories,
)
from explorer.core.mlp import MLP

__all__ = [
    "MLP",
    "activations",
    "datasets",
    "expression",
    "expression_grad",
    "gradcheck",
    "init",
    "landscape",
    "layers",
    "losses",
    "mlp",
    "optimizers",
    "schedules",
    "stats",
    "surfaces",
    "targets",
    "trajectories",
]

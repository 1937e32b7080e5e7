"""The Optimizers lab: every torch.optim rule raced live on 2-D surfaces."""

from explorer.ui.labs.optimizers.page import OptimizersLab

__all__ = ["OptimizersLab"]

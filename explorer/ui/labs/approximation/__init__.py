"""The universal-approximation lab (lesson 1)."""

from explorer.ui.labs.approximation.page import ApproximationLab

__all__ = ["ApproximationLab"]

"""The loss-functions lab (lab 6)."""

from explorer.ui.labs.losses.page import LossesLab

__all__ = ["LossesLab"]

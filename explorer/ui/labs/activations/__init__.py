"""The Activation lab (see :mod:`explorer.ui.labs.activations.page`)."""

from explorer.ui.labs.activations.page import ActivationsLab

__all__ = ["ActivationsLab"]

"""The Depth & gradients lab (see :mod:`explorer.ui.labs.depth.page`)."""

from explorer.ui.labs.depth.page import DepthLab

__all__ = ["DepthLab"]

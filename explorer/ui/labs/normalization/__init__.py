"""The Normalization lab."""

from explorer.ui.labs.normalization.page import NormalizationLab

__all__ = ["NormalizationLab"]

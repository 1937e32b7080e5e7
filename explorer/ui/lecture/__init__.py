"""Lecture mode: decks of live scenes, the presentation view, the presenter window."""

from explorer.ui.lecture.lecture import Lecture

__all__ = ["Lecture"]

"""The lab registry, in course order. Adding a lab: one package and one line in ``LABS``.

A registry line is a :class:`Lab` descriptor, not the page class: importing this module costs
nothing (no Qt, no NumPy), so ``explorer --help`` lists the labs without starting Qt, and the
window imports and builds a lab's page only when the lab is first shown (start-up builds one
lab, not all of them).
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of --version)
if TYPE_CHECKING:
    from explorer.ui.labs.base import LabPage


class Lab:
    """What the window needs to know of a lab before it is built.

    ``key``, ``title`` and ``trains`` repeat the page class's attributes (a test keeps them
    equal); ``page`` says where the class is, ``"package.module:ClassName"``. A plain class,
    not a dataclass: ``explorer --version`` imports this module, and dataclasses would add
    10 ms to that.
    """

    def __init__(self, key: str, title: str, trains: bool, page: str) -> None:
        self.key = key  # the command-line name (--lab) and the session files' "lab"
        self.title = title  # navigator, menu and window text
        self.trains = trains  # whether play/pause/step apply
        self.page = page

    def load(self) -> type[LabPage]:
        """The page class (imports the lab's package the first time)."""
        module, _, name = self.page.partition(":")
        return getattr(import_module(module), name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"


class ComingLab(Lab):
    """A lab that is planned but not built yet: its page says what it will show."""

    def __init__(self, key: str, title: str, summary: str) -> None:
        super().__init__(key, title, False, "explorer.ui.labs.coming:coming_lab")
        self.summary = summary

    def load(self) -> type[LabPage]:
        return super().load()(self.key, self.title, self.summary)


LABS: list[Lab] = [
    Lab("approximation", "Universal approximation", True,
        "explorer.ui.labs.approximation:ApproximationLab"),
    Lab("activations", "Activations", False, "explorer.ui.labs.activations:ActivationsLab"),
    Lab("depth", "Depth & gradients", True, "explorer.ui.labs.depth:DepthLab"),
    Lab("normalization", "Normalization", True, "explorer.ui.labs.normalization:NormalizationLab"),
    Lab("optimizers", "Optimizers", True, "explorer.ui.labs.optimizers:OptimizersLab"),
    Lab("losses", "Loss functions", False, "explorer.ui.labs.losses:LossesLab"),
]  # fmt: skip


def lab_keys() -> list[str]:
    return [lab.key for lab in LABS]


def lab_by_key(key: str) -> Lab:
    """The registry entry of ``key`` (``.load()`` gives its page class)."""
    for lab in LABS:
        if lab.key == key:
            return lab
    raise ValueError(f"unknown lab {key!r}; choose one of: {', '.join(lab_keys())}")

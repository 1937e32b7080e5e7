"""explorer.core and explorer.state are Qt-free: notebooks, scripts and tests import them
without a display, and the UI is the only layer that knows Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import explorer.core
import explorer.state

FORBIDDEN = (
    "PySide6",
    "PyQt5",
    "PyQt6",
    "shiboken6",
    "pyqtgraph",
    "superqt",
    "qtpy",
    "matplotlib",
    "tkinter",
    "explorer.ui",
    "explorer.app",
)
PACKAGES = {
    "explorer.core": Path(explorer.core.__file__).parent,
    "explorer.state": Path(explorer.state.__file__).parent,
}


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            found.append((node.lineno, "__import__(...)"))
    return found


def _modules(package: str) -> list[str]:
    root = PACKAGES[package]
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join((package, *parts)))
    return names


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_module_imports_gui_code(package):
    root = PACKAGES[package]
    offences = []
    files = sorted(root.rglob("*.py"))
    assert len(files) >= 8, f"{package} should hold its modules"
    for path in files:
        for line, module in _imported_modules(path):
            if module == "__import__(...)" or module.startswith(FORBIDDEN):
                offences.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    assert not offences, f"{package} must stay Qt-free:\n" + "\n".join(offences)


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_importing_every_module_loads_no_qt(package):
    modules = _modules(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_each_lab_with_state_has_its_own_state_package():
    """The state layer mirrors the UI: ``state/<lab>/`` beside ``ui/labs/<lab>/``."""
    from explorer.ui.labs import LABS
    from explorer.ui.labs.base import LabPage

    state_root = PACKAGES["explorer.state"]
    with_state = [lab for lab in LABS if lab.load().make_session is not LabPage.make_session]
    assert len(with_state) >= 3
    for lab in with_state:
        assert (state_root / lab.key / "__init__.py").is_file(), lab.key

"""explorer.core is pure NumPy: notebooks and the state layer import it without Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import explorer.core

CORE = Path(explorer.core.__file__).parent
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


def test_no_core_module_imports_gui_code():
    offences = []
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 8, "the core package should hold its modules"
    for path in files:
        for line, module in _imported_modules(path):
            if module == "__import__(...)" or module.startswith(FORBIDDEN):
                offences.append(f"{path.relative_to(CORE.parent)}:{line} imports {module}")
    assert not offences, "explorer.core must stay Qt-free:\n" + "\n".join(offences)


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys, explorer.core\n"
        "import explorer.core.mlp, explorer.core.optimizers, explorer.core.targets\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""

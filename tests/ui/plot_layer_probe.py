"""Run in a fresh process by test_plot_layer.py: prints JSON about pyqtgraph's classes before
and after importing explorer.ui.plot and building every lab, and about the items the labs'
plots hold. Not a test module (no ``test_`` prefix)."""

from __future__ import annotations

import inspect
import json
import sys


def pyqtgraph_classes() -> dict[str, dict[str, int]]:
    """Every class defined in a loaded pyqtgraph module: attribute name → id of its value."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("pyqtgraph") or module is None:
            continue
        for cls in vars(module).values():
            if inspect.isclass(cls) and cls.__module__.startswith("pyqtgraph"):
                key = f"{cls.__module__}.{cls.__qualname__}"
                found[key] = {attr: id(value) for attr, value in vars(cls).items()}
    return found


def changed(before: dict, after: dict) -> list[str]:
    return sorted(
        f"{cls}.{attr}"
        for cls, attrs in before.items()
        for attr in set(attrs) | set(after.get(cls, {}))
        if attrs.get(attr) != after.get(cls, {}).get(attr)
    )


def main() -> None:
    from explorer.app import configure_environment

    configure_environment(offscreen=True)
    import pyqtgraph  # noqa: F401  (everything pyqtgraph loads of itself, before ours)

    before = pyqtgraph_classes()
    import explorer.ui.plot as plot

    after_import = pyqtgraph_classes()
    from PySide6.QtWidgets import QGraphicsView

    from explorer.app import make_application
    from explorer.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow()
    window.resize(1400, 860)
    window.show()
    items, stuck = set(), set()
    for page in window.pages:
        window.select_lab(page.key)
        app.processEvents()
        page.flush()
        app.processEvents()
        for view in page.findChildren(QGraphicsView):
            for item in view.scene().items():
                cls = type(item)
                items.add(f"{cls.__module__}.{cls.__qualname__}")
                stuck.update(name for name in vars(item) if name.startswith("_explorer"))
    print(
        json.dumps(
            {
                "fast": plot.FAST,
                "changed_by_import": changed(before, after_import),
                "changed_by_labs": changed(before, pyqtgraph_classes()),
                "items": sorted(items),
                "stuck_attributes": sorted(stuck),
            }
        )
    )
    window.close()


if __name__ == "__main__":
    main()

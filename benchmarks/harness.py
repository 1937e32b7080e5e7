"""What every UI benchmark starts with: the app and its window as a user sees it.

Imported by the benchmark scripts beside it (``python benchmarks/<name>.py`` puts this folder
on ``sys.path``).
"""

from __future__ import annotations


def open_window(lab: str | None = None):
    """(app, window): the main window at its default 1400 × 860, shown, on ``lab`` if given,
    laid out and painted. It reads the user's settings (text size) and never writes them."""
    from explorer.app import make_application
    from explorer.settings import Settings
    from explorer.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(Settings(read_only=True))
    window.resize(1400, 860)
    window.show()
    if lab is not None:
        window.select_lab(lab)
    for _ in range(3):
        app.processEvents()
    return app, window

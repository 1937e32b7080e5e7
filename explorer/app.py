"""Start-up: one QApplication, pyqtgraph's global options, the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from explorer import __version__

SCREENSHOT_WAIT_S = 20.0  # at most, for a lab's background work (e.g. the error-vs-N curve)


def configure_environment(offscreen: bool, cpu_count: int | None = None) -> None:
    """Settings that must be in place before Qt or NumPy's BLAS start (a variable the user
    set already wins)."""
    if offscreen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # One BLAS thread: with two cores, a second BLAS thread competes with the GUI thread and
    # stalls redraws for milliseconds to seconds (measured; see benchmarks/).
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    # Qt's raster engine hands large fills and blends to a thread pool. On two cores, waiting
    # for it cost more than it saved: 8 alternating pairs of slider drags, depth lab 14.1 →
    # 10.7 ms median, activation lab 11.0 → 9.3 ms (benchmarks/ui.py; benchmarks/README.md).
    if (cpu_count if cpu_count is not None else os.cpu_count() or 1) <= 2:
        os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    fix_mmap_threshold()


MMAP_THRESHOLD = 128 * 1024  # glibc's starting value; fixed, it no longer climbs to 32 MB
M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)


def fix_mmap_threshold() -> bool:
    """Keep glibc's malloc giving every block over 128 KiB its own mapping, returned to the
    system when freed. By default the threshold rises to the largest block freed so far (up
    to 32 MB): after the depth lab frees a few weight matrices, NumPy arrays of up to that
    size come from the heap, which fragments and rarely shrinks. A random walk over the depth
    lab's controls held 50 MB more at its peak and kept growing (benchmarks/random_walk.py:
    end 217 → 168 MB, second half +14 → +2 MB). Not glibc (macOS, Windows, musl), or a
    threshold set through ``MALLOC_MMAP_THRESHOLD_``: nothing to do, False."""
    if sys.platform != "linux" or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def make_application(argv: list[str] | None = None):
    """Create (or reuse) the QApplication and set pyqtgraph's global look."""
    import pyqtgraph as pg
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from explorer.resources import resource_path

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("explorer")
    app.setOrganizationName("explorer")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "explorer.svg"))))
    pg.setConfigOptions(antialias=True, background="w", foreground="k", imageAxisOrder="row-major")
    return app


def run(lab: str | None = None, screenshot: Path | None = None, file: Path | None = None) -> int:
    """Open the window (on ``lab`` if given, with a session file or deck ``file`` opened);
    with ``screenshot``, render it to PNG and exit."""
    configure_environment(offscreen=screenshot is not None)
    app = make_application()
    from explorer.settings import Settings
    from explorer.ui.main_window import MainWindow

    # a screenshot reads the user's settings (scale, last lab) but leaves them as they were
    window = MainWindow(Settings(read_only=True) if screenshot is not None else None, lab=lab)
    if screenshot is not None:
        if file is not None and not _open_quietly(window, file):
            return 1
        return _screenshot(app, window, screenshot)
    window.show()
    if file is not None:
        window.open_file(file)  # a broken file is explained in a dialog over the window
    status = app.exec()
    dispose(app, window)
    return status


def dispose(app, window) -> None:
    """Delete the window and deliver what its deletion posts while Python is whole: left to
    interpreter shutdown, a plot's pending layout event can reach a Python override after
    Python has begun to finalize, and the process crashes on exit (seen after presenting)."""
    window.close()
    window.deleteLater()
    app.processEvents()
    app.sendPostedEvents()


def _open_quietly(window, path: Path) -> bool:
    """Open a session file or deck without dialogs (nobody sees an offscreen window); a refusal
    goes to stderr."""
    from explorer.state.deck import is_deck
    from explorer.state.serialize import SessionFileError, peek_lab
    from explorer.ui.labs import lab_keys

    try:
        if is_deck(path):
            window.lecture.player.open(path)
        else:
            lab = peek_lab(path)
            key = lab if lab in lab_keys() else window.current_page.key
            window.page(lab_keys().index(key)).load_from(path)
            window.select_lab(key)
    except (SessionFileError, ValueError) as error:
        print(f"explorer: {Path(path).name} was not opened: {error}", file=sys.stderr)
        return False
    return True


def _screenshot(app, window, path: Path) -> int:
    from explorer.ui.export import export_widget

    window.resize(1400, 860)
    window.show()
    for _ in range(5):  # let layouts settle and plots paint
        app.processEvents()
    page = window.current_page
    deadline = time.monotonic() + SCREENSHOT_WAIT_S
    while page.busy() and time.monotonic() < deadline:  # a picture of finished plots
        app.processEvents()
        time.sleep(0.002)
    page.flush()
    app.processEvents()
    png = path if path.suffix.lower() == ".png" else path.with_suffix(".png")
    written = export_widget(window, png)
    print(f"wrote {written} ({page.key} lab, {window.width()}×{window.height()})", flush=True)
    dispose(app, window)
    return 0

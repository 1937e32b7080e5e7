"""``explorer --self-test``: prove a build works without a screen or a person.

Opens every lab offscreen, moves its main control once, renders the page, and exits 0; on any
failure it prints which lab and why, and exits 1. The bundle smoke test runs this inside the
frozen executable, so resources, Qt plugins and NumPy are all exercised.
"""

from __future__ import annotations

import sys
import traceback


def run_self_test() -> int:
    from explorer.app import configure_environment, dispose, make_application

    configure_environment(offscreen=True)
    app = make_application()
    from explorer.settings import Settings
    from explorer.ui.main_window import MainWindow

    window = MainWindow(Settings(read_only=True))  # a check leaves the user's settings alone
    window.resize(1200, 800)
    window.show()
    failures = []
    for page in window.pages:
        try:
            window.select_lab(page.key)
            app.processEvents()
            control = page.main_control()
            if control is not None:
                control.valueChanged.emit(control.value())  # the same path as a user's move
                _nudge(control)
            page.flush()
            app.processEvents()
            image = page.grab()
            if image.isNull() or image.width() < 100:
                raise RuntimeError("rendered an empty image")
            print(f"self-test: {page.key}: ok", flush=True)
        except Exception as error:  # report every lab, then fail
            failures.append(page.key)
            print(f"self-test: {page.key}: FAILED: {error}", file=sys.stderr, flush=True)
            traceback.print_exc()
    try:
        _check_recording(page)
        print("self-test: recording (GIF, WebP): ok", flush=True)
    except Exception as error:
        failures.append("recording")
        print(f"self-test: recording: FAILED: {error}", file=sys.stderr, flush=True)
        traceback.print_exc()
    dispose(app, window)
    if failures:
        print(f"self-test failed for: {', '.join(failures)}", file=sys.stderr)
        return 1
    print("self-test: all labs ok")
    return 0


def _check_recording(page) -> None:
    """Two frames of ``page`` written as GIF and WebP and read back (Pillow in the bundle)."""
    import tempfile
    from pathlib import Path

    from PIL import Image

    from explorer.ui.recording.render import render_widget
    from explorer.ui.recording.writers import write_recording

    frame = render_widget(page)
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".gif", ".webp"):
            path = write_recording(Path(folder) / f"check{suffix}", [frame, 255 - frame], 10)
            with Image.open(path) as image:
                if image.size != (frame.shape[1], frame.shape[0]) or image.n_frames != 2:
                    raise RuntimeError(f"{suffix} came back as {image.size}, {image.n_frames}")


def _nudge(control) -> None:
    """Move a slider-like control one step and back."""
    value = control.value()
    maximum = getattr(control, "maximum", value)
    step = 1 if getattr(control, "integer", False) else (maximum - value) / 10 or -0.1
    control.setValue(value + step)
    control.valueChanged.emit(control.value())

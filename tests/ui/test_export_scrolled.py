"""Plots that scroll (a small window at a large View scale) export whole, not the part in view."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from explorer.ui.plot import PlotsScroll


@pytest.mark.parametrize("lab", ["depth", "normalization", "approximation"])
def test_scrolled_plots_export_whole(window, tmp_path, lab):
    window.resize(1280, 720)
    window.set_scale(250)
    window.select_lab(lab)
    page = window.current_page
    page.flush()
    scroll = next(s for s in page.plots.findChildren(PlotsScroll) if s.isVisible())
    inner = scroll.widget()
    assert inner.height() > scroll.viewport().height()  # the plots do scroll here
    written = window.export_to(tmp_path / "plots.png")
    image = QImage(str(written))
    assert (image.width(), image.height()) == (inner.width(), inner.height())
    # the bottom row is drawn, not left blank: some dark ink (axis text) in the lowest tenth
    bottom = image.copy(0, image.height() * 9 // 10, image.width(), image.height() // 10)
    dark = sum(
        1
        for y in range(0, bottom.height(), 2)
        for x in range(0, bottom.width(), 2)
        if bottom.pixelColor(x, y).lightness() < 100
    )
    assert dark > 20
    window.set_scale(100)

"""A cached lean axis painted directly: new pens take effect, labels are laid out once.

The plots here are built of the speed layer's classes in either mode (``fast=True``)."""

from __future__ import annotations

import numpy as np

from explorer.ui.plot import axis_paint


def _axis_pixels(plot, axis):
    image = plot.grab().toImage()
    rect = axis.mapRectToScene(axis.boundingRect()).toAlignedRect() & image.rect()
    part = image.copy(rect).convertToFormat(image.Format.Format_RGB32)
    return (
        np.frombuffer(part.constBits(), np.uint8)
        .reshape(part.height(), -1, 4)[:, : part.width(), :3]
        .copy()
    )


def _count(pixels, rgb) -> int:
    wanted = np.array(rgb[::-1])  # BGR in memory
    return int((np.abs(pixels.astype(int) - wanted).sum(axis=2) < 60).sum())


def test_a_new_axis_pen_tick_pen_or_text_pen_is_drawn(make_plot, qtbot):
    plot = make_plot(420, 300, fast=True)
    axis = plot.plot_item.getAxis("bottom")
    before = _axis_pixels(plot, axis)
    assert _count(before, (255, 0, 0)) == 0
    axis.setPen("#FF0000")  # the axis line and, without a tick pen, the ticks
    qtbot.wait(1)
    red = _count(_axis_pixels(plot, axis), (255, 0, 0))
    assert red > 100  # the whole axis line at least
    axis.setTickPen("#0000FF")
    qtbot.wait(1)
    pixels = _axis_pixels(plot, axis)
    assert _count(pixels, (0, 0, 255)) > 10  # the ticks
    assert 0 < _count(pixels, (255, 0, 0)) < red  # the line stays red, the ticks do not
    axis.setTextPen("#00AA00")
    qtbot.wait(1)
    assert _count(_axis_pixels(plot, axis), (0, 170, 0)) > 20  # the labels


def test_labels_are_laid_out_once_per_font_and_text(make_plot, qtbot, monkeypatch):
    plot = make_plot(420, 300, fast=True)
    laid_out = []
    lay_out = axis_paint._lay_out

    def counting(font_key, text, font, metrics):
        laid_out.append(text)
        return lay_out(font_key, text, font, metrics)

    monkeypatch.setattr(axis_paint, "_lay_out", counting)
    monkeypatch.setattr(axis_paint, "_texts", {})
    axis = plot.plot_item.getAxis("bottom")
    for _ in range(3):  # the same range three times: the labels are remembered
        plot.plot_item.setXRange(-5, 5, padding=0)
        axis.update()
        qtbot.wait(1)
    assert laid_out and len(laid_out) == len(set(laid_out))
    assert {"-4", "0", "4"} <= set(laid_out)

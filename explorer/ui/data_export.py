"""File → Export plot data: one CSV file per plot of the lab on screen.

Each file is named after the lab and the plot's title and holds the table of
:func:`explorer.ui.plot.table.plot_table`: a header naming the columns with the axis labels and
their units, then one row per point. Every file is written atomically; a plot that shows no
data yet writes no file.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from explorer.fileio import write_text_atomic
from explorer.ui.plot.table import plot_table, plot_title


def slug(text: str) -> str:
    """A file-name part from a title: lower case, ASCII letters and digits, dashes."""
    text = text.lower().replace("∂", "d").replace("‖", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "plot"


def visible_plots(widget: QWidget) -> list[pg.PlotWidget]:
    """The plots under ``widget`` that are on screen, in the order they were built."""
    return [plot for plot in widget.findChildren(pg.PlotWidget) if plot.isVisible()]


def export_plot_data(widget: QWidget, folder: str | Path, stem: str) -> list[Path]:
    """Write a CSV per visible plot under ``widget`` into ``folder``; returns the files."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OSError(f"the folder {folder} does not exist")
    written: list[Path] = []
    for number, plot in enumerate(visible_plots(widget), start=1):
        header, rows = plot_table(plot.getPlotItem())
        if not rows:
            continue
        title = plot_title(plot.getPlotItem())
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        path = folder / f"{stem}-{number:02d}-{slug(title)}.csv"
        written.append(write_text_atomic(path, text.getvalue()))
    return written

"""File → Export plot data: a CSV per plot, headed by the axis labels, holding what is drawn."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from explorer.ui.data_export import slug, visible_plots
from explorer.ui.plot.table import plain


def read(path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    return rows[0], rows[1:]


def test_every_lab_writes_one_csv_per_plot_with_axis_labels(window, tmp_path):
    for page in window.pages:
        if page.session is None:
            continue
        window.select_lab(page.key)
        page.flush()
        folder = tmp_path / page.key
        folder.mkdir()
        written = window.export_data_to(folder)
        plots = visible_plots(page.export_target())
        assert 1 <= len(written) <= len(plots), page.key
        for path in written:
            header, rows = read(path)
            assert path.name.startswith(f"{page.key}-") and header[0] == "series"
            assert len(header) >= 3 and all(header) and rows, path.name
            assert all(r[0] for r in rows)  # every row names its series


def test_the_depth_gradient_bars_hold_the_probes_gradient_norms(window, tmp_path):
    window.select_lab("depth")
    page = window.current_page
    page.flush()
    probe = page.session.snapshot().probe
    written = window.export_data_to(tmp_path)
    bars = next(path for path in written if "bars-untrained" in path.name)
    header, rows = read(bars)
    assert header[1].startswith("hidden layer l") and "log scale" in header[2]
    layers = [float(r[1]) for r in rows]
    tops = np.array([float(r[2]) for r in rows])
    assert layers == list(range(1, probe.depth + 1))
    np.testing.assert_allclose(tops, np.log10(probe.grad_norm), rtol=1e-6)


def test_a_folder_that_does_not_exist_is_reported_and_nothing_is_written(window, tmp_path,
                                                                          monkeypatch):  # fmt: skip
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    assert window.export_data_to(tmp_path / "missing") == []
    assert shown and "does not exist" in shown[0][2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<b>‖∂L/∂W₁‖</b> ratio", "dl-dw-ratio"), ("Fit: press ▶", "fit-press"), ("", "plot")],
)
def test_file_names_come_from_titles(text, expected):
    assert slug(plain(text)) == expected


def test_rich_text_becomes_plain():
    assert plain('<span style="color:#123">loss</span>, &lt;1&gt;&nbsp;ok') == "loss, <1> ok"

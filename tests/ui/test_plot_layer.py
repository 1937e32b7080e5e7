"""The speed layer's switch: subclasses used explicitly, pyqtgraph left as it is, and plain
pyqtgraph everywhere when the layer is off (by choice or for another pyqtgraph version).

The app-wide checks run in fresh processes (tests/ui/plot_layer_probe.py), as the switch is
read once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.ui.plot import switch

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("plot_layer_probe.py")
# the speed layer's pyqtgraph subclasses (and GridLines, which reads an axis's internals)
LAYER = {
    "explorer.ui.plot.axis.LeanAxis",
    "explorer.ui.plot.axis.DecadeAxis",
    "explorer.ui.plot.curve.FastCurve",
    "explorer.ui.plot.data_items.FastBars",
    "explorer.ui.plot.data_items.FastDataItem",
    "explorer.ui.plot.items.GridLines",
    "explorer.ui.plot.items.PixelText",
    "explorer.ui.plot.plot_item.CachedLegend",
    "explorer.ui.plot.plot_item.StyledPlotItem",
    "explorer.ui.plot.scatter.FastScatter",
    "explorer.ui.plot.title.TitleLabel",
}
# Qt items of the package's own that use pyqtgraph's public view API only: drawn in both modes
OWN_QT_ITEMS = {"explorer.ui.plot.items.Backdrop", "explorer.ui.plot.items.Dot"}
REPLACED = {  # pyqtgraph classes whose instances the layer replaces
    f"pyqtgraph.graphicsItems.{path}"
    for path in (
        "PlotDataItem.PlotDataItem",
        "PlotCurveItem.PlotCurveItem",
        "ScatterPlotItem.ScatterPlotItem",
        "BarGraphItem.BarGraphItem",
        "PlotItem.PlotItem.PlotItem",
        "LegendItem.LegendItem",
        "TextItem.TextItem",
    )
}


def _run(
    code_or_path: str | Path, plain: bool, timeout: float = 120
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop(switch.ENV_VAR, None)
    if plain:
        env[switch.ENV_VAR] = "1"
    args = [str(code_or_path)] if isinstance(code_or_path, Path) else ["-c", code_or_path]
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize(
    "environ, version, fast, warned",
    [
        ({}, switch.TESTED_PYQTGRAPH, True, False),
        ({switch.ENV_VAR: "0"}, switch.TESTED_PYQTGRAPH, True, False),
        ({switch.ENV_VAR: "1"}, switch.TESTED_PYQTGRAPH, False, False),  # a choice: no warning
        ({switch.ENV_VAR: "yes"}, switch.TESTED_PYQTGRAPH, False, False),
        ({}, "0.13.7", False, True),
        ({}, "0.14.1", False, True),
        ({switch.ENV_VAR: "1"}, "0.13.7", False, False),
    ],
)
def test_the_switch_decides_from_the_variable_and_the_version(environ, version, fast, warned):
    decided, warning = switch.decide(environ, version)
    assert decided is fast
    assert (warning is not None) is warned
    if warned:
        assert version in warning and switch.TESTED_PYQTGRAPH in warning


@pytest.mark.parametrize("plain", [False, True])
def test_the_labs_plots_hold_the_layers_classes_or_none_of_them(plain):
    result = _run(PROBE, plain)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["fast"] is not plain
    items = set(report["items"])
    ours = {name for name in items if name.startswith("explorer.ui.plot.")}
    if plain:
        assert ours <= OWN_QT_ITEMS, ours - OWN_QT_ITEMS
        assert items >= REPLACED  # pyqtgraph's own draw every plot
    else:
        assert ours == LAYER | OWN_QT_ITEMS  # every subclass is in use somewhere
        assert not items & REPLACED, items & REPLACED
    assert report["stuck_attributes"] == []
    # neither importing the package nor building every lab changes a pyqtgraph class
    assert report["changed_by_import"] == []
    assert report["changed_by_labs"] == []


def test_another_pyqtgraph_version_turns_the_layer_off_with_one_warning():
    code = (
        "import logging; logging.basicConfig(format='%(levelname)s %(name)s: %(message)s')\n"
        "import pyqtgraph; pyqtgraph.__version__ = '0.13.7'\n"
        "from explorer.app import make_application; app = make_application()\n"
        "import explorer.ui.plot as plot\n"
        "from explorer.ui.plot import StyledPlot\n"
        "plots = [StyledPlot('t', 'x', 'y') for _ in range(3)]\n"
        "print(plot.FAST, plot.fast(), type(plots[0].plot_item).__name__)\n"
    )
    result = _run(code, plain=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "False", "PlotItem"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.stderr
    assert "0.13.7" in warnings[0] and "explorer.ui.plot" in warnings[0]

"""README's examples run as printed and do what they say; README stays short and its links hold."""

from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MAX_README_BYTES = 15_000  # figures, history, set-up detail: benchmarks/, CHANGELOG, CONTRIBUTING


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_notebook_example_runs_and_learns():
    text = README.read_text(encoding="utf-8")
    match = re.search(r"A notebook session, start to finish:\n\n```python\n(.*?)```", text, re.S)
    assert match, "README lost its notebook example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(match.group(1), "README.md", "exec"), {})  # our own docs, not user text
    lines = out.getvalue().split("\n")
    assert float(lines[0]) < 0.05  # the fit converged
    grad_norms = [float(line.split()[0]) for line in lines[1:] if line]
    assert len(grad_norms) == 2 and all(math.isfinite(g) and g > 0 for g in grad_norms)


def test_every_python_block_runs_in_order():
    """The API blocks after the notebook example run in its namespace, as README says."""
    blocks = _python_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for number, block in enumerate(blocks, start=1):
            exec(compile(block, f"README.md block {number}", "exec"), namespace)  # our own docs
    assert namespace["path"].shape == (501, 2)  # the comment's shape
    assert namespace["act"].params == {"negative_slope": 0.1}
    np.testing.assert_allclose(namespace["g"], namespace["net"].grads[0], atol=1e-6)


def test_readme_stays_short():
    size = len(README.read_bytes())
    assert size < MAX_README_BYTES, f"README.md: {size} bytes; move detail to benchmarks/"


def test_readme_links_and_images_exist():
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#:]+)\)", text)  # relative links and images, no URLs
    assert {"docs/approximation.png", "benchmarks/README.md", "CHANGELOG.md"} <= set(targets)
    for target in targets:
        assert (ROOT / target).exists(), target


def test_contributing_links_exist_and_keeps_the_lab_checklist():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "Adding a lab" in text
    for target in re.findall(r"\]\(([^)#:]+)\)", text):
        assert (ROOT / target).exists(), target


def test_readme_names_every_lab():
    from explorer.ui.labs import LABS, lab_keys

    text = README.read_text(encoding="utf-8")
    assert f"NAME: {', '.join(lab_keys())}" in text
    for number, lab in enumerate(LABS, start=1):
        assert f"{number}. **{lab.title}" in text, lab.title

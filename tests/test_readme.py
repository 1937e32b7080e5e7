"""README's notebook example runs as printed and does what it says."""

from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


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

"""The CI workflow that builds the bundle on Linux, Windows and macOS names what exists here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "bundle.yml"


def test_the_workflow_builds_from_the_spec_and_self_tests_on_three_systems():
    text = WORKFLOW.read_text(encoding="utf-8")
    systems = re.search(r"os: \[(.*)\]", text).group(1).split(", ")
    assert {s.split("-")[0] for s in systems} == {"ubuntu", "windows", "macos"}
    for path in re.findall(r"(packaging/[\w./]+)", text):
        assert (ROOT / path).exists(), path
    assert text.count("--self-test") >= 2  # Unix and Windows steps
    assert "\t" not in text  # YAML forbids tabs


def test_the_spec_has_no_linux_only_paths():
    lines = (ROOT / "packaging" / "explorer.spec").read_text(encoding="utf-8").splitlines()
    spec = "\n".join(line.split("#")[0] for line in lines)  # code, not comments
    for linux_only in ("/usr/", "/lib/", ".so", "strip ", "apt-get"):
        assert linux_only not in spec, linux_only

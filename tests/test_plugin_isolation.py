"""What a plugin rule cannot do to the other rules (issue 20, reproducer 23): change the
document they read, or report findings for another file or under another prefix."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from test_plugins import _project

MUTATIONS = {
    "line index": "doc.index.starts[:] = [0]",
    "line index replaced": "doc.index.starts = (0,)",
    "offset map": "doc.sentences[0].run.omap.add(0, 10_000)",
    "section title": "doc.sections[0].title = 'x'",
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_plugin_cannot_change_the_document_under_the_other_rules(tmp_path: Path, mutation: str) -> None:
    project = _project(tmp_path, "", body=MUTATIONS[mutation])
    result = run_cli("check", "--no-cache", "report.md", cwd=project)
    assert result.returncode == 2
    assert "report.md:5:19: RL201" in result.stdout  # the built-in findings, where they are
    assert "RL005 rule TEAM001 (no-tuesday) (from plugin tools) raised" in result.stderr
    assert "RL007" not in result.stderr and "outside the file" not in result.stderr


FOREIGN = '''
from reportlint.api import Finding, Position, Severity, Span, rule

@rule(code="TEAM001", name="forger", summary="Forges findings")
def forger(doc, ctx):
    """## What it does
    Forges."""
    yield Finding({code!r}, "forger", Severity.ERROR, "forged", None, {path}, Span(Position(1, 1), Position(1, 2)), "")

RULES = (forger,)
'''


@pytest.mark.parametrize(("code", "path", "problem"), [
    ("TEAM001", "'../../etc/passwd'", "returned a finding for another file ('../../etc/passwd')"),
    ("RL201", "doc.path", "returned a finding with code 'RL201', outside its own prefix TEAM"),
    ("OTHER001", "doc.path", "returned a finding with code 'OTHER001', outside its own prefix TEAM"),
])
def test_plugin_findings_must_be_for_their_file_and_under_their_prefix(tmp_path: Path, code: str, path: str, problem: str) -> None:
    project = _project(tmp_path, FOREIGN.format(code=code, path=path))
    result = run_cli("check", "--no-cache", "report.md", cwd=project)
    assert result.returncode == 2 and "forged" not in result.stdout
    assert f"RL007 rule TEAM001 (forger) (from plugin tools) {problem}" in result.stderr


def test_a_plugin_finding_under_its_own_prefix_for_its_file_is_reported(tmp_path: Path) -> None:
    project = _project(tmp_path, FOREIGN.format(code="TEAM001", path="doc.path"))
    result = run_cli("check", "--no-cache", "report.md", cwd=project)
    assert result.returncode == 1 and "report.md:1:1: TEAM001 forged" in result.stdout, result.stderr

"""Baselines: accept today's findings, report only new ones, survive edits elsewhere."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli

BAD = "# Incident\n\n- **Root cause:** N/A\n"


def test_baseline_hides_known_findings_and_counts_stale_entries(tmp_path: Path):
    (tmp_path / "a.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.md").write_text(BAD, encoding="utf-8")
    written = run_cli("check", "--write-baseline", "base.json", ".", cwd=tmp_path)
    assert written.returncode == 0 and "wrote 2 findings" in written.stderr
    assert [e["path"] for e in json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["findings"]] == ["a.md", "b.md"]
    assert run_cli("check", "--baseline", "base.json", ".", cwd=tmp_path).returncode == 0
    (tmp_path / "b.md").write_text(BAD.replace("N/A", "N/A (retired host)"), encoding="utf-8")
    fixed = run_cli("check", "--baseline", "base.json", ".", cwd=tmp_path)
    assert fixed.returncode == 0
    assert "1 baseline entries no longer match" in fixed.stderr
    only_a = run_cli("check", "--baseline", "base.json", "a.md", cwd=tmp_path)
    assert only_a.stderr == ""  # entries of files not linted are not stale


def test_unreadable_baseline_is_exit_2(tmp_path: Path):
    (tmp_path / "a.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "base.json").write_text("[]", encoding="utf-8")
    result = run_cli("check", "--baseline", "base.json", "a.md", cwd=tmp_path)
    assert result.returncode == 2 and "not a reportlint baseline" in result.stderr


def test_corpus_baseline_reports_only_the_new_problem(tmp_path: Path):
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    reports = tmp_path / "reports"
    shutil.copytree(CORPUS, reports)
    written = run_cli("check", "--write-baseline", "baseline.json", "reports", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    entries = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert entries, "the corpus should have findings to accept"
    target = tmp_path / entries[-1]["path"]
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    at = max(entries[-1]["line"] - 1, 0)
    while at > 0 and lines[at - 1].strip():  # insert above the finding's block, not inside it
        at -= 1
    inserted = ["<!-- reviewed again -->\n", "\n", "\n"]
    edited = [*lines[:at], *inserted, *lines[at:], "\n", "- **Reviewer:** N/A\n"]
    target.write_text("".join(edited), encoding="utf-8")
    result = run_cli("check", "--baseline", "baseline.json", "reports", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:-1] == [f'{entries[-1]["path"]}:{len(edited)}:17: RL201 "Reviewer" is "N/A" with no reason given'], result.stdout
    assert "no longer match" not in result.stderr

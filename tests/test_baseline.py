"""Baselines: accept today's findings, report only new ones, survive edits elsewhere."""
from __future__ import annotations

import hashlib
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
    assert "1 baseline entry no longer matches" in fixed.stderr
    assert 'b.md:3: RL201 "Root cause" is "N/A" with no reason given' in fixed.stderr  # the note names the entry
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


# A report written to the Google SRE template; the whole-report findings (missing section, field)
# point at 1:1 with an empty span.
SRE = "".join(f"## {title}\n\nText.\n\n" for title in (
    "Summary", "Impact", "Root Causes", "Resolution", "Detection", "Action Items", "Lessons Learned", "Timeline"))
SRE_REPORT = "# Outage\n\n- **Date:** 2024-01-02\n\n" + SRE


def _check(tmp_path: Path, *args: str):
    return run_cli("check", "--no-cache", "--profile", "postmortem-sre", *args, "r.md", cwd=tmp_path)


def test_baseline_of_a_missing_section_does_not_hide_another_missing_section(tmp_path: Path):
    report = tmp_path / "r.md"
    report.write_text(SRE_REPORT, encoding="utf-8")  # missing: the Trigger section, the Authors and Status fields
    assert _check(tmp_path, "--write-baseline", "b.json").returncode == 0
    assert _check(tmp_path, "--baseline", "b.json").returncode == 0
    report.write_text(SRE_REPORT.replace("## Impact", "## Trigger"), encoding="utf-8")
    result = _check(tmp_path, "--baseline", "b.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'r.md:1:1: RL101 Missing required section "Impact"' in result.stdout
    assert "Trigger" in result.stderr.split("no longer", 1)[1]  # the stale entry is the fixed section


def test_baseline_of_one_missing_field_does_not_hide_another(tmp_path: Path):
    report = tmp_path / "r.md"
    report.write_text(SRE_REPORT.replace("- **Date:** 2024-01-02", "- **Authors:** Ann\n- **Status:** final"), encoding="utf-8")
    assert _check(tmp_path, "--write-baseline", "b.json", "--select", "RL110").returncode == 0  # accepts the missing Date
    report.write_text(SRE_REPORT.replace("- **Date:** 2024-01-02", "- **Date:** 2024-01-02\n- **Status:** final"), encoding="utf-8")
    result = _check(tmp_path, "--baseline", "b.json", "--select", "RL110")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == 'r.md:1:1: RL110 Missing required field "Authors"'
    assert result.stderr.splitlines()[1:] == ['  r.md:1: RL110 Missing required field "Date"']  # fixed: the Date, not another field


def _legacy_fingerprint(code: str, path: str, occurrence: int) -> str:
    """How the previous version fingerprinted a finding that flags no text: without its subject."""
    return hashlib.sha256("\0".join((code, path, "", str(occurrence))).encode()).hexdigest()[:32]


def test_baseline_written_by_the_previous_version_accepts_only_the_findings_it_names(tmp_path: Path):
    (tmp_path / "r.md").write_text(SRE_REPORT.replace("- **Date:** 2024-01-02", "- **Status:** final"), encoding="utf-8")
    entries = [  # the old baseline accepted a missing Date and a missing Status; Status is now stated, Authors is missing
        {"fingerprint": _legacy_fingerprint("RL110", "r.md", 0), "code": "RL110", "path": "r.md", "line": 1, "message": 'Missing required field "Date"'},
        {"fingerprint": _legacy_fingerprint("RL110", "r.md", 1), "code": "RL110", "path": "r.md", "line": 1, "message": 'Missing required field "Status"'},
    ]
    (tmp_path / "old.json").write_text(json.dumps({"schema_version": 1, "findings": entries}), encoding="utf-8")
    result = _check(tmp_path, "--baseline", "old.json", "--select", "RL110")
    assert result.stdout.splitlines()[0] == 'r.md:1:1: RL110 Missing required field "Authors"'
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == ['  r.md:1: RL110 Missing required field "Status"']

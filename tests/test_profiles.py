"""End to end: the incident templates, the seed report and the real corpus (issue 3's done-when)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED
from test_packs import lint

COMPLETE = FIXTURES / "profiles" / "incident_complete.md"
INCIDENT_SECTIONS = (
    "Executive Summary", "Incident Details", "Timeline of Events", "Attack Methodology", "Impact Assessment",
    "Indicators of Compromise", "Response Actions", "Lessons Learned", "Recommendations",
)


def test_complete_incident_report_has_no_structure_finding() -> None:
    assert lint(COMPLETE, "incident-full", ("RL1",)) == []
    assert lint(COMPLETE, "incident", ("RL1",)) == []


@pytest.mark.parametrize("title", INCIDENT_SECTIONS)
def test_removing_one_section_gives_one_finding_naming_it(tmp_path: Path, title: str) -> None:
    text = COMPLETE.read_text(encoding="utf-8")
    pattern = re.compile(rf"^## \d\. {re.escape(title)}:?\n.*?(?=^## |\Z)", re.IGNORECASE | re.MULTILINE | re.DOTALL)
    reduced, count = pattern.subn("", text)
    assert count == 1
    path = tmp_path / "report.md"
    path.write_text(reduced, encoding="utf-8")
    findings = lint(path, "incident-full", ("RL1",))
    assert [(f["code"], f["location"]["line"], f["location"]["column"]) for f in findings] == [("RL101", 1, 1)]
    assert f'"{title}"' in findings[0]["message"]


@pytest.mark.skipif(not SEED.exists(), reason="shared examples not present")
def test_seed_na_and_placeholder_lines() -> None:
    rl2 = {f["location"]["line"] for f in lint(SEED, "incident") if f["code"].startswith("RL2")}
    assert {2, 29, 31, 32, 33} <= rl2
    assert not rl2 & {10, 19, 38, 43, 44, 45, 50}


@pytest.mark.skipif(not SEED.exists(), reason="shared examples not present")
def test_seed_structure_is_complete() -> None:
    assert [f for f in lint(SEED, "incident", ("RL1",)) if f["location"]["line"] > 4] == []
    assert [f for f in lint(SEED, "incident-full", ("RL1",)) if f["location"]["line"] > 4] == []


def test_empty_file_misses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("", encoding="utf-8")
    assert lint(path, "postmortem") == []


def test_incident_requires_only_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("# Token leak\n\n## Timeline\n\n- 09:14 UTC: token revoked.\n", encoding="utf-8")
    findings = lint(path, "incident", ("RL1",))
    assert [(f["code"], f["message"].split('"')[1]) for f in findings] == [("RL101", "Executive Summary")]
    path.write_text("# Token leak\n\n## TL;DR\n\nA CI token leaked.\n", encoding="utf-8")
    assert lint(path, "incident", ("RL1",)) == []

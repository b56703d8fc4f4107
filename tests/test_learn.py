"""``reportlint profile learn`` and ``init --learn`` through the real command: a profile learned
from a folder of reports written to one template, and refused for a folder of mixed reports."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, run_cli

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PACK_SCHEMA = jsonschema.Draft202012Validator(json.loads((ROOT / "reportlint" / "schemas" / "pack.schema.json").read_text(encoding="utf-8")))


def _report(name: str, *, cause: bool = True, cause_title: str = "Root Cause", swap: bool = False, follow_up: str = "Follow-up Actions") -> str:
    """One report of the team's template: header field, Summary, Timeline, Root Cause, Follow-up Actions."""
    timeline = "## Timeline\n\n- 2024-03-02 10:15 UTC: the queue stopped draining.\n- 2024-03-02 11:40 UTC: workers restarted.\n"
    cause_part = f"## {cause_title}\n\nA configuration push set the worker pool size to zero.\n" if cause else ""
    summary = "## Summary\n\nThe billing queue stopped for eighty-five minutes after a configuration push.\n"
    body = [summary, timeline, cause_part] if not swap else [timeline, summary, cause_part]
    return (f"# {name}\n\n**Severity:** SEV2\n\n" + "\n".join(p for p in body if p)
            + f"\n## {follow_up}\n\n- Validate pool sizes before a push (owner: platform team).\n")


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """Six reports of one template; ``queue-6.md`` has no Root Cause section."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(1, 6):
        (folder / f"queue-{number}.md").write_text(_report(f"Queue stall {number}", cause_title="Root Causes" if number == 3 else "Root Cause"), encoding="utf-8")
    (folder / "queue-6.md").write_text(_report("Queue stall 6", cause=False), encoding="utf-8")
    return tmp_path


def _pack(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_learned_pack_validates_loads_and_reports_exactly_the_deviation(team: Path):
    result = run_cli("profile", "learn", "reports", "-o", "team.toml", cwd=team)
    assert result.returncode == 0, result.stderr
    pack = _pack(team / "team.toml")
    assert list(PACK_SCHEMA.iter_errors(pack)) == []
    assert pack["pack"]["id"] == "team" and pack["pack"]["extends"] == ["base"]
    sections = {s["title"]: s for s in pack["structure"]["sections"]}
    assert set(sections) == {"Summary", "Timeline", "Root Cause", "Follow-up Actions"}
    assert all(s["required"] for s in sections.values())
    assert sections["Root Cause"]["concept"] == "root-causes"  # "Root Causes" in queue-3 matches by meaning
    assert "aliases" not in sections["Root Cause"]  # every wording the team used means the concept
    assert [s["title"] for s in sorted(sections.values(), key=lambda s: s["order"])] == ["Summary", "Timeline", "Root Cause", "Follow-up Actions"]
    assert pack["structure"]["fields"] == ["Severity"]
    text = (team / "team.toml").read_text(encoding="utf-8")
    assert text.startswith("# A report profile learned from 6 reports") and "--min-share 0.8" in text
    # the summary table goes to stdout when the pack goes to a file
    assert "Root Cause" in result.stdout and "5/6 (83%)" in result.stdout and "required" in result.stdout

    check = run_cli("check", "--profile", "team.toml", "--select", "RL1", "reports", cwd=team)
    assert check.returncode == 1, check.stderr
    assert check.stdout.splitlines()[:-1] == ['reports/queue-6.md:1:1: RL101 Missing required section "Root Cause" (root-causes: "Root Cause", ...)']


def test_pack_to_stdout_and_summary_to_stderr(team: Path):
    result = run_cli("profile", "learn", "reports", cwd=team)
    assert result.returncode == 0, result.stderr
    assert list(PACK_SCHEMA.iter_errors(tomllib.loads(result.stdout))) == []
    assert "section" in result.stderr.splitlines()[0] and "6 reports; heading overlap" in result.stderr


def test_order_and_misspelling_are_learned(team: Path):
    reports = team / "reports"
    (reports / "queue-2.md").write_text(_report("Queue stall 2", swap=True), encoding="utf-8")
    (reports / "queue-4.md").write_text(_report("Queue stall 4", follow_up="Folow-up Actions"), encoding="utf-8")
    assert run_cli("profile", "learn", "reports", "-o", "team.toml", cwd=team).returncode == 0
    check = run_cli("check", "--profile", "team.toml", "--select", "RL1", "-q", "reports", cwd=team)
    assert check.stdout.splitlines() == [
        'reports/queue-2.md:10:4: RL102 Section "Summary" is out of order: expected before "Timeline"',
        'reports/queue-6.md:1:1: RL101 Missing required section "Root Cause" (root-causes: "Root Cause", ...)',
    ]


def test_dry_run_prints_what_the_pack_reports_per_file_and_writes_nothing(team: Path):
    result = run_cli("profile", "learn", "reports", "--dry-run", "-o", "team.toml", cwd=team)
    assert result.returncode == 0, result.stderr
    assert not (team / "team.toml").exists()
    lines = result.stdout.splitlines()
    assert "reports/queue-1.md: follows the template" in lines
    assert 'reports/queue-6.md:1:1: RL101 Missing required section "Root Cause" (root-causes: "Root Cause", ...)' in lines
    assert lines[-1] == "The learned profile would report 1 finding (RL101, RL102, RL110) in 6 reports (0.17 per report)."


def test_mixed_folder_is_refused(tmp_path: Path):
    headings = [("Overview", "Affected Versions", "Mitigations"), ("What happened", "Why", "Next"), ("Background", "Method", "Results"),
                ("Summary", "Timeline", "Lessons"), ("Details", "Proof of Concept", "Credits"), ("Intro", "Analysis", "Outlook")]
    for number, titles in enumerate(headings):
        (tmp_path / f"post-{number}.md").write_text(f"# Post {number}\n\n" + "".join(f"## {t}\n\nSome text.\n\n" for t in titles), encoding="utf-8")
    result = run_cli("profile", "learn", ".", "-o", "mixed.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "not learning a profile: these 6 reports do not share a template" in result.stderr
    assert not (tmp_path / "mixed.toml").exists()


def test_too_few_reports_are_refused(team: Path):
    for number in (1, 2):
        (team / "reports" / f"queue-{number}.md").unlink()
    result = run_cli("profile", "learn", "reports", cwd=team)
    assert result.returncode == 2 and result.stdout == ""
    assert "4 reports found; at least 5 are needed" in result.stderr


def test_never_overwrites_an_input_nor_an_existing_file_without_force(team: Path):
    original = (team / "reports" / "queue-1.md").read_text(encoding="utf-8")
    result = run_cli("profile", "learn", "reports", "-o", "reports/queue-1.md", "--force", cwd=team)
    assert result.returncode == 2 and "is one of the reports learned from" in result.stderr
    assert (team / "reports" / "queue-1.md").read_text(encoding="utf-8") == original
    (team / "team.toml").write_text("# mine\n", encoding="utf-8")
    refused = run_cli("profile", "learn", "reports", "-o", "team.toml", cwd=team)
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert (team / "team.toml").read_text(encoding="utf-8") == "# mine\n"
    assert run_cli("profile", "learn", "reports", "-o", "team.toml", "--force", cwd=team).returncode == 0
    assert _pack(team / "team.toml")["pack"]["id"] == "team"


def test_min_share_must_exceed_one_half(team: Path):
    result = run_cli("profile", "learn", "reports", "--min-share", "0.5", cwd=team)
    assert result.returncode == 2 and "--min-share" in result.stderr


def test_init_learn_writes_the_pack_and_a_config_that_selects_it(team: Path):
    result = run_cli("init", "--learn", "reports", cwd=team)
    assert result.returncode == 0, result.stderr
    assert list(PACK_SCHEMA.iter_errors(_pack(team / ".reportlint" / "learned.toml"))) == []
    config = (team / ".reportlint.toml").read_text(encoding="utf-8")
    assert 'profile = ".reportlint/learned.toml"' in config
    check = run_cli("check", "--select", "RL1", "-q", "reports", cwd=team)
    assert check.stdout.splitlines() == ['reports/queue-6.md:1:1: RL101 Missing required section "Root Cause" (root-causes: "Root Cause", ...)']
    again = run_cli("init", "--learn", "reports", cwd=team)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert (team / ".reportlint.toml").read_text(encoding="utf-8") == config


def test_init_learn_on_a_mixed_folder_writes_nothing(tmp_path: Path):
    for number in range(5):
        (tmp_path / f"note-{number}.md").write_text(f"# Note {number}\n\n## Part {number}\n\nText.\n", encoding="utf-8")
    result = run_cli("init", "--learn", ".", cwd=tmp_path)
    assert result.returncode == 2 and "do not share a template" in result.stderr
    assert not (tmp_path / ".reportlint.toml").exists() and not (tmp_path / ".reportlint").exists()


def test_headings_are_learned_by_meaning_and_split_where_the_team_splits_a_concept(tmp_path: Path):
    """Dated timeline headings are one section titled "Timeline"; two headings that both
    mean the details concept ("Description", "Technical Details"), but every report has both, so they are two sections."""
    for number in range(1, 7):
        (tmp_path / f"r{number}.md").write_text(
            f"# Outage {number}\n\n## Description\n\nThe service was migrated last spring.\n\n## Technical Details\n\nThe cache filled up.\n\n"
            f"## Timeline (all times UTC) 2024-03-0{number}\n\n- 10:00 the cache filled up.\n", encoding="utf-8")
    result = run_cli("profile", "learn", ".", "-o", "team.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sections = {s["title"]: s for s in _pack(tmp_path / "team.toml")["structure"]["sections"]}
    assert set(sections) == {"Description", "Technical Details", "Timeline"}
    assert [sections[t]["order"] for t in ("Description", "Technical Details", "Timeline")] == [10, 20, 30]
    check = run_cli("check", "--profile", "team.toml", "--select", "RL1", "-q", ".", cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_fields_are_learned_and_checked_where_the_team_writes_them(tmp_path: Path):
    """A front-matter list of authors states the Authors field, a bold label with no space
    before its value (``**Product:**Billing``) is a field, and a pasted commit log
    (``commit <sha>`` then ``Author:``) states none: its report is the one missing authors."""
    front = "---\nauthors:\n  - J. Doe\n  - A. Smith\n---\n"
    body = "**Product:**Billing\n\n## Summary\n\nThe queue stopped.\n\n## Timeline\n\n- 2024-03-02 10:15 UTC: the queue stopped.\n\n## Commits\n\n"
    log = "commit 3f2a9c1d5e7b8a0c4d6e2f1a3b5c7d9e0f1a2b3c\nAuthor: J. Doe <jdoe@example.com>\nDate:   Sat Mar 2 10:15:04 2024 +0000\n\n    Revert the pool size\n"
    for number in range(1, 6):
        (tmp_path / f"r{number}.md").write_text(f"{front}# Queue stall {number}\n\n{body}A configuration push.\n", encoding="utf-8")
    (tmp_path / "r6.md").write_text(f"# Queue stall 6\n\n{body}{log}", encoding="utf-8")
    result = run_cli("profile", "learn", ".", "-o", "team.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _pack(tmp_path / "team.toml")["structure"]["fields"] == ["Product", "authors"]
    check = run_cli("check", "--profile", "team.toml", "--select", "RL1", "-q", ".", cwd=tmp_path)
    assert check.stdout.splitlines() == ['r6.md:1:1: RL110 Missing required field "authors"']


def _advisory(number: int, *, references: bool, detection: bool, notes: str = "") -> str:
    """One advisory of a template whose References section is often left empty: Summary, Next Steps
    (whose content is only its two subsections, Detection left empty or not), References."""
    return (f"# Advisory {number}\n\n## Summary\n\nA heap overflow in the parser.\n\n## Next Steps\n\n"
            f"### Variant analysis\n\nNo variants found.\n\n### Detection\n\n" + ("Crash reports show the overflow.\n\n" if detection else "")
            + "## References\n\n" + ("- The upstream bug tracker entry.\n" if references else "") + notes)


@pytest.fixture
def advisories(tmp_path: Path) -> Path:
    """Eight advisories: References empty in five (more than 20 % of them), Detection empty in
    one (filled in 7 of 8, at least 80 %)."""
    folder = tmp_path / "advisories"
    folder.mkdir()
    for number in range(1, 9):
        (folder / f"adv-{number}.md").write_text(_advisory(number, references=number > 5, detection=number != 2), encoding="utf-8")
    return tmp_path


def test_a_section_the_team_leaves_empty_is_learned_and_not_reported_empty(advisories: Path):
    result = run_cli("profile", "learn", "advisories", "-o", "team.toml", cwd=advisories)
    assert result.returncode == 0, result.stderr
    pack = _pack(advisories / "team.toml")
    assert list(PACK_SCHEMA.iter_errors(pack)) == []
    assert pack["options"]["RL103"] == {"may-be-empty": ["References"]}  # Next Steps (only subsections) and Detection are not
    text = (advisories / "team.toml").read_text(encoding="utf-8")
    assert '"References",  # empty in 5 of the 8 reports that have it' in text
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert rows["References"].endswith("5/8 (allowed)") and rows["Detection"].endswith("1/8 (reported)")
    assert result.stdout.splitlines()[-1].endswith("; 1 may be empty")

    check = run_cli("check", "--profile", "team.toml", "--select", "RL1", "-q", "advisories", cwd=advisories)
    assert check.stdout.splitlines() == ['advisories/adv-2.md:13:5: RL103 Section "Detection" is empty']
    # without the learned pack, every empty References is reported
    plain = run_cli("check", "--isolated", "--select", "RL103", "-q", "advisories", cwd=advisories)
    assert len(plain.stdout.splitlines()) == 6


def test_one_or_few_empty_sections_are_not_learned_as_the_template(advisories: Path):
    """Ten advisories: References empty in one, Detection in two (filled in 8 of 10: 80 %), and
    Notes, which three have, empty in one. At the default 80 % every empty section is still
    reported; at --min-share 0.9 Detection may stay empty, but not Notes: one empty report is
    never taken for the template."""
    folder = advisories / "advisories"
    for number in range(1, 11):
        notes = ("## Notes\n\n" + ("Thanks to the reporter.\n" if number != 9 else "")) if number in (7, 8, 9) else ""
        (folder / f"adv-{number}.md").write_text(_advisory(number, references=number != 3, detection=number not in (2, 4), notes=notes), encoding="utf-8")
    result = run_cli("profile", "learn", "advisories", "-o", "team.toml", cwd=advisories)
    assert result.returncode == 0, result.stderr
    assert "options" not in _pack(advisories / "team.toml")
    check = run_cli("check", "--profile", "team.toml", "--select", "RL103", "-q", "advisories", cwd=advisories)
    assert [line.split(":")[0] for line in check.stdout.splitlines()] == ["advisories/adv-2.md", "advisories/adv-3.md", "advisories/adv-4.md", "advisories/adv-9.md"]
    strict = run_cli("profile", "learn", "advisories", "--min-share", "0.9", "-o", "strict.toml", cwd=advisories)
    assert strict.returncode == 0, strict.stderr
    assert _pack(advisories / "strict.toml")["options"]["RL103"] == {"may-be-empty": ["Detection"]}
    check = run_cli("check", "--profile", "strict.toml", "--select", "RL103", "-q", "advisories", cwd=advisories)
    assert [line.split(":")[0] for line in check.stdout.splitlines()] == ["advisories/adv-3.md", "advisories/adv-9.md"]


def test_may_be_empty_in_a_pack_is_validated(tmp_path: Path):
    (tmp_path / "bad.toml").write_text('[pack]\nid = "bad"\n\n[options.RL103]\nmay-be-empty = "References"\n', encoding="utf-8")
    (tmp_path / "r.md").write_text("# R\n\n## References\n", encoding="utf-8")
    result = run_cli("check", "--profile", "bad.toml", "r.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == 'reportlint: error: bad.toml: /options/RL103/may-be-empty: expected array, got "References"'


def test_pack_schema_declares_the_rule_option_as_the_rule_does():
    from reportlint.checks.structure.rl103_empty_section import empty_section as rule

    declared = PACK_SCHEMA.schema["properties"]["options"]["properties"]["RL103"]["properties"]
    assert set(declared) == set(rule.options_schema["properties"])
    for name, schema in declared.items():
        assert {k: v for k, v in schema.items() if k != "description"} == {k: v for k, v in rule.options_schema["properties"][name].items() if k != "description"}

"""The real ``reportlint`` command in a subprocess: exit codes, formats, stdin, directories."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORPUS, SEED, run_cli

BAD = "# Incident\n\n- **Root cause:** N/A\n"
GOOD = "# Incident\n\n- **Root cause:** N/A (the host was decommissioned before the audit)\n"


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_findings_exit_1_in_concise_format(reports: Path):
    result = run_cli("check", "bad.md", cwd=reports)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'bad.md:3:19: RL201 "Root cause" is "N/A" with no reason given',
        "Found 1 finding (0 errors, 1 warning, 0 info) in 1 file.",
    ]
    assert result.stderr == ""


def test_clean_file_exits_0(reports: Path):
    result = run_cli("check", "good.md", cwd=reports)
    assert result.returncode == 0, result.stdout
    assert "All checks passed" in result.stdout


def test_quiet_drops_the_summary_and_exit_zero_keeps_findings(reports: Path):
    result = run_cli("check", "-q", "--exit-zero", "bad.md", cwd=reports)
    assert result.returncode == 0
    assert result.stdout == 'bad.md:3:19: RL201 "Root cause" is "N/A" with no reason given\n'


def test_fail_on_error_ignores_warnings(reports: Path):
    assert run_cli("check", "--fail-on", "error", "bad.md", cwd=reports).returncode == 0
    assert run_cli("check", "--fail-on", "info", "bad.md", cwd=reports).returncode == 1


def test_seed_report_json_shape():
    result = run_cli("check", "--output-format", "json", str(SEED)) if SEED.exists() else pytest.skip("../shared absent")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert document["tool"]["name"] == "reportlint" and document["tool"]["version"]
    assert set(document["summary"]) == {"files", "errors", "warnings", "info"}
    assert document["summary"]["files"] == 1
    first = document["findings"][0]
    for key in ("code", "name", "severity", "message", "path"):
        assert isinstance(first[key], str)
    assert set(first["location"]) == set(first["end_location"]) == {"line", "column"}


def test_full_format_shows_the_line_with_a_caret(reports: Path):
    result = run_cli("check", "--output-format", "full", "bad.md", cwd=reports)
    lines = result.stdout.splitlines()
    assert lines[0] == 'RL201 [warning] "Root cause" is "N/A" with no reason given'
    assert lines[1] == "  --> bad.md:3:19"
    assert lines[3] == "3 | - **Root cause:** N/A"
    assert lines[4] == "  |                   ^^^"
    assert any(line.startswith("  = docs: ") and line.endswith("RL201.md") for line in lines)


def test_bad_file_among_good_ones_exits_2_with_one_line(reports: Path):
    (reports / "bad-latin1.md").write_bytes("# Rapport\n\nDate : été\n".encode("latin-1"))
    result = run_cli("check", "good.md", "bad.md", "bad-latin1.md", cwd=reports)
    assert result.returncode == 2
    assert "bad.md:3:19: RL201" in result.stdout
    errors = result.stderr.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("reportlint: error: bad-latin1.md: not valid UTF-8")
    assert "Traceback" not in result.stderr


def test_missing_path_is_an_error_but_others_are_linted(reports: Path):
    result = run_cli("check", "bad.md", "nope.md", cwd=reports)
    assert result.returncode == 2
    assert "RL201" in result.stdout
    assert result.stderr.strip() == "reportlint: error: nope.md: no such file or directory"


def test_directory_is_searched_recursively_skipping_hidden_folders(reports: Path):
    (reports / "sub").mkdir()
    (reports / "sub" / "deep.markdown").write_text(BAD, encoding="utf-8")
    (reports / ".hidden").mkdir()
    (reports / ".hidden" / "skip.md").write_text(BAD, encoding="utf-8")
    (reports / "notes.txt").write_text(BAD, encoding="utf-8")
    result = run_cli("check", "-q", ".", cwd=reports)
    paths = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert paths == ["bad.md", "sub/deep.markdown"]


def test_stdin_with_a_filename(reports: Path):
    result = run_cli("check", "-q", "-", "--stdin-filename", "reports/x.md", input=BAD, cwd=reports)
    assert result.returncode == 1
    assert result.stdout.startswith("reports/x.md:3:19: RL201")


def test_selectors_accept_codes_prefixes_and_names(reports: Path):
    assert run_cli("check", "--ignore", "RL2", "bad.md", cwd=reports).returncode == 0
    assert run_cli("check", "--ignore", "na-without-justification", "bad.md", cwd=reports).returncode == 0
    assert run_cli("check", "--select", "RL201", "bad.md", cwd=reports).returncode == 1
    assert run_cli("check", "--select", "RL3", "bad.md", cwd=reports).returncode == 0


def test_unknown_selector_is_a_usage_error(reports: Path):
    result = run_cli("check", "--select", "RL999", "bad.md", cwd=reports)
    assert result.returncode == 2
    assert "unknown rule selector 'RL999'" in result.stderr
    assert "Traceback" not in result.stderr


def test_statistics_counts_per_rule(reports: Path):
    (reports / "bad2.md").write_text(BAD + "- **Impact:** N/A\n", encoding="utf-8")
    result = run_cli("check", "--statistics", "bad.md", "bad2.md", cwd=reports)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].split() == ["3", "RL201", "na-without-justification"]


def test_no_color_when_piped_or_no_color(reports: Path):
    result = run_cli("check", "bad.md", cwd=reports, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    colored = run_cli("check", "bad.md", cwd=reports, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in colored.stdout


def test_version_rules_and_rule_docs():
    from reportlint import __version__

    assert run_cli("--version").stdout.strip() == f"reportlint {__version__}"
    listing = run_cli("rules").stdout
    assert "RL201" in listing and "na-without-justification" in listing
    doc = run_cli("rule", "na-without-justification")
    assert doc.returncode == 0 and "## Why is this bad?" in doc.stdout
    assert run_cli("rule", "RL999").returncode == 2


def test_module_entry_point(reports: Path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "reportlint", "check", "-q", "bad.md"], cwd=reports, capture_output=True, text=True)
    assert result.returncode == 1 and "RL201" in result.stdout


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/real is absent")
def test_real_corpus_never_crashes():
    result = run_cli("check", "-q", "--output-format", "json", str(CORPUS))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == len(list(CORPUS.glob("*.md")))


def test_summary_does_not_claim_success_when_a_file_could_not_be_checked(reports: Path):
    (reports / "bad-latin1.md").write_bytes("# Rapport\n\nDate : été\n".encode("latin-1"))
    result = run_cli("check", "good.md", "bad-latin1.md", cwd=reports)
    assert result.returncode == 2
    assert result.stdout.strip() == "No findings (1 file checked), but 1 error stopped files from being checked."

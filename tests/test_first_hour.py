"""What a new user trips over in the first hour (issue 18), through the real command."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportlint.cli import main
from reportlint.formats import format_names

BAD = "# Incident\n\n- **Root cause:** N/A\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTLINT_OUTPUT_FORMAT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def cli(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


# --------------------------------------------------------------- 4: empty runs


def test_a_folder_named_on_the_command_line_without_markdown_is_exit_2(here: Path):
    (here / "reports").mkdir()
    (here / "reports" / "notes.txt").write_text("not a report\n", encoding="utf-8")
    result = cli("check", "--no-cache", "reports/")
    assert result.exit_code == 2
    assert "reportlint: error: reports: no Markdown files (*.md, *.markdown) in this folder" in result.stderr


def test_an_empty_default_run_warns_and_passes(here: Path):
    result = cli("check", "--no-cache")  # no path given: "." has nothing to check
    assert result.exit_code == 0
    assert "reportlint: warning: no Markdown files were checked" in result.stderr


def test_a_run_where_config_excludes_every_file_warns_and_passes(here: Path):
    (here / "drafts").mkdir()
    (here / "drafts" / "wip.md").write_text(BAD, encoding="utf-8")
    (here / ".reportlint.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    result = cli("check", "--no-cache", "--force-exclude", "drafts/wip.md")  # pre-commit on an excluded file
    assert result.exit_code == 0
    assert "no Markdown files were checked" in result.stderr


def test_error_lines_come_before_the_summary(here: Path):
    result = CliRunner().invoke(main, ["check", "--no-cache", "missing.md"])
    assert result.exit_code == 2
    output = result.output  # stdout and stderr interleaved as a terminal shows them
    assert output.index("reportlint: error: missing.md") < output.index("No findings")


# ------------------------------------------------- 5: --statistics and machine formats


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "pylint"])
def test_statistics_with_a_machine_format_is_a_usage_error(here: Path, fmt: str):
    (here / "bad.md").write_text(BAD, encoding="utf-8")
    result = cli("check", "--no-cache", "--statistics", "--output-format", fmt, "bad.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--statistics prints a text table and cannot be combined with --output-format {fmt}" in result.stderr


def test_statistics_with_a_text_format_still_counts(here: Path):
    (here / "bad.md").write_text(BAD, encoding="utf-8")
    result = cli("check", "--no-cache", "--statistics", "--output-format", "full", "bad.md")
    assert result.exit_code == 1 and result.stdout.splitlines()[0].split() == ["1", "RL201", "na-without-justification"]


# ------------------------------------------------------ 6: config that looks right


@pytest.mark.parametrize(("config", "expected"), [
    ('[tool.reportlint]\nprofile = "incident"\n', "in .reportlint.toml the keys are top-level"),  # the README's block pasted
    ('max-file-size = "10 parsecs"\n', 'max-file-size: "10 parsecs" is not allowed (Files larger than this are refused: bytes, or a size such as "10MB"'),
])
def test_config_mistakes_say_what_is_meant(here: Path, config: str, expected: str):
    (here / "r.md").write_text(BAD, encoding="utf-8")
    (here / ".reportlint.toml").write_text(config, encoding="utf-8")
    result = cli("check", "--no-cache", "r.md")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("where", [".reportlint.toml", "--config"])
def test_max_file_size_takes_the_same_forms_in_config_as_on_the_command_line(here: Path, where: str):
    (here / "big.md").write_text("# Big\n\n" + "Words and more words.\n" * 100, encoding="utf-8")  # ~2 KB
    args = ["--config", "max-file-size=1KB"] if where == "--config" else []
    if where == ".reportlint.toml":
        (here / ".reportlint.toml").write_text('max-file-size = "1KB"\n', encoding="utf-8")
    result = cli("check", "--no-cache", *args, "big.md")
    assert result.exit_code == 2
    assert "above the 1,024-byte limit (max-file-size)" in result.stderr
    (here / ".reportlint.toml").write_text('max-file-size = "10MB"\n', encoding="utf-8")
    assert cli("check", "--no-cache", "big.md").exit_code == 0


# ------------------------------------------- 7: full output windows long lines


LONG_HEADING = ("The primary database failed over to the replica in the other region, and the connection "
                "pool kept sending writes to the old primary for forty minutes before anyone noticed.")


def _excerpts(output: str) -> list[tuple[str, str]]:
    """(source row, caret row) pairs of ``full`` output, without their gutters."""
    rows = output.splitlines()
    return [(rows[i].split(" | ", 1)[1], rows[i + 1].split(" | ", 1)[1]) for i in range(len(rows) - 1)
            if rows[i][:1].isdigit() and " | " in rows[i] and rows[i + 1].lstrip().startswith("| ") and "^" in rows[i + 1]]


def _under_carets(row: str, carets: str) -> str:
    start = carets.index("^")
    return row[start:start + carets.count("^")]


def test_full_output_fits_80_columns_with_carets_under_the_words(here: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    padding = "Intro words to push the claim far to the right of the line. " * 6
    (here / "r.md").write_text(f"# T\n\n## Summary\n\n{padding}Sources say the attackers moved on. {padding}\n", encoding="utf-8")
    result = cli("check", "--no-cache", "--isolated", "--output-format", "full", "r.md")
    assert result.exit_code == 1
    assert max(len(line) for line in result.stdout.splitlines() if not line.startswith(("RL", "  = "))) <= 80
    [(row, carets)] = _excerpts(result.stdout)
    assert row.startswith("...") and row.endswith("...")
    assert _under_carets(row, carets) == "Sources say"


def test_full_output_follows_the_terminal_width(here: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "120")
    (here / "r.md").write_text(f"# T\n\n## {LONG_HEADING}\n\nBody.\n", encoding="utf-8")
    result = cli("check", "--no-cache", "--isolated", "--select", "RL107", "--output-format", "full", "r.md")
    [(row, carets)] = _excerpts(result.stdout)
    assert len("3 | " + row) == 120 and row.endswith("...")
    assert LONG_HEADING.startswith(_under_carets(row, carets))  # the span runs past the window: carets to its edge


def test_long_quoted_headings_are_cut_in_messages(here: Path):
    title = LONG_HEADING.rstrip(".")  # a long title, not a sentence: RL103 calls its section empty
    (here / "r.md").write_text(f"# T\n\n## {title}\n\n## {title}\n\nBody.\n", encoding="utf-8")
    result = cli("check", "--no-cache", "--isolated", "r.md")
    assert 'r.md:3:4: RL103 Section "The primary database failed over to the replica in the ..." is empty' in result.stdout
    assert title not in result.stdout


def test_many_findings_on_one_long_line_do_not_repeat_the_line(here: Path, monkeypatch: pytest.MonkeyPatch):
    """Reliability reproducer 03: each finding shows a window of the line, not the whole line."""
    monkeypatch.delenv("COLUMNS", raising=False)
    (here / "long.md").write_text("# T\n\n## Summary\n\n" + "Sources say so. " * 300 + "\n", encoding="utf-8")  # 4.8 KB, one line
    result = cli("check", "--no-cache", "--isolated", "-q", "--output-format", "full", "long.md")
    assert result.stdout.count("RL402 [warning]") == 300
    assert len(result.stdout) < 300 * 400  # the whole line each time would be 300 x 4.8 KB


# ------------------------------------------- 8: "did you mean" on the command line


@pytest.mark.parametrize(("args", "expected"), [
    (["check", "--no-cache", "--select", "RL2O1", "r.md"], 'unknown rule selector \'RL2O1\' (use a code such as RL201, a prefix such as RL2, or a rule name; `reportlint rules` lists them); did you mean "RL201"?'),
    (["check", "--no-cache", "--ignore", "na-without-justfication", "r.md"], 'did you mean "na-without-justification"?'),
    (["rule", "RL2O1"], 'unknown rule \'RL2O1\' (use a code such as RL201 or a rule name; `reportlint rules` lists them); did you mean "RL201"?'),
    (["check", "--no-cache", "--output-format", "sarf", "r.md"], f"unknown output format 'sarf' (allowed: {', '.join(format_names())}); did you mean \"sarif\"?"),
    (["check", "--no-cache", "--profile", "incidnet", "r.md"], "(known: base, incident, incident-full, postmortem, postmortem-sre, threat-intel); did you mean \"incident\"?"),
    (["check", "--no-cache", "fm.md"], "fm.md: unknown profile 'incidnet' (known: base, incident, incident-full, postmortem, postmortem-sre, threat-intel); did you mean \"incident\"?"),
])
def test_command_line_typos_get_did_you_mean_and_the_valid_values(here: Path, args: list[str], expected: str):
    (here / "r.md").write_text(BAD, encoding="utf-8")
    (here / "fm.md").write_text("---\nreportlint-profile: incidnet\n---\n# T\n", encoding="utf-8")
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.stderr


# ------------------------------------------------ 2: a directive that splits a table


TIMELINE = """# Incident

## Timeline

| Time | Event |
| --- | --- |
| 2024-05-02 10:00 UTC | Alert fired |
{row}
| 2024-05-02 11:00 UTC | Resolved |
"""


def test_a_next_line_directive_inside_a_table_is_reported_with_the_form_that_works(here: Path):
    row = "<!-- reportlint-disable-next-line RL304 -- clock skew -->\n| 2024-05-02 09:00 UTC | Page sent |"
    (here / "t.md").write_text(TIMELINE.format(row=row), encoding="utf-8")
    result = cli("check", "--no-cache", "t.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "t.md:8:1: RL001 suppression comment splits the table above it: the rows below are no longer part of the table; "
        "put <!-- reportlint-disable-line RL304 --> in the row's last cell instead (before its closing |)"
    )


def test_the_suggested_row_suppression_works(here: Path):
    (here / "t.md").write_text(TIMELINE.format(row="| 2024-05-02 09:00 UTC | Page sent <!-- reportlint-disable-line RL304 -- clock skew --> |"), encoding="utf-8")
    assert cli("check", "--no-cache", "t.md").exit_code == 0
    (here / "t.md").write_text(TIMELINE.format(row="| 2024-05-02 09:00 UTC | Page sent |"), encoding="utf-8")
    assert "RL304" in cli("check", "--no-cache", "t.md").stdout  # the finding it suppresses


# --------------------------------------------------------- 10: smaller things


def test_write_baseline_says_one_finding(here: Path):
    (here / "bad.md").write_text(BAD, encoding="utf-8")
    result = cli("check", "--no-cache", "--write-baseline", "b.json", "bad.md")
    assert result.exit_code == 0 and "reportlint: wrote 1 finding to baseline b.json" in result.stderr


def test_rule_documents_the_engine_codes(here: Path):
    for code, name in (("RL005", "rule-crashed"), ("RL006", "rule-timed-out"), ("RL007", "rule-bad-finding")):
        result = cli("rule", code)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(f"# {code} — {name}\n") and "An error, not a finding" in result.stdout
        assert (Path(__file__).parents[1] / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8") == result.stdout
    assert cli("rule", "rule-timed-out").stdout.startswith("# RL006")


def test_config_of_a_missing_path_is_an_error(here: Path):
    result = cli("config", "nope/x.md")
    assert result.exit_code == 2
    assert result.stderr == "reportlint: error: nope/x.md: no such file or directory\n"


def test_the_default_selection_shown_by_config_is_documented(here: Path):
    shown = next(line for line in cli("config").stdout.splitlines() if line.startswith("select ="))
    value = shown.split("=", 1)[1].split("#")[0].strip()  # ["ALL"]
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    configuration = readme[readme.index("## Configuration"):readme.index("## Suppressing findings")]
    assert f"select = {value}" in configuration


def test_dash_capital_v_prints_the_version():
    from reportlint import __version__

    result = cli("-V")
    assert result.exit_code == 0 and result.stdout == f"reportlint {__version__}\n"


def test_the_readme_names_what_the_skipping_tests_need():
    from conftest import CORPUS, SEED, SHARED
    from test_seed import EXPECTED

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    develop = readme[readme.index("## Develop"):]
    for needed in (CORPUS, SEED, EXPECTED):
        assert f"../shared/{needed.relative_to(SHARED).as_posix()}" in develop


# ------------------------------------------------------ 9: progress on long runs


@pytest.fixture
def many(here: Path) -> Path:
    for i in range(40):
        (here / f"r{i:02}.md").write_text(BAD, encoding="utf-8")
    return here


@pytest.fixture
def tty_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error is a terminal and the run has lasted long enough (``DELAY`` 0)."""
    import reportlint._progress as progress
    import reportlint._run as run

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(run, "is_terminal", lambda stream: True)


def test_progress_bar_on_a_terminal_stderr(many: Path, tty_stderr: None):
    result = cli("check", "--no-cache", "-j", "1", ".")
    assert result.exit_code == 1
    assert "\rreportlint: [" in result.stderr and "] 40/40 files" in result.stderr
    assert result.stderr.endswith("\r")  # erased before the report
    assert "reportlint: [" not in result.stdout and len(result.stdout.splitlines()) == 41


def test_progress_bar_never_in_a_machine_formats_stdout(many: Path, tty_stderr: None):
    import json

    result = cli("check", "--no-cache", "--output-format", "json", ".")
    assert len(json.loads(result.stdout)["findings"]) == 40
    assert "40/40 files" in result.stderr


def test_no_progress_bar_with_quiet_or_without_a_terminal(many: Path, monkeypatch: pytest.MonkeyPatch):
    import reportlint._progress as progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert "files" not in cli("check", "--no-cache", ".").stderr  # standard error is not a terminal (a pipe)
    monkeypatch.setattr("reportlint._run.is_terminal", lambda stream: True)
    assert cli("check", "--no-cache", "-q", ".").stderr == ""

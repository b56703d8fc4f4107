"""What a new user trips over in the first hour (issue 18), through the real command."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportlint.cli import main

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

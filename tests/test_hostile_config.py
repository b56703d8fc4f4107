"""Hostile configuration, packs and reports (issue 20): globs that would backtrack, terminal
escapes in what error lines quote, source files outside the repository, ambiguous pack patterns."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from reportlint._config import glob_match


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*a*a*a*a*a*a*b", "reports/" + "a" * 60 + "b.md", False),
        ("*a*a*a*a*a*a*b*", "reports/" + "a" * 60 + "b.md", True),
        ("**/x*y*z*/**", "a/xayaz1/b/c.md", True),
        ("**/x*y*z*/**", "a/xaz/b/c.md", False),
        ("r*/**/*.m?", "reports/a/b.md", True),
        ("[!r]*/*[0-9]*.md", "drafts/v2.md", True),
    ],
)
def test_many_star_globs_match_like_the_others(pattern: str, path: str, expected: bool) -> None:
    assert glob_match(pattern, path) is expected


def test_a_glob_with_many_stars_does_not_backtrack_on_a_long_name(tmp_path: Path) -> None:
    """It ran for minutes (a regular expression backtracking over the name); run_cli would time out."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / ("a" * 200 + ".md")).write_text("# T\n\nStatus: N/A\n", encoding="utf-8")
    (tmp_path / ".reportlint.toml").write_text('exclude = ["*a*a*a*a*a*a*b"]\n', encoding="utf-8")
    result = run_cli("check", "--no-cache", "reports", cwd=tmp_path)
    assert result.returncode == 1 and "RL201" in result.stdout  # not excluded, and linted

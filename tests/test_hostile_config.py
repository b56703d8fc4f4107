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


ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"


@pytest.mark.parametrize("where", ["config key", "--baseline", "--pack", "config folder", "--config KEY=VALUE"])
def test_terminal_escapes_in_error_lines_are_shown_escaped(tmp_path: Path, where: str) -> None:
    folder = tmp_path / (f"cfg{ESCAPES}" if where == "config folder" else "cfg")
    folder.mkdir()
    (folder / "a.md").write_text("# T\n", encoding="utf-8")
    args = ["check", "--no-cache", folder.name]
    if where == "config key":
        (folder / ".reportlint.toml").write_text('"\\u001b]0;PWNED\\u0007\\u001b[2J" = 1\n', encoding="utf-8")
    elif where == "config folder":
        (folder / ".reportlint.toml").write_text("bogus = 1\n", encoding="utf-8")
    elif where == "--config KEY=VALUE":
        args += ["--config", f"{ESCAPES}=1"]
    else:
        args += [where, f"{ESCAPES}.toml"]  # no such file
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1


SECRET_REPORT = "---\nsource-file: {}\n---\n# Report\n\n## Summary\n\nThe operator Hunter2Secret met Hunter3Secret.\n"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A readable file outside the repository that a hostile report names."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("db_password = Hunter2Secret\n", encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "reports").mkdir()
    return outside / "secret.txt"


@pytest.mark.parametrize("named", ["absolute", "../", "symlink"])
def test_source_file_outside_the_repository_is_refused(tmp_path: Path, secret: Path, named: str) -> None:
    """RL442 would otherwise tell which words of any readable file a report names."""
    reports = tmp_path / "repo" / "reports"
    path = {"absolute": str(secret), "../": "../../outside/secret.txt", "symlink": "link.txt"}[named]
    if named == "symlink":
        (reports / "link.txt").symlink_to(secret)
    (reports / "r.md").write_text(SECRET_REPORT.format(path), encoding="utf-8")
    result = run_cli("check", "--no-cache", "--isolated", "reports/r.md", cwd=tmp_path / "repo")
    assert result.returncode == 2 and result.stdout.count("Hunter") == 0
    assert "outside the report's repository and its config's folder; refused" in result.stderr


def test_source_file_inside_the_repository_or_an_allowed_folder_is_read(tmp_path: Path, secret: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "sources").mkdir()
    (repo / "sources" / "article.txt").write_text("The operator Hunter2Secret was named.\n", encoding="utf-8")
    (repo / "reports" / "r.md").write_text(SECRET_REPORT.format("../sources/article.txt"), encoding="utf-8")
    inside = run_cli("check", "--no-cache", "--isolated", "reports/r.md", cwd=repo)
    assert inside.returncode == 1 and "Hunter3Secret" in inside.stdout and "Hunter2Secret" not in inside.stdout, inside.stderr
    (repo / "reports" / "r.md").write_text(SECRET_REPORT.format(str(secret)), encoding="utf-8")
    (repo / ".reportlint.toml").write_text('source-file-roots = ["../outside"]\n', encoding="utf-8")
    allowed = run_cli("check", "--no-cache", "reports/r.md", cwd=repo)
    assert allowed.returncode == 1 and "Hunter3Secret" in allowed.stdout and "Hunter2Secret" not in allowed.stdout, allowed.stderr

"""The pre-commit hook, run for real: ``pre-commit try-repo <this checkout>`` in a fresh repository.

try-repo installs the hook from this checkout's HEAD plus its uncommitted changes to tracked
files (new files count only once committed). It is skipped where pre-commit or git is missing
or this is not a git checkout (an unpacked sdist).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
GIT = shutil.which("git")
BAD = "# Incident\n\n- **Root cause:** N/A\n"
GOOD = "# Incident\n\n- **Root cause:** N/A (the host was decommissioned before the audit)\n"
CONFIG = 'fail-on = "warning"\nexclude = ["drafts/**"]\n'


def test_manifest_follows_the_conventions():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["reportlint"]
    hook = hooks[0]
    assert hook["entry"] == "reportlint check --force-exclude"
    assert hook["language"] == "python" and hook["types"] == ["markdown"]


@pytest.fixture(scope="module")
def reports_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if PRE_COMMIT is None or GIT is None:
        pytest.skip("pre-commit or git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "reports-repo"
    (repo / "reports").mkdir(parents=True)
    (repo / "drafts").mkdir()
    (repo / ".reportlint.toml").write_text(CONFIG, encoding="utf-8")
    (repo / "reports" / "bad.md").write_text(BAD, encoding="utf-8")
    (repo / "reports" / "good.md").write_text(GOOD, encoding="utf-8")
    (repo / "drafts" / "wip.md").write_text(BAD, encoding="utf-8")
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    env = {**os.environ, **identity, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1"}
    env.pop("REPORTLINT_OUTPUT_FORMAT", None)
    for command in (["init", "-q"], ["add", "."], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "reports"]):
        subprocess.run([GIT, *command], cwd=repo, env=env, check=True, capture_output=True)
    return repo, env


def _try_repo(repo_env: tuple[Path, dict[str, str]], *files: str) -> subprocess.CompletedProcess:
    repo, env = repo_env
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), "reportlint", "--color", "never", "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300,
    )


def test_hook_fails_on_a_bad_report_and_shows_the_findings(reports_repo):
    result = _try_repo(reports_repo, "reports/bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "reportlint" in result.stdout and "Failed" in result.stdout
    assert 'reports/bad.md:3:19: RL201 "Root cause" is "N/A" with no reason given' in result.stdout


def test_hook_passes_on_a_good_report(reports_repo):
    result = _try_repo(reports_repo, "reports/good.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_hook_honours_exclude_for_explicit_paths(reports_repo):
    result = _try_repo(reports_repo, "drafts/wip.md", "reports/good.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_output_has_no_per_batch_summary(reports_repo):
    """pre-commit splits the files into parallel batches; a "Found ..." line per batch would
    each count one batch, so the hook prints the findings alone."""
    repo, _ = reports_repo
    (repo / "reports" / "bad2.md").write_text(BAD, encoding="utf-8")
    result = _try_repo(reports_repo, "reports/bad.md", "reports/bad2.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'reports/bad2.md:3:19: RL201 "Root cause" is "N/A" with no reason given' in result.stdout
    assert "Found" not in result.stdout and "All checks passed" not in result.stdout

"""The README's pre-commit, GitHub Actions and GitLab CI recipes, tested as far as they can be here:
each parses, its reportlint commands run on a small reports folder and give the exit code the
recipe relies on, and the files they write are what the next step or GitLab expects."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml

from conftest import ROOT, run_cli
from reportlint import __version__
from reportlint.formats import HOMEPAGE
from schemas import GITLAB, SARIF, errors

_BLOCK = re.compile(r"```yaml\n# (?P<name>\S+)\n(?P<body>.*?)```", re.S)
RECIPES = {m.group("name"): yaml.safe_load(m.group("body")) for m in _BLOCK.finditer((ROOT / "README.md").read_text(encoding="utf-8"))}


def _run(line: str, cwd: Path):
    words = shlex.split(line)
    assert words[:2] == ["reportlint", "check"], line
    return run_cli(*words[1:], cwd=cwd)


def _baseline(line: str, cwd: Path, *paths: str) -> None:
    """Write the baseline the recipe's command reads, accepting the findings of ``paths``."""
    words = shlex.split(line)
    path = words[words.index("--baseline") + 1]
    assert run_cli("check", "--write-baseline", path, *paths, cwd=cwd).returncode == 0


def test_ci_recipes_gate_only_new_findings_with_a_baseline(reports_checkout: Path):
    annotate = next(s["run"] for s in RECIPES[".github/workflows/reportlint.yml"]["jobs"]["reportlint"]["steps"] if str(s.get("run", "")).startswith("reportlint "))
    gitlab = next(line for line in RECIPES[".gitlab-ci.yml"]["reportlint"]["script"] if line.startswith("reportlint "))
    action = next(s for s in RECIPES[".github/workflows/reports.yml"]["jobs"]["reportlint"]["steps"] if str(s.get("uses", "")).startswith("reportlint/"))
    for command in (annotate, gitlab, action["with"]["args"]):
        assert "--baseline .reportlint-baseline.json" in command, command
    assert _run(annotate, reports_checkout).returncode == 2  # the baseline is missing: never a silent pass
    _baseline(annotate, reports_checkout, "reports/")
    assert _run(annotate, reports_checkout).returncode == 0  # today's findings are accepted
    (reports_checkout / "reports" / "new.md").write_text("# Incident\n\n- **Impact:** N/A\n", encoding="utf-8")
    result = _run(annotate, reports_checkout)
    assert result.returncode == 1 and "file=reports/new.md" in result.stdout and "bad.md" not in result.stdout


def test_readme_has_the_four_recipes():
    assert set(RECIPES) == {".pre-commit-config.yaml", ".github/workflows/reports.yml", ".github/workflows/reportlint.yml", ".gitlab-ci.yml"}


def test_pre_commit_recipe_names_the_shipped_hook():
    repo = RECIPES[".pre-commit-config.yaml"]["repos"][0]
    shipped = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert repo["repo"] == HOMEPAGE
    assert repo["rev"] == f"v{__version__}"
    assert {hook["id"] for hook in repo["hooks"]} <= shipped


def test_github_actions_recipe(reports_checkout: Path):
    workflow = RECIPES[".github/workflows/reportlint.yml"]
    assert workflow["permissions"]["security-events"] == "write"  # upload-sarif needs it
    steps = workflow["jobs"]["reportlint"]["steps"]
    commands = [s for s in steps if str(s.get("run", "")).startswith("reportlint ")]
    annotate, write_sarif = commands
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))

    _baseline(annotate["run"], reports_checkout, "reports/good.md")  # a baseline that accepts nothing in bad.md
    annotations = _run(annotate["run"], reports_checkout)
    assert annotations.returncode == 1  # the step fails the job on findings...
    assert annotations.stdout.splitlines() == [
        '::warning file=reports/bad.md,line=3,col=19,endLine=3,endColumn=22,title=reportlint RL201::"Root cause" is "N/A" with no reason given'
    ]
    assert write_sarif["if"] == upload["if"] == "always()"  # ...and the SARIF steps still run
    assert _run(write_sarif["run"], reports_checkout).returncode == 0
    sarif_file = reports_checkout / upload["with"]["sarif_file"]
    log = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert errors(SARIF, log) == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["RL201"]
    assert upload["with"]["category"] == "reportlint"


def test_gitlab_recipe(reports_checkout: Path):
    job = RECIPES[".gitlab-ci.yml"]["reportlint"]
    command = next(line for line in job["script"] if line.startswith("reportlint "))
    _baseline(command, reports_checkout, "reports/good.md")
    assert _run(command, reports_checkout).returncode == 1  # the job fails on findings...
    assert job["artifacts"]["when"] == "always"  # ...and the report is uploaded anyway
    report = json.loads((reports_checkout / job["artifacts"]["reports"]["codequality"]).read_text(encoding="utf-8"))
    assert errors(GITLAB, report) == []
    assert [(i["check_name"], i["location"]["path"]) for i in report] == [("RL201", "reports/bad.md")]

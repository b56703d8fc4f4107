"""The GitHub Action (``action.yml``): it and the README's workflows validate against
SchemaStore's GitHub schemas (check-jsonschema's offline copies), and its check step, run
here as a runner would run it, annotates, writes SARIF and the job summary, and exits as
``fail-on`` says."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from reportlint import __version__
from reportlint.formats import HOMEPAGE
from schemas import SARIF, errors

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
CHECK_JSONSCHEMA = str(Path(sys.executable).with_name("check-jsonschema"))
_WORKFLOW = re.compile(r"```yaml\n(?P<body># \.github/workflows/\S+\n.*?)```", re.S)
WORKFLOWS = [m.group("body") for m in _WORKFLOW.finditer((ROOT / "README.md").read_text(encoding="utf-8"))]


def _validate(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True, timeout=120)


def test_action_validates_against_the_github_actions_schema():
    result = _validate("vendor.github-actions", ROOT / "action.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_workflows_validate_against_the_github_workflows_schema(tmp_path: Path):
    assert len(WORKFLOWS) >= 2
    files = []
    for index, body in enumerate(WORKFLOWS):
        files.append(tmp_path / f"workflow{index}.yml")
        files[-1].write_text(body, encoding="utf-8")
    result = _validate("vendor.github-workflows", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schemas_catch_mistakes(tmp_path: Path):
    """The validation is real: an action without ``runs.using`` and a workflow step with a typo fail it."""
    broken = {**ACTION, "runs": {"steps": ACTION["runs"]["steps"]}}
    (tmp_path / "action.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert _validate("vendor.github-actions", tmp_path / "action.yml").returncode == 1
    workflow = WORKFLOWS[0].replace("runs-on:", "run-on:")
    (tmp_path / "workflow.yml").write_text(workflow, encoding="utf-8")
    assert _validate("vendor.github-workflows", tmp_path / "workflow.yml").returncode == 1


def test_readme_uses_this_action_at_this_version():
    owner_repo = HOMEPAGE.removeprefix("https://github.com/")
    uses = [step for body in WORKFLOWS for job in yaml.safe_load(body)["jobs"].values() for step in job["steps"] if str(step.get("uses", "")).startswith(owner_repo)]
    assert uses and all(step["uses"] == f"{owner_repo}@v{__version__}" for step in uses)
    assert set(uses[0]["with"]) <= set(ACTION["inputs"])


def test_inputs_and_defaults():
    inputs = ACTION["inputs"]
    assert {"paths", "profile", "args", "sarif", "summary", "fail-on"} <= set(inputs)
    assert inputs["sarif"]["default"] == inputs["summary"]["default"] == "true"
    assert ACTION["runs"]["using"] == "composite"
    install = ACTION["runs"]["steps"][0]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}" and '"$ACTION_PATH"' in install["run"]


# ------------------------------------------------------------ the check step, run here

_EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def _run_check(cwd: Path, tmp: Path, **given: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """The action's check step as the runner runs it (``bash -e`` off, the step's env set);
    reportlint comes from this test's environment instead of the install step."""
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | given
    context = {"steps.install.outputs.bin": str(Path(sys.executable).parent), "runner.temp": str(tmp)}
    context |= {f"inputs.{name}": value for name, value in inputs.items()}
    env = {name: _EXPRESSION.sub(lambda m: context[m.group(1)], value) for name, value in step["env"].items()}
    output, summary = tmp / "output", tmp / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REPORTLINT_")}
    environ |= env | {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "NO_COLOR": "1"}
    result = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]], cwd=cwd, env=environ, capture_output=True, text=True, timeout=180)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines()) if output.exists() else {}
    return result, outputs


ANNOTATION = '::warning file=reports/bad.md,line=3,col=19,endLine=3,endColumn=22,title=reportlint RL201::"Root cause" is "N/A" with no reason given'


def test_check_step_annotates_writes_sarif_and_summary_and_fails_on_warnings(reports_checkout: Path, tmp_path: Path):
    (tmp_path / "runner").mkdir()
    result, outputs = _run_check(reports_checkout, tmp_path / "runner", paths="reports")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [ANNOTATION]
    log = json.loads((reports_checkout / "reportlint.sarif").read_text(encoding="utf-8"))
    assert errors(SARIF, log) == [] and [r["ruleId"] for r in log["runs"][0]["results"]] == ["RL201"]
    assert outputs == {"sarif-file": "reportlint.sarif"}
    summary = (tmp_path / "runner" / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# Earlier step\n## reportlint\n") and "| reports/bad.md | base | 0 | 1 | 0 |" in summary
    assert not (reports_checkout / ".reportlint_cache").exists()  # the cache lives in the runner's temp folder


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("info", 1), ("never", 0)])
def test_check_step_exit_status_follows_fail_on(reports_checkout: Path, tmp_path: Path, fail_on: str, code: int):
    result, _ = _run_check(reports_checkout, tmp_path, paths="reports", **{"fail-on": fail_on})
    assert result.returncode == code, result.stderr
    assert result.stdout.splitlines() == [ANNOTATION]


def test_check_step_without_sarif_and_summary_with_profile_and_args(reports_checkout: Path, tmp_path: Path):
    result, outputs = _run_check(reports_checkout, tmp_path, paths="reports/bad.md\n  'reports/good.md'\n", profile="incident",
                                 args="--ignore 'RL201' --ignore RL310", sarif="false", summary="false")
    assert result.returncode == 1, result.stderr
    codes = sorted(re.findall(r"title=reportlint (RL\d+)", result.stdout))
    assert codes == ["RL101", "RL101"]  # the profile and args applied
    assert not (reports_checkout / "reportlint.sarif").exists() and outputs == {"sarif-file": ""}
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == "# Earlier step\n"


def test_check_step_fails_on_a_bad_file_even_with_fail_on_never(reports_checkout: Path, tmp_path: Path):
    (reports_checkout / "reports" / "broken.md").write_bytes(b"\xff\xfe\x00")
    result, _ = _run_check(reports_checkout, tmp_path, paths="reports", **{"fail-on": "never"})
    assert result.returncode == 2
    assert "broken.md" in result.stderr


def test_check_step_refuses_badly_quoted_inputs(reports_checkout: Path, tmp_path: Path):
    result, _ = _run_check(reports_checkout, tmp_path, paths="reports", args="--ignore 'RL201")
    assert result.returncode == 2 and result.stdout == ""
    assert "reportlint action: input args: No closing quotation" in result.stderr

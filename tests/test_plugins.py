"""Plugins: the installed example plugin, repository-local plugins, and broken plugins."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

REPORT = "# Incident\n\nThe attacker reached db-7.corp.acme.example on Tuesday.\n\n- **Root cause:** N/A\n"
LOCAL_RULE = '''
from reportlint.api import rule

@rule(code="{code}", name="no-tuesday", summary="Do not say Tuesday")
def no_tuesday(doc, ctx):
    """## What it does
    Flags "Tuesday"."""
    {body}
    for sentence in doc.sentences:
        at = sentence.prose.find("Tuesday")
        if at != -1:
            yield ctx.finding(sentence.span_of(at, at + 7), "Tuesday is ambiguous")

RULES = (no_tuesday,)
'''


def _project(tmp_path: Path, module: str, *, code: str = "TEAM001", body: str = "pass") -> Path:
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "tools" / "report_rules.py").write_text(textwrap.dedent(module or LOCAL_RULE.format(code=code, body=body)), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.reportlint]\nlocal-plugins = ["tools.report_rules"]\nlocal-plugin-paths = ["."]\n', encoding="utf-8")
    (tmp_path / "report.md").write_text(REPORT, encoding="utf-8")
    return tmp_path


def test_local_plugin_adds_its_rule(tmp_path: Path):
    project = _project(tmp_path, "")
    result = run_cli("check", "report.md", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "report.md:3:48: TEAM001 Tuesday is ambiguous" in result.stdout
    assert "RL201" in result.stdout


def test_rules_rule_and_docs_read_the_config_so_they_know_local_plugins(tmp_path: Path):
    project = _project(tmp_path, "")
    listed = run_cli("rules", cwd=project)
    assert listed.returncode == 0, listed.stderr
    assert any(line.startswith("TEAM001  no-tuesday") for line in listed.stdout.splitlines()), listed.stdout
    explained = run_cli("rule", "TEAM001", cwd=project)
    assert explained.returncode == 0 and 'Flags "Tuesday".' in explained.stdout, explained.stderr
    assert run_cli("rule", "no-tuesday", cwd=project).stdout == explained.stdout
    written = run_cli("docs", "--output-dir", "pages", cwd=project)
    assert written.returncode == 0 and "TEAM001 — no-tuesday" in (project / "pages" / "TEAM001.md").read_text(encoding="utf-8")
    isolated = run_cli("rule", "TEAM001", "--isolated", cwd=project)
    assert isolated.returncode == 2 and "unknown rule 'TEAM001'" in isolated.stderr


def test_rules_with_a_broken_plugin_is_one_error_line_and_exit_2(tmp_path: Path):
    project = _project(tmp_path, "import no_such_module_for_reportlint\n")
    result = run_cli("rules", cwd=project)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and "tools.report_rules" in result.stderr


def test_local_plugin_that_fails_to_import_is_one_error_and_the_rest_runs(tmp_path: Path):
    project = _project(tmp_path, "import no_such_module_for_reportlint\n")
    result = run_cli("check", "report.md", cwd=project)
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and "tools.report_rules" in errors[0] and "failed to import" in errors[0], result.stderr
    assert "RL201" in result.stdout


def test_local_plugin_may_not_use_the_rl_prefix(tmp_path: Path):
    project = _project(tmp_path, "", code="RL999")
    result = run_cli("check", "report.md", cwd=project)
    assert result.returncode == 2
    assert "RL999" in result.stderr and "reserved" in result.stderr
    assert "RL201" in result.stdout


def test_plugin_that_raises_does_not_stop_the_other_rules(tmp_path: Path):
    """Owned jointly with the hardening work: a crashing check is an exit-2 error naming the
    plugin, and the other rules still report on the same file."""
    project = _project(tmp_path, "", body='raise ValueError("boom")')
    result = run_cli("check", "report.md", cwd=project)
    assert result.returncode == 2
    assert "TEAM001" in result.stderr and "tools" in result.stderr
    assert "RL201" in result.stdout


@pytest.fixture(scope="module")
def plugin_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment that sees this reportlint and has the example plugin installed."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip()
    # reportlint and its dependencies come from the environment running the tests
    Path(purelib, "reportlint_parent.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n", encoding="utf-8")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(ROOT / "examples" / "plugin")],
        capture_output=True, text=True, timeout=180,
    )
    assert install.returncode == 0, install.stderr
    return python


def test_installed_example_plugin_adds_its_rule(plugin_venv: Path, tmp_path: Path):
    rules = subprocess.run([str(plugin_venv), "-m", "reportlint", "rules"], capture_output=True, text=True, timeout=60)
    assert rules.returncode == 0, rules.stderr
    assert any(line.startswith("ACME101  internal-hostname") for line in rules.stdout.splitlines())
    (tmp_path / "report.md").write_text(REPORT, encoding="utf-8")
    check = subprocess.run([str(plugin_venv), "-m", "reportlint", "check", "report.md"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert check.returncode == 1, check.stderr
    assert 'report.md:3:22: ACME101 internal host name "db-7.corp.acme.example" in a shared report' in check.stdout
    assert "RL201" in check.stdout

"""Configuration files: discovery, precedence, validation messages, `config` and `init`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

BAD = "# Incident\n\n- **Root cause:** N/A\n"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_misspelled_key_is_one_line_with_key_path_and_suggestion(tmp_path: Path):
    _write(tmp_path, {"pyproject.toml": '[tool.reportlint]\nexlude = ["drafts/**"]\n', "r.md": BAD})
    result = run_cli("check", "r.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'reportlint: error: pyproject.toml: tool.reportlint.exlude: unknown key "exlude" (allowed: exclude, extend-select, fail-on, '
        "force-exclude, ignore, local-plugin-paths, local-plugins, max-file-size, output-format, packs, per-file-ignores, preview, "
        'profile, profiles, rule-timeout, rules, select, severity, source-file-roots, source-material); did you mean "exclude"?'
    ]


@pytest.mark.parametrize(("config", "expected"), [
    ('fail-on = "warn"\n', 'reportlint: error: .reportlint.toml: fail-on: "warn" is not allowed (allowed: error, warning, info); did you mean "warning"?'),
    ('ignore = "RL201"\n', 'reportlint: error: .reportlint.toml: ignore: "RL201" is not allowed (expected a list)'),
    ('ignore = ["RL2O1"]\n', 'reportlint: error: .reportlint.toml: ignore[0]: unknown rule "RL2O1" (use a code such as RL201, a prefix such as RL2, or a rule name); did you mean "RL201"?'),
    ("[rules.na-without-justification]\n", 'reportlint: error: .reportlint.toml: rules.na-without-justification: unknown rule code "na-without-justification"; rules are keyed by code: use "RL201"'),
])
def test_invalid_values_name_file_key_value_and_allowed(tmp_path: Path, config: str, expected: str):
    _write(tmp_path, {".reportlint.toml": config, "r.md": BAD})
    result = run_cli("check", "r.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [expected]


def test_unknown_output_format_suggests_the_near_miss(tmp_path: Path):
    _write(tmp_path, {".reportlint.toml": 'output-format = "jsn"\n', "r.md": BAD})
    result = run_cli("check", "r.md", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith('reportlint: error: .reportlint.toml: output-format: unknown output format "jsn" (allowed: concise, full, grouped')
    assert line.endswith('did you mean "json"?')


def test_config_changes_findings_and_flags_beat_it(tmp_path: Path):
    _write(tmp_path, {"pyproject.toml": '[tool.reportlint]\nfail-on = "error"\n[tool.reportlint.severity]\nRL2 = "info"\n', "r.md": BAD})
    quiet = run_cli("check", "r.md", cwd=tmp_path)
    assert quiet.returncode == 0 and "RL201" in quiet.stdout and "1 info" in quiet.stdout
    loud = run_cli("check", "--fail-on", "info", "r.md", cwd=tmp_path)
    assert loud.returncode == 1
    overridden = run_cli("check", "--config", 'severity.RL201="error"', "r.md", cwd=tmp_path)
    assert overridden.returncode == 1 and "1 error," in overridden.stdout
    isolated = run_cli("check", "--isolated", "r.md", cwd=tmp_path)
    assert isolated.returncode == 1 and "1 warning," in isolated.stdout


def test_nearest_config_wins_and_dot_file_beats_pyproject(tmp_path: Path):
    _write(tmp_path, {
        "pyproject.toml": '[tool.reportlint]\nignore = ["RL201"]\n',
        "r.md": BAD,
        "sub/pyproject.toml": '[tool.reportlint]\nignore = ["RL201"]\n',
        "sub/.reportlint.toml": "ignore = []\n",
        "sub/r.md": BAD,
    })
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.stdout.splitlines()[0] == 'sub/r.md:3:19: RL201 "Root cause" is "N/A" with no reason given'
    assert "Found 1 finding" in result.stdout
    replaced = run_cli("check", "--config", "pyproject.toml", ".", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stdout


def test_per_file_ignores_exclude_and_force_exclude(tmp_path: Path):
    _write(tmp_path, {
        ".reportlint.toml": 'exclude = ["archive"]\n[per-file-ignores]\n"drafts/**" = ["RL2"]\n',
        "drafts/d.md": BAD, "archive/old.md": BAD, "r.md": BAD,
    })
    result = run_cli("check", "-q", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["r.md"]
    explicit = run_cli("check", "-q", "archive/old.md", cwd=tmp_path)
    assert explicit.returncode == 1
    forced = run_cli("check", "-q", "--force-exclude", "archive/old.md", cwd=tmp_path)
    assert forced.returncode == 0 and forced.stdout == ""


def test_profile_by_glob_and_by_front_matter(tmp_path: Path):
    pack = '[pack]\nid = "acme"\nschema-version = 1\nextends = ["base"]\n[[patterns]]\ncode = "ACME001"\nname = "no-tbc"\nkind = "existence"\nscope = "text"\npattern = "TBC"\nmessage = "\\"{match}\\" must be resolved"\n'
    _write(tmp_path, {
        ".reportlint.toml": 'packs = ["acme.toml"]\n[profiles]\n"acme/**" = "acme"\n',
        "acme.toml": pack,
        "acme/a.md": "# A\n\nOwner TBC.\n",
        "b.md": "# B\n\nOwner TBC.\n",
        "c.md": "---\nreportlint-profile: acme\n---\n# C\n\nOwner TBC.\n",
    })
    result = run_cli("check", "-q", ".", cwd=tmp_path)
    assert result.stdout.splitlines() == ['acme/a.md:3:7: ACME001 "TBC" must be resolved', 'c.md:6:7: ACME001 "TBC" must be resolved']


def test_rule_options_are_validated_against_the_rule_schema(tmp_path: Path):
    _write(tmp_path, {
        "rules_mod.py": 'from reportlint.api import rule\n@rule(code="TEAM001", name="team-rule", summary="s", options={"max-words": 3})\ndef team_rule(doc, ctx):\n    """## What it does\n    Nothing."""\n    return iter(())\nRULES = (team_rule,)\n',
        ".reportlint.toml": 'local-plugins = ["rules_mod"]\nlocal-plugin-paths = ["."]\n[rules.TEAM001]\nmax-word = 4\n',
        "r.md": BAD,
    })
    result = run_cli("check", "r.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ['reportlint: error: .reportlint.toml: rules.TEAM001.max-word: unknown key "max-word" (allowed: max-words); did you mean "max-words"?']


def test_config_command_shows_values_and_their_source(tmp_path: Path):
    _write(tmp_path, {"pyproject.toml": '[tool.reportlint]\nignore = ["RL3"]\n[tool.reportlint.rules.RL201]\n'})
    result = run_cli("config", "--config", "fail-on=error", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# config: pyproject.toml [tool.reportlint]"
    assert any(line.startswith('ignore = ["RL3"]') and line.endswith("# pyproject.toml") for line in lines)
    assert any(line.startswith('fail-on = "error"') and line.endswith("# --config") for line in lines)
    assert any(line.startswith('profile = "base"') and line.endswith("# default") for line in lines)


def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path: Path):
    created = run_cli("init", cwd=tmp_path)
    assert created.returncode == 0 and (tmp_path / ".reportlint.toml").is_file()
    text = (tmp_path / ".reportlint.toml").read_text(encoding="utf-8")
    assert 'profile = "base"' in text and "# [per-file-ignores]" in text
    (tmp_path / "ok.md").write_text("# Fine\n\nNothing to see.\n", encoding="utf-8")
    assert run_cli("check", "ok.md", cwd=tmp_path).returncode == 0
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert (tmp_path / ".reportlint.toml").read_text(encoding="utf-8") == text
    (tmp_path / "other").mkdir()
    unknown = run_cli("init", "--profile", "bsae", cwd=tmp_path / "other")
    assert unknown.returncode == 2 and 'did you mean "base"?' in unknown.stderr


def test_no_config_file_means_no_jsonschema_import(tmp_path: Path):
    _write(tmp_path, {"r.md": BAD})
    code = "import io, sys; from reportlint._run import run; from reportlint._settings import Settings; run(Settings(paths=['r.md']), io.StringIO(), io.StringIO()); print('jsonschema' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr

"""Hostile plugins, outputs and inputs (issue 20): nothing lost, no silent pass, no traceback.

Each test goes through the real command (a subprocess) where the behaviour is the command's:
the exit code, what stands on standard output and error, and what is left on disk.
"""
from __future__ import annotations

import json
import os
import stat
import textwrap
from pathlib import Path

import pytest

from conftest import run_cli

REPORT = "# T\n\nStatus: N/A\n"  # one RL201 finding at 3:9
FINDING = 'r.md:3:9: RL201 "Status" is "N/A" with no reason given'
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, symlinks and signals as on POSIX")


def _project(tmp_path: Path, plugin: str = "", files: int = 1) -> Path:
    """A folder with r.md (and r1.md ... when ``files`` > 1) and, given ``plugin``, a local plugin."""
    (tmp_path / "r.md").write_text(REPORT, encoding="utf-8")
    for i in range(1, files):
        (tmp_path / f"r{i}.md").write_text(REPORT, encoding="utf-8")
    if plugin:
        (tmp_path / "tools").mkdir()
        (tmp_path / "tools" / "__init__.py").write_text("", encoding="utf-8")
        (tmp_path / "tools" / "evil.py").write_text(textwrap.dedent(plugin), encoding="utf-8")
        (tmp_path / ".reportlint.toml").write_text('local-plugins = ["tools.evil"]\nlocal-plugin-paths = ["."]\n', encoding="utf-8")
    return tmp_path


def _one_line_errors(result, count: int = 1) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("reportlint: error:")]
    assert len(lines) == count, result.stderr
    return lines


# ---------------------------------------------------------------- 04, 05: plugins that end the run or lie

EVIL_RULE = '''
import sys
from reportlint.api import rule

@rule(code="EVL001", name="evil-rule", summary="ends the process")
def evil(doc, ctx):
    """Ends the process."""
    print("stray plugin output")
    {action}
    return ()

RULES = (evil,)
'''


@pytest.mark.parametrize("action", ["sys.exit(0)", "sys.exit(3)", "raise GeneratorExit"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_plugin_ending_the_process_is_rl005_and_the_run_goes_on(tmp_path: Path, action: str, jobs: str) -> None:
    files = 1 if jobs == "1" else 40  # enough files for two workers
    project = _project(tmp_path, EVIL_RULE.format(action=action), files)
    result = run_cli("check", "--no-cache", "-j", jobs, "--output-format", "json", ".", cwd=project)
    assert result.returncode == 2, result.stderr
    errors = _one_line_errors(result, files)
    assert all("RL005 rule EVL001" in line for line in errors)
    report = json.loads(result.stdout)  # the plugin's print() went to standard error
    assert sum(f["code"] == "RL201" for f in report["findings"]) == files
    assert "stray plugin output" in result.stderr


@pytest.mark.parametrize("action", ["sys.exit(0)", "raise GeneratorExit"])
def test_plugin_ending_the_process_at_import_is_one_error(tmp_path: Path, action: str) -> None:
    project = _project(tmp_path, f"import sys\n{action}\n")
    result = run_cli("check", "--no-cache", "r.md", cwd=project)
    assert result.returncode == 2
    assert "failed to import" in _one_line_errors(result)[0]
    assert FINDING in result.stdout


def test_plugin_finding_with_a_bad_severity_is_rl007(tmp_path: Path) -> None:
    project = _project(tmp_path, '''
        from reportlint.api import Finding, Position, Span, rule

        @rule(code="BAD001", name="bad-severity", summary="a severity that is a string")
        def bad(doc, ctx):
            """Bad."""
            yield Finding("BAD001", "bad-severity", "fatal", "m", None, doc.path, Span(Position(1, 1), Position(1, 2)), "")

        RULES = (bad,)
    ''')
    result = run_cli("check", "--no-cache", "r.md", cwd=project)
    assert result.returncode == 2
    assert "RL007 rule BAD001" in _one_line_errors(result)[0] and "'fatal'" in result.stderr
    assert FINDING in result.stdout


# ---------------------------------------------------------------- 07, 15: outputs never replace an input or a special file

def test_no_input_is_overwritten_by_an_output(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "src.txt").write_text("Source text.\n", encoding="utf-8")
    (project / "base.json").write_text(json.dumps({"schema_version": 1, "findings": []}), encoding="utf-8")
    cases = [
        (["r.md", "--write-baseline", "r.md"], "r.md: is a report being linted; --write-baseline will not overwrite it"),
        (["-", "--stdin-filename", "r.md", "-o", "r.md"], "r.md: is the file named by --stdin-filename; -o will not overwrite it"),
        (["r.md", "--source", "src.txt", "-o", "src.txt"], "src.txt: is the --source file; -o will not overwrite it"),
        (["r.md", "--baseline", "base.json", "-o", "base.json"], "base.json: is the --baseline file; -o will not overwrite it"),
        (["r.md", "--source", "src.txt", "--write-baseline", "src.txt"], "src.txt: is the --source file; --write-baseline will not overwrite it"),
    ]
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    for args, message in cases:
        result = run_cli("check", "--no-cache", "--isolated", *args, cwd=project, input=REPORT)
        assert result.returncode == 2, (args, result.stderr)
        assert _one_line_errors(result)[0] == f"reportlint: error: {message}"
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before


@posix_only
def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "real.txt").write_text("old\n", encoding="utf-8")
    (project / "link.txt").symlink_to("real.txt")
    (project / "dangling.txt").symlink_to("new.txt")
    for link in ("link.txt", "dangling.txt"):
        result = run_cli("check", "--no-cache", "--isolated", "r.md", "-o", link, cwd=project)
        assert result.returncode == 1, result.stderr
        assert (project / link).is_symlink()
        assert FINDING in (project / link).read_text(encoding="utf-8")
    assert FINDING in (project / "real.txt").read_text(encoding="utf-8")


@posix_only
def test_output_to_standard_output_by_name_is_written_into_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "out_link").symlink_to("/proc/self/fd/1" if os.path.isdir("/proc/self/fd") else "/dev/stdout")
    for name in ("out_link", "/dev/stdout"):
        result = run_cli("check", "--no-cache", "--isolated", "r.md", "-o", name, cwd=project)
        assert result.returncode == 1, result.stderr
        assert FINDING in result.stdout
    assert (project / "out_link").is_symlink()


@posix_only
def test_output_to_a_fifo_is_written_into_it_or_refused_without_a_reader(tmp_path: Path) -> None:
    project = _project(tmp_path)
    fifo = project / "pipe.out"
    os.mkfifo(fifo)
    result = run_cli("check", "--no-cache", "--isolated", "r.md", "-o", "pipe.out", cwd=project)
    assert result.returncode == 2
    assert "pipe.out: cannot write output: a FIFO that no process is reading" in _one_line_errors(result)[0]
    descriptor = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader; the report fits in the pipe's buffer
    try:
        result = run_cli("check", "--no-cache", "--isolated", "r.md", "-o", "pipe.out", cwd=project)
        received = os.read(descriptor, 1 << 16).decode("utf-8")
    finally:
        os.close(descriptor)
    assert result.returncode == 1, result.stderr
    assert FINDING in received
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_stale_temporary_output_files_are_removed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    dead = 2 ** 22 + 12345  # above Linux's pid_max default: no such process
    stale = project / f".reportlint-partial-{dead}-abcd.tmp"
    stale.write_text("half a report", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--isolated", "r.md", "-o", "out.txt", cwd=project)
    assert result.returncode == 1
    assert not stale.exists()
    assert sorted(p.name for p in project.iterdir()) == ["out.txt", "r.md"]


# ---------------------------------------------------------------- 21: Markdown the parser mis-nests

@pytest.mark.parametrize("nested", ["[^a]: - [^b]: x", "[^a]: > [^b]: x", "[^a]: 1. > - [^b]: x", "- [^a]: - [^b]: x", "> [^a]: > [^b]: x"])
def test_footnote_definition_nested_in_a_footnote_is_linted(tmp_path: Path, nested: str) -> None:
    (tmp_path / "r.md").write_text(f"# T\n\n{nested}\n\nStatus: N/A\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--isolated", "r.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert 'r.md:5:9: RL201 "Status" is "N/A" with no reason given' in result.stdout


# ---------------------------------------------------------------- 06, 22, 24, 11: bad baselines, packs and globs

def test_bad_baselines_are_one_error_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "path_list.json").write_text('{"schema_version":1,"findings":[{"fingerprint":"x","path":[]}]}', encoding="utf-8")
    (project / "deep.json").write_text('{"schema_version":1,"findings":' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    for name, problem in (("path_list.json", "not a reportlint baseline (expected schema_version 1"), ("deep.json", "not a reportlint baseline (JSON nested too deeply)")):
        result = run_cli("check", "--no-cache", "--isolated", "r.md", "--baseline", name, cwd=project)
        assert result.returncode == 2
        assert _one_line_errors(result)[0].startswith(f"reportlint: error: {name}: {problem}")


@posix_only
@pytest.mark.parametrize("option", ["--baseline", "--pack", "--config", "packs"])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_special_files_named_as_baseline_pack_or_config_are_refused_unread(tmp_path: Path, option: str, special: str) -> None:
    project = _project(tmp_path)
    if special == "fifo":
        os.mkfifo(project / "fifo")
    args = ["--config", f'packs = ["{special}"]'] if option == "packs" else [option, special]
    result = run_cli("check", "--no-cache", "--isolated", "r.md", *args, cwd=project)  # a FIFO would hang, /dev/zero fill memory
    assert result.returncode == 2
    assert "not a regular file (a FIFO, socket or device)" in _one_line_errors(result)[0]


@pytest.mark.parametrize("where", ["--pack", "--config"])
def test_deeply_nested_toml_is_one_error_line(tmp_path: Path, where: str) -> None:
    project = _project(tmp_path)
    (project / "deep.toml").write_text("select = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "r.md", where, "deep.toml", cwd=project)
    assert result.returncode == 2
    assert _one_line_errors(result)[0].endswith("deep.toml: invalid TOML: nested too deeply")


def test_pack_message_with_an_attribute_placeholder_is_a_pack_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "p.toml").write_text(textwrap.dedent('''
        [pack]
        id = "acme"
        schema-version = 1
        extends = ["base"]

        [[patterns]]
        code = "ACME001"
        name = "x"
        kind = "existence"
        scope = "text"
        pattern = 'a'
        message = '{match.nope}'
    '''), encoding="utf-8")
    result = run_cli("check", "--no-cache", "--isolated", "--profile", "p.toml", "r.md", cwd=project)
    assert result.returncode == 2
    assert "p.toml: [[patterns]] #1 (ACME001): message '{match.nope}' uses an unknown placeholder" in _one_line_errors(result)[0]


@pytest.mark.parametrize(("config", "where"), [
    ('exclude = ["ok/*.md", "[z-a]"]', "exclude[1]"),
    ('[per-file-ignores]\n"drafts/[z-a]*.md" = ["RL2"]', "per-file-ignores.drafts/[z-a]*.md"),
    ('[profiles]\n"[9-0]/**" = "incident"', "profiles.[9-0]/**"),
])
def test_glob_with_a_backwards_range_is_a_config_error(tmp_path: Path, config: str, where: str) -> None:
    project = _project(tmp_path)
    (project / ".reportlint.toml").write_text(config + "\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", ".", cwd=project)
    assert result.returncode == 2
    line = _one_line_errors(result)[0]
    assert line.startswith(f"reportlint: error: .reportlint.toml: {where}: bad glob ") and "bad character range" in line


def test_globs_with_valid_classes_are_accepted(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / ".reportlint.toml").write_text('exclude = ["[a-c]*.md", "[!r]x.md", "[\\\\]]"]\n', encoding="utf-8")
    result = run_cli("check", "--no-cache", ".", cwd=project)
    assert result.returncode == 1, result.stderr
    assert FINDING in result.stdout

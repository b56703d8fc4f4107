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
    pattern = 'code = "ACME001"\nname = "x"\nkind = "existence"\nscope = "text"\npattern = "a"\nmessage = "{match.nope}"\n'
    (project / "p.toml").write_text('[pack]\nid = "acme"\nschema-version = 1\nextends = ["base"]\n[[patterns]]\n' + pattern, encoding="utf-8")
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


# ---------------------------------------------------------------- 16, 18: standard output, Ctrl-C and a dead parent

@posix_only
@pytest.mark.parametrize(("redirect", "problem"), [(">/dev/full", "No space left on device"), (">&-", "standard output is closed")])
def test_full_or_closed_standard_output_is_one_error_line(tmp_path: Path, redirect: str, problem: str) -> None:
    import subprocess

    if redirect == ">/dev/full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    project = _project(tmp_path)
    command = ["sh", "-c", f'exec "$@" {redirect}', "sh", *_command(), "check", "--no-cache", "--isolated", "r.md"]
    result = subprocess.run(command, cwd=project, stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert _one_line_errors(result)[0] == f"reportlint: error: cannot write output: {problem}"


def _command() -> list[str]:
    import shutil
    import sys

    exe = shutil.which("reportlint", path=os.path.dirname(sys.executable)) or shutil.which("reportlint")
    return [exe] if exe else [sys.executable, "-m", "reportlint"]


SLOW_RULE = '''
import time
from reportlint.api import rule

@rule(code="SLW001", name="slow-rule", summary="takes its time")
def slow(doc, ctx):
    """Slow."""
    time.sleep(5)
    return ()

RULES = (slow,)
'''


def _workers_of(pid: int) -> list[int]:
    import subprocess

    return [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def _wait_for_workers(pid: int, count: int) -> list[int]:
    import time

    for _ in range(600):
        workers = _workers_of(pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.05)
    raise AssertionError("the workers did not start")


linux_only = pytest.mark.skipif(not os.path.isdir("/proc/self") or os.name != "posix", reason="reads /proc and uses pgrep")


@linux_only
def test_ctrl_c_exits_130_and_stops_the_workers_at_once(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    project = _project(tmp_path, SLOW_RULE, files=40)
    process = subprocess.Popen([*_command(), "check", "--no-cache", "-j", "2", "."], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    workers = _wait_for_workers(process.pid, 2)
    time.sleep(0.5)  # inside the slow rule: a chunk takes 16 x 5 s
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, err = process.communicate(timeout=4)
    assert process.returncode == 130
    assert err.strip() == "reportlint: interrupted"
    time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]


@linux_only
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_workers_exit_when_the_parent_dies(tmp_path: Path, how: str) -> None:
    import signal
    import subprocess
    import time

    project = _project(tmp_path, SLOW_RULE, files=40)
    process = subprocess.Popen([*_command(), "check", "--no-cache", "-j", "2", "."], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _wait_for_workers(process.pid, 2)
    process.send_signal(getattr(signal, how))
    process.wait(timeout=30)
    for _ in range(40):  # at most 4 s; a worker in the slow rule would need 80 s to finish its chunk
        if not [w for w in workers if _alive(w)]:
            break
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for worker in left:
        os.kill(worker, signal.SIGKILL)
    assert not left


# ---------------------------------------------------------------- 19, 17: folders where files were expected; limits

def test_source_file_naming_a_folder_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("---\nsource-file: .\n---\n# T\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--isolated", "r.md", cwd=tmp_path)
    assert result.returncode == 2
    assert _one_line_errors(result)[0] == "reportlint: error: r.md: source file '.' (source-file in front matter): is a directory"


def test_report_replaced_by_a_folder_during_the_run_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import reportlint._run as runner
    from reportlint._run import run
    from reportlint._settings import Settings
    from reportlint._source import SourceFile

    project = _project(tmp_path)
    (project / "gone.md").mkdir()  # discovered as a file, a folder by the time it is read
    discovered = [SourceFile("gone.md", str(project / "gone.md")), SourceFile("r.md", str(project / "r.md"))]
    monkeypatch.setattr(runner, "discover", lambda paths, errors: list(discovered))
    out, err = io.StringIO(), io.StringIO()
    assert run(Settings(paths=[str(project)], isolated=True), out, err) == 2
    assert err.getvalue() == "reportlint: error: gone.md: is a directory\n"
    assert "RL201" in out.getvalue()


@pytest.mark.parametrize("value", ["inf", "1e300", "nan", "86401"])
@pytest.mark.parametrize("where", ["flag", "config"])
def test_rule_timeout_out_of_range_is_a_usage_error(tmp_path: Path, value: str, where: str) -> None:
    project = _project(tmp_path)
    if where == "config":
        (project / ".reportlint.toml").write_text(f"rule-timeout = {value}\n", encoding="utf-8")
        args = ["r.md"]
    else:
        args = ["--isolated", "r.md", "--rule-timeout", value]
    result = run_cli("check", "--no-cache", *args, cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "RL005" not in result.stderr
    problem = result.stderr.strip().splitlines()[-1]  # click's usage error, or one line naming the config
    assert "rule-timeout" in problem.lower() and ("is not in the range 0<=x<=86400" in problem or "is not allowed" in problem or "from 0 (no limit) to 86400" in problem), result.stderr


def test_a_huge_size_limit_is_not_allocated(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for args in (["r.md"], ["-", "--stdin-filename", "r.md"]):
        result = run_cli("check", "--no-cache", "--isolated", "--max-file-size", "64GB", *args, cwd=project, input=REPORT)
        assert result.returncode == 1, result.stderr
        assert FINDING in result.stdout


def test_exactly_100_nested_blocks_are_linted_and_101_refused(tmp_path: Path) -> None:
    (tmp_path / "q100.md").write_text("# T\n\n" + "> " * 100 + "The fix is TODO.\n", encoding="utf-8")
    (tmp_path / "q101.md").write_text("# T\n\n" + "> " * 101 + "The fix is TODO.\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "--isolated", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "q100.md:3:212: RL202" in result.stdout
    assert _one_line_errors(result)[0] == "reportlint: error: q101.md: Markdown nested more than 100 levels deep at line 3; not linted"


# ---------------------------------------------------------------- nested configs, linted from a parent folder

NESTED_PLUGIN = '''
from reportlint.api import rule

@rule(code="TEAM001", name="no-tuesday", summary="Do not say Tuesday")
def no_tuesday(doc, ctx):
    """Flags Tuesday."""
    for sentence in doc.sentences:
        at = sentence.prose.find("Tuesday")
        if at != -1:
            yield ctx.finding(sentence.span_of(at, at + 7), "Tuesday is ambiguous")

RULES = (no_tuesday,)
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_nested_config_loads_its_local_plugins_from_a_parent_folder(tmp_path: Path, jobs: str) -> None:
    sub = tmp_path / "sub"
    (sub / "tools").mkdir(parents=True)
    (sub / "tools" / "__init__.py").write_text("", encoding="utf-8")
    (sub / "tools" / "rr.py").write_text(NESTED_PLUGIN, encoding="utf-8")
    (sub / ".reportlint.toml").write_text('local-plugins = ["tools.rr"]\nlocal-plugin-paths = ["."]\n', encoding="utf-8")
    files = 1 if jobs == "1" else 40
    for i in range(files):
        (sub / f"r{i}.md").write_text("# T\n\nWe met on Tuesday 2024-05-02.\n", encoding="utf-8")
    result = run_cli("check", "--no-cache", "-j", jobs, ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("TEAM001 Tuesday is ambiguous") == files


def test_nested_config_options_are_validated_from_a_parent_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".reportlint.toml").write_text('[rules.RL201]\nmin-words = "x"\n', encoding="utf-8")
    (tmp_path / "sub" / "r.md").write_text(REPORT, encoding="utf-8")
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert _one_line_errors(result)[0].startswith('reportlint: error: sub/.reportlint.toml: rules.RL201.min-words: "x" is not allowed')

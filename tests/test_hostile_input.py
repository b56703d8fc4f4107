"""Hostile and broken input: every bad file gets one clear line, every good file its findings.

The battery is generated in a temporary folder at test time (nothing large is committed)
and linted in ONE run of the real command together with ``../shared/corpus/real/``: that
run must exit 2, print exactly one ``reportlint: error: PATH: problem`` line per bad file
and no traceback, report the findings of every other file and leave every file untouched.
Each case then gets its own test id that reads its outcome from that run.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli
from reportlint._run import run
from reportlint._settings import Settings
from reportlint._source import discover, display_path

HEDGE = "Experts say the attacker used stolen credentials.\n"  # flagged by the claims rules (RL402, in any section)


@dataclass(frozen=True)
class Case:
    """A file of the battery: how to make it and what the run must say about it."""

    name: str  # file name inside the battery folder (may hold spaces, newlines, non-ASCII)
    make: Callable[[Path], None]
    error: str | None = None  # text of the one error line, or None when the file is linted
    finding_lines: tuple[int, ...] = ()  # lines that must get at least one finding
    quiet_lines: tuple[int, ...] = ()  # lines that must get none
    codes: tuple[str, ...] = ()  # codes that must be reported for the file


def _text(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode("utf-8"))


def _raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _self_loop(path: Path) -> None:
    path.symlink_to(path.name)


def _yaml_alias_bomb(levels: int) -> str:
    """Billion laughs: each key lists the previous one nine times."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n# Title\n"


ROWS, HEADINGS, NESTING, LONG_LINE = 50_000, 100_000, 10_000, 1_000_000

CASES = [
    Case("empty.md", _text("")),
    Case("front-matter-only.md", _text("---\ntitle: Incident 7\ndate: 2024-05-02\n---\n")),
    Case("invalid-utf8.md", _raw(b"# Title\n\ncaf\xe9 au lait\n"), error="not valid UTF-8: byte 0xe9 at line 3, column 4"),
    Case("utf16-le-bom.md", _raw(("# Title\n\n" + HEDGE).encode("utf-16-le").join([b"\xff\xfe", b""])), finding_lines=(3,)),
    Case("utf16-be-bom.md", _raw(("# Title\n\n" + HEDGE).encode("utf-16-be").join([b"\xfe\xff", b""])), finding_lines=(3,)),
    Case("binary.md", _raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8), error="binary file"),
    Case("nul-bytes.md", _raw(b"# Title\n\n" + b"word " * 2000 + b"\x00\n"), error="contains NUL characters"),
    Case("one-mb-line.md", _text("# Title\n\n" + "Ab. Cd. Key: x" + " " * (LONG_LINE // 2) + "Ab. Cd. " * 1000 + "word " * (LONG_LINE // 10) + "end. " + HEDGE), finding_lines=(3,)),
    Case("nested-lists.md", _text("# Title\n\n" + "- " * NESTING + "deep item\n\n" + HEDGE), error="Markdown nested more than 100 levels deep at line 3; not linted"),
    Case("nested-quotes.md", _text("# Title\n\n" + ">" * NESTING + " deep quote\n\n" + HEDGE), error="Markdown nested more than 100 levels deep at line 3"),
    Case("nested-mixed.md", _text("# Title\n\n" + "> 1. " * (NESTING // 2) + "deep\n\n" + HEDGE), error="Markdown nested more than 100 levels deep at line 3"),
    Case("nested-lists-40.md", _text("# Title\n\n" + "".join("  " * i + "- item\n" for i in range(39)) + "  " * 39 + "- " + HEDGE + "\n" + HEDGE), finding_lines=(42, 44)),
    # the two largest files run the N/A rules only (see HUGE): the N/A on their last line must be found
    Case("table-50k-rows.md", _text("# Title\n\n| Host | Note |\n| --- | --- |\n" + "| web | ok |\n" * ROWS + "| db | N/A |\n"), finding_lines=(ROWS + 5,)),
    Case("headings-100k.md", _text("".join(f"## Section {i}\n" for i in range(HEADINGS)) + "N/A\n"), finding_lines=(HEADINGS + 1,)),
    Case("unterminated-fence.md", _text("# Title\n\n```\n" + HEDGE), quiet_lines=(4,)),
    Case("unterminated-front-matter.md", _text("---\ntitle: never closed\n\n" + HEDGE), finding_lines=(4,)),
    Case("bad-yaml.md", _text("---\ndate: [2024-05-02\n---\n# Title\n"), codes=("RL004",)),
    Case("bad-toml.md", _text("+++\ndate = \n+++\n# Title\n"), codes=("RL004",)),
    Case("yaml-not-a-mapping.md", _text("---\n- a\n- b\n---\n# Title\n"), codes=("RL004",)),
    Case("yaml-alias-bomb.md", _text(_yaml_alias_bomb(12)), codes=("RL004",)),
    Case("yaml-laughs-below-limit.md", _text(_yaml_alias_bomb(8) + "\n" + HEDGE), finding_lines=(14,)),
    Case("yaml-deep.md", _text("---\na: " + "[" * NESTING + "]" * NESTING + "\n---\n# Title\n"), codes=("RL004",)),
    Case("toml-deep.md", _text("+++\na = " + "[" * NESTING + "]" * NESTING + "\n+++\n# Title\n"), codes=("RL004",)),
    Case("fifo.md", _fifo, error="not a regular file"),
    Case("symlink-loop.md", _self_loop, error="cannot read: Too many levels of symbolic links"),
    Case("with space.md", _text("# Title\n\n" + HEDGE), finding_lines=(3,)),
    Case("new\nline.md", _text("# Title\n\n" + HEDGE), finding_lines=(3,)),
    Case("rapport ünïcødé 报告.md", _text("# Title\n\n" + HEDGE), finding_lines=(3,)),
    Case("escape \x1b[31mred.md", _text("# Title\n\n" + HEDGE), finding_lines=(3,)),
]
NON_UTF8_NAME = b"latin1-caf\xe9.md"  # a name that is not UTF-8 at all
# Every rule on these would measure the speed of the rules, not robustness (bench/ does that):
# the battery's config gives them the parser, the document model and the N/A rules only.
HUGE = ("table-50k-rows.md", "headings-100k.md")
IDS = [case.name.encode("unicode_escape").decode() for case in CASES]


@dataclass
class BatteryRun:
    folder: Path
    code: int
    stdout: str
    stderr: str
    findings: list[dict]
    summary: dict
    digests_before: dict[str, str]
    digests_after: dict[str, str]

    def errors_for(self, shown: str) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(f"reportlint: error: {shown}: ")]


def _shown(folder: Path, name: str) -> str:
    """The path as the error lines show it: escaped like the text formats do."""
    from reportlint.formats.text import safe

    return safe(_path(folder, name))


def _path(folder: Path, name: str) -> str:
    """The path as the battery run (started in the battery's parent folder) shows it."""
    return f"battery/{name}"


def _digests(*roots: Path) -> dict[str, str]:
    found = {}
    for root in roots:
        for directory, _, files in os.walk(root):
            for name in files:
                path = os.path.join(directory, name)
                if os.path.isfile(path):
                    with open(path, "rb") as handle:
                        found[path] = hashlib.sha256(handle.read()).hexdigest() + str(os.stat(path).st_mtime_ns)
    return found


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> BatteryRun:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs POSIX FIFOs and symlinks")
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "battery"
    folder.mkdir()
    ignores = "".join(f'"battery/{name}" = ["RL0", "RL1", "RL3", "RL4"]\n' for name in HUGE)
    (base / ".reportlint.toml").write_text(f"[per-file-ignores]\n{ignores}", encoding="utf-8")
    for case in CASES:
        case.make(folder / case.name)
    os.symlink(".", folder / "loop")  # a directory symlink loop: never followed
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")
    with open(os.path.join(os.fsencode(folder), NON_UTF8_NAME), "wb") as handle:
        handle.write(("# Title\n\n" + HEDGE).encode())
    roots = [folder] + ([CORPUS] if CORPUS.is_dir() else [])
    before = _digests(*roots)
    result = run_cli("check", "--output-format", "json", *map(str, roots), cwd=base)
    document = json.loads(result.stdout)
    return BatteryRun(folder, result.returncode, result.stdout, result.stderr, document["findings"], document["summary"], before, _digests(*roots))


def test_battery_exits_2_without_traceback(battery: BatteryRun) -> None:
    assert battery.code == 2
    assert "Traceback" not in battery.stderr
    assert all(line.startswith("reportlint: error: ") for line in battery.stderr.splitlines()), battery.stderr


def test_one_error_line_per_bad_file_only(battery: BatteryRun) -> None:
    bad = sum(1 for case in CASES if case.error)
    assert len(battery.stderr.splitlines()) == bad, battery.stderr


def test_every_good_file_is_linted(battery: BatteryRun) -> None:
    good = sum(1 for case in CASES if not case.error) + 1  # + the non-UTF-8 name
    corpus = len(discover([str(CORPUS)], [])) if CORPUS.is_dir() else 0
    assert battery.summary["files"] == good + corpus


def test_corpus_findings_still_reported(battery: BatteryRun) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/real/ is absent")
    assert any("corpus" in f["path"] for f in battery.findings)


def test_symlinked_directories_are_not_followed(battery: BatteryRun) -> None:
    assert not any("/loop/" in f["path"] or "/up/" in f["path"] for f in battery.findings)


def test_files_are_never_modified(battery: BatteryRun) -> None:
    assert battery.digests_after == battery.digests_before


def test_non_utf8_file_name_is_shown_escaped(battery: BatteryRun) -> None:
    paths = {f["path"] for f in battery.findings}
    assert any(path.endswith("latin1-caf\\xe9.md") for path in paths)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_outcome(battery: BatteryRun, case: Case) -> None:
    shown = _shown(battery.folder, case.name)
    errors = battery.errors_for(shown)
    path = _path(battery.folder, case.name)
    mine = [f for f in battery.findings if f["path"] == path]
    if case.error:
        assert len(errors) == 1, battery.stderr
        assert case.error in errors[0]
        assert not mine
        return
    assert errors == []
    lines = {f["location"]["line"] for f in mine}
    for line in case.finding_lines:
        assert line in lines, f"no finding on line {line}: {sorted(lines)[:10]}"
    assert not lines & set(case.quiet_lines)
    assert set(case.codes) <= {f["code"] for f in mine}


def test_yaml_alias_bomb_is_refused_by_name(battery: BatteryRun) -> None:
    path = _path(battery.folder, "yaml-alias-bomb.md")
    messages = [f["message"] for f in battery.findings if f["path"] == path and f["code"] == "RL004"]
    assert messages and "aliases" in messages[0]


def test_control_characters_in_names_stay_on_one_line(battery: BatteryRun) -> None:
    concise = run_cli("check", "--quiet", "battery/new\nline.md", "battery/escape \x1b[31mred.md", cwd=battery.folder.parent)
    assert "\x1b" not in concise.stdout
    lines = concise.stdout.splitlines()
    assert any(line.startswith(_shown(battery.folder, "new\nline.md") + ":3:") for line in lines), lines
    assert any(line.startswith(_shown(battery.folder, "escape \x1b[31mred.md") + ":3:") for line in lines), lines


# ------------------------------------------------------------- races with the file system

def _lint(paths: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(Settings(paths=paths, output_format="json", quiet=True), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def two_reports(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("# A\n\n" + HEDGE, encoding="utf-8")
    second.write_text("# B\n\n" + HEDGE, encoding="utf-8")
    return first, second


def test_file_removed_between_discovery_and_reading(two_reports: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_reports

    def discover_then_remove(paths, errors):  # noqa: ANN001, ANN202
        found = discover(paths, errors)
        first.unlink()
        return found

    monkeypatch.setattr("reportlint._run.discover", discover_then_remove)
    code, out, err = _lint([str(first.parent)])
    assert code == 2
    assert err == f"reportlint: error: {display_path(first)}: no such file (it may have been removed during the run)\n"
    assert [f["path"] for f in json.loads(out)["findings"]] == [display_path(second)]


def test_unreadable_file(two_reports: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two_reports
    real_open = os.open

    def refuse(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 - root may read anything, so simulate it
        if os.fspath(path) == str(first):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, out, err = _lint([str(first), str(second)])
    assert code == 2
    assert err == f"reportlint: error: {display_path(first)}: cannot read: Permission denied\n"
    assert [f["path"] for f in json.loads(out)["findings"]] == [display_path(second)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_fifo_named_explicitly_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = run_cli("check", str(fifo), cwd=tmp_path)  # run_cli times out rather than hang
    assert result.returncode == 2
    assert result.stderr == "reportlint: error: pipe.md: not a regular file (a FIFO, socket or device); skipped\n"


def test_file_above_the_size_limit_is_reported_and_skipped(two_reports: tuple[Path, Path]) -> None:
    first, second = two_reports
    first.write_text("# A\n\n" + "word " * 300 + "\n", encoding="utf-8")
    result = run_cli("check", "--max-file-size", "1KB", "--output-format", "json", str(first), str(second))
    assert result.returncode == 2
    assert result.stderr == f"reportlint: error: {display_path(first)}: file is 1,506 bytes, above the 1,024-byte limit (max-file-size); skipped\n"
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == [display_path(second)]


def test_bad_max_file_size_is_a_usage_error() -> None:
    result = run_cli("check", "--max-file-size", "ten", ".")
    assert result.returncode == 2
    assert "is not a size such as 10MB" in result.stderr


def test_standard_input_above_the_size_limit() -> None:
    result = run_cli("check", "--max-file-size", "10", "-", input="# A\n\nlong enough text\n")
    assert result.returncode == 2
    assert result.stderr == "reportlint: error: -: standard input is above the 10-byte limit (max-file-size)\n"


def test_unencodable_terminal_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    report = tmp_path / "報告.md"
    report.write_text("# Title\n\n" + HEDGE, encoding="utf-8")
    result = run_cli("check", str(report), cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert result.stdout.startswith("\\u5831\\u544a.md:3:")
    assert "Traceback" not in result.stderr


def test_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "open.md").write_text("# B\n\n" + HEDGE, encoding="utf-8")
    real_scandir = os.scandir

    def refuse(path=".", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 - root may list anything, so simulate it
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", refuse)
    code, out, err = _lint([str(tmp_path)])
    assert code == 2
    assert err == f"reportlint: error: {display_path(tmp_path / 'locked')}: cannot list directory: Permission denied\n"
    assert [f["path"] for f in json.loads(out)["findings"]] == [display_path(tmp_path / "open.md")]

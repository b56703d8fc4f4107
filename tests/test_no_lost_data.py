"""Nothing reportlint writes can be left half-written, and reports are never modified by ``check``.

Every write goes through ``reportlint._atomic.write_atomic`` (a temporary file in the same
folder, flushed, then ``os.replace``): an interruption at any point leaves the old file as
it was and no temporary file behind. A static check keeps it that way as new writers
(baselines, ``init``, caches, fixes) are added.
"""
from __future__ import annotations

import ast
import io
import os
from pathlib import Path

import pytest

import reportlint
from reportlint import _atomic
from reportlint._atomic import create_atomic, write_atomic
from reportlint._run import run
from reportlint._settings import Settings

OLD = "old content, must survive\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "out.json"
    path.write_text(OLD, encoding="utf-8")
    return path


class _Interrupted(BaseException):
    """Stands for Ctrl-C or a kill arriving at the worst moment."""


def _interrupt_after_half(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, stream):  # noqa: ANN001
            self.stream = stream

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, text: str) -> int:
            self.stream.write(text[: len(text) // 2])
            self.stream.flush()
            raise _Interrupted

    monkeypatch.setattr(_atomic.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_interrupted_write_leaves_the_old_file(target: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise _Interrupted

    if where == "write":
        _interrupt_after_half(monkeypatch)
    else:
        monkeypatch.setattr(_atomic.os, where, boom)
    with pytest.raises(_Interrupted):
        write_atomic(str(target), "new content " * 10_000)
    assert target.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.json"]  # no temporary file left


def test_create_never_replaces_an_existing_file(target: Path) -> None:
    with pytest.raises(FileExistsError):
        create_atomic(str(target), "new")
    assert target.read_text(encoding="utf-8") == OLD
    fresh = target.parent / "fresh.toml"
    create_atomic(str(fresh), "new")
    assert fresh.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["fresh.toml", "out.json"]


def test_permissions_are_kept_or_default(target: Path) -> None:
    target.chmod(0o640)
    write_atomic(str(target), "new")
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = target.parent / "fresh.json"
    umask = os.umask(0o022)
    try:
        write_atomic(str(fresh), "new")
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_full_disk_during_output_is_one_error_line(target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "r.md"
    report.write_text("# Title\n\nThe attacker likely used stolen credentials.\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", disk_full)
    err = io.StringIO()
    code = run(Settings(paths=[str(report)], output_file=str(target), output_format="json"), io.StringIO(), err)
    assert code == 2
    assert err.getvalue().endswith("cannot write output: No space left on device\n")
    assert target.read_text(encoding="utf-8") == OLD


def test_output_file_replaces_atomically(target: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text("# Title\n\nFine.\n", encoding="utf-8")
    run(Settings(paths=[str(report)], output_file=str(target), output_format="json"), io.StringIO(), io.StringIO())
    assert target.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "r.md"]


def test_output_file_never_overwrites_a_report(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text("# Title\n\nThe attacker likely used stolen credentials.\n", encoding="utf-8")
    before = report.read_bytes()
    err = io.StringIO()
    code = run(Settings(paths=[str(tmp_path)], output_file=str(report)), io.StringIO(), err)
    assert code == 2
    assert "-o will not overwrite it" in err.getvalue()
    assert report.read_bytes() == before


def test_check_never_modifies_reports(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_bytes(b"---\ndate: [broken\n---\n# Title\r\n\r\nN/A\tlikely  \r\n")
    before = (report.read_bytes(), report.stat().st_mtime_ns)
    for output_format in ("concise", "full", "json"):
        run(Settings(paths=[str(tmp_path)], output_format=output_format), io.StringIO(), io.StringIO())
    assert (report.read_bytes(), report.stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


# ------------------------------------------------------------- static guard

_WRITE_MODES = set("wax+")
_WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"}


def _direct_writes(tree: ast.AST) -> list[int]:
    """Lines that open a file for writing without going through ``write_atomic``."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in {"write_text", "write_bytes"}:
            lines.append(node.lineno)
        elif name == "open":
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and _WRITE_MODES & set(mode.value):
                lines.append(node.lineno)
            if any(isinstance(n, ast.Attribute) and n.attr in _WRITE_FLAGS for arg in node.args for n in ast.walk(arg)):
                lines.append(node.lineno)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in {"os", "shutil", "tempfile"}:
            if name in {"mkstemp", "NamedTemporaryFile", "copyfile", "copy", "copy2", "move", "rename", "replace"}:
                lines.append(node.lineno)
    return lines


def test_every_write_goes_through_write_atomic() -> None:
    package = Path(reportlint.__file__).parent
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "_atomic.py":
            continue
        offenders += [f"{path.relative_to(package)}:{line}" for line in _direct_writes(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == [], "write through reportlint._atomic.write_atomic instead"


def test_the_guard_sees_direct_writes() -> None:
    code = "open(p, 'w')\nopen(p, mode='ab')\nPath(p).write_text('x')\nos.open(p, os.O_WRONLY | os.O_CREAT)\nos.replace(a, b)\nopen(p)\ntext.replace(a, b)\n"
    assert _direct_writes(ast.parse(code)) == [1, 2, 3, 4, 5]

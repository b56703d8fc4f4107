"""Engine shortcuts give the same answers as the straightforward code they replace."""
from __future__ import annotations

import io
from dataclasses import fields, replace
from pathlib import Path

import pytest

from reportlint import _packs, _schema
from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._positions import Position, Span
from reportlint._run import run
from reportlint._settings import Settings


def test_with_fingerprint_copies_every_field() -> None:
    span = Span(Position(1, 2), Position(1, 5))
    fix = Fix("safe", "drop it", (Edit(span, ""),))
    finding = Finding("RL201", "na", Severity.ERROR, "message", "detail", "a.md", span, "https://x", fix)
    assert all(getattr(finding, f.name) != f.default for f in fields(Finding) if f.name != "fingerprint")
    assert finding.with_fingerprint("abc") == replace(finding, fingerprint="abc")


def test_schema_checks_that_passed_are_remembered_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jsonschema is slow to import: a config or pack that passed is not checked again while the cache is on."""
    (tmp_path / "r.md").write_text("# Title\n\nFine.\n", encoding="utf-8")
    (tmp_path / "team.toml").write_text('[pack]\nid = "team"\nextends = ["base"]\n', encoding="utf-8")
    config = tmp_path / ".reportlint.toml"
    config.write_text('profile = "team.toml"\n\n[rules.RL201]\nmin-words = 2\n', encoding="utf-8")
    calls: list[str] = []
    check_config, check_pack = _schema._schema_errors, _packs._first_problem
    monkeypatch.setattr(_schema, "_schema_errors", lambda *args: calls.append("config") or check_config(*args))
    monkeypatch.setattr(_packs, "_first_problem", lambda data: calls.append("pack") or check_pack(data))
    monkeypatch.chdir(tmp_path)

    def lint(**settings: object) -> tuple[int, str]:
        err = io.StringIO()
        return run(Settings(paths=("r.md",), **settings), io.StringIO(), err), err.getvalue()  # type: ignore[arg-type]

    assert lint(cache_dir=".cache") == (0, "")
    assert {"config", "pack"} <= set(calls)
    checked = len(calls)
    assert lint(cache_dir=".cache") == (0, "")
    assert len(calls) == checked
    assert lint() == (0, "")  # no cache: every check runs
    assert len(calls) > checked
    config.write_text('profile = "team.toml"\n\n[rules.RL201]\nmin-words = "two"\n', encoding="utf-8")
    code, err = lint(cache_dir=".cache")
    assert code == 2 and "min-words" in err

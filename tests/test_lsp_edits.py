"""The language server's edits and positions, without the protocol (``reportlint._lsp``).

The end-to-end behaviour is in test_server.py; here every finding of every fixture is
suppressed both ways, which a subprocess per case would make too slow.
"""
from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import fixture_files, load_case
from reportlint._engine import Engine, build_engine, check_text
from reportlint._faults import RuleFault
from reportlint._lsp import config_error_line, from_units, iso_rewrites, suppress_file_edit, suppress_line_edit, to_units
from reportlint._positions import Position
from reportlint._settings import Settings
from reportlint.api import Finding, lint_text

_EXPECTATION = re.compile(r"[ \t]*<!--\s*expect(?:-next-line)?:.*?-->")


@functools.lru_cache(maxsize=None)
def _engine(profile: str | None) -> Engine:
    return build_engine(Settings(profile=profile or "base", isolated=True))


def _lint(text: str, profile: str | None) -> list[Finding] | None:
    """What ``lint_text`` gives, with one engine per profile (building one per call is most of the time)."""
    faults: list[RuleFault] = []
    found = check_text(_engine(profile), "report.md", text, faults)[1]
    return None if faults else found


def _insert(text: str, line: int, column: int, new: str) -> str:
    lines = text.split("\n")
    lines[line] = lines[line][:column] + new + lines[line][column:]
    return "\n".join(lines)


def _cases() -> list[tuple[str, str | None, list[Finding]]]:
    cases = []
    for path in fixture_files():
        profile = load_case(path).settings.get("profile")
        text = _EXPECTATION.sub("", path.read_text(encoding="utf-8"))  # a writer's lines do not end in one
        found = _lint(text, profile)
        if found:
            cases.append((text, profile, found))
    return cases


@pytest.mark.parametrize("scope", ["line", "file"])
def test_each_suppression_removes_its_findings_and_changes_nothing_else(scope: str):
    """On every fixture, suppressing a finding on its line (or in the file) drops exactly the
    findings of that code on that line (in the file); no other finding appears or goes."""
    tried = 0
    for text, profile, found in _cases():
        seen = set()
        for finding in found:
            key = (finding.code, finding.span.start.line if scope == "line" else 0)
            if key in seen:
                continue  # the same edit again
            seen.add(key)
            edit = (suppress_line_edit if scope == "line" else suppress_file_edit)(text.split("\n"), finding)
            if edit is None:
                continue
            after = _lint(_insert(text, edit.line, edit.column, edit.text), profile)
            assert after is not None
            kept = [f for f in found if f.code != finding.code or (scope == "line" and f.span.start.line != finding.span.start.line)]
            expected = Counter((f.code, f.message) for f in kept)
            assert Counter((f.code, f.message) for f in after) == expected, (finding, edit)
            tried += 1
    assert tried > 100


def test_no_line_suppression_for_whole_document_findings_or_front_matter():
    text = "---\ntitle: x\n---\nRoot cause: N/A\n"
    found = lint_text(text, path="r.md", profile="incident")
    whole = next(f for f in found if f.span.start == f.span.end == (1, 1))
    assert suppress_line_edit(text.split("\n"), whole) is None
    assert suppress_file_edit(text.split("\n"), whole).line == 3  # after the front matter


def test_a_table_row_gets_the_comment_inside_its_last_cell():
    text = "# T\n\n| Field | Value |\n| --- | --- |\n| Root cause | N/A |\n"
    finding = next(f for f in lint_text(text, path="r.md") if f.code == "RL201")
    edit = suppress_line_edit(text.split("\n"), finding)
    assert edit is not None
    assert _insert(text, edit.line, edit.column, edit.text).split("\n")[4] == "| Root cause | N/A <!-- reportlint-disable-line RL201 -- --> |"


@pytest.mark.parametrize(("encoding", "expected"), [("utf-16", 4), ("utf-8", 7), ("utf-32", 3)])
def test_columns_in_each_position_encoding(encoding: str, expected: int):
    lines = ["a\N{FISHING POLE AND FISH}\N{LATIN SMALL LETTER E WITH ACUTE}x"]
    assert to_units(lines, Position(1, 4), encoding) == (0, expected)
    assert from_units(lines, 0, expected, encoding) == Position(1, 4)


def test_a_config_error_points_at_its_key():
    config = "# comment\nprofile = \"incident\"\n\n[severity]\nRL2O1 = \"error\"\n"
    assert config_error_line(config, '.reportlint.toml: severity.RL2O1: unknown rule code or prefix "RL2O1"') == 3
    assert config_error_line("[project]\nname = 'x'\n[tool.reportlint]\nexlude = []\n", 'pyproject.toml: tool.reportlint.exlude: unknown key "exlude"') == 3
    assert config_error_line("a = [\n", "/x/.reportlint.toml: invalid TOML: Invalid value (at line 1, column 6)") == 0


def test_numeric_dates_become_iso_only_under_a_stated_day_order():
    line = "On 03/04/2025, 13/04/2025, 03/04/25 and 03/04/2025 14:00 UTC"
    assert iso_rewrites(line, "dmy") == [(3, 13, "03/04/2025", "2025-04-03"), (27, 35, "03/04/25", "2025-04-03")]
    assert [iso for *_, iso in iso_rewrites(line, "mdy")] == ["2025-03-04", "2025-03-04"]
    assert iso_rewrites(line, "") == []  # no day order: which reading is right is not certain


def test_check_never_imports_the_language_server():
    code = "import sys; from reportlint.cli import main\ntry:\n    main(['check', '--no-cache', '-'])\nexcept SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs') or m == 'reportlint._server'))"
    result = subprocess.run([sys.executable, "-c", code], input="# T\n", capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr

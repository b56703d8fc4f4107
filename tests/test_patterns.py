"""Declarative pattern rules in user packs: the four kinds, scopes, and validation on load."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from reportlint._finding import Severity
from reportlint._run import run
from reportlint._settings import Settings

REPORT = """# Incident

## Summary

We will utilize the backup. Impact TBC.
The attacker was attributed to FIN7.

## Timeline

- 10:00 TBC
- 11:00 TBC

| Host | State |
| --- | --- |
| web-1 | TBC |
"""


def _lint(tmp_path: Path, pattern: str) -> tuple[int, list[str], str]:
    pack = tmp_path / "acme.toml"
    header = '[pack]\nid = "acme"\nschema-version = 1\nextends = ["base"]\n[[patterns]]\ncode = "ACME001"\nname = "acme-rule"\n'
    pack.write_text(header + pattern, encoding="utf-8")
    report = tmp_path / "r.md"
    report.write_text(REPORT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(Settings(paths=(str(report),), profile=str(pack), select=["ACME"], fail_on=Severity.INFO, quiet=True, isolated=True), out, err)
    return code, [line.split(":", 1)[1] for line in out.getvalue().splitlines()], err.getvalue()


@pytest.mark.parametrize(("pattern", "expected"), [
    ('kind = "existence"\nscope = "list"\npattern = "TBC"\nmessage = "{match} left open"', ["10:9: ACME001 TBC left open", "11:9: ACME001 TBC left open"]),
    ('kind = "existence"\nscope = "table.cell"\ntokens = ["TBC"]\nmessage = "{match} in a table"', ["15:11: ACME001 TBC in a table"]),
    ('kind = "substitution"\nscope = "sentence"\nswap = { "utiliz(e|ing)" = "use" }\nmessage = "use \\"{replacement}\\" instead of \\"{match}\\""', ['5:9: ACME001 use "use" instead of "utilize"']),
    ('kind = "occurrence"\nscope = "section"\nsection = "Timeline"\npattern = "TBC"\nmax = 1\nmessage = "{count} open items"', ["11:9: ACME001 3 open items"]),
    ('kind = "conditional"\nscope = "paragraph"\nfirst = "attributed to"\nsecond = "(low|moderate|high) confidence"\nmessage = "attribution without a confidence level"', ["6:18: ACME001 attribution without a confidence level"]),
    ('kind = "existence"\nscope = "heading"\npattern = "Timeline"\nmessage = "heading"\nseverity = "info"', ["8:4: ACME001 heading"]),
])
def test_pattern_kinds_and_scopes(tmp_path: Path, pattern: str, expected: list[str]):
    code, lines, err = _lint(tmp_path, pattern)
    assert err == ""
    assert lines == expected
    assert code == 1


@pytest.mark.parametrize(("pattern", "problem"), [
    ('kind = "existence"\npattern = "(TBC"\nmessage = "m"', "invalid regular expression"),
    ('kind = "existence"\npattern = \'(\\w+\\s?)+$\'\nmessage = "m"', "catastrophic backtracking"),
    ('kind = "existence"\npattern = "(?:a|aa)*b"\nmessage = "m"', "match the same text in two ways"),
    ('kind = "existence"\nscope = "sentence"\npattern = "(?:x|xy?)+"\nmessage = "m"', "match the same text in two ways"),
    ('kind = "existence"\npattern = "x?"\nmessage = "m"', "matches the empty string"),
    ('kind = "sometimes"\npattern = "x"\nmessage = "m"', "kind 'sometimes' is not one of"),
    ('kind = "occurrence"\npattern = "x"\nmessage = "m"', "needs max or min"),
    ('kind = "existence"\nscope = "section"\npattern = "x"\nmessage = "m"', 'needs section = "Title"'),
    ('kind = "existence"\npattern = "x"\nmessage = "{nope}"', "unknown placeholder"),
])
def test_invalid_patterns_are_refused_on_load(tmp_path: Path, pattern: str, problem: str):
    code, lines, err = _lint(tmp_path, pattern)
    assert code == 2 and lines == []
    assert "acme.toml" in err and "ACME001" in err and problem in err, err


def test_user_packs_may_not_define_rl_codes(tmp_path: Path):
    pack = tmp_path / "acme.toml"
    code, _, err = _lint(tmp_path, 'kind = "existence"\npattern = "x"\nmessage = "m"')
    assert code == 0
    pack.write_text(pack.read_text(encoding="utf-8").replace("ACME001", "RL999"), encoding="utf-8")
    out, err_stream = io.StringIO(), io.StringIO()
    assert run(Settings(paths=(str(tmp_path / "r.md"),), profile=str(pack), isolated=True), out, err_stream) == 2
    assert "RL prefix reserved" in err_stream.getvalue()

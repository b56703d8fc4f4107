"""Report text never reaches a terminal or a parser raw: every output format escapes it.

Each format (whatever ``format_names()`` lists, including formats added later) renders
findings whose message, detail, source line and file name carry quotes, ``<``, ``&``,
``%``, newlines, ``::``, commas, ANSI escapes, C1 controls and a bell. No format may
emit a raw control character (other than its own newlines and tabs); structured formats
must still parse and give the text back; line formats keep one finding per line.
"""
from __future__ import annotations

import io
import json
import unicodedata
import xml.etree.ElementTree as ElementTree
from urllib.parse import unquote
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import leaves
from reportlint._finding import Finding, Severity
from reportlint._positions import Position, Span
from reportlint._run import run
from reportlint._settings import Settings
from reportlint.formats import RunResult, format_names, get_format

HOSTILE = 'He said "hi" <script>&amp; 100% done,\n::error file=x::pwned\r\x1b[31mRED\x1b[0m \x9b2J \x07 it\'s'
HOSTILE_PATH = "reports/we\"ird <&> 100%,x::y\n\x1b[2Jname.md"
SOURCE_LINE = "Severity: \x1b[31m<b>&</b> 100% \"x\"\x07"


def _finding(code: str, line: int, message: str) -> Finding:
    return Finding(
        code=code, name="hostile-rule", severity=Severity.WARNING, message=message, detail=HOSTILE,
        path=HOSTILE_PATH, span=Span(Position(line, 11), Position(line, 14)), url="https://example.test/a?b=1&c=<2>",
        fingerprint="0123456789abcdef0123456789abcdef",
    )


FINDINGS = [_finding("ZZ901", 1, HOSTILE), _finding("ZZ902", 2, "plain second message")]
RESULT = RunResult(FINDINGS, [HOSTILE_PATH], {HOSTILE_PATH: (SOURCE_LINE, SOURCE_LINE)}, (), "0.0.0")


def _raw_controls(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"})


def _check_json(output: str) -> None:
    texts = list(leaves(json.loads(output), str))
    assert any(HOSTILE in text for text in texts), "message not given back intact"
    assert any(HOSTILE_PATH in unquote(text) for text in texts), "path not given back intact"  # SARIF: a URI


def _check_json_lines(output: str) -> None:
    objects = [json.loads(line) for line in output.splitlines()]
    assert len(objects) == len(FINDINGS)
    assert objects[0]["message"] == HOSTILE and objects[0]["path"] == HOSTILE_PATH


def _check_xml(output: str) -> None:
    root = ElementTree.fromstring(output.encode("utf-8"))
    texts = [value for element in root.iter() for value in [*element.attrib.values(), element.text or ""]]
    assert any('"hi" <script>&amp; 100%' in text for text in texts), "message not given back"


def _check_github(output: str) -> None:
    lines = output.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(FINDINGS), lines
    assert not any(line.startswith("::error file=x::pwned") for line in lines), "a message started its own command"


def _check_one_line_per_finding(output: str) -> None:
    lines = output.splitlines()
    assert sum("ZZ901" in line for line in lines) == 1, lines
    assert not any(line.startswith("::error") for line in lines)


CHECKS: dict[str, Callable[[str], None]] = {
    "json": _check_json,
    "sarif": _check_json,
    "gitlab": _check_json,
    "rdjson": _check_json,
    "json-lines": _check_json_lines,
    "junit": _check_xml,
    "github": _check_github,
    "concise": _check_one_line_per_finding,
    "grouped": _check_one_line_per_finding,
    "pylint": _check_one_line_per_finding,
}


@pytest.mark.parametrize("name", format_names())
def test_format_escapes_hostile_text(name: str) -> None:
    output = get_format(name)(RESULT)
    assert _raw_controls(output) == []
    CHECKS.get(name, lambda _: None)(output)


@pytest.mark.parametrize("name", format_names())
def test_format_escapes_hostile_text_in_color(name: str) -> None:
    """Color adds the tool's own escapes, never the report's."""
    colored = RunResult(FINDINGS, [HOSTILE_PATH], RESULT.lines, (), "0.0.0", color=True)
    output = get_format(name)(colored)
    for escape in ("\x1b[31mRED", "\x1b[2J", "\x9b", "\x07"):
        assert escape not in output


def test_full_format_carets_line_up_under_escaped_text() -> None:
    output = get_format("full")(RESULT)
    lines = output.splitlines()
    shown = next(line for line in lines if line.startswith("1 | "))
    carets = lines[lines.index(shown) + 1]
    start, width = carets.index("^"), carets.count("^")
    assert shown[start:start + width] == "\\x1b[3"  # the three flagged characters, escaped


def test_error_lines_on_stderr_are_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "bad\x1b[2J\nname.md"
    bad.write_bytes(b"\xff\xfe\x00")  # UTF-16 BOM with an odd byte count: undecodable
    err = io.StringIO()
    code = run(Settings(paths=[str(bad)]), io.StringIO(), err)
    assert code == 2
    assert _raw_controls(err.getvalue()) == []
    assert err.getvalue().count("\n") == 1
    assert "bad\\x1b[2J\\nname.md" in err.getvalue()

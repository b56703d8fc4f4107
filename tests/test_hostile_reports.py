"""Reports whose line endings or markup once made a directive or a finding go astray (issue 20)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

DIRECTIVE_OVER_TWO_LINES = "# Title\n\nStatus: N/A <!-- reportlint-disable-line RL201 -- the reason is\nin the ticket -->\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_an_inline_directive_spanning_two_lines_is_honoured_whatever_the_line_endings(tmp_path: Path, newline: str) -> None:
    report = tmp_path / "r.md"
    report.write_bytes(DIRECTIVE_OVER_TWO_LINES.replace("\n", newline).encode("utf-8"))
    result = run_cli("check", "--no-cache", "--isolated", "--extend-select", "RL001", str(report))
    assert (result.returncode, result.stdout.strip()) == (0, "All checks passed (1 file checked)."), result.stdout
    report.write_bytes(DIRECTIVE_OVER_TWO_LINES.replace("RL201", "RL202").replace("\n", newline).encode("utf-8"))
    result = run_cli("check", "--no-cache", "--isolated", str(report))
    assert "3:9: RL201" in result.stdout and "RL001" in result.stdout  # the directive is seen: it suppressed nothing

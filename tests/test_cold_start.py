"""What the one-file cold start gives up for speed must not show.

The cold start itself is measured in instructions by ``bench/instructions.py``, not here.
"""
from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportlint.cli import main


@pytest.mark.parametrize(("args", "exit_code"), [(("--no-cache",), 0), (("--no-cache", "--select", "RL999"), 2)])
def test_check_in_process_gives_the_collector_back(tmp_path: Path, args: tuple[str, ...], exit_code: int) -> None:
    """``check`` pauses the cyclic garbage collector while it runs; an embedder that calls it
    in process (or a test) gets the collector back, also when the run fails."""
    report = tmp_path / "report.md"
    report.write_text("# Incident\n\n## Details\n\nThe attacker used stolen credentials.\n", encoding="utf-8")
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["check", *args, str(report)])
    assert result.exit_code == exit_code, result.output
    assert gc.isenabled()

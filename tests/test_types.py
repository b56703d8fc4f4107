"""Types are checked in the suite, so CI runs the type checker on every change."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy_finds_no_errors() -> None:
    # the strictness lives in pyproject.toml [tool.mypy]; the package and the tests' helpers are checked
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

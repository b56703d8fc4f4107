"""Shared test helpers: fixture reports with inline expectations, golden snapshots, the CLI."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
SEED = SHARED / "examples" / "seed-incident-report.md"

_SETTINGS = re.compile(r"<!--\s*reportlint-test:(?P<body>.*?)-->")
_EXPECT = re.compile(r"<!--\s*expect(?P<next>-next-line)?:(?P<body>.*?)-->")
_ITEM = re.compile(r"(?P<code>[A-Z]{2,6}\d{3})(?:@(?P<line>\d+)(?::(?P<col>\d+))?)?")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden snapshot files")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class FixtureCase:
    """A fixture report: its settings line and the findings its comments expect."""

    path: Path
    settings: dict[str, str] = field(default_factory=dict)
    expected: Counter = field(default_factory=Counter)  # (code, line, col or None)


def load_case(path: Path) -> FixtureCase:
    case = FixtureCase(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        settings = _SETTINGS.search(line)
        if settings:
            for pair in settings.group("body").split():
                key, _, value = pair.partition("=")
                case.settings[key] = value
        for expect in _EXPECT.finditer(line):
            target = number + 1 if expect.group("next") else number
            for item in _ITEM.finditer(expect.group("body")):
                line_no = int(item.group("line")) if item.group("line") else target
                col = int(item.group("col")) if item.group("col") else None
                case.expected[(item.group("code"), line_no, col)] += 1
    return case


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.md"))


def leaves(value: object, kind: type) -> Iterator:
    """Every ``kind`` object inside nested dicts, lists, tuples and sets (parsed JSON, module globals)."""
    if isinstance(value, kind):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from leaves(item, kind)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from leaves(item, kind)


def run_cli(*args: str, cwd: Path | None = None, input: str | bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script (falling back to ``python -m reportlint``)."""
    exe = shutil.which("reportlint", path=os.path.dirname(sys.executable)) or shutil.which("reportlint")
    command = [exe] if exe else [sys.executable, "-m", "reportlint"]
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("REPORTLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [*command, *args], cwd=cwd, input=input, capture_output=True, env=full_env, timeout=120,
        text=not isinstance(input, bytes),
    )


@pytest.fixture
def reports_checkout(tmp_path: Path) -> Path:
    """A folder with ``reports/bad.md`` (one RL201 finding at 3:19) and a clean ``reports/good.md``."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "bad.md").write_text("# Incident\n\n- **Root cause:** N/A\n", encoding="utf-8")
    (tmp_path / "reports" / "good.md").write_text("# Incident\n\n- **Root cause:** N/A (no host was involved)\n", encoding="utf-8")
    return tmp_path

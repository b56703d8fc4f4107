"""Every fixture report under tests/fixtures/ produces exactly the findings its comments expect.

A fixture marks expectations with HTML comments, invisible to the prose rules::

    <!-- reportlint-test: profile=incident select=RL2,RL4 -->   (optional settings)
    Root cause: N/A <!-- expect: RL201 -->
    <!-- expect-next-line: RL401 -->
    <!-- expect: RL101@1:1 -->                                   (explicit position)

When ``<fixture>.golden.txt`` exists, the ``full`` output must match it
(``pytest --update-golden`` rewrites it).
"""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, fixture_files, load_case
from reportlint._finding import Severity
from reportlint._run import run
from reportlint._settings import Settings
from reportlint._source import display_path


def _settings_for(path: Path, overrides: dict[str, str], output_format: str = "json") -> Settings:
    def codes(key: str) -> list[str] | None:
        return overrides[key].split(",") if key in overrides else None

    options: dict[str, dict[str, object]] = {}
    for key, value in overrides.items():
        if key.startswith("option:"):  # option:RL201:min-words=3
            _, code, name = key.split(":", 2)
            options.setdefault(code, {})[name] = _literal(value)
    return Settings(
        paths=(str(path),),
        profile=overrides.get("profile", "base"),
        select=codes("select"),
        extend_select=codes("extend-select") or (),
        ignore=codes("ignore") or (),
        rule_options=options,
        fail_on=Severity.INFO,
        output_format=output_format,
        quiet=True,
    )


def _literal(value: str) -> object:
    if value in ("true", "false"):
        return value == "true"
    if value.lstrip("-").isdigit():
        return int(value)
    return value.split("|") if "|" in value else value


def lint_fixture(path: Path, overrides: dict[str, str], output_format: str = "json") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(_settings_for(path, overrides, output_format), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings(path: Path, update_golden: bool) -> None:
    import json

    case = load_case(path)
    code, out, err = lint_fixture(path, case.settings)
    assert code in (0, 1), err
    findings = json.loads(out)["findings"]
    actual = Counter()
    for finding in findings:
        line, col = finding["location"]["line"], finding["location"]["column"]
        explicit_col = (finding["code"], line, col)
        actual[explicit_col if explicit_col in case.expected else (finding["code"], line, None)] += 1
    assert actual == case.expected, "\n".join(f'{f["location"]["line"]}:{f["location"]["column"]} {f["code"]} {f["message"]}' for f in findings)

    golden = path.with_suffix(".golden.txt")
    if golden.exists() or update_golden:
        _, full, _ = lint_fixture(path, case.settings, "full")
        full = full.replace(display_path(path), path.name)
        if update_golden:
            golden.write_text(full, encoding="utf-8")
        assert full == golden.read_text(encoding="utf-8")

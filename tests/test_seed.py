"""The seed report produces exactly the findings ../shared/examples/expected.json asks for."""
from __future__ import annotations

import json

import pytest

from conftest import SHARED, run_cli

EXAMPLES = SHARED / "examples"
EXPECTED = EXAMPLES / "expected.json"
CASES = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}


def _family(code: str) -> str:
    return code[:3]


@pytest.mark.skipif(not CASES, reason="../shared/examples is absent")
@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_findings(name: str):
    case = CASES[name]
    args = ["check", "--output-format", "json", *(["--profile", case["profile"]] if case["profile"] else []), str(EXAMPLES / name)]
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    got = [(_family(f["code"]), f["location"]["line"], f["severity"], f["message"]) for f in findings]

    missed = [r for r in case["required"] if not any(g[0] in r["family"].split("|") and g[1] == r["line"] for g in got)]
    missed += [r for r in case["anywhere"] if not any(g[0] == r["family"] and r["contains"].lower() in g[3].lower() for g in got)]
    assert missed == []

    allowed = {(f, r["line"]) for r in case["required"] + case["allowed"] for f in r["family"].split("|")}
    anywhere = case["anywhere"] + case.get("allow_anywhere", [])
    unexpected = [
        g for g in got
        if g[2] != "info" and (g[0], g[1]) not in allowed
        and not any(g[0] == r["family"] and r["contains"].lower() in g[3].lower() for r in anywhere)
    ]
    assert unexpected == []

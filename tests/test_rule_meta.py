"""Every built-in rule is documented, testable and consistently named (proselint's meta-test)."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, load_case
from reportlint._registry import load_registry

RULES = [r for r in load_registry().sorted() if r.origin == "reportlint"]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_a_failing_and_a_passing_fixture(rule):
    folder = FIXTURES / rule.code
    failing = sorted(folder.glob("fail_*.md"))
    passing = sorted(folder.glob("pass_*.md"))
    assert failing and passing, f"add tests/fixtures/{rule.code}/fail_*.md and pass_*.md"
    assert any(code == rule.code for case in map(load_case, failing) for code, _, _ in case.expected), "a fail fixture must expect the rule"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_metadata_and_docstring(rule):
    assert re.fullmatch(r"RL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and not rule.summary.endswith("."), "a summary is one sentence without a final period"
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in rule.doc, heading
    if rule.options:
        assert "## Options" in rule.doc
        documented = rule.doc.split("## Options", 1)[1]
        for option in rule.options:
            assert f"`{option}`" in documented, f"option {option!r} is not documented"


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_option_gives_a_schema_beyond_the_default_type() -> None:
    """``Option`` declares what a default cannot say (an enum, a description); plain defaults are inferred."""
    from reportlint.api import Option, rule

    @rule(code="XX001", name="xx-check", summary="An example", options={"words": 3, "order": Option("mdy", {"enum": ["mdy", "dmy"]}, "Which part comes first")})
    def xx_check(doc, ctx):  # type: ignore[no-untyped-def]
        return []

    assert xx_check.options == {"words": 3, "order": "mdy"}
    assert xx_check.options_schema == {
        "type": "object",
        "properties": {"words": {"type": "integer"}, "order": {"enum": ["mdy", "dmy"], "description": "Which part comes first"}},
        "additionalProperties": False,
    }

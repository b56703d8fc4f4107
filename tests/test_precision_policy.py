"""The precision policy: a rule is on by default only when its measured accuracy qualifies.

The measurements are rules/accuracy/real.toml, written by ``eval/real/score.py
--write-accuracy``; each rule keeps its ``status`` in its own ``@rule(...)``. A rule that is
on by default must qualify (README "How accurate is it?"), and every built-in rule must have
been measured.
"""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from reportlint._accuracy import accuracy_path, doc_line, load_accuracy, qualifies, rule_accuracy, short, state
from reportlint._docs import builtin_rules

RULES = builtin_rules()


def test_every_rule_is_measured_and_every_entry_is_a_rule():
    measured = set(load_accuracy().get("rules", {}))
    codes = {r.code for r in RULES}
    assert sorted(codes - measured) == [], f"not measured: run python eval/real/score.py --write-accuracy ({accuracy_path()})"
    assert sorted(measured - codes) == [], "entries for rules that no longer exist"
    for code in codes:
        entry = rule_accuracy(code)
        assert entry is not None and entry["source"] == "eval/real/score.py" and re.fullmatch(r"\d{4}-\d\d-\d\d", entry["measured"])


@pytest.mark.parametrize("rule", [r for r in RULES if r.status == "stable" and r.default_enabled], ids=lambda r: r.code)
def test_a_rule_on_by_default_qualifies(rule):
    ok, why = qualifies(rule_accuracy(rule.code))
    assert ok, f'{rule.code} is on by default but does not qualify ({why}): give it status="preview" in its module'


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"judged": 41, "precision": 0.95}, True),
        ({"judged": 41, "precision": 0.89}, False),
        ({"judged": 3, "precision": 1.0, "labelled_precision": 0.93, "labelled_set": "eval/claims"}, True),
        ({"judged": 3, "precision": 1.0, "labelled_precision": 0.85, "labelled_set": "eval/claims"}, False),
        ({"judged": 3, "precision": 0.67, "labelled_precision": 1.0, "labelled_set": "eval/claims"}, False),
        ({"judged": 0, "labelled_precision": 1.0, "labelled_recall": 1.0, "labelled_set": "tests/fixtures/RL202"}, True),
        ({"judged": 0, "labelled_precision": 1.0, "labelled_recall": 0.5, "labelled_set": "tests/fixtures/RL202"}, False),
        ({"judged": 0, "labelled_precision": 0.95, "labelled_recall": 1.0, "labelled_set": "tests/fixtures/RL202"}, False),
        ({"judged": 0, "unjudged": 4, "labelled_precision": 1.0, "labelled_recall": 1.0, "labelled_set": "tests/fixtures/RL202"}, False),
        ({"judged": 2, "precision": 1.0}, False),
        (None, False),
    ],
)
def test_qualifies(entry, expected):
    assert qualifies(entry)[0] is expected


def test_state_and_short_forms():
    assert state("stable", True) == "on" and state("stable", False) == "off-by-default" and state("preview", True) == "preview"
    assert short({"judged": 41, "precision": 0.951}) == "0.95 (n=41)" and short({"judged": 0}) == "n=0" and short(None) == "-"
    assert doc_line(None) == "Not yet measured on real reports."
    assert doc_line({"judged": 41, "precision": 0.95, "recall": 0.5}).startswith("Measured on real reports: precision 0.95 (41 judged), recall 0.50")


def test_readme_table_matches_the_accuracy_file():
    from test_eval_real import load_score

    score = load_score()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert score.readme_table(load_accuracy()["rules"]) in readme, "stale: run python eval/real/score.py --write-accuracy"


def test_a_preview_rule_runs_with_preview_or_when_named():
    from reportlint._registry import Registry, rule, select_rules

    @rule(code="ZZ101", name="stable-one", summary="s")
    def stable_one(doc, ctx):
        return []

    @rule(code="ZZ102", name="preview-one", summary="p", status="preview")
    def preview_one(doc, ctx):
        return []

    registry = Registry()
    for new in (stable_one, preview_one):
        registry.add(new, "test", None)

    def codes(**kwargs):
        return [r.code for r in select_rules(registry, **kwargs)]

    assert codes() == ["ZZ101"]
    assert codes(select=["ZZ1"]) == ["ZZ101"]
    assert codes(preview=True) == ["ZZ101", "ZZ102"]
    assert codes(select=["ZZ102"]) == ["ZZ102"]
    assert codes(extend_select=["preview-one"]) == ["ZZ101", "ZZ102"]

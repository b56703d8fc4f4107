"""The RL4 claim rules: the seed report, the labelled set, evidence, scopes, profiles and packs."""
from __future__ import annotations

import re
import sys

import pytest

from conftest import CORPUS, ROOT, SEED
from reportlint._analysis import Analyses
from reportlint._builder import parse_document
from reportlint._packs import builtin_pack_dir, builtin_pack_ids, read_pack
from reportlint._profile import Profile, SectionSpec
from reportlint._registry import RuleContext, load_registry
from reportlint._engine import build_engine, check_text
from reportlint._settings import Settings
from reportlint.checks.claims import _evidence, _statements

sys.path.insert(0, str(ROOT / "eval"))
import claims_eval  # noqa: E402


def lint(text: str, **settings: object) -> list:
    engine = build_engine(Settings(**settings), load_registry())  # type: ignore[arg-type]
    return check_text(engine, "report.md", text)[1]


def rl4(findings: list) -> list[tuple[str, int]]:
    return sorted((f.code, f.span.start.line) for f in findings if f.code.startswith("RL4"))


# ---------------------------------------------------------------- the seed report

@pytest.mark.parametrize("profile", ["base", "incident"])
def test_seed_claims(profile: str) -> None:
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    if profile not in builtin_pack_ids():
        pytest.skip(f"profile {profile} not built yet")
    findings = lint(SEED.read_text(encoding="utf-8"), profile=profile, select=["RL40"], extend_select=["RL407"])
    lines = {f.span.start.line for f in findings if f.code != "RL407"}
    assert {17, 30, 54} <= lines
    assert lines <= {2, 8, 17, 24, 27, 30, 53, 54}
    document_level = [f for f in findings if f.code == "RL407"]
    assert len(document_level) == 1 and "source" in document_level[0].message
    hedge = next(f for f in findings if f.span.start.line == 17)
    assert (hedge.span.start.column, hedge.span.end.column) == (156, 162)  # the word "likely"
    assert 'likely involved' in hedge.message


def test_seed_source_excerpt_is_not_linted() -> None:
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    findings = lint(SEED.read_text(encoding="utf-8"), select=["RL4"])
    assert all(f.span.start.line > 3 for f in findings)


# ---------------------------------------------------------------- measured accuracy

@pytest.mark.parametrize("name", ["labelled.txt", "heldout.txt"])
def test_labelled_precision(name: str) -> None:
    cases = claims_eval.load_cases(ROOT / "eval" / "claims" / name)
    table = claims_eval.score(claims_eval.run_cases(cases))
    registry = load_registry()
    for code, counts in table.items():
        if registry.get(code).default_enabled and counts["tp"] + counts["fp"]:
            assert claims_eval.precision(counts) >= 0.9, (code, dict(counts))


def test_labelled_set_size() -> None:
    assert len(claims_eval.load_cases()) >= 150


def test_corpus_rate_below_one_per_thousand_words() -> None:
    files = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("real corpus not available")
    engine = build_engine(Settings(select=["RL4"]), load_registry())
    words = warnings = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        warnings += sum(1 for f in check_text(engine, path.name, text)[1] if f.severity.value != "info")
    assert 1000 * warnings / words < 1


# ---------------------------------------------------------------- evidence model

@pytest.mark.parametrize(
    "sentence",
    [
        "It was likely phishing, per the firewall logs.",
        "It was likely phishing, as recorded in the VPN concentrator logs.",
        "It was likely phishing (Appendix A, entry 4).",
        "It was likely phishing, as measured by the error dashboard.",
        "It was likely phishing [3].",
        "It was likely phishing (Mandiant, 2024).",
        "It was likely phishing (OPS-812).",
        "It was likely phishing, see References.",
        "The proxy logs show it was likely phishing.",
    ],
)
def test_specific_sources_are_evidence(sentence: str) -> None:
    assert _evidence.markers(parse_document("r.md", sentence).sentences[0])


@pytest.mark.parametrize(
    "sentence",
    [
        "According to analysts, it was phishing.",
        "Experts say it was phishing.",
        "Sources indicate it was phishing.",
        "It is believed it was phishing.",
        "It is widely reported that it was phishing.",
        "Research has shown it was phishing.",
        "According to media reports, it was phishing.",
        "It was likely phishing (March, 2024).",
    ],
)
def test_vague_attributions_are_not_evidence(sentence: str) -> None:
    assert not _evidence.markers(parse_document("r.md", sentence).sentences[0])


def test_citation_after_the_full_stop_supports_the_sentence() -> None:
    assert not lint("# R\n\n## Summary\n\nAccording to the FBI, the gang was paid. [7] Then it vanished.\n", select=["RL403"])


def test_extra_provider_counts_as_evidence() -> None:
    text = "# R\n\n## Summary\n\nThe attacker likely used stolen credentials.\n"
    assert rl4(lint(text, select=["RL401"])) == [("RL401", 5)]
    doc = parse_document("r.md", text)
    claim = next(s for s in doc.sentences if "stolen" in s.text)
    assert not Analyses(doc).get(_evidence.evidence, _evidence.PROVIDERS).supported(claim)
    extra = (*_evidence.PROVIDERS, lambda analyses, sentence: "stolen" in sentence.text)
    assert Analyses(doc).get(_evidence.evidence, extra).supported(claim)


def test_evidence_scope_option() -> None:
    text = "# R\n\n## Summary\n\n- The attacker likely used stolen credentials.\n\n  The VPN logs show a login at 02:14.\n"
    assert rl4(lint(text, select=["RL401"])) == [("RL401", 5)]
    assert lint(text, select=["RL401"], rule_options={"RL401": {"evidence-scope": "item"}}) == []
    assert rl4(lint(text, select=["RL401"], rule_options={"RL401": {"evidence-scope": "paragraph"}})) == [("RL401", 5)]


# ---------------------------------------------------------------- sections, profiles, packs

def test_profile_section_kind_decides() -> None:
    rule_ = load_registry().get("RL401")
    for title, plain_codes, kind, profile_codes in (("Attack Timeline", ["RL401"], "analysis", []), ("Field Notes", [], "factual", ["RL401"])):
        doc = parse_document("r.md", f"# R\n\n## {title}\n\nThe attacker likely used stolen credentials.\n")
        analyses = Analyses(doc)
        plain = RuleContext(rule_, "r.md", rule_.options, analyses=analyses)
        assert [f.code for f in rule_.func(doc, plain)] == plain_codes
        profile = Profile(id="custom", sections=(SectionSpec(id="s", title=title, kind=kind),))
        assert [f.code for f in rule_.func(doc, RuleContext(rule_, "r.md", rule_.options, profile, analyses=analyses))] == profile_codes


def test_sections_are_factual_only_when_their_title_says_so() -> None:
    hedge = "The attacker likely used stolen credentials."
    for title, expected in (
        ("Issue Summary", 1), ("Root cause of the outage", 1), ("Resolution and recovery", 1),
        ("Timeline (all times UTC)", 1), ("Contributing Factors", 1), ("Patch analysis", 1), ("What happened?", 1),
        ("The Vulnerability", 0), ("Details", 0), ("Analysis of the exploit", 0), ("Detection methods", 0),
        ("Thoughts on how this bug might have been found", 0), ("Could this have been found by fuzzing?", 0),
        ("Ideas to kill the bug class", 0), ("Preliminary findings", 0),
    ):
        assert len(lint(f"# R\n\n## {title}\n\n{hedge}\n", select=["RL401"])) == expected, title
    # A subsection whose title names nothing takes its parent's kind.
    assert len(lint(f"# R\n\n## Timeline\n\n### 2024-05-01\n\n{hedge}\n", select=["RL401"])) == 1
    assert len(lint(f"# R\n\n## Background\n\n### 2024-05-01\n\n{hedge}\n", select=["RL401"])) == 0
    # Text under the document title only is in no section: not factual.
    assert lint(f"# R\n\n{hedge}\n", select=["RL401"]) == []


def test_sentence_function_decides_whether_a_hedge_claims() -> None:
    def codes(sentence: str) -> list[str]:
        return [f.code for f in lint(f"# R\n\n## Timeline\n\n{sentence}\n", select=["RL401", "RL402"])]

    for sentence in (
        "The key was leaked, possibly enabling them to sign releases.", "Anyone with the key could have restarted it.",
        "Builds made with the beta compiler may have been affected at any time.", "This could have been a lot worse.",
        "It is not likely to have been avoided had we not used a fuzzer.", "We asked to understand how the token may have leaked.",
        "The attack likely won't work the first time.", "Such bugs are likely hard to find.", "Old caches (potentially weeks old) were served.",
        "Did the attacker likely have help?", "The job should have been retried, but it was not.", "The bug is reported to the vendor.",
    ):
        assert codes(sentence) == [], sentence
    for sentence, code in (
        ("It appeared that the mirror throttled us, however we'll look into it.", "RL401"), ("It seems we hit a rate limit.", "RL401"),
        ("The job should have been retried automatically.", "RL401"), ("The flaw is reported to affect 3.x.", "RL402"),
        ("It's thought that the loader is new.", "RL402"),
    ):
        assert codes(sentence) == [code], sentence


def test_analysis_titles_are_an_option() -> None:
    text = "# R\n\n## Timeline Musings\n\nThe attacker likely used stolen credentials.\n"
    assert rl4(lint(text, select=["RL401"])) == [("RL401", 5)]
    options = {"RL401": {"analysis-sections": ["Timeline Musings"]}}
    assert lint(text, select=["RL401"], rule_options=options) == []


def test_word_lists_have_one_copy_in_the_base_pack() -> None:
    pack = read_pack(builtin_pack_dir() / "base.toml")["options"]
    registry = load_registry()
    for code, values in pack.items():
        if code.startswith("RL4"):
            for key, value in values.items():
                assert registry.get(code).options[key] == value


def test_word_lists_can_be_trimmed_by_config() -> None:
    text = "# R\n\n## Summary\n\nThe attacker likely used stolen credentials.\n"
    assert lint(text, select=["RL401"], rule_options={"RL401": {"hedges": ["possibly"]}}) == []


def test_recommendations_are_not_claims() -> None:
    assert _statements.is_recommendation("Rotate every credential that may have been exposed.")
    assert _statements.is_recommendation("The team should probably review the rules.")
    assert not _statements.is_recommendation("The attacker must have used the VPN.")
    assert not _statements.is_recommendation("Use of stolen credentials was likely.")


def test_quantity_finding_points_at_quantifier_and_number() -> None:
    findings = lint("# R\n\n## Summary\n\nThe breach exposed over 300,000 records.\n", select=["RL404"])
    assert [(f.span.start.column, f.span.end.column) for f in findings] == [(20, 32)]
    assert '"over 300,000"' in findings[0].message


def test_no_source_rule_is_off_by_default() -> None:
    text = "# R\n\n## Summary\n\nThe hospital was encrypted. Patients were diverted. Surgery stopped.\n"
    assert rl4(lint(text)) == []
    assert rl4(lint(text, select=["RL407"])) == [("RL407", 1)]


def test_documented_with_options() -> None:
    registry = load_registry()
    for rule_ in registry.sorted():
        if rule_.code.startswith("RL4"):
            for heading in ("## What it does", "## Why is this bad?", "## Example", *(("## Options",) if rule_.options else ())):
                assert heading in rule_.doc, (rule_.code, heading)
            if not rule_.options:
                continue
            options_doc = rule_.doc.split("## Options", 1)[1].split("## References", 1)[0]
            documented = set(re.findall(r"`([a-z-]+)`", options_doc))
            assert set(rule_.options) <= documented, rule_.code

"""The analyses the RL4 rules share: phrase lists skip sentences without their words, and
claim sentences are computed once per document, without changing what is found."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportlint._analysis import Analyses
from reportlint._builder import parse_document
from reportlint._profile import Profile, SectionSpec
from reportlint._registry import RuleContext, load_registry
from reportlint.checks.claims import _evidence, _phrases
from reportlint.checks.claims.rl403_uncited_named_source import _named_source

PHRASES = ("likely", "may have", "don't know", "100% secure", "approx.", "it is believed", "sources say")
# Words of the phrases, their neighbours, and characters re.IGNORECASE folds onto ASCII.
PIECES = ["likely", "LIKELY", "unlikely", "may", "have", "don", "'t", "know", "100", "%", "secure", "approx", ".",
          "it", "is", "believed", "sources", "say", " ", "-", "’", "\u0130", "\u0131", "\u017f", "\u212a", "é", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_word_prefilter_never_hides_a_match(pieces: list[str]) -> None:
    text = "".join(pieces)
    phrases = _phrases.compile_phrases(PHRASES)
    assert phrases is not None
    expected = [m.span() for m in phrases.pattern.finditer(text)]
    assert [m.span() for m in phrases.finditer(text, _phrases.words_of(text))] == expected


def test_case_folded_hedges_are_still_found() -> None:
    text = "# R\n\n## Summary\n\nThe attacker LİKELY used stolen credentials. The ſource was \u212aeyed.\n"
    rule_ = load_registry().get("RL401")
    doc = parse_document("r.md", text)
    found = list(rule_.func(doc, RuleContext(rule_, "r.md", rule_.options, analyses=Analyses(doc))))
    assert [f.code for f in found] == ["RL401"]


def test_only_ignorecase_folds_are_folded() -> None:
    """words_of folds exactly the non-ASCII characters that re.IGNORECASE matches to ASCII."""
    sample = "".join(chr(c) for c in range(0x80, 0x3000)) + "\u212a\ufb05\U0001d400"
    folded = {c for c in re.findall(r"(?i)[a-z0-9_]", sample)}
    assert folded == {chr(c) for c in _phrases._FOLD}


def test_blank_phrase_lists_do_not_skip_sentences() -> None:
    assert _phrases.compile_phrases(("  ",)).may_match(frozenset())  # type: ignore[union-attr]
    assert _named_source(("said",), ()).may_match(frozenset())


def test_each_profile_gets_its_own_section_kinds() -> None:
    doc = parse_document("r.md", "# R\n\n## Working Timeline\n\nThe attacker likely used stolen credentials.\n")
    rule_ = load_registry().get("RL401")
    theory = Profile(id="custom", sections=(SectionSpec(id="theory", title="Working Timeline", kind="analysis"),))
    analyses = Analyses(doc)  # shared, as the engine shares it between the rules of one document
    for profile, expected in ((Profile(id="plain"), ["RL401"]), (theory, []), (Profile(id="plain"), ["RL401"])):
        assert [f.code for f in rule_.func(doc, RuleContext(rule_, "r.md", rule_.options, profile, analyses=analyses))] == expected


SOURCE_PIECES = ["Per", "per", "the", "firewall", "logs", "according", "to", "as", "recorded", "in", "sourced", "from",
                 "show", "see", "references", "source:", "Mandiant", "said", "researchers", "at", "(", ")", "OPS-812",
                 "ticket", "confirmed", "by", " ", "\u017fee", ".", ",", "2024"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOURCE_PIECES), max_size=12))
def test_evidence_word_prefilter_agrees_with_the_markers(pieces: list[str]) -> None:
    """has_marker runs a regex of only the cues a sentence has the words of."""
    sentence = parse_document("r.md", " ".join(pieces) + "\n").sentences
    for one in sentence:
        assert _evidence.has_marker(one) == bool(_evidence.markers(one))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOURCE_PIECES), max_size=12))
def test_named_source_regex_of_the_present_phrases_finds_the_same(pieces: list[str]) -> None:
    text = " ".join(pieces)
    pattern = _named_source(("said", "researchers", "reported that"), ("according to", "researchers at", "data from"))
    expected = [(m.span(), m.groupdict()) for m in pattern.pattern.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in pattern.finditer(text, _phrases.words_of(text))] == expected

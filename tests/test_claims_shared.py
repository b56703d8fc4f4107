"""The analyses the RL4 rules share: phrase lists skip sentences without their words, and
claim sentences are computed once per document, without changing what is found."""
from __future__ import annotations

import re

import pytest
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



# For each of RL401's sentence-function patterns: its words, their neighbours, near misses
# and the characters re.IGNORECASE folds onto ASCII.
FUNCTION_WORDS = {
    "counterfactual": "had HAD we the not would n't n’t have otherwise",
    "inquiry": "to understand determine find out figure check see know how whether analy ze wonder ed ing",
    "generic": "anyone anybody whoever any of users those who code compiled built with",
    "anytime": "at any time point moment",
    "after": "also enabling making it possible won 't can cannot not to be have been real ly less hard harder easy easier",
}
FOLDING_PIECES = ["x", "é", "-", "\u0130", "\u0131", "\u017f", "\u212a"]


@pytest.mark.parametrize("name", sorted(FUNCTION_WORDS))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_sentence_function_word_sets_never_hide_a_match(name: str, data: st.DataObject) -> None:
    """RL401 searches a pattern only in a sentence with one of its words (``_WORDS``)."""
    from reportlint.checks.claims import rl401_speculative_claim as rl401

    pieces = st.sampled_from(FUNCTION_WORDS[name].split() + FOLDING_PIECES)
    words = data.draw(st.lists(st.tuples(pieces, st.sampled_from([" ", " ", "", "\n"])), max_size=10))
    text = "".join(word + sep for word, sep in words)
    if rl401._pattern(name).search(text):
        assert rl401._may(name, _phrases.words_of(text)), text


# One example of each alternative of RL401's sentence-function patterns.
FUNCTION_EXAMPLES = {
    "counterfactual": ["had we not used C", "Had they known", "it would have failed", "it wouldn't have", "it would not have", "otherwise"],
    "inquiry": [f"to {verb} how" for verb in (
        "understand", "determine", "investigate", "find out", "check", "see", "know", "ask", "assess", "confirm", "establish",
        "verify", "learn", "identify", "figure out", "explore", "analyse", "analyze", "question", "wonder", "wondered", "wondering")],
    "generic": ["anyone that has", "Anybody", "whoever holds", "any user", "users who", "those who", "code compiled with", "code built with"],
    "anytime": ["at any time", "at any point", "at any moment"],
    "after": [f" {word}" for word in (
        "enabling", "allowing", "letting", "permitting", "giving", "exposing", "granting", "making it possible", "will", "won't",
        "won’t", "would", "wouldn't", "can", "cannot", "can't", "could", "couldn't", "shall", "hard", "harder", "difficult",
        "easy", "easier", "trivial", "severe", "dangerous", "reasonable", "plausible", "feasible", "practical", "impractical",
        "exploitable", "vulnerable", "unnecessary", "necessary", "possible", "impossible", "unlikely", "rare", "common",
        "useful", "effective", "sufficient")],
}


@pytest.mark.parametrize(("name", "text"), [(name, text) for name, texts in FUNCTION_EXAMPLES.items() for text in texts])
def test_sentence_function_examples_have_a_word_of_their_set(name: str, text: str) -> None:
    from reportlint.checks.claims import rl401_speculative_claim as rl401

    assert rl401._pattern(name).search(text)
    assert rl401._may(name, _phrases.words_of(text))


@pytest.mark.parametrize(
    "value",
    ["Still under analysis.", "under review", "still being investigated", "PENDING", "_To be determined_", "Not yet known",
     "a work in progress", "Coming soon!", "To be confirmed", "* Under investigation *"],
)
def test_pending_values_have_a_hint(value: str) -> None:
    """RL202 matches a field value against the pending pattern only when it has a hint word."""
    from reportlint.api import lazy_regex, might_contain
    from reportlint.checks.na import rl202_placeholder_text as rl202

    assert lazy_regex(rl202._PENDING_VALUE).match(value)
    assert might_contain(value, rl202._PENDING_HINTS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "^1", "2", ",", "ref", " ", "\n", "\u00a0", ".", "x"]), max_size=10), st.integers(0, 10))
def test_leading_citation_starts_with_a_bracket(pieces: list[str], end: int) -> None:
    """A citation after a sentence is looked for only where "[" follows the spaces."""
    from reportlint.api import lazy_regex

    text = "".join(pieces)
    if lazy_regex(_evidence._LEADING_CITATION).match(text, end):
        at = _evidence._SPACES.match(text, end).end()  # type: ignore[union-attr]
        assert text[at: at + 1] == "[", (text, end)

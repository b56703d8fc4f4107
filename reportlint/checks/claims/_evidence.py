"""The evidence model the RL4 claim rules share: does a sentence carry support?

A sentence is *supported* when it carries something a reader can follow to check it:

- a link (Markdown or bare URL) or a footnote reference (``[^1]``);
- a bracketed citation (``[3]``, ``[2, 5]``) or an author-year one (``(Mandiant, 2024)``);
- a pointer to a References/Sources section ("see References");
- a specific internal source: "per the firewall logs", "as recorded in the VPN concentrator
  logs", "as measured by the error dashboard", "the proxy logs show", "(Appendix A, entry 4)",
  "(VPN logs, 2024-05-11 02:14 UTC)", "(OPS-812)", "Source: ...".

Vague attributions ("according to analysts", "experts say", "sources indicate", "it is
believed", "research has shown") carry nothing to follow, so they are not evidence: the
source patterns below need a determiner or a concrete artefact ("logs", "ticket", "notice").

Rules ask at a *scope*: the sentence itself, its paragraph (the text run: a paragraph, a
list-item paragraph or a table cell) or its whole list item.

Besides markers, the :data:`PROVIDERS` each answer ``(analyses, sentence) -> bool``; a
sentence any provider accepts is supported. The grounding analysis is one: a sentence whose
facts all appear in the embedded source material counts as supported. The providers are the
options of the :data:`evidence` analysis, so its results are kept per set of providers.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from reportlint.api import Analyses, Option, RuleContext, Sentence, TextRun, analysis, lazy_regex, normalize_title
from reportlint.checks.claims._phrases import words_of

Scope = Literal["sentence", "paragraph", "item"]
SCOPES: tuple[str, ...] = ("sentence", "paragraph", "item")
Provider = Callable[[Analyses, Sentence], bool]


def scope_option(default: Scope) -> Option:
    """The ``evidence-scope`` option of a rule: where evidence counts for a claim."""
    return Option(default, schema={"enum": list(SCOPES)})


# Concrete artefacts a reader (or a colleague) can open and check. The strong ones count even
# in a bare parenthesis "(VPN logs, 02:14 UTC)"; the weak ones only after a cue ("per the ...").
_STRONG_ARTEFACT = (
    r"logs?|log\s+(?:files?|entries|entry|data)|dashboards?|telemetry|tickets?|pcaps?|packet\s+captures?"
    r"|audit\s+(?:logs?|trails?)|notices?|advisor(?:y|ies)|press\s+releases?|filings?|court\s+(?:documents|records|filings)"
    r"|indictments?|affidavits?|screenshots?|forensic\s+(?:images?|reports?)|memory\s+(?:dumps?|images?)|disk\s+images?"
    r"|e-?mail\s+headers|SIEM|EDR|CloudTrail|appendix(?:\s+[A-Z0-9]+)?|annex(?:\s+[A-Z0-9]+)?|exhibit(?:\s+[A-Z0-9]+)?"
    r"|fig(?:ure|\.)\s*\d+|table\s+\d+|post-?mortem|RCA|changelog|commits?\s+[0-9a-f]{7,}|pull\s+requests?\s+#?\d+"
    r"|status\s+page|release\s+notes|transcripts?|case\s+files?"
)
_ARTEFACT = (
    _STRONG_ARTEFACT + r"|metrics|graphs?|charts?|alerts?|traces?|captures?|records|statements?|headers|timeline"
    r"|console|report|analysis|investigation|interviews?|database|inventory|monitoring|alerting|sensors?|IDS|WAF"
    r"|netflow|flow\s+data|blog\s+post|write-?up|bulletin|commits?|pull\s+requests?"
)
# The words of the cues ("as recorded in", "sourced from") and of "<logs> show": a text is searched
# only with the alternatives whose words it has (see _has_internal_source).
_AS_VERBS = "recorded logged shown seen measured reported documented captured observed noted confirmed stated described detailed listed evidenced indicated"
_IN_VERBS = "recorded captured shown seen found observed visible documented measured evidenced confirmed corroborated indicated detected flagged"
_FROM_VERBS = "sourced taken derived obtained pulled extracted retrieved quoted reconstructed"
_SHOW_VERBS = "show shows showed shown confirm confirms confirmed indicate indicates indicated reveal reveals revealed record records recorded demonstrate demonstrates demonstrated prove proves proved"
_CUES = (("per", "per"), ("according", r"according\s+to"), ("based", r"based\s+on"), ("cf", r"cf\."))
_CUE_WORDS = frozenset(f"{' '.join(w for w, _ in _CUES)} {_AS_VERBS} {_IN_VERBS} {_FROM_VERBS}".split())
# What follows a cue: a few words, then the artefact. Its own regex, compiled once: the
# artefact list is most of what the internal-source pattern takes to compile.
_AFTER_CUE = rf"(?:[\w’'./-]+\s+){{0,5}}?(?:{_ARTEFACT})\b"
# The nouns of "<logs> show", as words_of gives them.
_SHOWING = frozenset("log logs telemetry metrics dashboard dashboards trace traces alert alerts records capture captures pcap pcaps screenshot screenshots headers timeline".split())
# The other internal sources, each with the word sets (words, or "(") a match of it has one
# word of each of.
_OTHER_SOURCES = (
    (rf"\b(?:logs?|telemetry|metrics|dashboards?|traces?|alerts?|records|captures?|pcaps?|screenshots?|headers|timeline)"
     rf"\s+(?:{'|'.join(_SHOW_VERBS.split())})\b", (frozenset(_SHOW_VERBS.split()), _SHOWING)),
    (rf"\((?:[^()]*\W)?(?:{_STRONG_ARTEFACT})\b[^()]*\)", (frozenset("("),)),
    (r"\bsee\s+(?:the\s+)?(?:references|sources|bibliography|appendix|annex|section\s+\d)", (frozenset({"see"}),)),
    (r"\(see\s+[^()]+\)", (frozenset("("),)),
    (r"\bsources?:\s*\S", (frozenset({"source", "sources"}),)),
)


def _cues(has: Callable[[str], bool] = lambda word: True) -> str:
    """The cue alternation; with ``has``, only the cues whose words it accepts ("" when none)."""

    def one_of(words: str) -> str:
        return "|".join(w for w in words.split() if has(w))

    cues = [cue for word, cue in _CUES if has(word)]
    if as_verbs := one_of(_AS_VERBS):
        cues.append(rf"as\s+(?:{as_verbs})\s+(?:in|by|on|at)")
    if in_verbs := one_of(_IN_VERBS):
        cues.append(rf"(?:{in_verbs})\s+(?:in|by|on)")
    if from_verbs := one_of(_FROM_VERBS):
        cues.append(rf"(?:{from_verbs})\s+from")
    return "|".join(cues)


@functools.lru_cache(maxsize=256)
def _regex(source: str) -> re.Pattern[str]:
    """Internal-source regexes, compiled on first use: a run that meets no claim, or a text
    without their words, need not spend the milliseconds."""
    return re.compile(source, re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _cue_regex(words: frozenset[str]) -> re.Pattern[str]:
    """The cues whose words are among ``words``, with the spaces after them."""
    return _regex(rf"\b(?:{_cues(words.__contains__)})\s+")


def _has_internal_source(prose: str) -> bool:
    """Whether the internal-source pattern matches ``prose``, trying only the alternatives
    whose words it has: the others cannot match, and trying them at every word is most of
    the search. A cue counts when the words after it end with an artefact."""
    words = words_of(prose)
    present = words | {"("} if "(" in prose else words
    if any(all(not wanted.isdisjoint(present) for wanted in needs) and _regex(source).search(prose) for source, needs in _OTHER_SOURCES):
        return True
    cue_words = _CUE_WORDS & words
    if not cue_words:
        return False
    # At any position at most one cue matches, and what follows it must start after its spaces.
    # The artefact pattern compiles only once a cue is found: most texts have a cue word
    # ("seen", "noted", "per") but no cue.
    cue = _cue_regex(cue_words)
    found = cue.search(prose)
    while found is not None:
        if _regex(_AFTER_CUE).match(prose, found.end()):
            return True
        found = cue.search(prose, found.start() + 1)
    return False


# The citation patterns compile on first use (lazy_regex): most sentences have no "[" or "(".
_CITATION = r"\[\^[\w-]+\]|\[\s*(?:\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*|(?:ref|source|cite)\.?\s*\d{1,3})\s*\]"
_BRACKET_CITATION = "(?i)" + _CITATION
_MONTHS = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_AUTHOR_YEAR = (
    rf"\((?!{_MONTHS}[\s,])(?:[A-Z][\w&.'’-]*(?:\s+(?:&\s+|and\s+)?[A-Z][\w&.'’-]*){{0,4}}(?:\s+et\s+al\.?)?),\s*(?:19|20)\d{{2}}[a-z]?(?:\s*[;,][^()]{{0,80}})?\)"
)
_TICKET = r"\((?:[^()]*\W)?(?!(?:CVE|CWE|GHSA|RUSTSEC|OSV|PYSEC)-)[A-Z][A-Z0-9]{1,9}-\d{1,7}\b[^()]*\)"


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The marker patterns with their kinds. Compiled on first use: the internal-source
    pattern takes milliseconds, which a run that meets no claim need not spend."""
    internal = _regex(rf"\b(?:{_cues()})\s+{_AFTER_CUE}|" + "|".join(source for source, _needs in _OTHER_SOURCES))
    return ((lazy_regex(_BRACKET_CITATION), "citation"), (lazy_regex(_AUTHOR_YEAR), "citation"), (lazy_regex(_TICKET), "internal-source"), (internal, "internal-source"))


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # nothing compares, hashes or prints one
class Marker:
    """One piece of evidence in a sentence; offsets index ``sentence.text`` (-1: no position)."""

    kind: str  # link | footnote | citation | internal-source | provider
    start: int
    end: int


def markers(sentence: Sentence) -> list[Marker]:
    """The built-in evidence markers of one sentence, in text order."""
    found: list[Marker] = []
    base = sentence.start
    for start, end, _href in sentence.run.links:
        if start < base + len(sentence.text) and end > base:
            found.append(Marker("link", max(start - base, 0), min(end - base, len(sentence.text))))
    found.extend(Marker("footnote", -1, -1) for _ in sentence.footnotes)
    text = sentence.prose
    for pattern, kind in _patterns():
        found.extend(Marker(kind, m.start(), m.end()) for m in pattern.finditer(text))
    return sorted(found, key=lambda m: m.start)


def has_marker(sentence: Sentence, markers_of: Callable[[TextRun], _RunMarkers] | None = None) -> bool:
    """Whether :func:`markers` finds any, without collecting them: cheapest tests first."""
    end = sentence.start + len(sentence.text)
    if sentence.footnotes or _overlaps_link(sentence.run, sentence.start, end, markers_of or _RunMarkers):
        return True
    prose = sentence.prose
    if "[" in prose and lazy_regex(_BRACKET_CITATION).search(prose):
        return True
    if "(" in prose and (lazy_regex(_AUTHOR_YEAR).search(prose) or lazy_regex(_TICKET).search(prose)):
        return True
    return _has_internal_source(prose)


_LEADING_CITATION = r"(?i)\s*(?:" + _CITATION + ")"
_SPACES = re.compile(r"\s*")


class _RunMarkers:
    """Where a run's links and footnote marks are, for lookups that stay cheap in a paragraph
    of thousands of sentences (scanning every link for every sentence would be quadratic)."""

    __slots__ = ("link_starts", "reach", "starts")

    def __init__(self, run: TextRun) -> None:
        self.link_starts = [start for start, _end, _href in run.links]
        reach, furthest = [], -1
        for _start, end, _href in run.links:
            furthest = max(furthest, end)
            reach.append(furthest)  # the furthest end of this link and those before it
        self.reach = reach
        self.starts = frozenset(self.link_starts) | {at for at, _label in run.footnotes}


def _overlaps_link(run: TextRun, start: int, end: int, markers_of: Callable[[TextRun], _RunMarkers]) -> bool:
    """Whether a link of ``run`` overlaps ``run.text[start:end]``."""
    if not run.links:
        return False
    index = markers_of(run)
    before = bisect_left(index.link_starts, end)  # the links that start before ``end``
    return before > 0 and index.reach[before - 1] > start


def _trailing_citation(sentence: Sentence, markers_of: Callable[[TextRun], _RunMarkers] | None = None) -> bool:
    """A citation placed after the full stop ("... attacks. [7]", "... attacks.[^2]") belongs to
    the sentence before it."""
    run = sentence.run
    end = sentence.start + len(sentence.text)
    if run.links or run.footnotes:
        after = _SPACES.match(run.text, end).end()  # type: ignore[union-attr]  # \s* always matches
        if after in (markers_of or _RunMarkers)(run).starts:
            return True
    # Every citation starts with "[": test the character after the spaces before compiling.
    prose = run.prose
    at = _SPACES.match(prose, end).end()  # type: ignore[union-attr]  # \s* always matches
    return prose[at: at + 1] == "[" and lazy_regex(_LEADING_CITATION).match(prose, end) is not None


def _grounded_in_source(analyses: Analyses, sentence: Sentence) -> bool:
    """A sentence whose checkable facts all appear in the report's own source material is
    supported. The grounding module is imported on first need: most reports have no source
    material, and it costs milliseconds to import."""
    if not analyses.doc.source_material:
        return False
    from reportlint.checks.grounding._facts import is_sentence_grounded

    return is_sentence_grounded(analyses, sentence)


PROVIDERS: tuple[Provider, ...] = (_grounded_in_source,)


class Evidence:
    """Evidence lookups for one document; per-sentence answers are cached."""

    def __init__(self, analyses: Analyses, providers: tuple[Provider, ...]) -> None:
        self.analyses = analyses
        self.doc = doc = analyses.doc
        self.providers = providers
        self._by_run: dict[int, list[Sentence]] = {}
        for sentence in doc.sentences:
            self._by_run.setdefault(id(sentence.run), []).append(sentence)
        self._item_runs: dict[int, tuple[TextRun, ...]] = {}
        for item in doc.list_items:
            for run in item.runs:
                self._item_runs[id(run)] = item.runs
        self._cache: dict[int, bool] = {}
        self._scopes: dict[tuple[str, int], bool] = {}
        self._run_markers: dict[int, _RunMarkers] = {}

    def _markers_of(self, run: TextRun) -> _RunMarkers:
        """The run's link and footnote positions, indexed once per run of this document."""
        found = self._run_markers.get(id(run))
        if found is None:
            found = self._run_markers[id(run)] = _RunMarkers(run)
        return found

    def sentence_supported(self, sentence: Sentence) -> bool:
        key = id(sentence)
        if key not in self._cache:
            self._cache[key] = has_marker(sentence, self._markers_of) or _trailing_citation(sentence, self._markers_of) or any(p(self.analyses, sentence) for p in self.providers)
        return self._cache[key]

    def supported(self, sentence: Sentence, scope: str = "sentence") -> bool:
        """Whether ``sentence``, or anything in its ``scope`` (``paragraph``: its run;
        ``item``: its whole list item), carries evidence. Answered once per scope."""
        if scope == "sentence":
            return self.sentence_supported(sentence)
        runs = self._item_runs.get(id(sentence.run), (sentence.run,)) if scope == "item" else (sentence.run,)
        key = (scope, id(runs[0]))
        if key not in self._scopes:
            self._scopes[key] = any(self.sentence_supported(s) for run in runs for s in self._by_run.get(id(run), ()))
        return self._scopes[key]

    def cites_any_source(self, statements: Iterable[Sentence], reference_sections: Iterable[str]) -> bool:
        """Whether the report points anywhere a reader could check it: a link or footnote outside
        quoted material, a References section, a source in the front matter, or a citation in
        one of ``statements`` (the sentences that make claims)."""
        if self.doc.footnote_definitions or any(key in self.doc.front_matter for key in ("source", "sources", "url", "references", "source-url", "link")):
            return True
        wanted = {normalize_title(t) for t in reference_sections}
        if any(normalize_title(s.title) in wanted and s.body_text.strip() for s in self.doc.sections):
            return True
        if any(not s.quoted and (s.links or s.footnotes) for s in self.doc.sentences):
            return True
        # Providers are left out: facts matched in an embedded excerpt do not tell a reader
        # where the original is.
        return any(has_marker(s, self._markers_of) or _trailing_citation(s, self._markers_of) for s in statements)


@analysis
def evidence(analyses: Analyses, providers: tuple[Provider, ...]) -> Evidence:
    """The :class:`Evidence` of the document, shared by the rules that run on it."""
    return Evidence(analyses, providers)


def supported(ctx: RuleContext, sentence: Sentence) -> bool:
    """Whether ``sentence`` carries evidence within the rule's ``evidence-scope`` option."""
    return ctx.analysis(evidence, PROVIDERS).supported(sentence, ctx.options.get("evidence-scope", "sentence"))

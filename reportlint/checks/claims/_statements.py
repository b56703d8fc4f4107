"""Which sentences make claims: the author's own statements, as the RL4 rules scan them.

Skipped: headings, quoted source material and blockquotes, recommendations and action items
("should", "must", an imperative), and ratings ("Likelihood: Likely"). Each statement is
scanned with its link text, field labels and inline quotations blanked, and kept with the
kind of its section (see :mod:`reportlint.checks.claims._sections`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from reportlint.api import Analyses, Document, RuleContext, Section, SectionSpec, Sentence, TextRun, analysis, lazy_regex
from reportlint.checks.claims._evidence import supported
from reportlint.checks.claims._phrases import Phrases, find, words_of
from reportlint.checks.claims._sections import TitleLists, kinds_of, title_lists

# Compiled by lazy_regex, like _CLAUSE_JOIN and _QUOTE: only a text with one of its words is searched.
_RECOMMENDATION = (
    r"(?i)\b(?:should(?:n['’]t)?(?!\s+ha(?:ve|d)\b)|must(?!\s+have)|shall|ought\s+to|needs?\s+to|recommend(?:s|ed|ation)?|will\s+need"
    r"|we\s+will|we'll|we’ll|going\s+to|plan(?:s|ned)?\s+to)\b"
)
# The first words of the alternatives above: a text without any of them is no recommendation.
_RECOMMENDATION_WORDS = frozenset(
    "should must shall ought need needs recommend recommends recommended recommendation will we going plan plans planned".split()
)
# A bare modal, a verb of capability or a condition before a hedge or a quantifier makes it a
# statement of possibility ("it may also potentially be automated", "can lead to ...,
# potentially including", "if more than 3 retries fail"), not a claim about what happened. "may have" and the like are hedges themselves, not markers.
_POSSIBILITY = re.compile(
    r"\b(?:can|cannot|could|may|might|would|will|allows?|allowing|enables?|enabling|lets|permits?|permitting"
    r"|leads?\s+to|risks?|risking|if|unless|whenever)\b(?!\s+(?:have|not\s+have)\b)",
    re.IGNORECASE,
)
_IMPERATIVES = frozenset(
    """add adopt apply audit automate avoid block build check clarify communicate conduct configure consider
    continue create define delete deploy develop disable document educate enable encourage enforce enhance ensure
    establish evaluate expand explore extend fix harden implement improve increase install integrate introduce
    invest investigate keep leverage limit maintain make migrate monitor move notify patch prioritise prioritize
    provide publish reduce refactor remove rename replace require restrict review revoke rotate run schedule
    segment set share start stop strengthen switch tighten track train tune update upgrade use validate verify
    work write never always do don't don’t""".split()
)
_FIRST_WORD = re.compile(r"[\s\W]*([A-Za-z]+(?:['’]t)?)(?:\s+(\w+))?")
_RATING_LABEL = re.compile(r"\b(?:likelihood|probability|confidence|risk|rating|severity|certainty)\b", re.IGNORECASE)
_QUOTE = r"“[^“”\n]{3,}”|\"[^\"\n]{3,}\""


def possibility_end(text: str) -> int:
    """Where the sentence's first modal, capability verb or condition ends (past the end of the
    text when it has none): one comes before ``position`` when this is ``<= position``.

    Searched once per sentence, not once per hedge or quantifier, so that a sentence of a
    hundred thousand hedges costs one scan.
    """
    match = _POSSIBILITY.search(text)
    return match.end() if match is not None else len(text) + 1


# Where a sentence joins clauses that can do different things: "It appeared that ..., however
# we'll look into it" reports a fact in its first clause and a plan in its second.
_CLAUSE_JOIN = r";|,\s+(?:however|but|and\s+we|so\s+we|and\s+will|which\s+we)\b|\.\s+"


def is_recommendation(text: str, words: frozenset[str] | None = None) -> bool:
    """A sentence that asks for action ("should", "must", an imperative) claims no fact.

    ``words`` (the :func:`words_of` the text), when given, spares the search in most sentences.
    """
    if (words is None or not _RECOMMENDATION_WORDS.isdisjoint(words)) and lazy_regex(_RECOMMENDATION).search(text):
        return True
    return _imperative(text)


def _imperative(text: str) -> bool:
    first = _FIRST_WORD.match(text)
    return first is not None and first.group(1).lower() in _IMPERATIVES and (first.group(2) or "").lower() not in ("of", "is", "was", "are", "were")


def recommendation_clauses(text: str, words: frozenset[str]) -> list[tuple[int, int]] | None:
    """The spans of the clauses of ``text`` that ask for action; None: the whole sentence does.

    The recommendation words are judged per clause, so a later "we'll look into it" does not
    hide an earlier "It appeared that ...". An imperative first word makes the whole sentence one.
    """
    if _imperative(text):
        return None
    if _RECOMMENDATION_WORDS.isdisjoint(words) or not lazy_regex(_RECOMMENDATION).search(text):
        return []
    recommendation = lazy_regex(_RECOMMENDATION)
    bounds = [0, *(m.end() for m in lazy_regex(_CLAUSE_JOIN).finditer(text)), len(text)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:]) if recommendation.search(text, a, b)]
    if sum(b - a for a, b in spans) >= len(text.strip()) or len(spans) == len(bounds) - 1:
        return None
    return spans


class LabelView:
    """Per-document lookups the rules share: field labels and table headers by text run."""

    def __init__(self, doc: Document) -> None:
        # id(run) -> (line start, value start, field name) of each inline field in the run
        self.labels: dict[int, list[tuple[int, int, str]]] = {}
        for found in doc.fields:
            if found.source == "inline":
                line_start = found.run.text.rfind("\n", 0, found.value_start) + 1
                self.labels.setdefault(id(found.run), []).append((line_start, found.value_start, found.name))
        # id(cell) -> the text of its column's header
        self.headers: dict[int, str] = {}
        for table in doc.tables:
            if table.header is None:
                continue
            for row in table.rows:
                for cell, head in zip(row.cells, table.header.cells):
                    self.headers[id(cell)] = head.text


@analysis
def label_view(analyses: Analyses) -> LabelView:
    """The document's :class:`LabelView`."""
    return LabelView(analyses.doc)


def _blank(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters in ``ranges`` (sorted by start; clipped to the text) blanked."""
    pieces: list[str] = []
    done = 0
    for start, end in ranges:
        start, end = max(start, done), min(end, len(text))
        if start < end:
            pieces += (text[done:start], " " * (end - start))
            done = end
    return "".join(pieces) + text[done:] if pieces else text


def _run_text(run: TextRun, labels: Sequence[tuple[int, int, str]]) -> str:
    """The run's prose with link text and field labels blanked: once per run, not per sentence."""
    if not run.links and not labels:
        return run.prose
    return _blank(run.prose, sorted([(a, b) for a, b, _ in run.links] + [(a, b) for a, b, _ in labels]))


def _blanked(sentence: Sentence, run_text: str) -> str:
    """The sentence's part of :func:`_run_text`, with inline quotations blanked too."""
    prose = sentence.prose
    text = prose if run_text is sentence.run.prose else run_text[sentence.start:sentence.start + len(prose)]
    if '"' in prose or "“" in prose:  # quotations are found in the prose: link text may hold a quote mark
        return _blank(text, [m.span() for m in lazy_regex(_QUOTE).finditer(prose)])
    return text


def _label_of(view: LabelView, sentence: Sentence, labels: Sequence[tuple[int, int, str]]) -> str:
    if sentence.block == "table_cell":
        return view.headers.get(id(sentence.run), "")
    end = sentence.start + len(sentence.text)
    return " ".join(name for a, b, name in labels if sentence.start <= b <= end)


# A statement of the author's: the sentence, its scan text, its section kind and the
# :func:`words_of` its scan text.
Claim = tuple[Sentence, str, str, frozenset[str]]
Statement = tuple[Sentence, str, frozenset[str]]
_NOT_STATEMENTS = frozenset(("heading", "blockquote", "footnote", "front_matter"))


@analysis
def _statements(analyses: Analyses) -> list[tuple[Section | None, list[Statement]]]:
    """The sentences that may make claims, whatever their section, grouped by section (in
    document order): computed once per document."""
    groups: list[tuple[Section | None, list[Statement]]] = []
    view = analyses.get(label_view)
    run: TextRun | None = None
    for sentence in analyses.doc.sentences:
        if sentence.quoted or sentence.block in _NOT_STATEMENTS:
            continue
        if sentence.run is not run:
            run = sentence.run
            labels = view.labels.get(id(run), ())
            run_text = _run_text(run, labels)
        text = _blanked(sentence, run_text)
        if not text or text.isspace():
            continue
        words = words_of(text)
        advice = recommendation_clauses(text, words)
        if advice is None:
            continue
        if advice:  # judge the other clauses only
            text = _blank(text, advice)
            words = words_of(text)
        if labels or sentence.block == "table_cell":
            label = _label_of(view, sentence, labels)
            if label and _RATING_LABEL.search(label):
                continue
        if not groups or groups[-1][0] is not sentence.section:
            groups.append((sentence.section, []))
        groups[-1][1].append((sentence, text, words))
    return groups


@analysis
def _section_kinds(analyses: Analyses, shape: tuple[tuple[SectionSpec, ...], TitleLists]) -> dict[int, str]:
    """The kind of each section that has statements (by id), from the profile's ``sections``
    and the rule's title lists."""
    specs, lists = shape
    return kinds_of((section for section, _group in analyses.get(_statements)), specs, lists)


def claim_sentences(ctx: RuleContext, kinds: Sequence[str] = ("factual", "analysis", "action"), needing: Sequence[Phrases | None] | None = None) -> list[Claim]:
    """The author's own statements of fact in sections of ``kinds``; with ``needing``, only
    those in which one of these phrase lists may match (they contain a first word of one).

    The analyses are shared by the rules whose profile and section-title options agree.
    """
    section_kinds = ctx.analysis(_section_kinds, (ctx.profile.sections, title_lists(ctx)))
    present = [phrases for phrases in needing or () if phrases is not None]
    keys: frozenset[str] | None = None
    if needing is not None and all(phrases.keys is not None for phrases in present):
        keys = frozenset().union(*(phrases.keys or () for phrases in present))
    found = []
    for section, statements in ctx.analysis(_statements):
        kind = section_kinds[id(section)]
        if kind not in kinds:
            continue
        if keys is not None:
            disjoint = keys.isdisjoint  # the cheap test first: most statements have none of the words
            statements = [s for s in statements if not disjoint(s[2]) and any(phrases.may_match(s[2]) for phrases in present)]
        found += [(sentence, text, kind, words) for sentence, text, words in statements]
    return found


def first_unsupported(ctx: RuleContext, terms: Phrases | None) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Each claim sentence's first match of ``terms``, where the sentence carries no evidence."""
    for sentence, text, _kind, words in claim_sentences(ctx, needing=(terms,)):
        found = find(text, words, terms)
        if found and not supported(ctx, sentence):
            yield sentence, found[0]

"""RL4xx: claims a reader cannot check.

The rules use the report's structure rather than flagging words everywhere, as prose linters
do: which kind of section a sentence is in (factual, analysis, action, reference), whether it
carries evidence (see :mod:`reportlint.checks._evidence`), and what kind of sentence it is
(a recommendation or action item is not a factual claim). Quoted source material,
blockquotes, code, link text, URLs and field labels are never scanned.

Word lists live in ``rules/base.toml`` (``[options.RL4xx]``); the rules take their defaults
from there, so that file is the only copy and users change the lists without Python.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from reportlint.api import Analyses, Document, Finding, RuleContext, Section, SectionSpec, Sentence, Severity, TextRun, analysis, builtin_pack_options, normalize_title, rule
from reportlint.checks._evidence import _TOKEN, PROVIDERS, REFERENCE_SECTIONS, SCOPES, evidence, words_of
from reportlint.checks._kinds import kinds_by_title

ANALYSIS_SECTIONS = (
    "Assessment", "Analysis", "Analyst Assessment", "Analyst Comments", "Analyst Notes", "Key Judgments",
    "Key Judgements", "Hypotheses", "Hypothesis", "Open Questions", "Outstanding Questions", "Risk Assessment",
    "Threat Assessment", "Attribution", "Outlook", "Discussion", "Speculation", "Theories",
)
ASSESSMENT_SECTIONS = ("Assessment", "Analyst Assessment", "Key Judgments", "Key Judgements", "Threat Assessment", "Risk Assessment", "Outlook")
ACTION_SECTIONS = (
    "Recommendations", "Recommendation", "Action Items", "Actions", "Lessons Learned", "Lessons", "Next Steps",
    "Follow-ups", "Follow-up Actions", "Mitigations", "Mitigation", "Remediation", "Corrective Actions",
    "Preventive Actions", "Improvements", "What We Will Do", "Recommended Actions", "Workarounds", "Workaround",
)
_SECTION_OPTIONS = ("analysis-sections", "action-sections", "reference-sections")
_SECTION_SCHEMA = {"type": "array", "items": {"type": "string"}}
_SCOPE_SCHEMA = {"enum": list(SCOPES)}


def _defaults(code: str, **extra: Any) -> dict[str, Any]:
    """The built-in base pack's options for ``code`` (the single copy of the RL4 word lists), plus ``extra``."""
    return {**builtin_pack_options("base", code), **extra}


def _schema(defaults: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key, value in defaults.items():
        if key == "evidence-scope":
            properties[key] = _SCOPE_SCHEMA
        elif isinstance(value, (list, tuple)):
            properties[key] = _SECTION_SCHEMA
        else:
            properties[key] = {"type": "integer" if isinstance(value, int) else "string"}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _options(code: str, **extra: Any) -> dict[str, Any]:
    """``options=`` and ``options_schema=`` for a rule: pack word lists plus ``extra``."""
    defaults = _defaults(code, **extra)
    return {"options": defaults, "options_schema": _schema(defaults)}


# ---------------------------------------------------------------- phrase matching

def _index(phrases: Sequence[str]) -> dict[str, tuple[tuple[frozenset[str], int], ...]] | None:
    """The words of each phrase (with its position in ``phrases``), filed under its longest
    word. A phrase matches only in a text that has all its words (they are whole words in the
    pattern). None: no such test (a phrase without words, or with non-ASCII ones, which case
    folding may not map one to one)."""
    index: dict[str, list[tuple[frozenset[str], int]]] = {}
    for position, phrase in enumerate(phrases or ("",)):
        words = _TOKEN.findall(phrase.lower())
        if not words or not phrase.isascii():
            return None
        index.setdefault(max(words, key=len), []).append((frozenset(words), position))
    return {key: tuple(sets) for key, sets in index.items()}


class _Phrases:
    """A regex for a phrase list, run only on texts that have all the words of one phrase.

    On such a text it runs the regex of just the phrases whose words it has: the others
    cannot match, and an alternation of a few phrases is many times faster than one of
    sixty. The full regex is compiled only when asked for (a cold run on one report meets
    few of the lists).
    """

    __slots__ = ("phrases", "build", "flags", "compiled", "index", "keys")

    def __init__(self, phrases: Sequence[str], build: Callable[[Sequence[str]], str], flags: int, indexed: bool = True) -> None:
        self.phrases, self.build, self.flags = tuple(phrases), build, flags
        self.compiled: re.Pattern[str] | None = None
        self.index = _index(self.phrases) if indexed else None
        self.keys = frozenset(self.index) if self.index is not None else None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The regex of the whole list."""
        if self.compiled is None:
            self.compiled = re.compile(self.build(self.phrases), self.flags)
        return self.compiled

    def matching(self, words: frozenset[str]) -> tuple[int, ...]:
        """Positions, in list order, of the phrases whose words are all in ``words`` (indexed lists only)."""
        index = self.index
        return tuple(sorted(position for key in self.keys & words for phrase, position in index[key] if phrase <= words))  # type: ignore[index, operator]

    def may_match(self, words: frozenset[str]) -> bool:
        """False when no phrase can match a text of these :func:`words_of`."""
        index = self.index
        return index is None or any(phrase <= words for key in self.keys & words for phrase, _ in index[key])  # type: ignore[operator]

    def finditer(self, text: str, words: frozenset[str]) -> Iterator[re.Match[str]]:
        """The matches of the list in ``text`` (whose :func:`words_of` are ``words``)."""
        if self.index is None:
            return self.pattern.finditer(text)
        positions = self.matching(words)
        return _subpattern(self, positions).finditer(text) if positions else iter(())


@functools.lru_cache(maxsize=512)
def _subpattern(phrases: _Phrases, positions: tuple[int, ...]) -> re.Pattern[str]:
    """The regex of the phrases at ``positions`` (in list order, so the same one wins)."""
    if len(positions) == len(phrases.phrases):
        return phrases.pattern
    return re.compile(phrases.build([phrases.phrases[i] for i in positions]), phrases.flags)


def _alternatives(parts: Sequence[str]) -> str:
    alternatives = [r"[\s-]+".join(re.escape(word) for word in part.split()) for part in parts]
    return r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w'’]|-\w)"


@functools.lru_cache(maxsize=64)
def _phrases(terms: tuple[str, ...]) -> _Phrases | None:
    """One regex for a phrase list: case-insensitive, whole words, longest phrase first."""
    if not terms:
        return None
    parts = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    return _Phrases(parts, _alternatives, re.IGNORECASE)


def _lists(ctx: RuleContext, *names: str) -> list[_Phrases | None]:
    """The compiled phrase lists of the rule's options ``names`` (absent: None)."""
    return [_phrases(tuple(ctx.options.get(name, ()))) for name in names]


def _find(text: str, words: frozenset[str], terms: _Phrases | None, exceptions: _Phrases | None = None) -> list[re.Match[str]]:
    """Matches of ``terms`` in ``text`` (whose :func:`words_of` are ``words``) that do not fall
    inside a match of ``exceptions``."""
    if terms is None:
        return []
    found = list(terms.finditer(text, words))
    if not found or exceptions is None:
        return found
    spans = [m.span() for m in exceptions.finditer(text, words)]
    return [m for m in found if not any(a <= m.start() and m.end() <= b for a, b in spans)]


# ---------------------------------------------------------------- which sentences make claims

_RECOMMENDATION = re.compile(
    r"\b(?:should(?!\s+have)|must(?!\s+have)|shall|ought\s+to|needs?\s+to|recommend(?:s|ed|ation)?|will\s+need"
    r"|we\s+will|we'll|we’ll|going\s+to|plan(?:s|ned)?\s+to)\b",
    re.IGNORECASE,
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
_QUOTE = re.compile(r"“[^“”\n]{3,}”|\"[^\"\n]{3,}\"")


def is_possibility(text: str, position: int) -> bool:
    """Whether a modal, capability verb or condition comes before ``position`` in the sentence."""
    return _POSSIBILITY.search(text, 0, position) is not None


def is_recommendation(text: str, words: frozenset[str] | None = None) -> bool:
    """A sentence that asks for action ("should", "must", an imperative) claims no fact.

    ``words`` (the :func:`words_of` the text), when given, spares the search in most sentences.
    """
    if (words is None or not _RECOMMENDATION_WORDS.isdisjoint(words)) and _RECOMMENDATION.search(text):
        return True
    first = _FIRST_WORD.match(text)
    return bool(first) and first.group(1).lower() in _IMPERATIVES and (first.group(2) or "").lower() not in ("of", "is", "was", "are", "were")


_KIND_OPTIONS = tuple((kind, f"{kind}-sections") for kind in ("analysis", "action", "reference"))
TitleLists = tuple[tuple[str, frozenset[str]], ...]


def _title_lists(ctx: RuleContext) -> TitleLists:
    return _normalized_lists(tuple(tuple(ctx.options.get(option, ())) for _kind, option in _KIND_OPTIONS))


@functools.lru_cache(maxsize=64)
def _normalized_lists(titles: tuple[tuple[str, ...], ...]) -> TitleLists:
    """The section-title options of each kind, normalised once (every rule asks, for every document)."""
    return tuple((kind, frozenset(normalize_title(t) for t in chosen)) for (kind, _option), chosen in zip(_KIND_OPTIONS, titles))


def _section_kind(section: Section | None, kinds: Mapping[str, str], lists: TitleLists) -> str:
    """factual | analysis | action | reference | source, from the profile or the title lists.

    The nearest section (or ancestor below the document title) that the profile or the rule's
    title lists know decides.
    """
    node = section
    while node is not None and (node is section or node.level > 1):  # the title is no section kind
        title = normalize_title(node.title)
        given = kinds.get(title)
        if given is not None and given != "factual":
            return given
        for kind, titles in lists:
            if title in titles:
                return kind
        if given is not None:
            return given
        node = node.parent
    return "factual"


class _View:
    """Per-document lookups the rules share: field labels and table headers by text run."""

    def __init__(self, doc: Document) -> None:
        self.labels: dict[int, list[tuple[int, int, str]]] = {}
        for found in doc.fields:
            if found.source == "inline":
                line_start = found.run.text.rfind("\n", 0, found.value_start) + 1
                self.labels.setdefault(id(found.run), []).append((line_start, found.value_start, found.name))
        self.headers: dict[int, str] = {}
        for table in doc.tables:
            if table.header is None:
                continue
            for row in table.rows:
                for cell, head in zip(row.cells, table.header.cells):
                    self.headers[id(cell)] = head.text


@analysis
def _view(analyses: Analyses) -> _View:
    return _View(analyses.doc)


def _blank(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters in ``ranges`` (sorted by start; clipped to the text) blanked."""
    pieces, done = [], 0
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
        return _blank(text, [m.span() for m in _QUOTE.finditer(prose)])
    return text


def _label_of(view: _View, sentence: Sentence, labels: Sequence[tuple[int, int, str]]) -> str:
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
    view = analyses.get(_view)
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
        if is_recommendation(text, words):
            continue
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
    sections, lists = shape
    kinds = kinds_by_title(sections)
    return {id(section): _section_kind(section, kinds, lists) for section, _statements_ in analyses.get(_statements)}


def claim_sentences(
    doc: Document, ctx: RuleContext, kinds: Sequence[str] = ("factual", "analysis", "action"), needing: Sequence[_Phrases | None] | None = None,
) -> list[Claim]:
    """The author's own statements of fact in sections of ``kinds``; with ``needing``, only
    those in which one of these phrase lists may match (they contain a first word of one).

    Skipped: headings, quoted source material and blockquotes, sections of other kinds,
    recommendations and action items, and ratings ("Likelihood: Likely"). The analysis is
    shared by the rules whose profile and section-title options agree.
    """
    section_kinds = ctx.analysis(_section_kinds, (ctx.profile.sections, _title_lists(ctx)))
    present = [phrases for phrases in needing or () if phrases is not None]
    keys = None if needing is None or any(phrases.keys is None for phrases in present) else frozenset().union(*(p.keys for p in present))  # type: ignore[misc]
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


def _supported(doc: Document, ctx: RuleContext, sentence: Sentence) -> bool:
    return ctx.analysis(evidence, PROVIDERS).supported(sentence, ctx.options.get("evidence-scope", "sentence"))


def _first_unsupported(doc: Document, ctx: RuleContext, terms: _Phrases | None) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Each claim sentence's first match of ``terms``, where the sentence carries no evidence."""
    for sentence, text, _kind, words in claim_sentences(doc, ctx, needing=(terms,)):
        found = _find(text, words, terms)
        if found and not _supported(doc, ctx, sentence):
            yield sentence, found[0]


def _excerpt(text: str, start: int, end: int, words_after: int = 1) -> str:
    """The matched words plus a few following ones, for messages: 'likely involved ...'."""
    following = [w for w in (w.strip(".,;:()") for w in text[end:].split()[:words_after]) if w]
    shown = " ".join([" ".join(text[start:end].split()), *following])
    return f"{shown} ..." if following else shown


# ---------------------------------------------------------------- RL401

_VALUE_START = re.compile(r"[\s\W]*(?:\w+/)?")


@rule(
    code="RL401", name="speculative-claim", summary="A hedged statement in a factual section needs evidence or a stated basis",
    severity=Severity.WARNING, tags=("claims",),
    **_options("RL401", **{"evidence-scope": "sentence", "analysis-sections": list(ANALYSIS_SECTIONS), "action-sections": list(ACTION_SECTIONS), "reference-sections": list(REFERENCE_SECTIONS)}),
)
def speculative_claim(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags hedged statements ("likely", "possibly", "may have", "appears to", "believed to") in
    factual sections (Summary, Details, Timeline, Impact, Root Cause, ...) when the sentence
    carries no evidence (a link, footnote, citation or a specific source such as "per the
    firewall logs"), states no basis ("because", "based on", "due to") and no confidence level.

    Bare "may", "might" and "could" describe possibilities in technical prose and do not
    count. Sections that are analysis by nature (Assessment, Key Judgments, Hypotheses, Open
    Questions), recommendations, action items and quoted source material are not checked.

    ## Why is this bad?
    A hedge in a factual section presents a guess in the voice of a finding. Readers cannot
    tell which parts of the report were observed and which were assumed.

    ## Example
    ```markdown
    ## Timeline
    - **Details:** Initial access likely involved stolen VPN credentials.
    ```
    Use instead:
    ```markdown
    ## Timeline
    - **Details:** Initial access used stolen VPN credentials, as recorded in the VPN
      concentrator logs (02:14 UTC).
    ```
    or move the guess to an Assessment section and state its basis or your confidence.

    ## Options
    - `hedges`: phrases that mark a speculative statement.
    - `leading-hedges`: words that count only as the first word of a field value ("Suspected").
    - `exceptions`: phrases containing a hedge that are not one ("more likely").
    - `basis`: phrases that state a basis or a confidence level and so excuse the hedge.
    - `evidence-scope`: where evidence counts: `sentence`, `paragraph` or `item` (whole list item).
    - `analysis-sections`, `action-sections`, `reference-sections`: section titles that are not
      factual (a profile can also set each section's `kind`).
    """
    leading, hedge_terms, exceptions, basis = _lists(ctx, "leading-hedges", "hedges", "exceptions", "basis")
    for sentence, text, _kind, words in claim_sentences(doc, ctx, ("factual",), needing=(hedge_terms, leading)):
        hedges = _find(text, words, hedge_terms, exceptions)
        if not hedges and leading is not None and sentence.block != "table_cell":
            for a, b, _ in ctx.analysis(_view).labels.get(id(sentence.run), ()):
                start = b - sentence.start
                if 0 <= start < len(text):
                    skip = _VALUE_START.match(text, start)
                    hit = leading.pattern.match(text, skip.end() if skip else start)
                    if hit:
                        hedges = [hit]
        hedges = [h for h in hedges if not is_possibility(text, h.start())]
        if not hedges or _find(text, words, basis) or _supported(doc, ctx, sentence):
            continue
        hedge = hedges[0]
        yield ctx.finding(sentence.span_of(*hedge.span()), f'speculative claim ("{_excerpt(text, *hedge.span())}") with no evidence')


# ---------------------------------------------------------------- RL402

@rule(
    code="RL402", name="vague-attribution", summary="An attribution must name a source a reader can check",
    severity=Severity.WARNING, tags=("claims",),
    **_options("RL402", **{"evidence-scope": "sentence", "reference-sections": list(REFERENCE_SECTIONS)}),
)
def vague_attribution(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags vague attributions ("according to analysts", "experts say", "sources indicate",
    "it is believed", "it is widely reported", "research has shown", "reportedly") in
    sentences that carry no link, footnote or citation.

    ## Why is this bad?
    A vague attribution borrows authority without giving the reader anything to check. It
    often hides that the claim comes from a single unnamed article, or from nowhere.

    ## Example
    ```markdown
    According to analysts, the group has targeted over 40 hospitals.
    ```
    Use instead:
    ```markdown
    According to the HHS HC3 sector alert of 2024-03-02[^hc3], the group has targeted 41 hospitals.
    ```

    ## Options
    - `phrases`: the vague attributions.
    - `evidence-scope`: `sentence`, `paragraph` or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    (phrases,) = _lists(ctx, "phrases")
    for sentence, match in _first_unsupported(doc, ctx, phrases):
        phrase = " ".join(match.group().split())
        yield ctx.finding(sentence.span_of(*match.span()), f'vague attribution ("{phrase}") names no source')


# ---------------------------------------------------------------- RL403

_NAME = r"(?:[A-Z][\w&.-]*[\w&]|[A-Z])(?:(?:['’]s)?\s+(?:(?:of|for|and|&|the|de)\s+)?[A-Z][\w&.-]*[\w&])*(?:['’]s)?"
_NOT_NAMES = frozenset(
    """I We They He She It This That These Those Our Their Its You Your My His Her There Here Some Many Most All
    Both Each Other Others Users Customers Engineers Teams Team Staff Operators Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September October November
    December The A An In On At After Before During When While If As Once Later Then""".split()
)


@functools.lru_cache(maxsize=16)
def _named_source(verbs: tuple[str, ...], cues: tuple[str, ...]) -> _Phrases:
    def alternation(words: tuple[str, ...], wanted: set[str]) -> str:
        kept = [w for w in words if w in wanted]
        if words and not kept:
            return "(?!)"  # none of them can match the text this regex is for
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(kept, key=len, reverse=True))

    def build(phrases: Sequence[str]) -> str:
        wanted = set(phrases)
        return (
            rf"(?<![\w'’])(?i:(?P<cue>{alternation(cues, wanted)}))\s+(?i:the\s+)?(?P<after>{_NAME})"
            rf"|(?<![\w'’])(?P<before>{_NAME})\s+(?P<verb>{alternation(verbs, wanted)})(?![\w'’])"
        )

    return _Phrases([*verbs, *cues], build, 0, indexed=bool(verbs and cues))  # no cue: the pattern matches any "Name:"


# "SDKs published in npm": a past participle, not a name stating something.
_PARTICIPLE = re.compile(r"\s+(?:in|on|by|under|via|at|through|into|as|for|from|to)\b")
_POSSESSIVE = re.compile(r"['’]s\b")


# A capitalised word here may just be the first word of a sentence or of a clause ("10:20: Vendor ...").
_CLAUSE_START = re.compile(r"(?:^|[:;—–(\"“]|\s-)\s*$")
_ROLES = frozenset("researchers analysts investigators officials spokesperson spokesman spokeswoman".split())


def _entity_ok(name: str, at_start: bool) -> bool:
    words = _POSSESSIVE.sub("", name).split()
    if words and words[0] == "The":
        words = words[1:]
        at_start = False
    if not words or all(w in _NOT_NAMES for w in words):
        return False
    acronym = sum(c.isupper() for c in words[0]) >= 2
    possessive = "'s" in name or "’s" in name
    return not at_start or len(words) > 1 or acronym or possessive


@rule(
    code="RL403", name="uncited-named-source", summary="A claim attributed to a named source needs a link or citation",
    severity=Severity.WARNING, tags=("claims",),
    **_options("RL403", **{"evidence-scope": "sentence", "reference-sections": list(REFERENCE_SECTIONS)}),
)
def uncited_named_source(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags a claim attributed to a named organisation, group or publication ("according to
    Reuters", "Mandiant researchers found that", "Recorded Future's Insikt Group providing law
    enforcement with logs") when the sentence has no link, footnote or citation.

    ## Why is this bad?
    Naming a source sounds checkable, but without a link or citation the reader has to hunt for
    the article or advisory, and cannot tell whether the report represents it faithfully.

    ## Example
    ```markdown
    According to Europol, the platform had 1.8 million registered users.
    ```
    Use instead:
    ```markdown
    According to [Europol's press release](https://www.europol.europa.eu/...), the platform
    had 1.8 million registered users.
    ```

    ## Options
    - `verbs`: words that, after a name, attribute a statement to it ("said", "reported that").
    - `cues`: phrases that, before a name, attribute a statement to it ("according to").
    - `evidence-scope`: `sentence`, `paragraph` or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    pattern = _named_source(tuple(ctx.options["verbs"]), tuple(ctx.options["cues"]))
    for sentence, text, _kind, words in claim_sentences(doc, ctx, needing=(pattern,)):
        if sentence.block == "table_cell":  # timeline rows narrate events ("Vendor published a fix")
            continue
        for match in pattern.finditer(text, words):
            group = "after" if match.group("after") else "before"
            name = match.group(group)
            at_start = _CLAUSE_START.search(text, 0, match.start(group)) is not None and (match.group("verb") or "").lower() not in _ROLES
            if not _entity_ok(name, at_start) or (group == "before" and _PARTICIPLE.match(text, match.end())):
                continue
            if not _supported(doc, ctx, sentence):
                shown = name.removeprefix("The ").rstrip()
                yield ctx.finding(sentence.span_of(*match.span()), f'claim attributed to "{shown}" with no link or citation')
            break


# ---------------------------------------------------------------- RL404

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen half"
).split()
_NUMBER = re.compile(
    r"\s+(?P<number>(?:\$|€|£)?\d[\d,]*(?:\.\d+)?(?!\d|[.,:/-]\d)|a\s+(?:dozen|hundred|thousand|million|billion|third|quarter|half)|"
    + "|".join(_NUMBER_WORDS)
    + r")(?P<scale>\s*(?:%|percent|per\s+cent)|(?:\s+|-)?(?:thousand|million|billion|trillion|k|m|bn)\b)?(?:\s+(?P<unit>[A-Za-z]+\.?))?",
    re.IGNORECASE,
)
_SMALL = frozenset({"1", "2", "one", "two", "half"})


@rule(
    code="RL404", name="vague-quantity", summary="A vague figure (\"over 300,000\", \"dozens of\") needs a source",
    severity=Severity.WARNING, tags=("claims",),
    **_options("RL404", **{"evidence-scope": "paragraph", "reference-sections": list(REFERENCE_SECTIONS)}),
)
def vague_quantity(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags quantitative claims made with a vague quantifier ("over 300,000", "more than a
    dozen", "at least nine", "around 4 million", "roughly 40%", "dozens of") when neither the
    sentence nor its paragraph carries evidence. Exact figures ("212 workstations") are not
    findings, and neither are approximate durations and sizes ("about 40 minutes"), counts
    below three ("at least one") or version numbers.

    ## Why is this bad?
    A rounded, hedged figure is usually copied from somewhere. Without the source, readers
    cannot tell an estimate from a measurement, or check which figure was rounded.

    ## Example
    ```markdown
    The breach exposed over 300,000 customer records.
    ```
    Use instead:
    ```markdown
    The breach exposed 312,448 customer records (export audit, ticket SEC-1182).
    ```

    ## Options
    - `quantifiers`: words that make the following number vague.
    - `amounts`: phrases that are vague amounts by themselves ("dozens of").
    - `exempt-units`: units after the number that make it an operational measurement.
    - `evidence-scope`: `sentence`, `paragraph` (default) or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    exempt = {u.lower().rstrip(".") for u in ctx.options["exempt-units"]}
    quantifiers, amount_terms = _lists(ctx, "quantifiers", "amounts")
    for sentence, text, _kind, words in claim_sentences(doc, ctx, needing=(quantifiers, amount_terms)):
        hit: tuple[int, int] | None = None
        for match in _find(text, words, quantifiers):
            if is_possibility(text, match.start()):
                continue
            number = _NUMBER.match(text, match.end())
            if number is None or number.group("number").lower() in _SMALL:
                continue
            unit = (number.group("unit") or "").lower().rstrip(".")
            if unit in exempt and not number.group("scale"):
                continue
            hit = (match.start(), number.end("scale") if number.group("scale") else number.end("number"))
            break
        if hit is None:
            amounts = [m for m in _find(text, words, amount_terms) if not is_possibility(text, m.start())]
            hit = (amounts[0].start(), amounts[0].end()) if amounts else None
        if hit is not None and not _supported(doc, ctx, sentence):
            shown = " ".join(text[hit[0]:hit[1]].split())
            yield ctx.finding(sentence.span_of(*hit), f'vague quantity ("{shown}") with no source')


# ---------------------------------------------------------------- RL405 / RL406

@rule(
    code="RL405", name="inconsistent-estimative-language", summary="Likelihood terms must come from one scale and not be mixed with confidence levels",
    severity=Severity.WARNING, tags=("claims", "icd-203"),
    **_options("RL405", **{"reference-sections": list(REFERENCE_SECTIONS)}),
)
def inconsistent_estimative_language(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Applies the ICD 203 rules for estimative language to each sentence:
    - terms from both likelihood scales in one sentence ("almost certainly ... probably");
    - a confidence level and a likelihood term in one sentence ("we assess with high
      confidence that the actor is likely ...").

    Words with everyday technical meanings ("remote", "improbable") count only in estimative
    phrases ("a remote chance", "it is improbable that").

    ## Why is this bad?
    ICD 203 defines two equivalent likelihood scales (almost no chance ... almost certain, and
    remote ... nearly certain). Mixing them in one sentence makes the relative strength of the
    judgments unclear. Likelihood is about the event, confidence about the evidence behind the
    judgment: in one sentence they read as one number and get confused.

    ## Example
    ```markdown
    The actor almost certainly used the loader and probably deployed ransomware.
    We assess with high confidence that the actor is likely to return.
    ```
    Use instead:
    ```markdown
    The actor almost certainly used the loader and likely deployed ransomware.
    The actor is likely to return. We have high confidence in this judgment, based on ...
    ```

    ## Options
    - `scale-a`, `scale-b`: the two ICD 203 likelihood scales.
    - `confidence-levels`: phrases stating a confidence level.
    - `exceptions`: phrases containing a scale term that are not estimative ("more likely").
    - `reference-sections`: section titles listing sources (not checked).

    ## References
    - ICD 203, Analytic Standards, section D.6.e(2)(a), Office of the Director of National Intelligence.
    """
    terms_a, terms_b, exceptions, levels = _lists(ctx, "scale-a", "scale-b", "exceptions", "confidence-levels")
    for sentence, text, _kind, words in claim_sentences(doc, ctx, needing=(terms_a, terms_b)):
        scale_a, scale_b = _find(text, words, terms_a, exceptions), _find(text, words, terms_b, exceptions)
        if scale_a and scale_b:
            second = max(scale_a[0], scale_b[0], key=lambda m: m.start())
            first = min(scale_a[0], scale_b[0], key=lambda m: m.start())
            yield ctx.finding(
                sentence.span_of(*second.span()),
                f'likelihood terms from two ICD 203 scales ("{first.group()}", "{second.group()}") in one sentence',
            )
            continue
        terms = sorted(scale_a + scale_b, key=lambda m: m.start())
        confidence = _find(text, words, levels)
        if terms and confidence:
            yield ctx.finding(
                sentence.span_of(*terms[0].span()),
                f'confidence level ("{confidence[0].group()}") and likelihood ("{terms[0].group()}") in one sentence',
            )


@rule(
    code="RL406", name="nonstandard-likelihood-term", summary="Assessments should use the ICD 203 likelihood terms",
    severity=Severity.INFO, tags=("claims", "icd-203"),
    **_options("RL406", **{"assessment-sections": list(ASSESSMENT_SECTIONS)}),
)
def nonstandard_likelihood_term(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    In analysis sections (Assessment, Key Judgments, ...), reports likelihood words that are
    not on the ICD 203 scales: "highly likely", "possibly", "perhaps", "a good chance".

    ## Why is this bad?
    Readers map the ICD 203 terms to known probability ranges ("likely" is 55-80 %).
    Other words have no agreed range, so two readers take different odds from them.

    ## Example
    ```markdown
    ## Assessment
    The group is highly likely to target the energy sector again.
    ```
    Use instead:
    ```markdown
    ## Assessment
    The group is very likely to target the energy sector again.
    ```

    ## Options
    - `terms`: likelihood words that are not on the ICD 203 scales.
    - `assessment-sections`: titles of the sections that state judgments. Other analysis
      sections (Hypotheses, Open Questions) may use looser words.

    ## References
    - ICD 203, Analytic Standards, section D.6.e(2)(a), Office of the Director of National Intelligence.
    """
    titles = {normalize_title(t) for t in ctx.options["assessment-sections"]}
    (terms,) = _lists(ctx, "terms")
    assessed: dict[int, bool] = {}
    for sentence, text, _kind, words in claim_sentences(doc, ctx, ("factual", "analysis"), needing=(terms,)):
        if id(sentence.section) not in assessed:
            node = sentence.section
            while node is not None and normalize_title(node.title) not in titles:
                node = node.parent if node.parent is not None and node.parent.level > 1 else None
            assessed[id(sentence.section)] = node is not None
        if not assessed[id(sentence.section)]:
            continue
        for match in _find(text, words, terms):
            yield ctx.finding(sentence.span_of(*match.span()), f'"{match.group()}" is not an ICD 203 likelihood term')


# ---------------------------------------------------------------- RL407

@rule(
    code="RL407", name="no-source-cited", summary="A report that makes factual claims must cite at least one source",
    severity=Severity.WARNING, tags=("claims",), default_enabled=False,
    **_options("RL407", **{"min-claims": 3, "reference-sections": list(REFERENCE_SECTIONS)}),
)
def no_source_cited(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports, once per document, a report that makes factual claims but cites no source at all:
    no link, no footnote, no citation, no References or Sources section, no source in the
    front matter and no specific internal source ("per the firewall logs"). An embedded
    excerpt of the source does not count: it does not say where the original is.

    Off by default; the `incident` and `threat-intel` profiles turn it on (reports about
    events known second-hand). In postmortems the team's own observations are the source.

    ## Why is this bad?
    A reader cannot check any claim in a report that never says where its facts come from.

    ## Example
    ```markdown
    # Ransomware attack on a regional hospital
    ## Summary
    The hospital's systems were encrypted on 3 May. Patients were diverted for four days.
    ```
    Use instead:
    ```markdown
    # Ransomware attack on a regional hospital
    ## Summary
    The hospital's systems were encrypted on 3 May[^1]. Patients were diverted for four days.

    [^1]: Hospital press statement, 2024-05-04, https://example.org/statement
    ```

    ## Options
    - `min-claims`: sentences in factual sections a report needs before this rule applies.
    - `reference-sections`: section titles that list sources.
    """
    claims = claim_sentences(doc, ctx)
    statements = [sentence for sentence, _text, _kind, _words in claims]
    factual = sum(1 for _sentence, _text, kind, _words in claims if kind == "factual")
    if factual >= ctx.options["min-claims"] and not ctx.analysis(evidence, PROVIDERS).cites_any_source(statements, ctx.options["reference-sections"]):
        yield ctx.finding(doc.top_span(), "Report cites no source: add a link, footnote or References section for its claims")


# ---------------------------------------------------------------- RL408

@rule(
    code="RL408", name="absolute-claim", summary="Absolute claims (\"always\", \"never\", \"impossible\") rarely hold",
    severity=Severity.WARNING, tags=("claims",), default_enabled=False,
    **_options("RL408", **{"evidence-scope": "sentence", "reference-sections": list(REFERENCE_SECTIONS)}),
)
def absolute_claim(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags absolute claims ("always", "never", "guaranteed", "impossible", "all attackers")
    in statements of fact with no evidence. Off by default.

    ## Why is this bad?
    One counter-example disproves an absolute claim, and security claims meet
    counter-examples often. Readers discount the rest of a report that overclaims.

    ## Example
    ```markdown
    The new gateway makes credential stuffing impossible.
    ```
    Use instead:
    ```markdown
    The new gateway blocked all 14,302 credential-stuffing attempts in the May test (SEC-88).
    ```

    ## Options
    - `terms`: the absolute words and phrases.
    - `evidence-scope`: `sentence`, `paragraph` or `item`.
    - `reference-sections`: section titles listing sources (not checked).
    """
    (terms,) = _lists(ctx, "terms")
    for sentence, match in _first_unsupported(doc, ctx, terms):
        yield ctx.finding(sentence.span_of(*match.span()), f'absolute claim ("{" ".join(match.group().split())}")')


RULES = (
    speculative_claim, vague_attribution, uncited_named_source, vague_quantity,
    inconsistent_estimative_language, nonstandard_likelihood_term, no_source_cited, absolute_claim,
)

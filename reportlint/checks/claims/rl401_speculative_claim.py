"""RL401 speculative-claim: a hedged statement in a factual section needs evidence or a stated basis."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, lazy_regex, rule
from reportlint.checks.claims._evidence import scope_option, supported
from reportlint.checks.claims._phrases import compile_phrases, find, phrase_lists
from reportlint.checks.claims._sections import ACTION_SECTIONS, ANALYSIS_SECTIONS, REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences, label_view, possibility_end


def _excerpt(text: str, start: int, end: int, words_after: int = 1) -> str:
    """The matched words plus a few following ones, for messages: 'likely involved ...'."""
    following = [w for w in (w.strip(".,;:()") for w in text[end:].split()[:words_after]) if w]
    shown = " ".join([" ".join(text[start:end].split()), *following])
    return f"{shown} ..." if following else shown


_VALUE_START = r"[\s\W]*(?:\w+/)?"  # compiled by lazy_regex, like _VERB_NEXT and _FINITE

# What a sentence does, beyond reporting a fact. Each pattern is tried only on sentences that
# hold a hedge, so they compile on first use.
_PATTERNS = {
    # A counterfactual: "had we not been using C", "would have", "otherwise".
    "counterfactual": r"\bhad\s+(?:we|they|it|i|you|he|she|the|this|that|there|these|those|our|their)\b(?:\s+not)?"
    r"|\bwould(?:n['’]t|\s+not)?\s+have\b|\botherwise\b",
    # An embedded question or a purpose of inquiry before the hedge: "to understand how the
    # account may have been compromised", "check whether it might have".
    "inquiry": r"\b(?:understand|determine|investigate|find\s+out|check|see|know|ask|assess|confirm|establish|verify"
    r"|learn|identify|figure\s+out|explore|analy[sz]e|question|wonder(?:ed|ing)?)\s+(?:\w+\s+){0,2}?"
    r"(?:how|whether|why|what|if|which|when|where|who)\b",
    # A generic subject or scope: a risk statement, not a report ("anyone that has ... could",
    # "code compiled with it may have been affected at any time").
    "generic": r"\b(?:anyone|anybody|whoever|any\s+(?!of\b)\w+|users\s+who|those\s+who|code\s+(?:compiled|built)\s+with)\b",
    "anytime": r"\bat\s+any\s+(?:time|point|moment)\b",
    # After the hedge: a capability or exposure ("possibly enabling them to", "potentially
    # allowing"), a forecast ("likely won't", "likely would"), an evaluative predicate ("likely
    # hard to detect", "appear to be less severe"): risk, prediction or assessment.
    "after": r"\s{1,5}(?:also\s{1,5})?(?:"
    r"(?:enabling|allowing|letting|permitting|giving|exposing|granting|making\s{1,5}it\s{1,5}possible)\b"
    r"|(?:will|won['’]t|would|wouldn['’]t|can|cannot|can['’]t|could|couldn['’]t|shall)\b"
    r"|(?:not\s{1,5})?(?:to\s{1,5})?(?:be\s{1,5}|have\s{1,5}been\s{1,5})?(?:\w{1,30}ly\s{1,5})?(?:less\s{1,5}|more\s{1,5}|very\s{1,5}|quite\s{1,5}|much\s{1,5}|too\s{1,5}|rather\s{1,5}|fairly\s{1,5})?"
    r"(?:hard|harder|difficult|easy|easier|trivial|severe|dangerous|reasonable|plausible|feasible|practical|impractical"
    r"|exploitable|vulnerable|unnecessary|necessary|possible|impossible|unlikely|rare|common|useful|effective|sufficient)\b)",
    # "should have been fixed": a report of what was expected, a hedge in a factual section,
    # unless the clause contrasts it with what happened (then it is a lesson).
    "should": r"\bshould\s+have\s+been\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ne|lt|nt)\b",
    "contrast": r"\b(?:but|however|instead|although|though|yet)\b|\b(?:was|were|is|are|did|does|had|has)(?:\s+not|n['’]t)\b",
}
# A match of each pattern has one of these words (as words_of gives them): a sentence with none
# of them is not searched, and most reports never compile the pattern.
_WORDS = {
    "counterfactual": frozenset("had would wouldn otherwise".split()),
    "inquiry": frozenset(
        """understand determine investigate find check see know ask assess confirm establish verify learn identify
        figure explore analyse analyze question wonder wondered wondering""".split()
    ),
    "generic": frozenset("anyone anybody whoever any users those code".split()),
    "anytime": frozenset({"any"}),
    "after": frozenset(
        """enabling allowing letting permitting giving exposing granting making will won would wouldn can cannot could
        couldn shall hard harder difficult easy easier trivial severe dangerous reasonable plausible feasible practical
        impractical exploitable vulnerable unnecessary necessary possible impossible unlikely rare common useful effective
        sufficient""".split()
    ),
}
_SHOULD = compile_phrases(("should have been",))
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:but|however|and|so|yet|while|although|though)\b|\s[—–]\s")
_VERB_NEXT = r"\s+(?:to\b|been\b|\w+ed\b)"
_FINITE = r"\b(?:is|are|was|were|has|have|had|does|did)\b"


def _pattern(name: str) -> re.Pattern[str]:
    return lazy_regex("(?i)" + _PATTERNS[name])


def _may(name: str, words: frozenset[str]) -> bool:
    """False when ``_PATTERNS[name]`` cannot match a text of these words (see ``_WORDS``)."""
    return not _WORDS[name].isdisjoint(words)


class _Reading:
    """What one sentence does around each of its hedges. Every search over the whole sentence (its
    clause ends, its first question or generic subject) runs once and is then looked up by
    position, so a sentence of n hedges costs O(n log n), not O(n^2)."""

    def __init__(self, text: str, words: frozenset[str]) -> None:
        self.text, self.words = text, words
        self.question = text.rstrip().endswith("?") or (_may("anytime", words) and _pattern("anytime").search(text) is not None)
        self.clause_ends = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(text)]
        self.clause_starts = [start for start, _ in self.clause_ends]
        self.clause_stops = [end for _, end in self.clause_ends]
        inquiry = _pattern("inquiry").search(text) if _may("inquiry", words) else None
        self.inquiry_end = inquiry.end() if inquiry is not None else len(text) + 1
        self.generic = [(m.start(), m.end()) for m in _pattern("generic").finditer(text)] if _may("generic", words) else []
        self.generic_starts = [start for start, _ in self.generic]
        self.counterfactual: dict[tuple[int, int], bool] = {}

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the clause around ``text[start:end]``."""
        before = bisect_right(self.clause_stops, start)
        begin = self.clause_ends[before - 1][1] if before else 0
        after = bisect_left(self.clause_starts, end)
        return begin, self.clause_ends[after][0] if after < len(self.clause_ends) else len(self.text)

    def is_report(self, start: int, end: int) -> bool:
        """Whether the hedge at ``text[start:end]`` qualifies a report of fact, not a risk,
        capability, counterfactual, question, forecast or assessment."""
        text = self.text
        if self.question:
            return False
        begin, finish = self.clause(start, end)
        counterfactual = self.counterfactual.get((begin, finish))
        if counterfactual is None:
            counterfactual = self.counterfactual[begin, finish] = _may("counterfactual", self.words) and _pattern("counterfactual").search(text[begin:finish]) is not None
        if counterfactual or self.inquiry_end <= start:
            return False
        generic = bisect_left(self.generic_starts, begin)
        if generic < len(self.generic) and self.generic[generic][1] <= start:
            return False
        if _may("after", self.words) and _pattern("after").match(text, end):
            return False
        if text[end - 2:end] == "ly" and _opens_parenthesis(text, start) and not lazy_regex(_VERB_NEXT).match(text, end):
            close = text.find(")", end)
            if close < 0 or not lazy_regex(_FINITE).search(text, end, close):
                return False
        return True


def _opens_parenthesis(text: str, start: int) -> bool:
    """The hedge opens a verbless parenthetical that describes a noun: "(potentially months old)"."""
    at = start
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at > 0 and text[at - 1] == "("


def _should_have_been(text: str, words: frozenset[str]) -> list[re.Match[str]]:
    """ "should have been <participle>" in a sentence with no contrast ("but was not") and no
    counterfactual: then it is a lesson, not a report."""
    if _pattern("contrast").search(text) or (_may("counterfactual", words) and _pattern("counterfactual").search(text)):
        return []
    return list(_pattern("should").finditer(text))


@rule(
    code="RL401", name="speculative-claim", summary="A hedged statement in a factual section needs evidence or a stated basis",
    severity=Severity.WARNING, tags=("claims",),
    options={
        **builtin_pack_options("base", "RL401"), "evidence-scope": scope_option("sentence"), "analysis-sections": list(ANALYSIS_SECTIONS),
        "action-sections": list(ACTION_SECTIONS), "reference-sections": list(REFERENCE_SECTIONS),
    },
)
def speculative_claim(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags hedged statements ("likely", "possibly", "may have", "appears to", "believed to") in
    factual sections (Summary, Details, Timeline, Impact, Root Cause, ...) when the sentence
    carries no evidence (a link, footnote, citation or a specific source such as "per the
    firewall logs"), states no basis ("because", "based on", "due to") and no confidence level.

    A section is factual only when its title says so (`factual-title-words`: Summary,
    Timeline, Impact, Root Cause, Detection, Resolution, What happened, ...; a subsection
    with no such word takes its parent's kind). A title that is a question, is hedged or
    names analysis, ideas or recommendations (`analysis-title-words`) is not factual, and
    neither is a title that names nothing the lists know ("The Vulnerability", "Details").

    Bare "may", "might" and "could" (and "could have") describe possibilities in technical
    prose and do not count. Nor does a hedge in a sentence that does something other than
    report a fact: a risk or capability ("possibly enabling them to", "anyone holding a key",
    "at any time"), a counterfactual ("had we not", "would have"), a question or an embedded
    one ("to understand how the account may have been compromised"), a forecast ("likely
    won't"), an assessment ("likely hard to detect", "appear to be less severe") or a verbless
    parenthetical ("(potentially months old)"). Recommendations are judged per clause, so a
    later "we'll look into it" does not hide an earlier "It appeared that ...". "should have
    been <done>" counts as a hedge when nothing in the sentence contrasts it with what
    happened. Sections that are analysis by nature (Assessment, Key Judgments, Hypotheses,
    Open Questions), recommendations, action items and quoted source material are not checked.

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
    - `factual-title-words`, `analysis-title-words`: words of a title that make its section
      factual or analysis.
    """
    leading, hedge_terms, exceptions, basis = phrase_lists(ctx, "leading-hedges", "hedges", "exceptions", "basis")
    for sentence, text, _kind, words in claim_sentences(ctx, ("factual",), needing=(hedge_terms, leading, _SHOULD)):
        hedges = find(text, words, hedge_terms, exceptions)
        if not hedges and leading is not None and sentence.block != "table_cell":
            for a, b, _ in ctx.analysis(label_view).labels.get(id(sentence.run), ()):
                start = b - sentence.start
                if 0 <= start < len(text):
                    skip = lazy_regex(_VALUE_START).match(text, start)
                    hit = leading.pattern.match(text, skip.end() if skip else start)
                    if hit:
                        hedges = [hit]
        if "should" in words:
            hedges = sorted([*hedges, *_should_have_been(text, words)], key=lambda h: h.start())
        possible, reading = possibility_end(text), _Reading(text, words) if hedges else None
        hedge = next((h for h in hedges if possible > h.start() and reading is not None and reading.is_report(h.start(), h.end())), None)
        if hedge is None or find(text, words, basis) or supported(ctx, sentence):
            continue
        yield ctx.finding(sentence.span_of(*hedge.span()), f'speculative claim ("{_excerpt(text, *hedge.span())}") with no evidence')

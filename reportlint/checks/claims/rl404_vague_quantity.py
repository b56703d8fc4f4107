"""RL404 vague-quantity: a vague figure ("over 300,000", "dozens of") needs a source."""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, Severity, builtin_pack_options, lazy_regex, rule
from reportlint.checks.claims._evidence import scope_option, supported
from reportlint.checks.claims._phrases import find, phrase_lists
from reportlint.checks.claims._sections import REFERENCE_SECTIONS
from reportlint.checks.claims._statements import claim_sentences, possibility_end


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen half"
).split()
_NUMBER = (  # compiled by lazy_regex: only after a quantifier ("over", "about")
    r"(?i)\s+(?P<number>(?:\$|€|£)?\d[\d,]*(?:\.\d+)?(?!\d|[.,:/-]\d)|a\s+(?:dozen|hundred|thousand|million|billion|third|quarter|half)|"
    + "|".join(_NUMBER_WORDS)
    + r")(?P<scale>\s*(?:%|percent|per\s+cent)|(?:\s+|-)?(?:thousand|million|billion|trillion|k|m|bn)\b)?(?:\s+(?P<unit>[A-Za-z]+\.?))?"
)
_SMALL = frozenset({"1", "2", "one", "two", "half"})
_PATTERNS = {
    # A metric the reporter reads off a registry or its own telemetry: "less than 500 downloads",
    # "approximately 78% of flag evaluation requests", "over 7 million weekly downloads".
    "metric": r"(?:\s{1,5}(?:of\s{1,5})?(?:the\s{1,5}|all\s{1,5}|our\s{1,5}|its\s{1,5}|their\s{1,5})?[\w-]{1,40}){0,3}?\s{1,5}(?:downloads|installs|installations|dependents"
    r"|dependent\s{1,5}(?:projects|packages|crates|repositories)|requests|queries|api\s{1,5}calls|calls|errors|messages|events"
    r"|(?:\w{1,30}\s{1,5})?reports\s{1,5}(?:per|a|each)\b|weekly|monthly|daily|per\s{1,5}(?:second|minute|hour|day|week|month))\b",
    # The first person: a first-party count ("the hundreds of users who joined our server").
    "first": r"\b(?:we|our|us|ours)\b",
    # An attribution in the sentence: the figure's source is named (RL403 checks the citation).
    "attributed": r"\b(?:according\s+to|quantified\s+by|estimated\s+by|reported\s+by|counted\s+by|measured\s+by|per)\s+(?:the\s+)?"
    r"(?!(?:analysts|experts|researchers|sources|reports|some|many|media|security|industry|insiders|observers)\b)[A-Za-z]",
    # A threshold or condition: "any threads that have more than 4 messages".
    "threshold": r"\b(?:any|all|each|every)\s+\w+\s+(?:that|which|who|with|having)\b|\b(?:threshold|exceed(?:s|ed|ing)?|limit(?:s|ed)?\s+to|filter(?:s|ed|ing)?)\b",
}
# Significant digits of a number such as "119", "667", "4.12".
_DIGITS = r"\d"  # compiled by lazy_regex


def _pattern(name: str) -> re.Pattern[str]:
    return lazy_regex("(?i)" + _PATTERNS[name])


def _precise(number: re.Match[str]) -> bool:
    """A computed or measured figure, not a rounded one: a decimal with no scale word ("about
    32.28%", "4.12 BTC"), or three significant digits before a scale ("119k", "667K")."""
    value = number.group("number").lstrip("$€£").replace(",", "")
    scale = (number.group("scale") or "").strip().lower()
    word_scale = bool(scale) and scale not in ("%", "percent", "per cent")
    if not value[:1].isdigit():
        return False
    if "." in value and not word_scale:
        return True
    return word_scale and len(lazy_regex(_DIGITS).findall(value.replace(".", "").strip("0") or "0")) >= 3


def first_party(text: str, paragraph: str, start: int, end: int) -> bool:
    """Whether the figure at ``text[start:end]`` is the reporter's own measurement: a metric,
    a first-person count, an attributed figure or a threshold."""
    if _pattern("metric").match(text, end) or _pattern("threshold").search(text, 0, start):
        return True
    if _pattern("attributed").search(text):
        return True
    return _pattern("first").search(paragraph) is not None


def first_person_report(doc: Document) -> bool:
    """A report its authors write in the first person plural ("we", "our") in at least three
    sentences: a first-party account, whose counts are its own measurements."""
    first = _pattern("first")
    return sum(1 for sentence in doc.sentences if sentence.block != "heading" and first.search(sentence.text)) >= 3


@rule(
    code="RL404", name="vague-quantity", summary="A vague figure (\"over 300,000\", \"dozens of\") needs a source",
    severity=Severity.WARNING, tags=("claims",),
    options={**builtin_pack_options("base", "RL404"), "evidence-scope": scope_option("paragraph"), "reference-sections": list(REFERENCE_SECTIONS)},
)
def vague_quantity(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Flags quantitative claims made with a vague quantifier ("over 300,000", "more than a
    dozen", "at least nine", "around 4 million", "roughly 40%", "dozens of") when neither the
    sentence nor its paragraph carries evidence. Exact figures ("212 workstations") are not
    findings, and neither are approximate durations and sizes ("about 40 minutes"), counts
    below three ("at least one") or version numbers.

    First-party measured figures are not vague third-party claims either: precise computed
    figures ("about 32.28%", "over 119k"), registry and telemetry metrics ("less than 500
    downloads", "78% of requests"), thresholds ("any thread with more than 4 messages"),
    figures the sentence attributes ("according to the project, less than 0.1%") and counts
    in a paragraph or report written in the first person ("we", "our").

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
    quantifiers, amount_terms = phrase_lists(ctx, "quantifiers", "amounts")
    ours: bool | None = None
    for sentence, text, _kind, words in claim_sentences(ctx, needing=(quantifiers, amount_terms)):
        hit: tuple[int, int] | None = None
        possible = possibility_end(text)
        for match in find(text, words, quantifiers):
            if possible <= match.start():
                continue
            number = lazy_regex(_NUMBER).match(text, match.end())
            if number is None or number.group("number").lower() in _SMALL:
                continue
            unit = (number.group("unit") or "").lower().rstrip(".")
            if unit in exempt and not number.group("scale"):
                continue
            if _precise(number):
                continue
            hit = (match.start(), number.end("scale") if number.group("scale") else number.end("number"))
            break
        if hit is None:
            amount = next((m for m in find(text, words, amount_terms) if possible > m.start()), None)
            hit = (amount.start(), amount.end()) if amount is not None else None
        if hit is None or first_party(text, sentence.run.prose, *hit):
            continue
        if ours is None:
            ours = first_person_report(doc)
        if not ours and not supported(ctx, sentence):
            shown = " ".join(text[hit[0]:hit[1]].split())
            yield ctx.finding(sentence.span_of(*hit), f'vague quantity ("{shown}") with no source')

"""RL44x: facts of the analysis that its own source material does not state.

They run only when the report has source material: an embedded excerpt ("Full Report" ...
"Analysis Summary" before the title, or a Source Text section) or a file named by
front matter ``source-file:`` or ``--source``. Facts are found and matched once per
document in :mod:`reportlint._grounding`.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from reportlint.api import Document, Finding, RuleContext, Severity, rule

if TYPE_CHECKING:
    from reportlint._grounding import Fact, FactKind


def _ungrounded(doc: Document, ctx: RuleContext, kind: FactKind, allowed: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """One finding per distinct ungrounded fact, at its first mention; info when the source is truncated."""
    if not doc.source_material:  # most reports: the grounding module is not even imported
        return
    from reportlint._grounding import grounding

    found = ctx.analysis(grounding)
    if found is None:
        return
    first: dict[str, Fact] = {}
    lines: dict[str, list[int]] = {}
    for fact in found.facts:
        if fact.kind != kind or fact.grounded or fact.text.casefold() in allowed:
            continue
        first.setdefault(fact.key, fact)
        lines.setdefault(fact.key, []).append(fact.span.start.line)
    for key, fact in first.items():
        again = sorted(set(lines[key][1:]) - {fact.span.start.line})
        notes = [fact.detail] if fact.detail else []
        if again:
            notes.append("also on line" + ("s " if len(again) > 1 else " ") + ", ".join(map(str, again)))
        detail = "; ".join(notes) or None
        if found.truncated:
            message = f'"{fact.text}" does not appear in the source material, which is truncated, so it cannot be verified'
            yield ctx.finding(fact.span, message, detail=detail, severity=Severity.INFO)
        else:
            yield ctx.finding(fact.span, f'"{fact.text}" does not appear in the source material', detail=detail)


@rule(code="RL440", name="ungrounded-number", summary="A number in the analysis must appear in the report's source material", severity=Severity.WARNING, tags=("claims", "grounding"))
def ungrounded_number(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    When the report embeds or names its source material, flags each number of the analysis
    (with its unit or noun: "45 arrests", "$249", "480,000 card numbers") whose value the
    source never states. Thousands separators, "million", percent signs and number words up
    to twenty ("three") are read by value. When the source is truncated ("[...]", or it stops
    mid-sentence) the finding is info: the missing text may hold the number.

    ## Why is this bad?
    A figure that is not in the source was changed, invented or taken from elsewhere without
    a citation. Summaries drift: "37 arrests" in the article becomes "45 arrests" in the report.

    ## Example
    ```markdown
    ## Source Text
    Police arrested 37 people in six countries.

    ## Summary
    The operation led to 45 arrests.
    ```
    Use instead:
    ```markdown
    The operation led to 37 arrests.
    ```
    """
    return _ungrounded(doc, ctx, "number")


@rule(code="RL441", name="ungrounded-date", summary="A date in the analysis must appear in the report's source material", severity=Severity.WARNING, tags=("claims", "grounding", "dates"))
def ungrounded_date(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    When the report embeds or names its source material, flags each date or year of the
    analysis that no date of the source matches. Dates are compared by value across formats
    ("14 April 2024" = "April 14, 2024" = "2024-04-14"); "April 2024" is confirmed by any day
    of that month, and a source date without a year confirms any year. Info when the source
    is truncated.

    ## Why is this bad?
    A wrong date moves an event on the timeline; a date the source does not give was guessed.

    ## Example
    ```markdown
    ## Source Text
    The breach was disclosed on 14 April 2024.

    ## Summary
    The breach was disclosed on 2024-04-15.
    ```
    Use instead:
    ```markdown
    The breach was disclosed on 2024-04-14.
    ```
    """
    return _ungrounded(doc, ctx, "date")


@rule(
    code="RL442", name="ungrounded-name", summary="A name in the analysis must appear in the report's source material",
    severity=Severity.WARNING, tags=("claims", "grounding"), options={"allow": []},
)
def ungrounded_name(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    When the report embeds or names its source material, flags each proper name of the
    analysis that the source never mentions: capitalised words that do not open a sentence,
    acronyms and quoted names. Case, plurals and possessives, "US"/"U.S."/"United States",
    demonyms ("European"/"Europe") and acronyms of words in the source ("CSAM" for "child
    sexual abuse material") all match. Headings, field labels, code and links are not
    checked. Info when the source is truncated.

    ## Why is this bad?
    A country, organisation or product the source never names was added by the writer (or a
    summarising tool) and reads as if the source said it.

    ## Example
    ```markdown
    ## Source Text
    Europol coordinated arrests in Spain and Italy.

    ## Summary
    Arrests in Spain, Italy and Portugal were coordinated by Interpol.
    ```
    Use instead:
    ```markdown
    Arrests in Spain and Italy were coordinated by Europol.
    ```

    ## Options
    - `allow`: names never checked, such as your own organisation or product (case-insensitive).
    """
    allowed = frozenset(name.casefold() for name in ctx.options["allow"])
    return _ungrounded(doc, ctx, "name", allowed)


RULES = (ungrounded_number, ungrounded_date, ungrounded_name)

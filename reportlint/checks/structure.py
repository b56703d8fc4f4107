"""RL1xx: the structure a report needs (title, sections, fields, heading levels).

Headings inside embedded source material (an excerpt the report quotes) are not the
report's own structure, so these rules skip them. Findings about something missing
from the whole document (RL101, RL105, RL110) point at line 1, column 1.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from reportlint._text import normalize_title
from reportlint.api import Document, Finding, RuleContext, Section, SectionSpec, Severity, rule


def _outline(doc: Document) -> list[Section]:
    """The report's own sections, in document order (headings in source material left out)."""
    return [s for s in doc.sections if not doc.in_source_material(s.span.start)]


def _blank(doc: Document) -> bool:
    """An empty file: nothing is missing from a report not yet written."""
    return not doc.text.strip()


def _matched(doc: Document, ctx: RuleContext) -> list[tuple[Section, SectionSpec]]:
    """Sections the profile knows (the title heading excepted), with their spec."""
    pairs = []
    for section in _outline(doc):
        spec = ctx.profile.spec_for(section)
        if spec is not None and section is not doc.title:
            pairs.append((section, spec))
    return pairs


@rule(code="RL101", name="missing-required-section", summary="A section the profile requires is missing", severity=Severity.WARNING, tags=("structure", "profile"))
def missing_required_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports each section the profile requires that no heading of the report stands for.
    Headings match the profile's section titles and aliases ignoring case, numbering
    ("3. Impact"), surrounding punctuation, trailing colons and emphasis. A requirement
    with alternatives ("Executive Summary or Key Judgments") is met by any of them.
    The finding points at line 1, column 1, as every finding about the whole document does.

    ## Why is this bad?
    A template exists so that every report answers the same questions. A report without
    its "Impact" section leaves the reader to guess whether there was any.

    ## Example
    With `--profile postmortem`:
    ```markdown
    # Checkout outage
    ## Summary
    ...
    ## Timeline
    ...
    ```
    Use instead: add the missing sections (Impact, Root Causes, ...), or say in them why
    they do not apply.
    """
    if _blank(doc):
        return
    present = {spec.id for _, spec in _matched(doc, ctx)}
    reported: set[frozenset[str]] = set()
    for spec in ctx.profile.sections:
        if not spec.required:
            continue
        group = frozenset((spec.id, *spec.alternatives))
        if group & present or group in reported:
            continue
        reported.add(group)
        others = [ctx.profile.section(i) for i in spec.alternatives]
        either = "".join(f' (or "{o.title}")' for o in others if o is not None)
        accepted = ", ".join(f'"{n}"' for n in spec.names())
        yield ctx.finding(doc.top_span(), f'Missing required section "{spec.title}"{either}', detail=f"Expected: a heading {accepted}; Actual: none")


@rule(code="RL102", name="section-out-of-order", summary="Sections must follow the profile's order", severity=Severity.WARNING, tags=("structure", "profile"))
def section_out_of_order(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Compares the order of the report's top-level template sections with the order the
    profile gives them. It keeps the longest run of sections already in order and reports
    each of the others, so moving one section reports only that section.

    ## Why is this bad?
    Readers of a series of reports look for the same section in the same place; a
    summary after the timeline is easy to miss.

    ## Example
    With `--profile incident`:
    ```markdown
    ## Executive Summary
    ## Impact Assessment
    ## Timeline of Events
    ```
    Use instead:
    ```markdown
    ## Executive Summary
    ## Timeline of Events
    ## Impact Assessment
    ```
    """
    pairs = _matched(doc, ctx)
    if not pairs:
        return
    level = min(section.level for section, _ in pairs)
    ordered = [(s, spec.order) for s, spec in pairs if s.level == level and spec.order is not None]
    keep = _longest_ordered(ordered)
    kept = [ordered[i] for i in sorted(keep)]
    for index, (section, order) in enumerate(ordered):
        if index in keep:
            continue
        later = next((s for s, o in kept if o > order), None)
        if later is not None:
            message = f'Section "{section.title}" is out of order: expected before "{later.title}"'
        else:
            earlier = [s for s, o in kept if o <= order]
            message = f'Section "{section.title}" is out of order: expected after "{earlier[-1].title}"'
        yield ctx.finding(section.title_span, message)


def _longest_ordered(items: list[tuple[Section, int]]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of the orders (first one found)."""
    best: list[int] = [1] * len(items)
    back: list[int] = [-1] * len(items)
    for i, (_, order) in enumerate(items):
        for j in range(i):
            if items[j][1] <= order and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    if not items:
        return set()
    i = max(range(len(items)), key=lambda k: (best[k], -k))
    chosen = set()
    while i != -1:
        chosen.add(i)
        i = back[i]
    return chosen


_HEADING_FIELD = re.compile(r"\S:\s+\S")


@rule(code="RL103", name="empty-section", summary="A heading must be followed by content", severity=Severity.WARNING, tags=("structure",))
def empty_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading with no content (no paragraph, list, table, code or sub-heading)
    before the next heading of the same or a higher level. An HTML comment alone is not
    content. A heading with no text (an image) is not checked, nor one that states a
    value itself ("## ATT&CK Group ID: G0016"): it is a field written as a heading.

    ## Why is this bad?
    An empty section looks like an unfinished template: the reader cannot tell whether
    there was nothing to say or the author forgot. If nothing applies, say why.

    ## Example
    ```markdown
    ## Impact
    ## Timeline
    - 10:02 UTC alert fired
    ```
    Use instead:
    ```markdown
    ## Impact
    No customer-facing impact: the failover absorbed all traffic.
    ## Timeline
    - 10:02 UTC alert fired
    ```
    """
    for section in _outline(doc):
        if section.title and section.content_blocks == 0 and not section.children and not _HEADING_FIELD.search(section.title):
            yield ctx.finding(section.title_span, f'Section "{section.title}" is empty')


@rule(code="RL104", name="duplicate-section", summary="A section must not appear twice", severity=Severity.WARNING, tags=("structure",))
def duplicate_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading that repeats an earlier sibling heading (same parent and level):
    the same title ignoring case, numbering and punctuation, or another name (alias) of
    the same profile section. Equal sub-headings under different parents, such as an
    "Impact" under each of two incidents, are fine.

    ## Why is this bad?
    Two "Impact" sections split what the reader needs to see together, and usually
    mean a template was pasted into a report that already had the section.

    ## Example
    ```markdown
    ## Impact
    Checkout was down for 40 minutes.
    ## Timeline
    ...
    ## Impact
    Refunds were issued.
    ```
    Use instead: merge the two into one "Impact" section.
    """
    seen: dict[tuple[int, int, str], Section] = {}
    for section in _outline(doc):
        spec = ctx.profile.spec_for(section)
        key = spec.id if spec is not None else normalize_title(section.title)
        if not key:
            continue
        slot = (id(section.parent), section.level, key)
        first = seen.setdefault(slot, section)
        if first is not section:
            yield ctx.finding(section.title_span, f'Section "{section.title}" duplicates the earlier section "{first.title}"', detail=f"first on line {first.span.start.line}")


@rule(code="RL105", name="missing-title", summary="A report needs a title (an H1 heading or a front-matter title)", severity=Severity.WARNING, tags=("structure",))
def missing_title(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a document with no level-1 heading and no `title` in its front matter.
    The finding points at line 1, column 1.

    ## Why is this bad?
    Reports are found, linked and cited by their title. Without one, an index or a
    reader sees only a file name.

    ## Example
    ```markdown
    ## Summary
    The VPN was down for two hours.
    ```
    Use instead:
    ```markdown
    # VPN outage, 2024-05-02
    ## Summary
    The VPN was down for two hours.
    ```
    """
    if doc.title_text is None and not _blank(doc):
        yield ctx.finding(doc.top_span(), "Report has no title (no H1 heading and no front-matter title)")


@rule(code="RL106", name="heading-level-skipped", summary="Heading levels must go down one at a time", severity=Severity.INFO, tags=("structure",))
def heading_level_skipped(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading more than one level deeper than the heading before it (an `h4`
    right after an `h2`). The first heading may have any level.

    ## Why is this bad?
    A skipped level breaks the outline: tables of contents, screen readers and the
    section rules see a sub-section with no parent.

    ## Example
    ```markdown
    ## Timeline
    #### Day 1
    ```
    Use instead:
    ```markdown
    ## Timeline
    ### Day 1
    ```

    ## References
    - markdownlint MD001 (heading-increment)
    """
    previous: int | None = None
    for section in _outline(doc):
        if previous is not None and section.level > previous + 1:
            yield ctx.finding(section.title_span if section.title else section.span, f'Heading "{section.title}" skips a level (h{previous} to h{section.level})')
        previous = section.level


@rule(code="RL110", name="missing-required-field", summary="A field the profile requires is missing", severity=Severity.WARNING, tags=("structure", "profile"))
def missing_required_field(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports each field the profile requires (such as `Date`, `Authors` or `Status` in
    a post-mortem) that the report states nowhere: not as a `Label: value` line, a
    two-column table row, nor a front-matter key. Labels match ignoring case and
    punctuation, and the profile may accept other labels for a field.
    The finding points at line 1, column 1.

    ## Why is this bad?
    Header fields are what indexes, dashboards and reviewers read first. A post-mortem
    without an owner or a status cannot be followed up.

    ## Example
    With `--profile postmortem`:
    ```markdown
    # Checkout outage
    **Date:** 2024-05-02
    ```
    Use instead:
    ```markdown
    # Checkout outage
    **Date:** 2024-05-02
    **Authors:** J. Doe
    **Status:** Complete, action items in progress
    ```
    """
    if _blank(doc):
        return
    stated = {normalize_title(f.name) for f in doc.fields if not doc.in_source_material(f.span.start)}
    for name in ctx.profile.fields:
        if not stated & {normalize_title(n) for n in ctx.profile.field_names(name)}:
            yield ctx.finding(doc.top_span(), f'Missing required field "{name}"')


RULES = (missing_required_section, section_out_of_order, empty_section, duplicate_section, missing_title, heading_level_skipped, missing_required_field)

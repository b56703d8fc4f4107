from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import Document, Finding, RuleContext, SectionSpec, Severity, rule
from reportlint.checks.structure._outline import is_blank, lead_words, outline_headings, stands_for


@rule(
    code="RL101", name="missing-required-section", summary="A section the profile requires is missing", severity=Severity.WARNING,
    tags=("structure", "profile"), options={"lead-words": 25, "conformity": True},
)
def missing_required_section(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports each section the profile requires that no heading of the report stands for.
    A heading stands for a section by meaning: when the pack section names a *concept*
    (`concept = "impact"`), any heading that means it counts: "Incident Impact", "3. Impact:",
    "Who was affected?", "Impact (customers)". The concept vocabulary (`rules/concepts.toml`)
    lists the wordings of the public post-mortem, incident and advisory templates; numbering,
    emoji, trailing colons, parentheticals and trailing dates ("Timeline (all times UTC)
    2024-05-02") are ignored. The pack's title and aliases still match too, and a requirement
    with alternatives ("Executive Summary or Key Judgments") is met by any of them.
    Headings at any level count, setext ones too, and a first H1 that is only a section name
    ("# Summary") is that section, not the report's title.

    A summary needs no heading when the report opens with a lead: at least `lead-words` words
    (default 25, about two sentences) of prose between the title and the first section.

    A report that has fewer than half of the profile's required sections as headings (when
    the profile requires two or more) is not written to this template: with `conformity` on
    (default), one info finding says so instead of one warning per section that another
    template would have. A lead paragraph meets the summary requirement, but it is not a
    sign of the template's structure, so it does not count here.
    The finding points at line 1, column 1, as every finding about the whole document does.

    ## Why is this bad?
    A template exists so that every report answers the same questions. A report without
    its timeline leaves the reader to rebuild the order of events.

    ## Example
    With `--profile postmortem`:
    ```markdown
    # Checkout outage
    ## Summary
    ...
    ## Action Items
    ...
    ```
    Use instead: add the missing section (a Timeline), or say in it why it does not apply.

    ## Options
    - `lead-words` (default 25): an opening paragraph this long stands for the summary; 0 turns it off.
    - `conformity` (default true): one info finding, not a warning per section, for a report
      written to another template.
    """
    if is_blank(doc):
        return
    headings = outline_headings(doc)
    lead = int(ctx.options.get("lead-words", 25))
    lead_count = lead_words(doc) if lead > 0 else 0

    def headed(spec: SectionSpec) -> bool:
        return any(stands_for(h.title, spec) for h in headings)

    def present(spec: SectionSpec) -> bool:
        return headed(spec) or (spec.concept == "summary" and lead > 0 and lead_count >= lead)

    groups: list[tuple[SectionSpec, list[SectionSpec]]] = []
    seen: set[frozenset[str]] = set()
    for spec in ctx.profile.sections:
        if not spec.required:
            continue
        group = frozenset((spec.id, *spec.alternatives))
        if group in seen:
            continue
        seen.add(group)
        members = [spec, *(o for i in spec.alternatives if (o := ctx.profile.section(i)) is not None)]
        groups.append((spec, members))
    missing = [(spec, members) for spec, members in groups if not any(present(m) for m in members)]
    if not missing:
        return
    found = sum(1 for _, members in groups if any(headed(m) for m in members))  # the template's headings
    if ctx.options.get("conformity", True) and len(groups) >= 2 and found * 2 < len(groups):
        def named(members: list[SectionSpec]) -> str:
            return " or ".join(f'"{m.title}"' for m in members)

        names = ", ".join(named(members) for _, members in groups)
        has = ", ".join(named(members) for _, members in groups if any(headed(m) for m in members)) or "none"
        yield ctx.finding(
            doc.top_span(),
            f'Report does not follow the "{ctx.profile.id}" template: it has headings for {found} of its {len(groups)} required sections',
            detail=f"Required: {names}; found: {has}. Choose the profile of this report's own template, or add its sections.",
            severity=Severity.INFO,
        )
        return
    for spec, members in missing:
        either = "".join(f' (or "{o.title}")' for o in members[1:])
        concepts = [m.concept for m in members if m.concept is not None]
        accepted = ", ".join(f'"{n}"' for m in members for n in m.names())
        about = ""
        if concepts:
            examples = ", ".join(f'"{n}"' for n in spec.names()[:3])
            about = f" ({' or '.join(dict.fromkeys(concepts))}: {examples}, ...)"
        yield ctx.finding(
            doc.top_span(), f'Missing required section "{spec.title}"{either}{about}',
            detail=f"Expected: a heading {accepted}" + (", or any heading with the same meaning" if concepts else "") + "; Actual: none",
        )

"""RL307: incident, discovery, containment and resolution dates out of order."""
from __future__ import annotations

from collections.abc import Iterator

from reportlint.api import DateMatch, Document, Field, Finding, RuleContext, Severity, precedes, rule

from reportlint.checks.dates._events import event_fields, value_span
from reportlint.checks.dates._options import DAY_ORDER, EVENT_LABELS, PHASES, PLANS


@rule(code="RL307", name="incident-phases-out-of-order", summary="Incident, discovery, containment and resolution dates must be in that order", severity=Severity.WARNING, tags=("dates",), options={**DAY_ORDER, **EVENT_LABELS, **PLANS})
def incident_phases_out_of_order(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Compares the dates of the fields that name the incident (or first compromise), its
    discovery, its containment and its resolution, and flags a phase dated after a later
    one: the incident after its discovery, the discovery after the containment or
    resolution. The finding sits on the date expected first.

    ## Why is this bad?
    An incident cannot be discovered before it happened. One of the two dates is wrong,
    and every duration computed from them (dwell time, time to contain) is wrong too.

    ## Example
    ```markdown
    - **Incident Date:** 2024-05-14
    - **Discovery Date:** 2024-05-11
    ```
    Use instead:
    ```markdown
    - **Incident Date:** 2024-05-09 (first malicious logon)
    - **Discovery Date:** 2024-05-11
    ```

    ## Options
    - `incident-labels`, `discovery-labels`, `containment-labels`, `resolution-labels`:
      the field labels of each phase, compared without their date words ("Discovery
      Date", "Date of discovery" and "Discovery time" all match "discovery").
    - `plan-sections`: section titles whose dates are plans, never events.
    - `day-order`: `"dmy"` or `"mdy"`, how numeric dates are read.
    """
    first_of: dict[str, tuple[Field, DateMatch]] = {}
    for phase, found, match in event_fields(ctx):
        first_of.setdefault(phase, (found, match))
    for index, phase in enumerate(PHASES):
        if phase not in first_of:
            continue
        found, match = first_of[phase]
        for later in PHASES[index + 1:]:
            if later in first_of and precedes(first_of[later][1], match):
                other, other_match = first_of[later]
                yield ctx.finding(value_span(found, match), f'"{found.name}" ({match.text}) is after "{other.name}" ({other_match.text})')
                break

"""The options the date rules share, and the frozen shape a shared date analysis is keyed by."""
from __future__ import annotations

from typing import NamedTuple

from reportlint.api import Option, RuleContext, SectionSpec

DAY_ORDER = {"day-order": Option("", schema={"type": "string", "enum": ["", "dmy", "mdy"]})}
TIMELINE = {"timeline-sections": ["timeline", "chronology", "sequence of events"]}
PLANS = {"plan-sections": ["action items", "action plan", "recommendations", "next steps", "follow-up", "follow up", "future work", "roadmap", "remediation plan", "lessons learned"]}
EVENT_LABELS = {
    "incident-labels": ["incident", "incident start", "start of incident", "occurred", "occurrence", "compromise", "initial compromise", "first compromise", "breach", "attack", "intrusion", "first malicious activity", "first observed", "outage start", "impact start", "start"],
    "discovery-labels": ["discovery", "discovered", "detection", "detected", "first detected", "identified", "first alert"],
    "containment-labels": ["containment", "contained", "mitigated", "isolated"],
    "resolution-labels": ["resolution", "resolved", "recovery", "recovered", "restored", "service restored", "remediated", "fixed", "closed", "end", "incident end", "outage end"],
}
PHASES = ("incident", "discovery", "containment", "resolution")
REPORT_LABELS = {"report-date-labels": ["report date", "published", "publication date", "updated", "last updated", "revised", "last revised"]}
TODAY = {"today": Option("", schema={"type": "string", "pattern": r"^(?:\d{4}-\d{2}-\d{2})?$"})}


class Shape(NamedTuple):
    """What shapes a date analysis the rules share, besides the document: the day order, the
    profile's sections (their kinds mark plans) and the rule's title and label lists."""

    day_first: bool | None
    sections: tuple[SectionSpec, ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]  # (option, its values)

    def option(self, name: str) -> tuple[str, ...]:
        return next(values for option, values in self.lists if option == name)


def shape_of(ctx: RuleContext, *names: str) -> Shape:
    """The shape of a shared analysis for this rule: its day order and its list options ``names``."""
    return Shape(day_first(ctx), ctx.profile.sections, tuple((name, tuple(ctx.options[name])) for name in names))


def day_first(ctx: RuleContext) -> bool | None:
    """``day-order`` of this rule, else the one the profile sets for RL302."""
    order = ctx.options.get("day-order") or ctx.profile.options.get("RL302", {}).get("day-order", "")
    return {"dmy": True, "mdy": False}.get(order)

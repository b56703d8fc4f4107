"""Plans are never events: sections titled or kinded as plans, and text worded as a plan."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from reportlint.api import Section, lazy_regex, might_contain, normalize_title

from reportlint.checks.dates._options import Shape

# Compiled by lazy_regex: only reports with a timeline or event fields (and a plan word) need them.
_DATE_AHEAD = r"(?:the\s+)?(?:end\s+of\s+)?(?=[12]\d{3}-|\d{1,2}[/.]\d|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|Q[1-4]\b)"
_PLAN_WORDS = (
    r"(?i)\b(?:due(?!\s+to\b)|deadline|planned|plans? to|will(?: be)?|to be (?:done|completed|released|deployed|fixed|decided)"
    r"|target(?:ed)? date|eta|upcoming)\b"
    r"|\b(?:by|scheduled\s+(?:for|on))\s+" + _DATE_AHEAD
)
_PLAN_HINTS = ("due", "deadline", "plan", "will", "to be ", "target", "eta", "upcoming", "by", "scheduled")  # one is in every match


def is_plan(text: str) -> bool:
    """Whether ``text`` is worded as a plan ("due 2025-09-30", "will be deployed")."""
    return might_contain(text, _PLAN_HINTS) and bool(lazy_regex(_PLAN_WORDS).search(text))


def matches_title(section: Section | None, names: Iterable[str], with_ancestors: bool = True) -> bool:
    """Whether the title of ``section`` (or of a section around it) contains one of ``names``."""
    wanted = _normalized(names if isinstance(names, tuple) else tuple(names))
    while section is not None:
        title = normalize_title(section.title)
        if any(name in title for name in wanted):
            return True
        section = section.parent if with_ancestors else None
    return False


@functools.lru_cache(maxsize=64)
def _normalized(names: tuple[str, ...]) -> tuple[str, ...]:
    """The option's titles, normalised once (asked for every section of every document)."""
    return tuple(normalize_title(name) for name in names)


def is_plan_section(section: Section | None, shape: Shape, kinds: Mapping[str, str]) -> bool:
    """Whether ``section`` is a plan, by its titles or a profile section ``kinds`` calls an action."""
    if matches_title(section, shape.option("plan-sections")):
        return True
    while section is not None:
        if kinds.get(normalize_title(section.title)) == "action":
            return True
        section = section.parent
    return False

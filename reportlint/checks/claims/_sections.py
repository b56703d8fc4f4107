"""Which kind of section a sentence is in: factual, analysis, action, reference or source.

The profile's section ``kind`` decides first; the rules' title-list options (defaults below)
name the other analysis, action and reference sections.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from reportlint.api import RuleContext, Section, SectionSpec, normalize_title
from reportlint.checks._kinds import kinds_by_title

# Titles of the sections whose body states judgments, not observed facts.
ANALYSIS_SECTIONS: tuple[str, ...] = (
    "Assessment", "Analysis", "Analyst Assessment", "Analyst Comments", "Analyst Notes", "Key Judgments",
    "Key Judgements", "Hypotheses", "Hypothesis", "Open Questions", "Outstanding Questions", "Risk Assessment",
    "Threat Assessment", "Attribution", "Outlook", "Discussion", "Speculation", "Theories",
)
# The analysis sections that state the report's judgments, where the ICD 203 terms are due.
ASSESSMENT_SECTIONS: tuple[str, ...] = ("Assessment", "Analyst Assessment", "Key Judgments", "Key Judgements", "Threat Assessment", "Risk Assessment", "Outlook")
# Titles of the sections that say what to do, not what happened.
ACTION_SECTIONS: tuple[str, ...] = (
    "Recommendations", "Recommendation", "Action Items", "Actions", "Lessons Learned", "Lessons", "Next Steps",
    "Follow-ups", "Follow-up Actions", "Mitigations", "Mitigation", "Remediation", "Corrective Actions",
    "Preventive Actions", "Improvements", "What We Will Do", "Recommended Actions", "Workarounds", "Workaround",
)
# Section titles whose body is a list of sources: a report with one cites something.
REFERENCE_SECTIONS: tuple[str, ...] = (
    "References", "Sources", "Source", "Bibliography", "Citations", "Further Reading", "External References",
    "Links", "Resources", "Sources and References", "Sources and Methods", "Notes", "Footnotes",
)

_KIND_OPTIONS = tuple((kind, f"{kind}-sections") for kind in ("analysis", "action", "reference"))
# Each kind with the normalised titles the rule's options give it.
TitleLists = tuple[tuple[str, frozenset[str]], ...]


def title_lists(ctx: RuleContext) -> TitleLists:
    """The rule's section-title options, by kind."""
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


def kinds_of(sections: Iterable[Section | None], specs: tuple[SectionSpec, ...], lists: TitleLists) -> dict[int, str]:
    """The kind of each of ``sections`` (by id), from the profile's section ``specs`` and the rule's title lists."""
    kinds = kinds_by_title(specs)
    return {id(section): _section_kind(section, kinds, lists) for section in sections}

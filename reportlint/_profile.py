"""A report profile: what a kind of report must contain and how its rules are tuned.

Profiles come from declarative packs (``rules/*.toml``); the engine only passes the
resolved profile to rules through their context.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from reportlint._document import Section
from reportlint._text import normalize_title

NaPolicy = Literal["allowed", "justify", "forbidden"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section a profile knows: its names, whether it is required, its order, N/A policy and kind."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    order: int | None = None
    na: NaPolicy = "justify"
    kind: str = "factual"  # factual | analysis | action | source | reference
    alternatives: tuple[str, ...] = ()  # ids of sections that satisfy this one's requirement
    concept: str | None = None  # the section concept (reportlint.api.CONCEPTS) any heading meaning it matches

    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Profile:
    """A resolved profile: the sections and fields a report needs, and the rule settings of its packs."""

    id: str
    description: str = ""
    sections: tuple[SectionSpec, ...] = ()
    fields: tuple[str, ...] = ()  # required fields
    field_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> other accepted labels
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    patterns: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[str, ...] = ()  # pack files this profile was built from

    def __post_init__(self) -> None:
        lookup: dict[str, SectionSpec] = {}
        for spec in self.sections:
            for name in spec.names():
                lookup.setdefault(normalize_title(name), spec)
        object.__setattr__(self, "_lookup", lookup)

    def spec_for(self, section: Section | str) -> SectionSpec | None:
        """The profile section a heading stands for (case, numbering, punctuation ignored)."""
        title = section if isinstance(section, str) else section.title
        return self._lookup.get(normalize_title(title))  # type: ignore[attr-defined]

    def section(self, section_id: str) -> SectionSpec | None:
        return next((spec for spec in self.sections if spec.id == section_id), None)

    def field_names(self, name: str) -> tuple[str, ...]:
        """A required field's label and the other labels accepted for it."""
        return (name, *self.field_aliases.get(name, ()))


EMPTY_PROFILE = Profile(id="base")

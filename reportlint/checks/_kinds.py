"""The kind a profile gives each section title, as a value analyses can take as options.

A :class:`~reportlint.api.Profile` is not hashable (its option tables are dicts), so the
analyses that depend on section kinds take the profile's ``sections`` (a tuple of frozen
specs) and look the kinds up here, once per profile.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from reportlint.api import SectionSpec, normalize_title


@lru_cache(maxsize=16)
def kinds_by_title(sections: tuple[SectionSpec, ...]) -> Mapping[str, str]:
    """Normalised title or alias -> section kind; the first spec naming a title wins, as in
    :meth:`Profile.spec_for`."""
    kinds: dict[str, str] = {}
    for spec in sections:
        for name in spec.names():
            kinds.setdefault(normalize_title(name), spec.kind)
    return kinds

"""The stable surface for rule authors and embedders: everything a check needs, and lint_text."""
from __future__ import annotations

from typing import Any

from reportlint._analysis import Analyses, Analysis, analysis
from reportlint._concepts import CONCEPTS, Concept, concept_title, heading_words, is_concept_name, section_concept, section_concepts
from reportlint._dates import (
    MONTH_WORDS, ZONE_OFFSETS, CalendarDate, DateMatch, Precision, When, agrees, find_dates, find_relative, lazy_regex, leading_date,
    may_have_relative, might_contain, parse_date, precedes,
)
from reportlint._document import Comment, Document, Field, ListItem, Section, Sentence, Table, TableRow, TextRun
from reportlint._sentences import split_sentences
from reportlint._text import normalize_title, shorten
from reportlint._finding import Edit, Finding, Fix, Severity
from reportlint._positions import Position, Span
from reportlint._profile import Profile, SectionSpec
from reportlint._registry import Option, Rule, RuleContext, rule, rules_in_package

__all__ = [
    "Analyses", "Analysis", "analysis", "builtin_pack_options", "Comment", "Document", "Edit", "Field", "Finding", "Fix", "ListItem", "Option", "Position", "Profile", "Rule",
    "RuleContext", "Section", "SectionSpec", "Sentence", "Severity", "Span", "Table", "TableRow", "TextRun",
    "lint_text", "normalize_title", "rule", "rules_in_package", "shorten", "split_sentences",
    "CalendarDate", "DateMatch", "MONTH_WORDS", "Precision", "When", "ZONE_OFFSETS", "agrees", "find_dates", "find_relative",
    "lazy_regex", "leading_date", "may_have_relative", "might_contain", "parse_date", "precedes",
    "CONCEPTS", "Concept", "concept_title", "heading_words", "is_concept_name", "section_concept", "section_concepts",
]


def builtin_pack_options(pack_id: str, code: str) -> dict[str, Any]:
    """The ``[options.CODE]`` table of the built-in pack ``pack_id`` (``{}`` when absent), for a
    rule that takes its option defaults from the pack, so the pack holds the only copy.

    The pack is read once per process; the values are copies, free to change.
    """
    import copy

    from reportlint._packs import builtin_pack

    return copy.deepcopy(builtin_pack(pack_id).get("options", {}).get(code, {}))


def lint_text(text: str, *, path: str | None = None, profile: str | None = None, config: str | None = None) -> list[Finding]:
    """The findings ``reportlint check`` reports for Markdown ``text``, sorted by position.

    ``path`` is the name findings carry and the path per-file config keys match (nothing is
    read from it); ``profile`` is a profile id or pack file (default: the config's, else
    ``base``); ``config`` is a config file to use, as ``--config FILE``. Without ``config``
    no config file is read, so the result does not depend on the working directory.
    A bad config, profile or plugin, and a rule that fails, raise ``ValueError``.
    The engine is imported here, not with this module: rules import this module too.
    """
    from reportlint._config import ConfigError
    from reportlint._engine import build_engines, lint_file
    from reportlint._packs import PackError
    from reportlint._registry import RuleError
    from reportlint._settings import Settings
    from reportlint._source import SourceFile
    from reportlint._validate import validate_configs

    settings = Settings(profile=profile or "base", config=(config,) if config else (), isolated=config is None, explicit=frozenset({"profile"} if profile else ()))
    problems: list[str] = []
    try:
        engines = build_engines(settings, problems)
        validate_configs(engines.resolver.configs(), engines.registry, None, engines.memo)
    except (ConfigError, PackError, RuleError) as exc:
        raise ValueError(str(exc)) from exc
    outcome = lint_file(engines, SourceFile(path or "-", path), text)
    problems += [message for _, message in ([outcome.error] if outcome.error else [])] + [message for _, message in outcome.faults]
    if problems:
        raise ValueError("; ".join(problems))
    return outcome.findings

"""``reportlint profile learn``: a profile learned from a team's own reports.

A team's template is what its reports share. Each report is reduced to the section
concepts its headings stand for (a heading no concept matches stands for itself) and the
field labels it states; a section or field present in at least ``min_share`` of the reports
becomes required, with the team's most common heading as its title and the other wordings
as aliases, and the order the reports agree on becomes the sections' ``order``. A section the
reports that have it leave empty (as RL103 reads it) more often than ``1 - min_share`` of the
time, and at least twice, may stay empty: the pack lists it in ``[options.RL103] may-be-empty``.

Learning refuses, rather than invents, a template:

- from fewer than :data:`MIN_FILES` reports: with four files, 80 % means all four, and a
  heading four reports share may be chance;
- from a folder of mixed reports: the median, over every pair of reports, of the Jaccard
  overlap of their template headings (those at least two reports have) is below
  ``min_overlap`` (default 0.5). One template gives most pairs most headings in common;
  a folder of blog posts, advisories and post-mortems gives most pairs almost none.

The pack is ordinary TOML that ``--profile FILE`` reads and the pack schema accepts; it
extends ``base``, so the profile-independent rules run as before.
"""
from __future__ import annotations

import math
import os
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from reportlint import __version__

MIN_FILES = 5
DEFAULT_MIN_SHARE = 0.8
DEFAULT_MIN_OVERLAP = 0.5
DEFAULT_PACK_ID = "learned"
# The rules a learned pack drives: what --dry-run reports.
PROFILE_RULES = ("RL101", "RL102", "RL110")
# Front-matter keys that configure tools, not the report.
_TOOL_KEYS = frozenset({"reportlint-profile", "source-file"})
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class LearnError(Exception):
    """The reports do not support a template (too few, too mixed) or cannot be read; exit 2."""


@dataclass(frozen=True)
class Heading:
    key: str  # the concept id, else "heading:" + its words
    concept: str | None
    title: str  # as the report writes it
    top: bool  # at the report's highest section level
    words: str = ""  # the heading's words as concept matching sees them (numbering, parentheticals, dates dropped)
    meaning: str | None = None  # the concept it stands for, kept when the team splits that concept (its kind still holds)
    empty: bool = False  # left empty, as RL103 reads it

    @property
    def own_key(self) -> str:
        """The key of the heading itself, whatever concept it stands for."""
        return "heading:" + self.words


@dataclass(frozen=True)
class Outline:
    """What one report contributes: its headings in order and its field labels."""

    path: str
    headings: tuple[Heading, ...]
    fields: tuple[tuple[str, str], ...]  # (field key, label as written) of each header field

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(h.key for h in self.headings)


@dataclass
class LearnedSection:
    key: str
    concept: str | None
    title: str
    aliases: list[str]
    count: int
    required: bool
    order: int | None = None
    kind: str | None = None
    inherited: tuple[str, ...] = ()  # aliases kept from the base pack's section this one replaces
    empty: int = 0  # reports that have it with no content (RL103)
    may_be_empty: bool = False  # empty too often for RL103 to report it: the template lets it stay empty


@dataclass
class LearnedField:
    key: str
    name: str
    aliases: list[str]
    count: int
    required: bool


@dataclass
class Learned:
    files: int
    min_share: float
    overlap: float
    sections: list[LearnedSection] = field(default_factory=list)
    fields: list[LearnedField] = field(default_factory=list)

    @property
    def required_sections(self) -> list[LearnedSection]:
        return [s for s in self.sections if s.required]

    @property
    def required_fields(self) -> list[LearnedField]:
        return [f for f in self.fields if f.required]

    @property
    def may_be_empty(self) -> list[LearnedSection]:
        return [s for s in self.sections if s.may_be_empty]


# --------------------------------------------------------------------------- concepts


def _concept_functions() -> tuple[Callable[[str], str | None], Callable[[str], str | None], Callable[[str], str | None]]:
    """``(concept_of(title), concept_title(id), concept_kind(id))`` from the section-concept vocabulary."""
    from reportlint._concepts import CONCEPTS, section_concept

    def title(concept: str) -> str | None:
        found = CONCEPTS.get(concept)
        return found.title if found else None

    def kind(concept: str) -> str | None:
        found = CONCEPTS.get(concept)
        return found.kind if found else None

    return section_concept, title, kind


# --------------------------------------------------------------------------- reading


def outline(path: str, text: str, concept_of: Callable[[str], str | None] | None = None) -> Outline:
    """The headings (the title and quoted source material left out) and field labels of one report."""
    from reportlint._builder import parse_document
    from reportlint._concepts import heading_words, is_concept_name
    from reportlint._text import normalize_title
    from reportlint.checks.structure._outline import empty_sections

    if concept_of is None:
        concept_of = _concept_functions()[0]
    doc = parse_document(path, text)
    # the first H1 is the report's title unless it is only a section's name ("# Summary")
    sections = [s for s in doc.sections if (s is not doc.title or is_concept_name(s.title)) and not doc.in_source_material(s.span.start) and normalize_title(s.title)]
    top = min((s.level for s in sections), default=0)
    empty = {id(s) for s in empty_sections(doc)}
    headings = []
    for section in sections:
        concept = concept_of(section.title)
        words = " ".join(heading_words(section.title)) or normalize_title(section.title)
        headings.append(Heading(concept if concept is not None else "heading:" + words, concept, " ".join(section.title.split()), section.level == top, words, concept, id(section) in empty))
    header = (None, doc.title, sections[0] if sections else None)
    labels: list[tuple[str, str]] = []
    for found in doc.fields:
        if found.source != "front-matter" and found.section not in header:
            continue  # a label inside a later section is that section's content, which the section requirement covers
        key = field_key(found.name)
        if key and normalize_title(found.name) not in _TOOL_KEYS and not doc.in_source_material(found.span.start):
            labels.append((key, " ".join(found.name.split())))
    return Outline(path, tuple(headings), tuple(labels))


def field_key(label: str) -> str:
    """What makes two field labels the same field: case, punctuation, parentheticals and plurals
    ignored ("Reporter(s)", "Reporters (upstream)" and "reporter")."""
    from reportlint._text import normalize_title

    words = normalize_title(_clean(label)).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def read_outlines(paths: Sequence[str], errors: list[tuple[str, str]], max_bytes: int | None = None) -> list[Outline]:
    """The outline of every Markdown file under ``paths``; unreadable files go to ``errors``."""
    from reportlint._source import DEFAULT_MAX_BYTES, InputError, discover, read_file

    concept_of = _concept_functions()[0]
    outlines = []
    for source in discover(paths, errors):
        assert source.filesystem_path is not None
        try:
            text = read_file(source.filesystem_path, max_bytes or DEFAULT_MAX_BYTES)
        except InputError as exc:
            errors.append((source.path, str(exc)))
            continue
        except OSError as exc:
            errors.append((source.path, f"cannot read: {exc.strerror or exc}"))
            continue
        outlines.append(outline(source.path, text, concept_of))
    return outlines


# --------------------------------------------------------------------------- learning


def overlap(outlines: Sequence[Outline]) -> float:
    """Median pairwise Jaccard overlap of the reports' template headings.

    Only headings at least two reports have count: a heading one report alone has (a
    narrative sub-heading) is no template's, and would make one template look mixed.
    Two reports with no shared heading overlap 0.
    """
    counts = Counter(key for o in outlines for key in o.keys)
    sets = [frozenset(k for k in o.keys if counts[k] >= 2) for o in outlines]
    values = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = sets[i] | sets[j]
            values.append(len(sets[i] & sets[j]) / len(union) if union else 0.0)
    return statistics.median(values) if values else 0.0


def split_coarse_concepts(outlines: Sequence[Outline]) -> list[Outline]:
    """The outlines with a concept the team splits into several sections counted by heading.

    When at least half of the reports that have a concept give it two or more headings of their
    own ("The Basics" and "The Vulnerability" both stand for details), the concept is coarser
    than the team's template: those headings are separate sections, each learned by its words.
    """
    having: Counter[str] = Counter()
    split: Counter[str] = Counter()
    for outline_ in outlines:
        forms: dict[str, set[str]] = {}
        for heading in outline_.headings:
            if heading.concept is not None:
                forms.setdefault(heading.concept, set()).add(heading.words)
        for concept, words in forms.items():
            having[concept] += 1
            split[concept] += len(words) > 1
    coarse = {c for c in having if split[c] * 2 >= having[c]}
    if not coarse:
        return list(outlines)
    return [Outline(o.path, tuple(Heading(h.own_key, None, h.title, h.top, h.words, h.meaning, h.empty) if h.concept in coarse else h for h in o.headings), o.fields) for o in outlines]


def merge_misspellings(outlines: Sequence[Outline]) -> list[Outline]:
    """The outlines with a misspelt heading ("Atendees", "Other recommandations") counted as
    the heading more reports spell that way: the same section, not a missing one.

    Only a heading no concept matches is merged, into one that more reports have, when the
    two wordings differ in at most one character in ten (and are at least 8 characters long).
    """
    from difflib import SequenceMatcher

    from reportlint._text import normalize_title

    counts = Counter(key for o in outlines for key in o.keys)
    forms: dict[str, set[str]] = {}
    for outline_ in outlines:
        for heading in outline_.headings:
            forms.setdefault(heading.key, set()).add(heading.words)
    targets = sorted((k for k in counts if counts[k] >= 2), key=lambda k: -counts[k])
    remap: dict[str, str] = {}
    for key in sorted(counts, key=lambda k: counts[k]):
        if not key.startswith("heading:") or counts[key] * 2 > len(outlines):
            continue
        for target in targets:
            if counts[target] <= counts[key] or target in remap:
                continue
            if any(_near(a, b, SequenceMatcher) for a in forms[key] for b in forms[target]):
                remap[key] = target
                break
    if not remap:
        return list(outlines)
    concept = {h.key: h.concept for o in outlines for h in o.headings}
    return [Outline(o.path, tuple(Heading(remap.get(h.key, h.key), concept[remap[h.key]] if h.key in remap else h.concept, h.title, h.top, h.words, h.meaning, h.empty) for h in o.headings), o.fields) for o in outlines]


def _near(a: str, b: str, matcher: type) -> bool:
    if a == b or min(len(a), len(b)) < 8 or abs(len(a) - len(b)) * 10 > max(len(a), len(b)):
        return False
    return bool(matcher(None, a, b).ratio() >= 0.9)


def needed(files: int, min_share: float) -> int:
    """How many reports must have a section for it to be required (never fewer than 2)."""
    return max(2, math.ceil(min_share * files - 1e-9))


def learn(outlines: Sequence[Outline], min_share: float = DEFAULT_MIN_SHARE, min_overlap: float = DEFAULT_MIN_OVERLAP) -> Learned:
    """The template ``outlines`` share; :class:`LearnError` when they share none."""
    files = len(outlines)
    if files < MIN_FILES:
        raise LearnError(f"{files} report{'s' if files != 1 else ''} found; at least {MIN_FILES} are needed to tell a shared template from chance")
    outlines = merge_misspellings(split_coarse_concepts(outlines))
    learned = Learned(files, min_share, overlap(outlines))
    threshold = needed(files, min_share)
    learned.sections = _sections(outlines, threshold, min_share)
    learned.fields = _fields(outlines, threshold)
    if learned.overlap < min_overlap:
        raise _Refusal(learned, f"these {files} reports do not share a template: their headings overlap {learned.overlap:.2f} "
                       f"(median Jaccard of two reports' shared headings; one template gives at least {min_overlap:.2f}). "
                       "Learn from one kind of report at a time (e.g. a folder per template)")
    if not learned.required_sections and not learned.required_fields:
        raise _Refusal(learned, f"no section or field is in {min_share:.0%} of these {files} reports; nothing to require")
    _order(learned.required_sections, outlines, min_share)
    return learned


class _Refusal(LearnError):
    """A refusal that still has the shares to show."""

    def __init__(self, learned: Learned, message: str) -> None:
        super().__init__(message)
        self.learned = learned


def _sections(outlines: Sequence[Outline], threshold: int, min_share: float) -> list[LearnedSection]:
    from reportlint._text import normalize_title

    concept_title, concept_kind = _concept_functions()[1:]
    have: Counter[str] = Counter()
    empty: Counter[str] = Counter()  # reports with the section left empty (any of its headings)
    groups: dict[str, Counter[str]] = {}  # key -> heading words -> reports
    wordings: dict[str, Counter[str]] = {}  # key -> heading as written -> reports
    concepts: dict[str, str | None] = {}
    meanings: dict[str, str | None] = {}
    first_seen: dict[str, int] = {}
    for outline_ in outlines:
        seen: set[str] = set()
        for key in {h.key for h in outline_.headings if h.empty}:
            empty[key] += 1
        for position, heading in enumerate(outline_.headings):
            concepts[heading.key] = heading.concept
            meanings.setdefault(heading.key, heading.meaning)
            first_seen.setdefault(heading.key, len(first_seen) * 1000 + position)
            counted = heading.key not in seen  # a report counts once per section, with its first wording
            seen.add(heading.key)
            have[heading.key] += counted
            groups.setdefault(heading.key, Counter())[heading.words] += counted
            wordings.setdefault(heading.key, Counter())[heading.title] += counted
    base = _base_sections()
    result = []
    for key in sorted(have, key=lambda k: (-have[k], first_seen[k])):
        concept = concepts[key]
        title = _title(groups[key], wordings[key], concept_title(concept) if concept else None)
        aliases: list[str] = []
        names = {normalize_title(title)}
        for form, _count in sorted(wordings[key].items(), key=lambda item: (-item[1], len(item[0]))):
            if normalize_title(form) not in names:
                names.add(normalize_title(form))
                aliases.append(form)
        meaning = concept or meanings[key]
        kind = concept_kind(meaning) if meaning else None
        inherited: list[str] = []
        for spec in base:  # the base section this one replaces (same id or a shared name): keep its names and kind
            if spec.id == (concept or "") or names & {normalize_title(n) for n in spec.names()}:
                for name in spec.names():
                    if normalize_title(name) not in names:
                        names.add(normalize_title(name))
                        inherited.append(name)
                kind = kind or spec.kind
        result.append(LearnedSection(key, concept, title, aliases + inherited, have[key], have[key] >= threshold, kind=kind if kind in _KINDS else None,
                                     inherited=tuple(inherited), empty=empty[key], may_be_empty=may_stay_empty(have[key], empty[key], min_share)))
    return result


def may_stay_empty(have: int, empty: int, min_share: float) -> bool:
    """Whether the template lets a section stay empty: the reports that have it leave it empty
    more often than ``1 - min_share`` (they fill it in fewer than ``min_share`` of them), and
    at least two do, so that one empty report is never taken for the template."""
    return empty >= 2 and have - empty < needed(have, min_share)


def _title(groups: Counter[str], wordings: Counter[str], concept_title: str | None) -> str:
    """The section's title: the team's most common heading for it, as written when some reports
    write it plainly ("Timeline"), else the concept's title or the heading without its
    parentheticals ("Timeline (all times PST) 10/14/2022" in every report differently)."""
    from reportlint._concepts import heading_words

    words = max(groups.items(), key=lambda item: (item[1], -len(item[0])))[0]
    plain = [form for form in wordings if " ".join(heading_words(form)) == words and len(_WORDS.findall(form.casefold())) == len(words.split())]
    if plain:
        return max(plain, key=lambda form: (wordings[form], -len(form))).rstrip(" :.")
    if concept_title and " ".join(heading_words(concept_title)) == words:
        return concept_title
    return _clean(max(wordings.items(), key=lambda item: (item[1], -len(item[0])))[0])


_WORDS = re.compile(r"[^\W_]+")
_KINDS = frozenset({"factual", "analysis", "action", "reference", "source"})


def _clean(title: str) -> str:
    """A heading without parentheticals and trailing punctuation."""
    text = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", title).strip(" :.-")
    return text or title


def _base_sections() -> tuple:  # the built-in base pack's sections
    from reportlint._packs import load_profile

    return load_profile("base").sections


def _fields(outlines: Sequence[Outline], threshold: int) -> list[LearnedField]:
    have: Counter[str] = Counter()
    wordings: dict[str, Counter[str]] = {}
    from reportlint._text import normalize_title

    for outline_ in outlines:
        seen: set[str] = set()
        for key, label in outline_.fields:
            forms = wordings.setdefault(key, Counter())
            if key not in seen:
                seen.add(key)
                have[key] += 1
                forms[label] += 1
            else:
                forms.setdefault(label, 0)
    result = []
    for key in sorted(have, key=lambda k: (-have[k], k)):
        labels: list[str] = []
        for label, _count in sorted(wordings[key].items(), key=lambda item: (-item[1], len(item[0]))):
            if normalize_title(label) not in {normalize_title(known) for known in labels}:
                labels.append(label)
        result.append(LearnedField(key, labels[0], labels[1:], have[key], have[key] >= threshold))
    return result


def _order(sections: list[LearnedSection], outlines: Sequence[Outline], min_share: float) -> None:
    """Give the required sections the order the reports agree on.

    As RL102 reads it: the sequence of each report's template sections at its highest level.
    A section whose place the reports disagree on (before X in some, after it in others,
    more often than ``1 - min_share``) gets no order; the others are ranked by how many of
    them each precedes.
    """
    keys = [s.key for s in sections]
    wanted = set(keys)
    before: Counter[tuple[str, str]] = Counter()
    for outline_ in outlines:
        present = [h for h in outline_.headings if h.key in wanted]
        if not present:
            continue
        sequence: list[str] = []
        for heading in present:
            if heading.top and heading.key not in sequence:
                sequence.append(heading.key)
        for i, a in enumerate(sequence):
            for b in sequence[i + 1:]:
                before[a, b] += 1

    def disagreements(key: str, pool: Iterable[str]) -> int:
        bad = 0
        for other in pool:
            if other == key:
                continue
            both = before[key, other] + before[other, key]
            if both and max(before[key, other], before[other, key]) < min_share * both:
                bad += 1
        return bad

    pool = [k for k in keys if any(before[k, o] + before[o, k] for o in keys if o != k)]
    while pool:
        worst = max(pool, key=lambda k: disagreements(k, pool))
        if disagreements(worst, pool) == 0:
            break
        pool.remove(worst)
    if len(pool) < 2:
        return
    ranked = sorted(pool, key=lambda k: (-sum(before[k, o] > before[o, k] for o in pool if o != k), keys.index(k)))
    by_key = {s.key: s for s in sections}
    for rank, key in enumerate(ranked, start=1):
        by_key[key].order = rank * 10


# --------------------------------------------------------------------------- writing


def pack_id_for(output: str | None) -> str:
    """The pack id: the output file's stem in kebab-case, else ``learned`` (never a built-in's id)."""
    from reportlint._packs import builtin_pack_ids

    if output:
        stem = re.sub(r"[^a-z0-9]+", "-", os.path.splitext(os.path.basename(output))[0].lower()).strip("-")
        if _ID.match(stem) and stem not in builtin_pack_ids():
            return stem
    return DEFAULT_PACK_ID


def _section_id(section: LearnedSection, taken: set[str]) -> str:
    base = section.concept if section.concept and _ID.match(section.concept) else re.sub(r"[^a-z0-9]+", "-", section.title.lower()).strip("-")
    if not _ID.match(base):
        base = "section-" + base if base and _ID.match("section-" + base) else "section"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _packs_name_concepts() -> bool:
    """Whether pack sections take a ``concept`` (headings then match by meaning and by words)."""
    from reportlint._packs import pack_schema

    return "concept" in pack_schema()["$defs"]["section"]["properties"]


def _matched_anyway(alias: str, section: LearnedSection) -> bool:
    """Whether a section naming its concept matches this alias without it: the alias means
    the concept, or has the title's words ("Timeline (all times PST) 10/14/2022")."""
    from reportlint._concepts import heading_words, section_concepts

    return section.concept in section_concepts(alias) or heading_words(alias) == heading_words(section.title)


def toml_string(text: str) -> str:
    """A TOML basic string."""
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _share(count: int, files: int) -> str:
    return f"{count}/{files} ({count / files:.0%})"


def learned_date() -> str:
    """Today (UTC), or the day SOURCE_DATE_EPOCH names, for reproducible packs."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def render_pack(learned: Learned, pack_id: str, inputs: Sequence[str], date: str | None = None) -> str:
    """The learned template as a commented pack."""
    date = date or learned_date()
    required = learned.required_sections
    lines = [
        f"# A report profile learned from {learned.files} reports by `reportlint profile learn` (reportlint {__version__}) on {date}.",
        f"# Inputs: {', '.join(inputs)}",
        f"# A section or field is required when at least {learned.min_share:.0%} of the reports have it (--min-share {learned.min_share:g}):",
        f"# here {needed(learned.files, learned.min_share)} of {learned.files}. Its title is the reports' most common heading; the other",
        "# headings they use for it are its aliases. `order` is the order the reports agree on; a section",
        "# without one may go anywhere.",
        f"# Overlap of the reports' headings (median Jaccard over pairs of reports): {learned.overlap:.2f}.",
        "# This is an ordinary pack (see rules/README.md in reportlint): edit it, or learn it again.",
        "",
        "[pack]",
        f"id = {toml_string(pack_id)}",
        "schema-version = 1",
        f"description = {toml_string(f'Learned from {learned.files} reports on {date}: ' + (', '.join(s.title for s in required) or 'no required sections'))}",
        'extends = ["base"]',
        "",
        "[structure]",
    ]
    taken: set[str] = set()
    concepts_in_packs = _packs_name_concepts()
    lines.append("sections = [")
    for section in sorted(required, key=lambda s: (s.order is None, s.order or 0)):
        inherited = [a for a in section.aliases if a in section.inherited and not (concepts_in_packs and section.concept and _matched_anyway(a, section))]
        lines.append(f"  # {section.title}: in {_share(section.count, learned.files)} of the reports" + (f" (concept: {section.concept})" if section.concept else "")
                     + (f"; also accepts the base pack's names for it: {', '.join(inherited)}" if inherited else ""))
        entry = [f"id = {toml_string(_section_id(section, taken))}", f"title = {toml_string(section.title)}"]
        aliases = section.aliases
        if concepts_in_packs and section.concept:
            entry.append(f"concept = {toml_string(section.concept)}")
            aliases = [a for a in aliases if not _matched_anyway(a, section)]
        if aliases:
            entry.append(f"aliases = [{', '.join(toml_string(a) for a in aliases)}]")
        entry.append("required = true")
        if section.order is not None:
            entry.append(f"order = {section.order}")
        if section.kind is not None:
            entry.append(f"kind = {toml_string(section.kind)}")
        lines.append("  { " + ", ".join(entry) + " },")
    lines.append("]")
    lines.append("fields = [")
    for found in learned.required_fields:
        label = toml_string(found.name) if not found.aliases else f"{{ name = {toml_string(found.name)}, aliases = [{', '.join(toml_string(a) for a in found.aliases)}] }}"
        lines.append(f"  {label},  # in {_share(found.count, learned.files)} of the reports")
    lines.append("]")
    optional = [s for s in learned.sections if not s.required and s.count >= 2]
    if optional:
        lines += ["", f"# Headings fewer than {learned.min_share:.0%} of the reports have (not required); move one into", "# `sections` above to require it:"]
        lines += [f"#   {s.title}: {_share(s.count, learned.files)}" for s in optional]
    optional_fields = [f for f in learned.fields if not f.required and f.count >= 2]
    if optional_fields:
        lines += ["", "# Fields fewer of them state (not required):"]
        lines += [f"#   {f.name}: {_share(f.count, learned.files)}" for f in optional_fields]
    if learned.may_be_empty:
        lines += ["", f"# Sections that more than {1 - learned.min_share:.0%} of the reports having them (and at least two) leave empty:",
                  "# the template lets them stay empty, so RL103 (empty section) does not report them. A section",
                  f"# filled in at least {learned.min_share:.0%} of the reports that have it is still reported when empty.",
                  "[options.RL103]", "may-be-empty = ["]
        for section in learned.may_be_empty:
            names = [section.title] if section.required else [section.title, *(a for a in section.aliases if a not in section.inherited)]
            lines.append(f"  {', '.join(toml_string(n) for n in names)},  # empty in {section.empty} of the {section.count} reports that have it")
        lines.append("]")
    return "\n".join(lines) + "\n"


def summary_table(learned: Learned) -> str:
    """Each section and field seen in at least two reports: its share, required or not."""
    def empty(s: LearnedSection) -> str:
        return f"{s.empty}/{s.count} " + ("(allowed)" if s.may_be_empty else "(reported)") if s.empty else ""

    rows = [(s.title, _share(s.count, learned.files), "required" if s.required else "-", str(s.order or ""), empty(s)) for s in learned.sections if s.count >= 2 or s.required]
    rows += [(f"field {f.name}", _share(f.count, learned.files), "required" if f.required else "-", "", "") for f in learned.fields if f.count >= 2 or f.required]
    header = ("section", "reports", "required", "order", "empty")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in (header, *rows)]
    lines.append(f"{learned.files} reports; heading overlap {learned.overlap:.2f}; required at {learned.min_share:.0%} "
                 f"({needed(learned.files, learned.min_share)} reports): {len(learned.required_sections)} sections, {len(learned.required_fields)} fields"
                 + (f"; {len(learned.may_be_empty)} may be empty" if learned.may_be_empty else ""))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the commands


def _safe(text: str) -> str:
    from reportlint.formats.text import safe

    return safe(text)


def dry_run(pack_text: str, paths: Sequence[str], out: TextIO) -> tuple[int, int]:
    """Lint ``paths`` with the pack (its profile rules only) and print what it reports per
    file; returns (findings, files)."""
    import tempfile

    from reportlint._engine import build_engines, lint_file
    from reportlint._settings import Settings
    from reportlint._source import discover, read_file

    with tempfile.TemporaryDirectory(prefix="reportlint-learn-") as folder:
        pack = os.path.join(folder, "learned.toml")
        write_new(pack, pack_text)
        settings = Settings(paths=tuple(paths), profile=pack, select=list(PROFILE_RULES), isolated=True, explicit=frozenset({"profile", "select"}))
        problems: list[str] = []
        engines = build_engines(settings, problems)
        errors: list[tuple[str, str]] = []
        total = files = 0
        for source in discover(paths, errors):
            assert source.filesystem_path is not None
            try:
                text = read_file(source.filesystem_path)
            except Exception:  # noqa: BLE001 - reported when the outlines were read
                continue
            outcome = lint_file(engines, source, text)
            files += 1
            if outcome.error is not None:
                out.write(_safe(f"{source.path}: error: {outcome.error[1]}") + "\n")
                continue
            if not outcome.findings:
                out.write(_safe(f"{source.path}: follows the template") + "\n")
            for finding in outcome.findings:
                out.write(_safe(f"{source.path}:{finding.span.start.line}:{finding.span.start.column}: {finding.code} {finding.message}") + "\n")
            total += len(outcome.findings)
    return total, files


def _learn_or_say_why(paths: Sequence[str], min_share: float, min_overlap: float, errors: list[tuple[str, str]], err: TextIO) -> Learned | None:
    """The profile learned from ``paths``; unreadable files go to ``errors`` (one line each on
    ``err``), and a refusal is explained on ``err`` (with the table when there is one): None."""
    outlines = read_outlines(paths, errors)
    for path, problem in errors:
        err.write(_safe(f"reportlint: error: {path}: {problem}" if path else f"reportlint: error: {problem}") + "\n")
    try:
        return learn(outlines, min_share, min_overlap)
    except LearnError as exc:
        if isinstance(exc, _Refusal):
            err.write(summary_table(exc.learned))
        err.write(_safe(f"reportlint: not learning a profile: {exc}") + "\n")
        return None


def learn_command(paths: Sequence[str], output: str | None, min_share: float, min_overlap: float, dry: bool, force: bool, out: TextIO, err: TextIO) -> int:
    """``reportlint profile learn``: returns the exit code."""
    from reportlint._source import display_path, discover, is_one_of

    if output is not None and not dry:
        problem = None
        if is_one_of(output, discover(paths, [])):
            problem = f"{display_path(output)}: is one of the reports learned from; not overwriting it"
        elif os.path.lexists(output) and not force:
            problem = f"{display_path(output)} already exists; not overwriting it (--force replaces it)"
        if problem:
            err.write(_safe(f"reportlint: error: {problem}") + "\n")
            return 2
    errors: list[tuple[str, str]] = []
    learned = _learn_or_say_why(paths, min_share, min_overlap, errors, err)
    if learned is None:
        return 2
    table = out if (output or dry) else err
    pack_id = pack_id_for(output)
    text = render_pack(learned, pack_id, [display_path(p) for p in paths])
    table.write(summary_table(learned))
    if dry:
        total, files = dry_run(text, paths, out)
        out.write(f"The learned profile would report {total} finding{'s' if total != 1 else ''} ({', '.join(PROFILE_RULES)}) in {files} reports ({total / max(files, 1):.2f} per report).\n")
        return 2 if errors else 0
    if output is None:
        out.write(text)
        return 2 if errors else 0
    try:
        write_new(output, text, force)
    except LearnError as exc:
        err.write(_safe(f"reportlint: error: {exc}") + "\n")
        return 2
    err.write(_safe(f"reportlint: wrote {display_path(output)} (profile {pack_id!r}); use it with --profile {display_path(output)}") + "\n")
    return 2 if errors else 0


def write_new(path: str, text: str, force: bool = False) -> None:
    """Write ``path`` atomically; an existing file only with ``force``."""
    from reportlint._atomic import create_atomic, write_atomic
    from reportlint._source import display_path

    try:
        if force:
            write_atomic(path, text)
        else:
            create_atomic(path, text)
    except FileExistsError:
        raise LearnError(f"{display_path(path)} already exists; not overwriting it (--force replaces it)") from None
    except OSError as exc:
        raise LearnError(f"{display_path(path)}: cannot write: {exc.strerror or exc}") from None


LEARNED_PACK = os.path.join(".reportlint", "learned.toml")


def init_learn(paths: Sequence[str], min_share: float, min_overlap: float, out: TextIO, err: TextIO, directory: str | None = None) -> int:
    """``reportlint init --learn PATH``: learn a pack into ``.reportlint/learned.toml`` and write a
    ``.reportlint.toml`` whose profile is that pack. Writes nothing when a config exists."""
    from pathlib import Path

    from reportlint._config import CONFIG_FILE, PYPROJECT, ConfigError, read_config, write_starter
    from reportlint._source import display_path

    root = Path(directory or os.getcwd())
    pyproject = root / PYPROJECT
    try:
        if (root / CONFIG_FILE).exists():
            raise ConfigError(f"{display_path(root / CONFIG_FILE)} already exists; not overwriting it")
        if pyproject.is_file() and read_config(pyproject) is not None:
            raise ConfigError(f"{display_path(pyproject)} already has a [tool.reportlint] table; not writing {CONFIG_FILE}")
    except ConfigError as exc:
        err.write(_safe(f"reportlint: error: {exc}") + "\n")
        return 2
    errors: list[tuple[str, str]] = []
    learned = _learn_or_say_why(paths, min_share, min_overlap, errors, err)
    if learned is None:
        return 2
    out.write(summary_table(learned))
    pack = root / LEARNED_PACK
    try:
        pack.parent.mkdir(exist_ok=True)
        write_new(str(pack), render_pack(learned, DEFAULT_PACK_ID, [display_path(p) for p in paths]))
        written = write_starter(Path(LEARNED_PACK).as_posix(), root)
    except (LearnError, ConfigError, OSError) as exc:
        err.write(_safe(f"reportlint: error: {exc}") + "\n")
        return 2
    out.write(_safe(f"reportlint: wrote {display_path(pack)} and {written} (profile = {Path(LEARNED_PACK).as_posix()!r})") + "\n")
    return 2 if errors else 0

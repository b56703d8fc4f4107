"""Which kind of section a sentence is in: factual, analysis, action, reference, source or unspecified.

The profile's section ``kind`` decides first; the rules' title-list options (defaults below)
name the other analysis, action and reference sections. Then the words of the title decide:
a title that names a factual part of a report ("Issue Summary", "Root cause of the outage",
"Timeline (all times UTC)") is factual, one that is a question, is hedged or names analysis,
ideas or recommendations ("Thoughts on how it might have been found") is analysis. A title
that says neither takes the kind of its parent; with none, the section is ``unspecified``:
not factual by default.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping

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
Lists = tuple[tuple[str, frozenset[str]], ...]
# The title lists, then the word sequences (plural-folded) that make a title factual and those
# that make it analysis ("title-words" options; absent: unknown titles inherit, then unspecified).
TitleLists = tuple[Lists, tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]
_TITLE_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _fold(word: str) -> str:
    """A title word with a plural "s" folded ("causes" = "cause") and apostrophes dropped."""
    word = word.replace("'", "").replace("’", "")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _title_words(text: str) -> tuple[str, ...]:
    return tuple(_fold(w) for w in _TITLE_WORD.findall(text.casefold().replace(";", "")))


def title_lists(ctx: RuleContext) -> TitleLists:
    """The rule's section-title options, by kind, and its title-word options."""
    return _normalized_lists(
        tuple(tuple(ctx.options.get(option, ())) for _kind, option in _KIND_OPTIONS),
        tuple(ctx.options.get("factual-title-words", ())), tuple(ctx.options.get("analysis-title-words", ())),
    )


@functools.lru_cache(maxsize=64)
def _normalized_lists(titles: tuple[tuple[str, ...], ...], factual: tuple[str, ...] = (), analysis: tuple[str, ...] = ()) -> TitleLists:
    """The section-title options of each kind, normalised once (every rule asks, for every document)."""
    lists = tuple((kind, frozenset(normalize_title(t) for t in chosen)) for (kind, _option), chosen in zip(_KIND_OPTIONS, titles))
    return lists, tuple(_title_words(p) for p in factual), tuple(_title_words(p) for p in analysis)


class _TitleWords:
    """The title-word options of one rule, indexed by first word, with each title's verdict
    remembered: every document asks about the same few titles, and a title's words are
    matched against the lists once per process, not once per section and ancestor."""

    def __init__(self, factual: tuple[tuple[str, ...], ...], analysis: tuple[tuple[str, ...], ...]) -> None:
        # the factual phrases longest first (a stable sort: list order among equals), as matched
        ranked = sorted(factual, key=len, reverse=True)
        self.factual = self._index(ranked)
        self.analysis = self._index(analysis)
        # titles remembered (a batch of thousands of reports repeats a few hundred)
        self.kind: Callable[[str], str | None] = functools.lru_cache(maxsize=4096)(self._kind)

    @staticmethod
    def _index(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """First word -> (rank, phrase) of each non-empty phrase, in rank order."""
        index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for rank, phrase in enumerate(phrases):
            if phrase:
                index.setdefault(phrase[0], []).append((rank, phrase))
        return index

    @staticmethod
    def _matches(words: tuple[str, ...], index: Mapping[str, list[tuple[int, tuple[str, ...]]]]) -> list[tuple[int, int, int]]:
        """(rank, position, length) of each occurrence of an indexed phrase in ``words``."""
        found = []
        for i, word in enumerate(words):
            for rank, phrase in index.get(word, ()):
                if words[i:i + len(phrase)] == phrase:
                    found.append((rank, i, len(phrase)))
        return found

    def _kind(self, raw_title: str) -> str | None:
        """factual, analysis or None (the title's words say neither).

        Factual phrases are matched first, longest first, and their words set aside, so "Root
        cause analysis" and "Patch analysis" stay factual while "Analysis of the exploit" is
        analysis. A question ("Could this have been found by fuzzing?") is analysis unless a
        factual phrase is all of it ("What happened?").
        """
        words = _title_words(raw_title.split("(")[0] if not raw_title.lstrip().startswith("(") else raw_title)
        if not words:
            return None
        covered = [False] * len(words)
        for _rank, i, n in sorted(self._matches(words, self.factual)):
            if not any(covered[i:i + n]):
                covered[i:i + n] = [True] * n
        rest = tuple(w if not c else "" for w, c in zip(words, covered))
        if (raw_title.rstrip().endswith("?") and not all(covered)) or self._matches(rest, self.analysis):
            return "analysis"
        return "factual" if any(covered) else None


@functools.lru_cache(maxsize=64)
def _title_words_of(factual: tuple[tuple[str, ...], ...], analysis: tuple[tuple[str, ...], ...]) -> _TitleWords:
    return _TitleWords(factual, analysis)


def _section_kind(section: Section | None, kinds: Mapping[str, str], lists: TitleLists, by_words: _TitleWords) -> str:
    """factual | analysis | action | reference | source | unspecified, from the profile, the
    title lists or the title's words.

    The nearest section (or ancestor below the document title) that the profile, the rule's
    title lists or its title words know decides; else ``unspecified``.
    """
    titles_by_kind, factual, analysis = lists
    node = section
    while node is not None and (node is section or node.level > 1):  # the title is no section kind
        title = normalize_title(node.title)
        given = kinds.get(title)
        if given is not None and given != "factual":
            return given
        for kind, titles in titles_by_kind:
            if title in titles:
                return kind
        if given is not None:
            return given
        said = by_words.kind(node.title) if factual or analysis else None
        if said is not None:
            return said
        node = node.parent
    return "unspecified" if factual or analysis else "factual"


def kinds_of(sections: Iterable[Section | None], specs: tuple[SectionSpec, ...], lists: TitleLists) -> dict[int, str]:
    """The kind of each of ``sections`` (by id), from the profile's section ``specs`` and the rule's title lists."""
    kinds = kinds_by_title(specs)
    by_words = _title_words_of(lists[1], lists[2])
    return {id(section): _section_kind(section, kinds, lists, by_words) for section in sections}

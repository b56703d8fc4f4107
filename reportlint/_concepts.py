"""Section concepts: what a heading means, whatever its wording.

The vocabulary is ``rules/concepts.toml`` (shipped with the packs as ``_packs/concepts.toml``):
each concept has an id ("impact"), a display title ("Impact"), a kind and the word
sequences real templates use for it. :func:`section_concept` maps a heading to the concept
it stands for; packs name concepts (``concept = "impact"`` in a section entry) so that RL101
accepts "Incident Impact", "Who was affected?" or "3. Impact (customers):" alike.

Stable API (exported by ``reportlint.api``):

- ``section_concept(title) -> str | None``: the concept id a heading stands for;
- ``section_concepts(title) -> tuple[str, ...]``: all of them ("Timeline and Response");
- ``heading_words(title) -> tuple[str, ...]``: the normalised words matching works on;
- ``CONCEPTS``: a read-only mapping id -> :class:`Concept` (``.title``, ``.kind``, ``.phrases``),
  in vocabulary order; ``concept_title(id)`` is the display title.

The vocabulary is read on first use, not at import.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlint._dates import lazy_regex
from reportlint._toml import read_toml

VOCABULARY_STEM = "concepts"
"""The stem of the vocabulary file among the packs (it is not a pack)."""


@dataclass(frozen=True, slots=True)
class Concept:
    """One section concept of the vocabulary."""

    id: str
    title: str
    kind: str
    phrases: tuple[str, ...]  # as written in the vocabulary, questions included
    templates: tuple[str, ...] = ()


class VocabularyError(Exception):
    """The concept vocabulary cannot be read (a broken installation)."""


def _vocabulary_path() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_packs" / f"{VOCABULARY_STEM}.toml"
    return packaged if packaged.is_file() else here.parent / "rules" / f"{VOCABULARY_STEM}.toml"


# ---------------------------------------------------------------- normalisation

# Compiled by lazy_regex, and run only on headings with a character each match needs.
_MARKUP = r"<[^<>\n]*>|:[a-z0-9_+-]+:|[*_`~]+"  # HTML tags, :emoji: codes, emphasis marks
_LINK = r"!?\[([^\[\]]*)\]\([^()]*\)"
_BRACKETED = r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}"
_OPEN_BRACKET = r"\s[(\[][\s\S]*"  # an unclosed "(" runs to the end
# Compiled by lazy_regex, like _TRAILER: most headings fail the cheap test of _may_be_numbered.
_NUMBERING = r"(?i)^[\s#]*(?:(?:step|section|part|chapter|phase)\s+)?(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[ \t]*[.):]\s+|^\s*\d+(?:\.\d+)*\s+"
_STEP_WORDS = frozenset({"step", "section", "part", "chapter", "phase"})
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ZONES = r"(?:utc|gmt|pst|pdt|est|edt|cst|cdt|cet|cest|bst|ist|jst|aest)"
# A date, weekday, time-zone note or "all times ..." where the heading's name ends.
_TRAILER = (  # compiled by lazy_regex, for the headings that pass _may_have_trailer
    rf"(?i)(?<![\w-])(?:{_WEEKDAYS}\b|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?!\w)"
    rf"|\d{{1,4}}[/.-]\d{{1,2}}(?:[/.-]\d{{1,4}})?(?![\w-])|(?:19|20)\d\d(?![\w-])|{_ZONES}\b|all\s+times\b|times\s+(?:are|in)\b)"
)
# The words that stand alone in some _TRAILER match, and the starts of its month names.
_TRAILER_WORDS = frozenset(
    [f"{day}day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")]
    + "utc gmt pst pdt est edt cst cdt cet cest bst ist jst aest times".split()
)
_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RUNS = re.compile(r"[a-z]+|[0-9]+")
_WORD = re.compile(r"[^\W_]+")


def _may_be_numbered(text: str) -> bool:
    """False when _NUMBERING cannot match ``text``: a cheap test, so that headings without
    leading numbering ("Incident Report 7: ...") never compile that pattern. ASCII only;
    other text (which case-insensitive matching folds in its own ways) always passes."""
    if not text.isascii():
        return True
    head = text.lower().lstrip(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f#")
    if head[:1].isdigit():
        return True
    word = head[: len(head) - len(head.lstrip("abcdefghijklmnopqrstuvwxyz"))]
    if not word:
        return False
    if word in _STEP_WORDS:
        return True
    return (len(word) == 1 or not word.strip("ivxlc")) and head[len(word):].lstrip(" \t")[:1] in (".", ")", ":")


def _may_have_trailer(text: str) -> bool:
    """False when _TRAILER cannot match ``text``: it needs a weekday, zone or "times" as a whole
    word, or digits: four in a row, two runs joined by "/", "." or "-", or beside a month name.
    ASCII only; other text always passes."""
    if not text.isascii():
        return True
    text = text.lower()
    runs = _RUNS.findall(text)
    if not _TRAILER_WORDS.isdisjoint(runs):
        return True
    numbers = [run for run in runs if run[0].isdigit()]
    if not numbers:
        return False
    if any(len(run) >= 4 for run in numbers) or any(run.startswith(_MONTH_STARTS) for run in runs):
        return True
    return any(text[i - 1: i].isdigit() and text[i + 1: i + 2].isdigit() for i, c in enumerate(text) if c in "/.-")
_SPELLINGS = {
    "acknowledgment": "acknowledgement", "judgement": "judgment", "preventive": "preventative",
}
_PREPOSITIONS = frozenset({"of", "for", "on", "in", "from", "to", "with", "about", "by", "at", "during", "after", "before", "against", "into"})
_COORDINATORS = frozenset({"and", "or", "amp"})


def _fold(word: str) -> str:
    """One spelling for a word's variants: plural "s"/"ies" folded, British/US pairs joined."""
    word = _SPELLINGS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _SPELLINGS.get(word, word)


def _words(text: str) -> tuple[str, ...]:
    text = text.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return tuple(_fold(w) for w in _WORD.findall(text))


@lru_cache(maxsize=4096)
def heading_words(title: str) -> tuple[str, ...]:
    """The words of a heading as concept matching sees them.

    Inline markup, links (their text stays), HTML tags, emoji and ``:emoji:`` codes,
    parentheticals, leading numbering ("3.", "IV)", "Step 2:"), and a trailing date, weekday,
    time zone or "all times ..." note after the name are dropped; the rest is case-folded,
    split on anything that is not a letter or digit, with plural "s" folded.
    ``"3. Timeline (all times PST) 09/07/2022 - 11/03/2022"`` -> ``("timeline",)``.
    """
    text = lazy_regex(_LINK).sub(r"\1", title) if "](" in title else title
    if text.count(":") > 1 or any(c in text for c in "<*_`~"):
        text = lazy_regex(_MARKUP).sub(" ", text)
    if "(" in text or "[" in text or "{" in text:
        previous = None
        while previous != text:  # nested parentheticals, innermost first
            previous, text = text, lazy_regex(_BRACKETED).sub(" ", text)
        text = lazy_regex(_OPEN_BRACKET).sub(" ", text)
    if _may_be_numbered(text):
        text = lazy_regex(_NUMBERING).sub("", text, count=1)
    name_end = 0
    for trailer in lazy_regex(_TRAILER).finditer(text) if _may_have_trailer(text) else ():  # a date that opens the heading is part of its name
        if _WORD.search(text[name_end: trailer.start()]):
            text = text[: trailer.start()]
            break
        name_end = trailer.end()
    return _words(text)


# ---------------------------------------------------------------- vocabulary


class _Vocabulary:
    """The concept vocabulary as read, with its phrases indexed by their first word.

    A plain class, not a dataclass: built once, read-only by convention, and most runs never
    read the vocabulary, so its generated methods would only cost compiling at import."""

    __slots__ = ("concepts", "by_first", "wildcard_first")

    def __init__(
        self, concepts: dict[str, Concept], by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]],
        wildcard_first: tuple[tuple[tuple[str, ...], str], ...],
    ) -> None:
        self.concepts = concepts
        self.by_first = by_first  # first word -> (phrase words, concept id), longest phrases first; "*" matches one word
        self.wildcard_first = wildcard_first


def _phrase_words(phrase: str) -> tuple[str, ...]:
    words: list[str] = []
    for token in phrase.replace("*", " * ").split():
        words.extend(("*",) if token == "*" else _words(token))
    return tuple(words)


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = read_toml(_vocabulary_path(), "concept vocabulary", VocabularyError)
    concepts: dict[str, Concept] = {}
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for entry in data.get("concept", []):
        phrases = tuple(entry.get("phrases", ())) + tuple(entry.get("questions", ()))
        concept = Concept(entry["id"], entry["title"], entry.get("kind", "factual"), phrases, tuple(entry.get("templates", ())))
        concepts[concept.id] = concept
        for phrase in (*phrases, concept.title):
            words = _phrase_words(phrase)
            if words:
                index.setdefault(words[0], []).append((words, concept.id))
    by_first = {k: tuple(sorted(set(v), key=lambda p: -len(p[0]))) for k, v in index.items() if k != "*"}
    return _Vocabulary(concepts, by_first, tuple(sorted(set(index.get("*", [])), key=lambda p: -len(p[0]))))


class _Concepts(Mapping[str, Concept]):
    """The vocabulary as a read-only mapping, loaded on first use."""

    def __getitem__(self, key: str) -> Concept:
        return _vocabulary().concepts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_vocabulary().concepts)

    def __len__(self) -> int:
        return len(_vocabulary().concepts)

    def __repr__(self) -> str:
        return f"CONCEPTS({', '.join(self)})"


CONCEPTS: Mapping[str, Concept] = _Concepts()
"""Every concept by id, in vocabulary order."""


def concept_title(concept_id: str) -> str:
    """The display title of a concept ("root-causes" -> "Root Causes")."""
    return CONCEPTS[concept_id].title


# ---------------------------------------------------------------- matching


def _matches(words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Every (start, end, concept) phrase occurrence, longest first at each start."""
    vocab = _vocabulary()
    found = []
    for start, word in enumerate(words):
        for phrase, cid in vocab.by_first.get(word, ()) + vocab.wildcard_first:
            end = start + len(phrase)
            if end <= len(words) and all(p == "*" or p == w for p, w in zip(phrase, words[start:end])):
                found.append((start, end, cid))
    return found


@lru_cache(maxsize=4096)
def section_concepts(title: str) -> tuple[str, ...]:
    """Every concept a heading stands for, in heading order; ``()`` for none.

    Longest matches win where phrases overlap. Of separate matches, the head of the noun
    phrase counts: the last match ("Incident Impact" -> impact), or the last one before a
    preposition ("Summary of Impact" -> summary). Matches joined only by "and", "or", "&",
    "/" or "," stand for all of them ("Timeline and Response" -> timeline, response).
    In a long heading (more than five words) a phrase counts only at its start or end, so
    that a narrative heading that mentions a concept in passing stands for nothing.
    """
    words = heading_words(title)
    if not words:
        return ()
    chosen: list[tuple[int, int, str]] = []
    taken = [False] * len(words)
    for start, end, cid in sorted(_matches(words), key=lambda m: (m[0] - m[1], m[0])):
        if not any(taken[start:end]):
            chosen.append((start, end, cid))
            for i in range(start, end):
                taken[i] = True
    if len(words) > 5:
        chosen = [m for m in chosen if m[0] == 0 or m[1] == len(words)]
    if not chosen:
        return ()
    chosen.sort()
    gaps = [words[a[1]:b[0]] for a, b in zip(chosen, chosen[1:])]
    if all(all(w in _COORDINATORS for w in gap) for gap in gaps):
        return tuple(dict.fromkeys(cid for _, _, cid in chosen))
    preposition = next((i for i, w in enumerate(words) if w in _PREPOSITIONS and i > chosen[0][0]), None)
    before = [m for m in chosen if preposition is None or m[1] <= preposition] or chosen
    return (before[-1][2],)


def section_concept(title: str) -> str | None:
    """The concept id a heading stands for, or None.

    ``"3. Incident Impact:"`` -> ``"impact"``; ``"Why was this hard to detect?"`` ->
    ``"detection"``; ``"Timeline (all times UTC) 2024-05-02"`` -> ``"timeline"``. A heading
    that coordinates several concepts ("Timeline and Response") gives the first; use
    :func:`section_concepts` for all of them.
    """
    found = section_concepts(title)
    return found[0] if found else None


def is_concept_name(title: str) -> bool:
    """Whether the whole heading is one concept's name and nothing else ("Adversary Overview",
    "Summary"), as opposed to a title that merely mentions one."""
    words = heading_words(title)
    if not words:
        return False
    return any(start == 0 and end == len(words) for start, end, _ in _matches(words))

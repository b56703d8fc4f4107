"""Phrase lists as the RL4 rules match them: one regex per list, tried only where it can match.

A text is first reduced to its :func:`words_of`; a phrase whose words are not all among them
cannot match, so most sentences never meet the regex of a list, and the others meet a regex
of just the phrases whose words they have.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from reportlint.api import RuleContext

_TOKEN = re.compile(r"\w+")
# The only non-ASCII characters ``re.IGNORECASE`` matches to an ASCII letter.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# In ASCII text a word (``\w+``) is a run of letters, digits and "_": the rest becomes spaces.
_ASCII_WORDS = str.maketrans({c: c.lower() if c.isalnum() or c == "_" else " " for c in map(chr, range(128))})

# Where a phrase list may match: its phrases' words filed under their longest word.
PhraseIndex = dict[str, tuple[tuple[frozenset[str], int], ...]]


def words_of(text: str) -> frozenset[str]:
    """The words of ``text`` as phrase lists are tested against them: lowercase, and folded
    like ``re.IGNORECASE`` folds them onto ASCII."""
    if text.isascii():
        return frozenset(text.translate(_ASCII_WORDS).split())
    return frozenset(w.translate(_FOLD).lower() for w in _TOKEN.findall(text))


# Auxiliaries a text may contract onto the word before ("it's thought", "we've seen"): a phrase
# "it is thought" matches "it's thought" too, and needs none of them among the text's words.
_CONTRACTIONS = {"is": "s", "has": "s", "are": "re", "have": "ve", "will": "ll", "would": "d", "had": "d", "am": "m"}


def _index(phrases: Sequence[str]) -> PhraseIndex | None:
    """The words of each phrase (with its position in ``phrases``), filed under its longest
    word. A phrase matches only in a text that has all its words (they are whole words in the
    pattern). None: no such test (a phrase without words, or with non-ASCII ones, which case
    folding may not map one to one)."""
    index: dict[str, list[tuple[frozenset[str], int]]] = {}
    for position, phrase in enumerate(phrases or ("",)):
        words = _TOKEN.findall(phrase.lower())
        if not words or not phrase.isascii():
            return None
        needed = [w for i, w in enumerate(words) if i == 0 or w not in _CONTRACTIONS] or words
        index.setdefault(max(needed, key=len), []).append((frozenset(needed), position))
    return {key: tuple(sets) for key, sets in index.items()}


class Phrases:
    """A regex for a phrase list, run only on texts that have all the words of one phrase.

    On such a text it runs the regex of just the phrases whose words it has: the others
    cannot match, and an alternation of a few phrases is many times faster than one of
    sixty. The full regex is compiled only when asked for (a cold run on one report meets
    few of the lists).
    """

    __slots__ = ("phrases", "build", "flags", "compiled", "index", "keys")

    def __init__(self, phrases: Sequence[str], build: Callable[[Sequence[str]], str], flags: int, indexed: bool = True) -> None:
        self.phrases, self.build, self.flags = tuple(phrases), build, flags
        self.compiled: re.Pattern[str] | None = None
        self.index: PhraseIndex | None = _index(self.phrases) if indexed else None
        # The words one of which a text needs for the list to match; None: no word test.
        self.keys: frozenset[str] | None = frozenset(self.index) if self.index is not None else None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The regex of the whole list."""
        if self.compiled is None:
            self.compiled = re.compile(self.build(self.phrases), self.flags)
        return self.compiled

    def may_match(self, words: frozenset[str]) -> bool:
        """False when no phrase can match a text of these :func:`words_of`."""
        index, keys = self.index, self.keys
        if index is None or keys is None:
            return True
        return any(phrase <= words for key in keys & words for phrase, _ in index[key])

    def finditer(self, text: str, words: frozenset[str]) -> Iterator[re.Match[str]]:
        """The matches of the list in ``text`` (whose :func:`words_of` are ``words``)."""
        index, keys = self.index, self.keys
        if index is None or keys is None:
            return self.pattern.finditer(text)
        # The positions, in list order, of the phrases whose words are all in ``words``.
        positions = tuple(sorted(position for key in keys & words for phrase, position in index[key] if phrase <= words))
        return _subpattern(self, positions).finditer(text) if positions else iter(())


@functools.lru_cache(maxsize=512)
def _subpattern(phrases: Phrases, positions: tuple[int, ...]) -> re.Pattern[str]:
    """The regex of the phrases at ``positions`` (in list order, so the same one wins)."""
    if len(positions) == len(phrases.phrases):
        return phrases.pattern
    return re.compile(phrases.build([phrases.phrases[i] for i in positions]), phrases.flags)


def _joined(part: str) -> str:
    """A phrase's regex: words joined by white space or hyphens; an auxiliary after the first
    word may be contracted onto the word before it ("it's thought" for "it is thought")."""
    pieces = []
    for i, word in enumerate(part.split()):
        short = _CONTRACTIONS.get(word.lower()) if i else None
        sep = r"[\s-]+" if i else ""
        pieces.append(f"(?:{sep}{re.escape(word)}|['’]{short})" if short else sep + re.escape(word))
    return "".join(pieces)


def _alternatives(parts: Sequence[str]) -> str:
    alternatives = [_joined(part) for part in parts]
    return r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w'’]|-\w)"


@functools.lru_cache(maxsize=64)
def compile_phrases(terms: tuple[str, ...]) -> Phrases | None:
    """One regex for a phrase list: case-insensitive, whole words, longest phrase first."""
    if not terms:
        return None
    parts = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    return Phrases(parts, _alternatives, re.IGNORECASE)


def phrase_lists(ctx: RuleContext, *names: str) -> list[Phrases | None]:
    """The compiled phrase lists of the rule's options ``names`` (absent: None)."""
    return [compile_phrases(tuple(ctx.options.get(name, ()))) for name in names]


def find(text: str, words: frozenset[str], terms: Phrases | None, exceptions: Phrases | None = None) -> list[re.Match[str]]:
    """Matches of ``terms`` in ``text`` (whose :func:`words_of` are ``words``) that do not fall
    inside a match of ``exceptions``."""
    if terms is None:
        return []
    found = list(terms.finditer(text, words))
    if not found or exceptions is None:
        return found
    spans = [m.span() for m in exceptions.finditer(text, words)]
    return [m for m in found if not any(a <= m.start() and m.end() <= b for a, b in spans)]

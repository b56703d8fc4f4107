"""Text helpers the model's heuristics share: matching titles and trimming ranges."""
from __future__ import annotations

import re
from functools import lru_cache

_NUMBERING = re.compile(r"^\s*(?:(?:\d+|[ivxlc]+|[a-z])[.)]|\d+(?:\.\d+)*)\s+", re.IGNORECASE)
_EDGE_PUNCT = re.compile(r"^[\W_]+|(?<![\W_])[\W_]+$")  # lookbehind: linear on long runs


@lru_cache(maxsize=4096)
def normalize_title(title: str) -> str:
    """Heading text for matching: case, numbering ("3. Impact"), edge punctuation ignored.

    Cached: rules normalise the same few titles and option lists for every sentence.
    """
    text = _NUMBERING.sub("", title.strip())
    text = _EDGE_PUNCT.sub("", text)
    return " ".join(text.casefold().split())



def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading and trailing white space (``(end, end)`` if nothing is left)."""
    segment = text[start:end]
    kept = segment.strip()
    if not kept:
        return end, end
    start += len(segment) - len(segment.lstrip())
    return start, start + len(kept)



def shorten(text: str, limit: int = 64) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ``...`` marking the cut.

    For text quoted in a message, such as a heading that runs on for a paragraph."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 4]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + " ..."


def plural(count: int, noun: str) -> str:
    """``1 finding``, ``2 findings``: a count with its noun, for summaries and messages."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

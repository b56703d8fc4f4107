"""Field labels that name a point in time, and labels compared without their date words."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_LABEL_NOISE = re.compile(r"\([^()]*\)|\b(?:date|dates|time|times|datetime|timestamp|of|at|on|the|and|in|utc|when)\b|[/_:]")
_LABEL_WORDS = re.compile(r"[a-z]+")
_LABEL_TAIL = re.compile(r"\([^()]*\)|\bin\s+[\w+:-]+\s*$")  # [^()]: linear on runs of "("
_DATE_HEADS = frozenset({"date", "dates", "datetime", "timestamp", "when", "time"})
_DATE_OF = frozenset({"of", "and", "time", "reported", "discovered", "detected", "published", "observed", "opened", "closed"})
_EVENT_WORDS = frozenset(
    """detected discovered reported published disclosed occurred start started end ended began updated
    last-updated revised last-revised first-seen first-observed last-seen last-observed first-detected
    first-reported first-activity last-activity""".split()
)


@lru_cache(maxsize=1024)
def is_date_label(label: str) -> bool:
    """Whether a field label names a point in time: "Discovery Date", "Date/Time",
    "Date and Time in CET", "Detected", "First observed" (not "Time to detection")."""
    words = _LABEL_WORDS.findall(_LABEL_TAIL.sub(" ", label.casefold()))
    if not words:
        return False
    if words[-1] in _DATE_HEADS or "-".join(words) in _EVENT_WORDS:
        return True
    return words[0] == "date" and words[1] in _DATE_OF


@lru_cache(maxsize=1024)
def label_key(label: str) -> str:
    """A field label with its date/time words removed: "Date of Discovery" -> "discovery"."""
    return " ".join(_LABEL_NOISE.sub(" ", label.casefold().replace("-", " ")).split())


def in_list(label: str, names: Iterable[str]) -> bool:
    """Whether ``label`` is one of ``names``, both compared without their date words."""
    key = label_key(label)
    return bool(key) and key in label_keys(tuple(names))


@lru_cache(maxsize=64)
def label_keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(label_key(name) for name in names)

"""Measured accuracy of the built-in rules on real reports, and the precision policy.

``rules/accuracy/real.toml`` (shipped as ``reportlint/_packs/accuracy/real.toml``) holds, per
rule, its precision on hand-judged findings of real reports and, where it has one, on its
labelled set (the RL4 sentence set or the rule's fixtures). ``eval/real/score.py
--write-accuracy`` rewrites it. The file lives in a subfolder so pack discovery
(``rules/*.toml``) never sees it.

The policy, like ruff's preview rules: a rule is on by default only when :func:`qualifies`.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlint._packs import builtin_pack_dir
from reportlint._toml import read_toml

MIN_PRECISION = 0.9
MIN_JUDGED = 10
ACCURACY_FILE = Path("accuracy") / "real.toml"


def accuracy_path() -> Path:
    return builtin_pack_dir() / ACCURACY_FILE


@lru_cache(maxsize=1)
def load_accuracy() -> dict[str, Any]:
    """The whole accuracy file (``{}`` when it is absent)."""
    path = accuracy_path()
    if not path.is_file():
        return {}
    return read_toml(path, "accuracy file", ValueError)


def rule_accuracy(code: str) -> Mapping[str, Any] | None:
    """The measurements of one rule, or None when it was never measured."""
    found = load_accuracy().get("rules", {}).get(code)
    return found if isinstance(found, Mapping) else None


def qualifies(entry: Mapping[str, Any] | None) -> tuple[bool, str]:
    """Whether a rule measured as ``entry`` may be on by default, and why (or why not).

    Precision on the real reports must be at least 0.9 over at least 10 judged findings
    (TP + FP). With fewer, none may be left unjudged, those few must reach 0.9 too, and so must
    the rule's labelled set:
    the RL4 sentence set (precision >= 0.9), or the rule's fixtures (every fail fixture found,
    no finding on a pass fixture).
    """
    if entry is None:
        return False, "not measured"
    judged = int(entry.get("judged", 0))
    precision = entry.get("precision")
    if judged >= MIN_JUDGED:
        ok = precision is not None and precision >= MIN_PRECISION
        return ok, f"precision {precision:.2f} on {judged} judged findings of real reports"
    unjudged = int(entry.get("unjudged", 0))
    if unjudged:
        return False, f"only {judged} judged findings of real reports and {unjudged} not yet judged"
    if judged and (precision is None or precision < MIN_PRECISION):
        return False, f"precision {precision:.2f} on only {judged} judged findings of real reports"
    labelled = entry.get("labelled_precision")
    where = entry.get("labelled_set", "")
    head = f"{judged} judged findings of real reports" + (f" (precision {precision:.2f})" if judged else "")
    if labelled is None:
        return False, f"{head} and no labelled set"
    if str(where).startswith("tests/fixtures"):
        ok = labelled >= 1.0 and entry.get("labelled_recall", 0.0) >= 1.0
        return ok, f"{head}; fixtures {where}: precision {labelled:.2f}, recall {entry.get('labelled_recall', 0.0):.2f}"
    return labelled >= MIN_PRECISION, f"{head}; labelled set {where}: precision {labelled:.2f}"


def state(status: str, default_enabled: bool) -> str:
    """``on``, ``preview``, ``off-by-default``, ``deprecated`` or ``removed``."""
    if status in ("preview", "deprecated", "removed"):
        return status
    return "on" if default_enabled else "off-by-default"


def short(entry: Mapping[str, Any] | None) -> str:
    """``0.95 (n=41)``; ``n=0`` measured without a judged finding; ``-`` never measured."""
    if entry is None:
        return "-"
    judged = int(entry.get("judged", 0))
    precision = entry.get("precision")
    return f"{precision:.2f} (n={judged})" if judged and precision is not None else f"n={judged}"


def doc_line(entry: Mapping[str, Any] | None) -> str:
    """The accuracy line of a rule's documentation page."""
    if entry is None:
        return "Not yet measured on real reports."
    judged = int(entry.get("judged", 0))
    precision = entry.get("precision")
    if judged and precision is not None:
        text = f"Measured on real reports: precision {precision:.2f} ({judged} judged)"
    else:
        text = "Measured on real reports: no judged finding yet"
    if "recall" in entry:
        text += f", recall {entry['recall']:.2f}"
    family = entry.get("family_recall")
    if family is not None:
        text += f"; its family finds {family:.2f} of the clear misses an editor marked"
    if "labelled_precision" in entry:
        text += f"; on its labelled set ({entry.get('labelled_set', '')}) precision {entry['labelled_precision']:.2f}"
        if "labelled_recall" in entry:
            text += f", recall {entry['labelled_recall']:.2f}"
    measured = entry.get("measured")
    return f"{text}{f' (measured {measured})' if measured else ''}."

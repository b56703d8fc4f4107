"""Section concepts (reportlint.api.section_concept): headings matched by meaning."""
from __future__ import annotations

import pytest

from reportlint._packs import builtin_pack_ids, builtin_pack_dir
from reportlint._toml import loads
from reportlint.api import CONCEPTS, concept_title, heading_words, is_concept_name, section_concept, section_concepts


@pytest.mark.parametrize(("heading", "concept"), [
    ("Summary", "summary"),
    ("Problem Summary", "summary"),
    ("## 2. Executive Summary:", "summary"),
    ("Service Impact", "impact"),
    ("Who was affected?", "impact"),
    ("Timeline (times in CET) 2024/03/01 - 2024/03/04. Times are approximate", "timeline"),
    ("Timeline Friday March 1st, 2024", "timeline"),
    ("Timeline of the outage", "timeline"),
    ("🕒 Timeline", "timeline"),
    ("Contributing Factors (draft)", "root-causes"),
    ("Why did this happen?", "root-causes"),
    ("Resolution and Recovery", "response"),
    ("Actions Taken", "response"),
    ("Corrective and Preventive Measures", "action-items"),
    ("Follow-ups", "action-items"),
    ("Longer-term improvements (Q3)", "action-items"),
    ("Learnings", "lessons-learned"),
    ("What went wrong?", "lessons-learned"),
    ("Why was this hard to detect?", "detection"),
    ("Useful Links", "references"),
    ("Threat Group Report References", "references"),   # head-final: the last phrase wins
    ("Summary of Impact", "summary"),                    # ... but not across "of"
    ("IV) Lessons Learned", "lessons-learned"),
    ("**Impact** (customers)", "impact"),
    ("[References](#refs)", "references"),
    ("What is Acme doing about it?", "action-items"),  # "*" stands for one word
    ("Acknowledgments", "credits"),
    ("Acknowledgements", "credits"),
])
def test_headings_stand_for_their_concept(heading: str, concept: str) -> None:
    assert section_concept(heading) == concept


@pytest.mark.parametrize("heading", [
    "Checkout outage on a busy Friday",
    "How the cache warmed up after the change went out",   # a narrative heading: no phrase at its start or end
    "March 2nd 2024 Login Outage",
    "",
    "2024",
])
def test_other_headings_stand_for_nothing(heading: str) -> None:
    assert section_concept(heading) is None


def test_coordinated_headings_stand_for_each_concept() -> None:
    assert section_concepts("Timeline and Response") == ("timeline", "response")
    assert section_concepts("Detection & Response") == ("detection", "response")
    assert section_concepts("Impact / Detection") == ("impact", "detection")
    assert section_concept("Timeline and Response") == "timeline"


def test_heading_words_drop_what_is_not_the_name() -> None:
    assert heading_words("3.2 Root Causes (preliminary):") == ("root", "cause")
    assert heading_words("Timeline (all times UTC) 2024-05-02") == ("timeline",)
    assert heading_words("Timeline - all times UTC") == ("timeline",)
    assert heading_words("What's next?") == heading_words("Whats next") == ("what", "next")
    assert heading_words("May 4th 2024 Cache Outage")[:2] == ("may", "4th")  # a leading date is part of the title


def test_is_concept_name_is_the_whole_heading() -> None:
    assert is_concept_name("Adversary Overview")
    assert is_concept_name("Summary")
    assert not is_concept_name("Intelligence Summary of a Threat Group")
    assert not is_concept_name("Checkout outage")


def test_concepts_are_listed_with_titles_kinds_and_phrases() -> None:
    assert list(CONCEPTS)[:3] == ["summary", "impact", "timeline"]
    assert concept_title("root-causes") == "Root Causes"
    assert {c.kind for c in CONCEPTS.values()} <= {"factual", "analysis", "action", "reference", "meta"}
    assert all(c.phrases and c.title for c in CONCEPTS.values())
    assert "concept" not in repr(CONCEPTS).lower() or "summary" in repr(CONCEPTS)


def test_the_vocabulary_is_no_pack_and_names_no_phrase_twice() -> None:
    assert "concepts" not in builtin_pack_ids()
    data = loads((builtin_pack_dir() / "concepts.toml").read_text(encoding="utf-8"))
    owners: dict[tuple[str, ...], str] = {}
    for entry in data["concept"]:
        for phrase in (*entry["phrases"], *entry.get("questions", ())):
            words = heading_words(phrase)
            assert owners.setdefault(words, entry["id"]) == entry["id"], f"{phrase!r} is in {owners[words]} and {entry['id']}"


def test_packs_name_known_concepts() -> None:
    from reportlint._packs import builtin_pack
    for pack_id in builtin_pack_ids():
        for section in builtin_pack(pack_id).get("structure", {}).get("sections", []):
            if "concept" in section:
                assert section["concept"] in CONCEPTS, (pack_id, section["id"])

"""What the one-file cold start gives up for speed must not show.

The cold start itself is measured in instructions by ``bench/instructions.py``, not here.
"""
from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reportlint._concepts import _NUMBERING, _TRAILER, _may_be_numbered, _may_have_trailer, heading_words
from reportlint.cli import main


@pytest.mark.parametrize(("args", "exit_code"), [(("--no-cache",), 0), (("--no-cache", "--select", "RL999"), 2)])
def test_check_in_process_gives_the_collector_back(tmp_path: Path, args: tuple[str, ...], exit_code: int) -> None:
    """``check`` pauses the cyclic garbage collector while it runs; an embedder that calls it
    in process (or a test) gets the collector back, also when the run fails."""
    report = tmp_path / "report.md"
    report.write_text("# Incident\n\n## Details\n\nThe attacker used stolen credentials.\n", encoding="utf-8")
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["check", *args, str(report)])
    assert result.exit_code == exit_code, result.output
    assert gc.isenabled()


# The cheap tests that keep a pattern from being compiled must pass every text the pattern
# matches: otherwise a heading would lose its numbering or date only in a cold process.
_HEADING_CHARS = "abcdeilmnorstuvxyADIJMSTUV0129 \t#.:)(/-_,ſK\u0130\u0131"
_HEADING_PIECES = [
    "Step ", "section", "Part", "iv", "IX", "a", "3", "12", "2024", "19", "20", "1999", "Jan", "sept", "Mayday", "march",
    "Monday", "tuesdays", "UTC", "cest", "est", "all times", "Times are", "times in", "Incident Report ", ". ", ": ", ") ",
    "\u00e9", "\u0660", "/", "-", ".",
]


@given(st.lists(st.one_of(st.sampled_from(_HEADING_PIECES), st.text(_HEADING_CHARS, max_size=3)), max_size=8).map("".join))
@settings(max_examples=3000, deadline=None)
def test_heading_patterns_compile_late_but_match_the_same(text: str) -> None:
    assert _may_be_numbered(text) or not re.search(_NUMBERING, text)
    assert _may_have_trailer(text) or not re.search(_TRAILER, text)


@pytest.mark.parametrize(("title", "words"), [
    ("3. Timeline (all times PST) 09/07/2022 - 11/03/2022", ("timeline",)),
    ("Incident Report 7: Web shell on the VPN gateway", ("incident", "report", "7", "web", "shell", "on", "the", "vpn", "gateway")),
    ("IV) Impact, Monday", ("impact",)),
    ("Step 2: Containment 12-14 Mar", ("containment",)),
])
def test_heading_words_keep_numbering_and_dates_out(title: str, words: tuple[str, ...]) -> None:
    assert heading_words(title) == words


def test_digests_equal_hashlib_s_whichever_module_makes_them() -> None:
    """Fingerprints (baselines, SARIF, GitLab) and cache entries must not change with the module that hashes."""
    import hashlib

    from reportlint._hashes import blake2b, sha256

    for data in (b"", b"RL201\0report.md\0N/A\x000", "Dat\u00e9 \U0001f600".encode()):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        for size in (1, 20):
            assert blake2b(data, digest_size=size).hexdigest() == hashlib.blake2b(data, digest_size=size).hexdigest()

"""Work grows linearly with hostile input: 1x, 4x and 16x of the same pattern.

Counted in Python operations (lines run and calls made, built-ins included: ``sys.settrace``
and ``sys.setprofile``), not in seconds, so the test is exact and does not depend on the
machine's load. Each workload once
grew quadratically (issue 20): front matter with many keys, many disable/enable pairs, a wide
table of N/A cells, a repeated heading under a profile, and a run of hedges in a factual
section. Regular-expression and string work inside C is not counted here; ``bench/growth.py``
times the same workloads (and the parser) at 1x/4x/16x.
"""
from __future__ import annotations

import sys
from typing import Any

import pytest

from conftest import ROOT
from reportlint._engine import build_engine, check_text
from reportlint._settings import Settings

sys.path.insert(0, str(ROOT / "bench"))
from growth import WORKLOADS  # noqa: E402 - the same workloads bench/growth.py times

ENGINE = build_engine(Settings(profile="incident", select=["ALL"], preview=True))


def _operations(text: str) -> int:
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event == "c_call":
            count += 1

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1  # a call or a line
        return trace

    sys.setprofile(profile)
    sys.settrace(trace)
    try:
        check_text(ENGINE, "growth.md", text, [])
    finally:
        sys.settrace(None)
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", sorted(WORKLOADS))
def test_sixteen_times_the_input_costs_about_sixteen_times_the_work(name: str) -> None:
    make = WORKLOADS[name]
    check_text(ENGINE, "warm.md", make(1))  # lazy imports and compiled patterns out of the count
    one, four, sixteen = (_operations(make(n)) for n in (1, 4, 16))
    # Linear: 16x; sorting adds a logarithmic factor (up to ~21x measured); quadratic is ~256x.
    assert four <= 4 * 2 * one and sixteen <= 16 * 2 * one, f"{name}: {one} / {four} / {sixteen} operations"

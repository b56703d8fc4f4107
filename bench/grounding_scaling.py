"""How grounding time grows with report + source size (should be linear).

Builds reports of 1x..16x a base size from the labelled eval cases (sources and analyses
repeated with fresh names and numbers) and times parse + grounding.
Usage: python bench/grounding_scaling.py
"""
from __future__ import annotations

import time
from pathlib import Path

from reportlint._builder import parse_document
from reportlint._analysis import Analyses
from reportlint.checks.grounding._facts import grounding

CASES = Path(__file__).resolve().parent.parent / "eval" / "grounding" / "cases"


def _parts() -> tuple[list[str], list[str]]:
    sources, analyses = [], []
    for path in sorted(CASES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "## Source Text" in text and "## Summary" in text:
            source = text.split("## Source Text", 1)[1].split("\n## ", 1)[0]
            sources.append(source.strip())
            analyses.append(text.split("## Summary", 1)[1].strip())
    return sources, analyses


def build(copies: int) -> str:
    sources, analyses = _parts()
    source = "\n\n".join(f"{s} Item {i} named Vortan{i} counted {i * 7 + 3} units." for i in range(copies) for s in sources)
    analysis = "\n\n".join(f"{a} Item {i} named Vortan{i} counted {i * 7 + 4} units." for i in range(copies) for a in analyses)
    return f"# Scaling\n\n## Source Text\n\n{source}\n\n## Summary\n\n{analysis}\n"


def main() -> None:
    base = None
    for copies in (1, 2, 4, 8, 16):
        text = build(copies)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            doc = parse_document("bench.md", text)
            parsed = time.perf_counter()
            Analyses(doc).get(grounding)
            best = min(best, time.perf_counter() - parsed)
        base = base or best / len(text)
        print(f"{len(text):>9,} chars  grounding {best * 1000:8.1f} ms  per char x{best / len(text) / base:5.2f}")


if __name__ == "__main__":
    main()

"""Precision and recall of the RL4 claim rules on a labelled set of sentences.

Usage: python eval/claims_eval.py [eval/claims/labelled.txt] [--show-errors]

Each case of the labelled file is linted as its own small report (``# Report``, the section
heading, the text) with every sentence-level RL4 rule selected; the codes found are compared
with the codes the case expects. RL407 (document level) is left out: every one-line report
cites nothing.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlint._registry import load_registry  # noqa: E402
from reportlint._engine import build_engine, check_text  # noqa: E402
from reportlint._settings import Settings  # noqa: E402

LABELLED = Path(__file__).resolve().parent / "claims" / "labelled.txt"
SENTENCE_RULES = ("RL401", "RL402", "RL403", "RL404", "RL405", "RL406", "RL408")


@dataclass(frozen=True)
class Case:
    line: int
    section: str
    text: str
    expected: frozenset[str]


def load_cases(path: Path = LABELLED) -> list[Case]:
    cases: list[Case] = []
    section = "Summary"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        codes, _, text = raw.partition("|")
        expected = frozenset(c for c in codes.split() if c != "-")
        cases.append(Case(number, section, text.strip(), expected))
    return cases


def run_cases(cases: list[Case]) -> list[tuple[Case, frozenset[str]]]:
    """Each case with the RL4 codes reportlint reports for it."""
    engine = build_engine(Settings(select=list(SENTENCE_RULES)), load_registry())
    results = []
    for case in cases:
        _, findings = check_text(engine, "case.md", f"# Report\n\n## {case.section}\n\n{case.text}\n")
        results.append((case, frozenset(f.code for f in findings)))
    return results


def score(results: list[tuple[Case, frozenset[str]]]) -> dict[str, Counter]:
    """Per rule: tp, fp, fn counted per case."""
    table: dict[str, Counter] = {code: Counter() for code in SENTENCE_RULES}
    for case, found in results:
        for code in SENTENCE_RULES:
            if code in found and code in case.expected:
                table[code]["tp"] += 1
            elif code in found:
                table[code]["fp"] += 1
            elif code in case.expected:
                table[code]["fn"] += 1
    return table


def precision(counts: Counter) -> float | None:
    flagged = counts["tp"] + counts["fp"]
    return counts["tp"] / flagged if flagged else None


def recall(counts: Counter) -> float | None:
    wanted = counts["tp"] + counts["fn"]
    return counts["tp"] / wanted if wanted else None


def main(argv: list[str]) -> int:
    show = "--show-errors" in argv
    paths = [a for a in argv if not a.startswith("--")]
    cases = load_cases(Path(paths[0]) if paths else LABELLED)
    results = run_cases(cases)
    table = score(results)
    registry = load_registry()
    positives = sum(1 for c in cases if c.expected)
    print(f"{len(cases)} labelled sentences ({positives} with expected findings, {len(cases) - positives} without)\n")
    print("| Rule | Name | Default | TP | FP | FN | Precision | Recall |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for code, counts in table.items():
        rule_ = registry.get(code)
        p, r = precision(counts), recall(counts)
        print(
            f"| {code} | {rule_.name} | {'on' if rule_.default_enabled else 'off'} | {counts['tp']} | {counts['fp']} | {counts['fn']} "
            f"| {'-' if p is None else f'{p:.2f}'} | {'-' if r is None else f'{r:.2f}'} |"
        )
    if show:
        print()
        for case, found in results:
            if found != case.expected:
                print(f"line {case.line} [{case.section}] expected {sorted(case.expected) or '-'} got {sorted(found) or '-'}: {case.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

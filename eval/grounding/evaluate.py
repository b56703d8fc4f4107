"""Precision and recall of the grounding checks on the labelled cases in ``cases/``.

Each case is a report with its source material (a Source Text section, a leading
"Full Report" block, or a ``source-file:``). A line's planted facts, the ones its source
does not state, are labelled at the end of the line::

    The RCMP opened an investigation with help from Europol. <!-- ungrounded: Europol -->

Every other fact of the analysis is faithful. A flagged fact counts as found when a label
on its line names it (either text contains the other).

Usage: python eval/grounding/evaluate.py [-v]
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
_LABEL = re.compile(r"<!--\s*ungrounded:(?P<body>.*?)-->")


@dataclass
class Score:
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    cases: int = 0
    facts: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_positives + len(self.false_positives)
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        planted = self.true_positives + len(self.false_negatives)
        return self.true_positives / planted if planted else 1.0


def evaluate(cases: Path = CASES) -> Score:
    from reportlint._analysis import Analyses
    from reportlint._builder import parse_document
    from reportlint.checks.grounding._facts import grounding
    from reportlint._sourcefile import SourceFileLookup

    score = Score()
    for path in sorted(cases.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        doc = parse_document(path.name, text, source_file=SourceFileLookup(str(path)))
        found = Analyses(doc).get(grounding)
        assert found is not None, f"{path.name}: no source material found"
        score.cases += 1
        score.facts += len(found.facts)
        labels = {
            number: [item.strip() for item in match.group("body").split(";") if item.strip()]
            for number, line in enumerate(text.splitlines(), start=1)
            for match in _LABEL.finditer(line)
        }
        for fact in found.facts:
            if fact.grounded:
                continue
            line = fact.span.start.line
            wanted = labels.get(line, [])
            hit = next((label for label in wanted if label.casefold() in fact.text.casefold() or fact.text.casefold() in label.casefold()), None)
            if hit is None:
                score.false_positives.append(f"{path.name}:{line}: {fact.kind} {fact.text!r}")
            else:
                wanted.remove(hit)
                score.true_positives += 1
        score.false_negatives.extend(f"{path.name}:{line}: {label!r}" for line, items in labels.items() for label in items)
    return score


def main(argv: list[str]) -> int:
    score = evaluate()
    print(f"cases {score.cases}, facts checked {score.facts}, planted {score.true_positives + len(score.false_negatives)}")
    print(f"precision {score.precision:.3f} ({score.true_positives}/{score.true_positives + len(score.false_positives)})")
    print(f"recall    {score.recall:.3f} ({score.true_positives}/{score.true_positives + len(score.false_negatives)})")
    if "-v" in argv:
        for item in score.false_positives:
            print("FP", item)
        for item in score.false_negatives:
            print("FN", item)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
